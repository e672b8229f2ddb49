import * as assert from 'node:assert/strict';
import { makeCatalog } from './catalog';
import { checkHover } from './hover';

const catalog = makeCatalog([
  { id: 'model.shop.orders', kind: 'model', name: 'orders', display: 'orders', relation: { schema: 'main', name: 'orders' }, columns: ['order_id', 'status'] },
]);
const text = 'checks:\n  - dataset: orders\n    checks:\n      - missing_count(status) = 0\n      - reconcile: { against: nope, key: [order_id] }\n';
const at = (needle: string, delta = 1) => checkHover(text, text.indexOf(needle) + delta, catalog);

describe('check file hover', () => {
  it('describes checks and their settings', () => {
    assert.match(at('missing_count')!, /^\*\*missing_count\*\* — rows where the column is null/);
    assert.match(at('missing_count')!, /`missing_values`/);
    assert.equal(at('status) = 0'), undefined, 'column arguments are not checks');
  });

  it('shows what a dataset name resolves to', () => {
    assert.equal(at('orders\n'), '**orders** — model `model.shop.orders`\n\nRelation: `main.orders`\n\nColumns: `order_id`, `status`');
    assert.equal(at('nope'), 'Unknown dataset `nope`');
  });
});
