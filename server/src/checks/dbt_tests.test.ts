import * as assert from 'node:assert/strict';
import { catalogFromAnalysis } from './catalog';
import { dbtTestSpecs } from './dbt_tests';
import type { CheckResult } from './model';
import { runChecks } from './run_checks';
import { createTestWarehouse, type TestWarehouse } from './testing/duckdb_test_warehouse';
import { analysis, node, type NodeFixture } from './testing/fixtures';
import { loadShop } from './testing/shop_data';
import type { TestDecl } from '../project/types';

const NOW = new Date('2024-03-12T15:00:00Z');

describe('dbt tests without dbt', () => {
  let w: TestWarehouse;
  before(async () => {
    w = await createTestWarehouse();
    await loadShop(w);
  });
  after(async () => w.close());

  async function runTests(target: string, tests: Partial<TestDecl>[], extra: NodeFixture[] = []): Promise<CheckResult[]> {
    const nodes = [
      node({ name: 'customers', columns: ['customer_id', 'email', 'country', 'created_at'] }),
      node({ name: 'orders', columns: ['order_id', 'customer_id', 'status', 'amount'] }),
      node({ name: 'payments' }),
      node({ type: 'seed', name: 'products' }),
      node({ name: 'order_items' }),
      ...extra.map(node),
    ];
    const t = nodes.find((n) => n.name === target)!;
    const withTests = node({ name: t.name, type: t.resourceType, tests, columns: t.columns.map((c) => c.name) });
    const a = analysis(nodes.map((n) => (n.uniqueId === withTests.uniqueId ? withTests : n)));
    const specs = dbtTestSpecs(a, catalogFromAnalysis(a), (id) => id === withTests.uniqueId);
    return runChecks(specs, w, { now: NOW });
  }

  it('runs unique, not_null, accepted_values and relationships with dbt failure counts', async () => {
    const r = await runTests('payments', [
      { name: 'unique', column: 'payment_id' },
      { name: 'not_null', column: 'order_id' },
      { name: 'accepted_values', column: 'payment_id', args: { values: ['1', '2', '3'], quote: false } },
      { name: 'relationships', column: 'order_id', args: { to: "ref('orders')", field: 'order_id' } },
    ]);
    assert.deepEqual(
      r.map((x) => [x.check, x.status, x.value]),
      [
        ['unique(payment_id)', 'fail', 1],
        ['not_null(order_id)', 'pass', 0],
        ['accepted_values(payment_id)', 'fail', 2],
        ["relationships(order_id, ref('orders').order_id)", 'pass', 0],
      ],
    );
    const items = await runTests('order_items', [{ name: 'relationships', column: 'product_id', args: { to: "ref('products')", field: 'product_id' } }]);
    assert.equal(items[0].status, 'fail');
    assert.equal(items[0].value, 1);
    assert.deepEqual(items[0].samples, [{ product_id: 9, rows: 1 }]);
    assert.match(items[0].message, /1 row with a product_id missing from products.product_id/);
  });

  it('honours severity, warn_if, error_if and where', async () => {
    const r = await runTests('payments', [
      { name: 'unique', column: 'payment_id', config: { severity: 'warn' } },
      { name: 'unique', column: 'order_id', config: { errorIf: '> 10', warnIf: '> 0' } },
      { name: 'unique', column: 'order_id', config: { errorIf: '>= 1', name: 'strict' } },
      { name: 'unique', column: 'payment_id', config: { where: 'payment_id <> 2' } },
      { name: 'unique', column: 'payment_id', config: { warnIf: 'banana' } },
    ]);
    assert.deepEqual(
      r.map((x) => x.status),
      ['warn', 'warn', 'fail', 'pass', 'error'],
    );
    assert.equal(r[1].threshold, 'error_if > 10');
    assert.match(r[4].message, /warn_if: 'banana' is not a threshold/);
  });

  it('runs the dbt_utils tests', async () => {
    const r = await runTests(
      'orders',
      [
        { name: 'dbt_utils.unique_combination_of_columns', args: { combination_of_columns: ['customer_id', 'order_date'] } },
        { name: 'dbt_utils.accepted_range', column: 'amount', args: { min_value: 0, max_value: 50 } },
        { name: 'dbt_utils.accepted_range', column: 'amount', args: { min_value: 12.25, inclusive: false } },
        { name: 'dbt_utils.not_null_proportion', column: 'customer_id', args: { at_least: 0.9 } },
        { name: 'dbt_utils.expression_is_true', args: { expression: 'amount > 0' } },
        { name: 'dbt_utils.expression_is_true', column: 'amount', args: { expression: '< 60' } },
        { name: 'dbt_utils.recency', args: { datepart: 'day', field: 'updated_at', interval: 1 } },
        { name: 'dbt_utils.recency', args: { datepart: 'hour', field: 'updated_at', interval: 1 }, config: { severity: 'warn' } },
        { name: 'dbt_utils.equal_rowcount', args: { compare_model: "ref('customers')" } },
        { name: 'dbt_utils.equal_rowcount', args: { compare_model: "ref('orders')" } },
        { name: 'dbt_expectations.expect_column_to_exist', args: {} },
      ],
      [],
    );
    assert.deepEqual(
      r.map((x) => [x.status, x.value]),
      [
        ['pass', 0],
        ['fail', 1],
        ['fail', 1],
        ['pass', 1],
        ['pass', 0],
        ['fail', 1],
        ['pass', 3 * 3600],
        ['warn', 3 * 3600],
        ['fail', 1],
        ['pass', 0],
        ['error', null],
      ],
      r.map((x) => x.message).join('\n'),
    );
    assert.match(r[10].message, /unknown test 'dbt_expectations.expect_column_to_exist'/);
  });

  it('checks source freshness with warn_after, error_after and filter', async () => {
    const src = (f: NodeFixture['freshness']) =>
      node({ type: 'source', source: 'app', name: 'orders', identifier: 'orders', loadedAtField: 'updated_at', freshness: f });
    const run = async (f: NodeFixture['freshness']) => {
      const a = analysis([src(f)]);
      return (await runChecks(dbtTestSpecs(a, catalogFromAnalysis(a)), w, { now: NOW }))[0];
    };
    const warn = await run({ warnAfter: { count: 1, period: 'hour' }, errorAfter: { count: 1, period: 'day' } });
    assert.equal(warn.status, 'warn');
    assert.equal(warn.value, 3 * 3600);
    assert.equal(warn.threshold, 'warn after 1h, error after 1d');
    const error = await run({ errorAfter: { count: 2, period: 'hour' } });
    assert.equal(error.status, 'fail');
    const filtered = await run({ errorAfter: { count: 1, period: 'day' }, filter: "status = 'placed'" });
    assert.equal(filtered.status, 'fail', 'the only placed order is two days old');
    assert.equal(filtered.value, 2 * 86400 + 5 * 3600);
  });
});
