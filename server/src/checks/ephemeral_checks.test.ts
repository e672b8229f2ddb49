import * as assert from 'node:assert/strict';
import type { AnalyzedNode, ProjectAnalysis } from '../analysis/api';
import { buildCheckPlan } from './build_plan';
import { catalogFromAnalysis } from './catalog';
import { compileBatch } from './compile';
import type { CheckResult } from './model';
import { runChecks } from './run_checks';
import { createTestWarehouse, type TestWarehouse } from './testing/duckdb_test_warehouse';
import { node, type NodeFixture } from './testing/fixtures';
import { loadShop } from './testing/shop_data';

const NOW = new Date('2024-03-12T15:00:00Z');

/**
 * Ephemeral models are never built: dbt inlines them as CTEs into what reads
 * them, and runs tests on them by injecting that CTE. Checks and dbt tests on
 * one (or reading one) must give the answers a table of its rows would.
 */
describe('checks and dbt tests on ephemeral models', () => {
  let w: TestWarehouse;
  before(async () => {
    w = await createTestWarehouse();
    await loadShop(w);
  });
  after(async () => w.close());

  // The compiled SQL names an ephemeral parent by the relation ref() printed, where nothing exists.
  const compiled: Record<string, string> = {
    'model.shop.eph_orders': `select order_id, customer_id, status, amount, order_date, updated_at from "main"."orders" where status <> 'lost'`,
    'model.shop.eph_big': `with o as (select * from "main"."eph_orders")\nselect * from o where amount > 30;\n-- trailing comment`,
    'model.shop.eph_payments': `select payment_id, order_id, amount from "main"."payments"`,
  };

  function ephemeral(f: NodeFixture, parents: string[]): AnalyzedNode {
    return { ...node(f), materialized: 'ephemeral', parents };
  }

  function project(tests: { [model: string]: NodeFixture['tests'] } = {}, extra: AnalyzedNode[] = []): ProjectAnalysis {
    const ordersCols = ['order_id', 'customer_id', 'status', 'amount', 'order_date', 'updated_at'];
    const nodes = [
      node({ name: 'customers', columns: ['customer_id', 'email', 'country', 'created_at'], tests: tests.customers }),
      node({ name: 'orders', columns: ordersCols, tests: tests.orders }),
      node({ name: 'payments', columns: ['payment_id', 'order_id', 'amount'], tests: tests.payments }),
      ephemeral({ name: 'eph_orders', columns: ordersCols, tests: tests.eph_orders }, ['model.shop.orders']),
      ephemeral({ name: 'eph_big', columns: ordersCols, tests: tests.eph_big }, ['model.shop.eph_orders']),
      ephemeral({ name: 'eph_payments', columns: ['payment_id', 'order_id', 'amount'], tests: tests.eph_payments }, ['model.shop.payments']),
      ...extra,
    ];
    const byId = new Map(nodes.map((n) => [n.uniqueId, n]));
    for (const n of nodes) for (const p of n.parents) byId.get(p)?.children.push(n.uniqueId);
    return { project: {} as ProjectAnalysis['project'], root: '/tmp/shop', nodes: byId, diagnostics: [], compiledSql: (id) => compiled[id] };
  }

  async function run(a: ProjectAnalysis, checks?: string): Promise<CheckResult[]> {
    const plan = buildCheckPlan({ analysis: a, checkFiles: new Map(checks ? [['models/eph.checks.yml', checks]] : []), dbtTests: !checks });
    assert.deepEqual(plan.diagnostics, []);
    return runChecks(plan.specs, w, { now: NOW });
  }

  const summary = (rs: CheckResult[]) => rs.map((r) => [r.datasetDisplay, r.check, r.status, r.value]);

  it('runs not_null and unique dbt tests on an ephemeral model through its SQL', async () => {
    const r = await run(
      project({
        eph_payments: [
          { name: 'unique', column: 'payment_id' },
          { name: 'not_null', column: 'order_id' },
          { name: 'accepted_values', column: 'payment_id', args: { values: ['1', '2', '3'], quote: false } },
        ],
      }),
    );
    assert.deepEqual(summary(r), [
      ['eph_payments', 'unique(payment_id)', 'fail', 1],
      ['eph_payments', 'not_null(order_id)', 'pass', 0],
      ['eph_payments', 'accepted_values(payment_id)', 'fail', 2],
    ]);
    for (const x of r) {
      assert.match(x.sql, /__dbt__cte__eph_payments as \(/);
      assert.doesNotMatch(x.sql, /"main"\."eph_payments"/, 'never reads the relation an ephemeral model would have');
    }
    assert.deepEqual(r[0].samples, [{ payment_id: 2, duplicate_rows: 2 }]);
    // unique reads the model twice (the total and the groups): the CTE is defined once.
    assert.equal(r[0].sql.split('__dbt__cte__eph_payments as (').length - 1, 1);
  });

  it('runs a relationships test whose `to` is ephemeral, and one on an ephemeral reading another', async () => {
    const r = await run(
      project({
        payments: [{ name: 'relationships', column: 'order_id', args: { to: "ref('eph_orders')", field: 'order_id' } }],
        eph_big: [{ name: 'relationships', column: 'order_id', args: { to: "ref('eph_orders')", field: 'order_id' } }],
      }),
    );
    assert.deepEqual(summary(r), [
      ['payments', "relationships(order_id, ref('eph_orders').order_id)", 'fail', 1],
      ['eph_big', "relationships(order_id, ref('eph_orders').order_id)", 'pass', 0],
    ]);
    assert.deepEqual(r[0].samples, [{ order_id: 103, rows: 1 }], 'the lost order is not in eph_orders');
    // eph_big reads eph_orders, and the test reads it again: one CTE each, parents first.
    const sql = r[1].sql;
    assert.equal(sql.split('__dbt__cte__eph_orders as (').length - 1, 1);
    assert.equal(sql.split('__dbt__cte__eph_big as (').length - 1, 1);
    assert.ok(sql.indexOf('__dbt__cte__eph_orders as (') < sql.indexOf('__dbt__cte__eph_big as ('));
  });

  it('runs check-file checks on ephemeral models (shared scan, duplicates, freshness, samples, references, reconcile)', async () => {
    const r = await run(
      project(),
      `checks:
  - dataset: eph_orders
    checks:
      - row_count = 4
      - missing_count(customer_id) = 0
      - duplicate_count(customer_id) = 0
      - freshness(updated_at) < 6h
      - reference(customer_id): { dataset: customers, column: customer_id }
      - reconcile: { against: orders, key: [order_id], columns: [amount] }
  - dataset: ref('eph_big')
    where: "amount < 100"
    checks:
      - row_count = 2
      - failed_rows: { condition: "eph_big.amount < 40" }
      - metric(avg_amount) between 50 and 60: { sql: "avg(amount)" }
      - distribution(amount): { reference: { dataset: eph_orders }, max: 1 }
`,
    );
    assert.deepEqual(summary(r), [
      ['eph_orders', 'row_count = 4', 'pass', 4],
      ['eph_orders', 'missing_count(customer_id) = 0', 'pass', 0],
      ['eph_orders', 'duplicate_count(customer_id) = 0', 'pass', 0],
      ['eph_orders', 'freshness(updated_at) < 6h', 'pass', 3 * 3600],
      ['eph_orders', 'reference(customer_id)', 'pass', 0],
      ['eph_orders', 'reconcile', 'fail', 1],
      ['eph_big', 'row_count = 2', 'pass', 2],
      ['eph_big', 'failed_rows', 'fail', 1],
      ['eph_big', 'metric(avg_amount) between 50 and 60', 'pass', 57.75],
      ['eph_big', 'distribution(amount)', 'pass', r[9].value],
    ]);
    assert.match(r[5].message, /1 missing from eph_orders/);
    // The failing row a table of eph_big's rows would show (a qualified name in the condition still works).
    assert.deepEqual(
      r[7].samples.map((s) => s.order_id),
      [101],
    );
    // Every aggregate on eph_orders is one statement, with the model inlined once.
    const scans = compileBatch(buildCheckPlan({ analysis: project(), checkFiles: new Map([['c.checks.yml', 'checks:\n  - dataset: eph_orders\n    checks:\n      - row_count > 0\n      - missing_count(status) = 0\n']]), dbtTests: false }).specs, w).scans;
    assert.equal(scans.length, 1);
    assert.match(scans[0].sql, /^with __dbt__cte__eph_orders as \(\nselect order_id/);
  });

  it('checks the schema of an ephemeral model as the columns of its query', async () => {
    const r = await run(
      project(),
      `checks:
  - dataset: eph_big
    checks:
      - schema: { required: [order_id, amount], forbidden: [ssn], types: { amount: decimal, order_id: integer, updated_at: timestamp } }
      - schema: { name: wrong, required: [email], types: { amount: text } }
`,
    );
    assert.deepEqual(summary(r), [
      ['eph_big', 'schema', 'pass', 0],
      ['eph_big', 'schema', 'fail', 2],
    ]);
    assert.match(r[0].message, /schema matches \(6 columns\); eph_big is ephemeral \(never built\): these are the columns of its query/);
    assert.match(r[1].message, /missing required column email; column amount is DECIMAL\(10,2\), expected text/);
    assert.match(r[0].sql, /limit 0$/);
  });

  it('errors clearly when an ephemeral model has no SQL, and only the checks reading it', async () => {
    const broken = ephemeral({ name: 'eph_broken', columns: ['id'], tests: [{ name: 'not_null', column: 'id' }] }, []);
    const a = project({ orders: [{ name: 'not_null', column: 'order_id' }, { name: 'relationships', column: 'order_id', args: { to: "ref('eph_broken')", field: 'id' } }] }, [broken]);
    const r = await run(a);
    assert.deepEqual(
      r.map((x) => [x.datasetDisplay, x.check, x.status]),
      [
        ['orders', 'not_null(order_id)', 'pass'],
        ['orders', "relationships(order_id, ref('eph_broken').id)", 'error'],
        ['eph_broken', 'not_null(id)', 'error'],
      ],
    );
    assert.match(r[2].message, /eph_broken is ephemeral \(never built\), and its SQL cannot be read: ephemeral model model\.shop\.eph_broken has no compiled SQL/);
  });

  it('renders an ephemeral model only when a check reads it', () => {
    const seen: string[] = [];
    const a = project();
    const counting: ProjectAnalysis = { ...a, compiledSql: (id) => (seen.push(id), a.compiledSql(id)) };
    const catalog = catalogFromAnalysis(counting);
    assert.ok(catalog.resolve('eph_big'));
    assert.deepEqual(seen, [], 'building the catalog (as the editor does on every analysis) renders nothing');
    assert.equal((catalog.resolve('orders') as { ephemeral?: unknown }).ephemeral, undefined);
    const read = catalog.resolve('eph_big')!.ephemeral;
    assert.ok(read && 'ctes' in read);
    assert.deepEqual(read.ctes.map((c) => c.name), ['__dbt__cte__eph_orders', '__dbt__cte__eph_big']);
  });
});
