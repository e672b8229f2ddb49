import * as assert from 'assert';
import { LayeredMap } from './layered_map';

describe('LayeredMap', () => {
  it('reads through to the base, writes to the layer, and leaves the base untouched', () => {
    const base = new Map([['a', 1], ['b', 2]]);
    const view = LayeredMap.over(base);
    view.set('b', 20).set('c', 3);
    assert.deepStrictEqual([...view], [['a', 1], ['b', 20], ['c', 3]]);
    assert.strictEqual(view.size, 3);
    assert.deepStrictEqual([...base], [['a', 1], ['b', 2]]);
    assert.strictEqual(view.get('a'), 1);
    assert.ok(view.has('c') && !base.has('c'));
  });

  it('stacks layers on the same base without seeing later writes', () => {
    const base = new Map([['a', 1]]);
    const first = LayeredMap.over(base);
    first.set('a', 2);
    const second = LayeredMap.over(first);
    second.set('a', 3);
    assert.strictEqual(first.get('a'), 2);
    assert.strictEqual(second.get('a'), 3);
    assert.strictEqual(base.get('a'), 1);
  });

  it('flattens into a plain Map once the overrides grow large', () => {
    const base = new Map<number, number>();
    let view: Map<number, number> = LayeredMap.over(base);
    for (let i = 0; i < LayeredMap.FLATTEN_AT; i++) view.set(i, i);
    view = LayeredMap.over(view);
    assert.ok(!(view instanceof LayeredMap));
    assert.strictEqual(view.size, LayeredMap.FLATTEN_AT);
  });
});
