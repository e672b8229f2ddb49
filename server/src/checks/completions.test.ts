import * as assert from 'node:assert/strict';
import { makeCatalog } from './catalog';
import { checkCompletions } from './completions';

const catalog = makeCatalog([
  { id: 'model.shop.orders', kind: 'model', name: 'orders', display: 'orders', relation: { schema: 'main', name: 'orders' }, columns: ['order_id', 'status'] },
  { id: 'model.shop.customers', kind: 'model', name: 'customers', display: 'customers', relation: { schema: 'main', name: 'customers' }, columns: ['customer_id', 'email'] },
  { id: 'source.shop.raw.orders', kind: 'source', name: 'orders', display: 'source:raw.orders', relation: { schema: 'raw', name: 'orders' }, columns: [] },
]);

function at(textWithCursor: string) {
  const offset = textWithCursor.indexOf('|');
  return checkCompletions(textWithCursor.replace('|', ''), offset, catalog);
}

describe('check file completions', () => {
  it('offers datasets after dataset: and against:', () => {
    const items = at('checks:\n  - dataset: ord|');
    assert.deepEqual(items.map((i) => i.label), ['orders', 'customers', 'source:raw.orders']);
    assert.equal(items[0].kind, 'dataset');
    assert.deepEqual(at('checks:\n  - dataset: orders\n    checks:\n      - reconcile: { against: |').map((i) => i.kind), ['dataset', 'dataset', 'dataset']);
  });

  it('offers check snippets at a list item, and the columns of the current dataset inside a call', () => {
    const text = 'checks:\n  - dataset: orders\n    checks:\n      - row_count > 0\n  - dataset: customers\n    checks:\n      - ';
    const checks = at(text + '|');
    const missing = checks.find((i) => i.label === 'missing_count')!;
    assert.equal(missing.kind, 'check');
    assert.equal(missing.snippet, true);
    assert.equal(missing.insertText, 'missing_count(${1:column}) = ${2:0}');
    assert.ok(checks.some((i) => i.label === 'anomaly'));
    assert.deepEqual(at(text + 'missing_count(em|').map((i) => i.label), ['customer_id', 'email']);
    assert.deepEqual(at('checks:\n  - dataset: orders\n    checks:\n      - anomaly(row_count): { timestamp: |').map((i) => i.label), ['order_id', 'status']);
  });

  it("offers a check's settings inside its mapping, without the ones already there", () => {
    const labels = at('checks:\n  - dataset: orders\n    checks:\n      - invalid_count(status) = 0: { valid_values: [a], va|').map((i) => i.label);
    assert.ok(labels.includes('valid_regex') && labels.includes('warn'));
    assert.ok(!labels.includes('valid_values'));
    assert.ok(!labels.includes('sql'));
  });

  it('offers the keys of a dataset entry', () => {
    assert.deepEqual(at('checks:\n  - dataset: orders\n    |').map((i) => i.label), ['dataset', 'where', 'samples', 'sla', 'checks']);
    assert.deepEqual(at('|').map((i) => i.label), ['checks']);
  });
});
