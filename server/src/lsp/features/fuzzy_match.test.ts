import * as assert from 'assert';
import { fuzzyScore } from './fuzzy_match';

describe('workspace symbol matching', () => {
  it('ranks exact, prefix, substring, then scattered matches', () => {
    const s = (q: string, n: string) => fuzzyScore(q, n) ?? -Infinity;
    assert.ok(s('orders', 'orders') > s('orders', 'orders_daily'));
    assert.ok(s('orders', 'orders_daily') > s('orders', 'stg_orders'));
    assert.ok(s('orders', 'stg_orders') > s('ords', 'stg_orders'));
    assert.ok(s('sgo', 'stg_orders') > -Infinity);
    assert.strictEqual(fuzzyScore('xyz', 'stg_orders'), undefined);
    assert.strictEqual(fuzzyScore('', 'anything'), 0);
  });
});
