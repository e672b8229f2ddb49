import * as assert from 'node:assert/strict';
import { buildCheckPlan } from './build_plan';
import { openHistory } from './history';
import type { CheckResult } from './model';
import { runChecks } from './run_checks';
import { createTestWarehouse, type TestWarehouse } from './testing/duckdb_test_warehouse';
import { node } from './testing/fixtures';
import { loadShop, shopAnalysis } from './testing/shop_data';

const NOW = new Date('2024-03-12T15:00:00Z');

function plan(yaml: string) {
  const p = buildCheckPlan({ analysis: shopAnalysis(), checkFiles: new Map([['models/shop.checks.yml', yaml]]), dbtTests: false });
  assert.deepEqual(p.diagnostics.filter((d) => d.severity === 'error'), [], 'plan has no errors');
  return p.specs;
}

async function run(w: TestWarehouse, yaml: string, extra: Parameters<typeof runChecks>[2] = {}): Promise<CheckResult[]> {
  return runChecks(plan(yaml), w, { now: NOW, ...extra });
}

function byCheck(results: CheckResult[]): Record<string, CheckResult> {
  return Object.fromEntries(results.map((r) => [r.check, r]));
}

describe('runChecks against DuckDB', () => {
  let w: TestWarehouse;
  before(async () => {
    w = await createTestWarehouse();
    await loadShop(w);
  });
  after(async () => w.close());

  it('evaluates every aggregate check kind on the passing and the failing side', async () => {
    const r = byCheck(
      await run(
        w,
        `checks:
  - dataset: customers
    checks:
      - row_count > 0
      - row_count > 10
      - missing_count(email) = 0
      - missing_percent(email) < 50%
      - invalid_count(email) = 0: { valid_format: email }
      - invalid_count(country) = 0: { valid_values: [DE, FR] }
      - invalid_percent(customer_id) = 0: { valid_min: 1, valid_max: 4 }
      - invalid_count(email) >= 0: { valid_regex: "[a-z]+@example[.]com", name: regex probe }
      - distinct_count(country) = 3
      - avg_length(country) = 2
      - freshness(created_at) < 10d
      - freshness(created_at) < 1h
  - dataset: orders
    checks:
      - min(amount) >= 0
      - max(amount) <= 100
      - avg(amount) between 30 and 50
      - sum(amount) > 1000
      - stddev(amount) < 100
      - metric(big_orders) = 1: { sql: "count(*) filter (where amount >= 80)" }
      - failed_rows: { condition: "status = 'lost'" }
`,
      ),
    );
    const expect: Record<string, [string, number | null]> = {
      'row_count > 0': ['pass', 4],
      'row_count > 10': ['fail', 4],
      'missing_count(email) = 0': ['fail', 1],
      'missing_percent(email) < 50%': ['pass', 25],
      'invalid_count(email) = 0': ['pass', 0],
      'invalid_count(country) = 0': ['fail', 1],
      'invalid_percent(customer_id) = 0': ['pass', 0],
      'distinct_count(country) = 3': ['pass', 3],
      'avg_length(country) = 2': ['pass', 2],
      'freshness(created_at) < 10d': ['pass', 8 * 86400 + 4 * 3600],
      'freshness(created_at) < 1h': ['fail', 8 * 86400 + 4 * 3600],
      'min(amount) >= 0': ['pass', 12.25],
      'max(amount) <= 100': ['pass', 80],
      'avg(amount) between 30 and 50': ['pass', 39.55],
      'sum(amount) > 1000': ['fail', 197.75],
      'stddev(amount) < 100': ['pass', r['stddev(amount) < 100'].value],
      'metric(big_orders) = 1': ['pass', 1],
      failed_rows: ['fail', 1],
    };
    for (const [check, [status, value]] of Object.entries(expect)) {
      assert.equal(r[check]?.status, status, `${check}: ${r[check]?.message}`);
      assert.equal(r[check].value, value, check);
    }
    assert.equal(r['invalid_count(email) >= 0'].value, 1, 'dee@example.org fails the regex, null is not invalid');
    // Failing row-level checks carry the offending rows; passing ones none.
    assert.deepEqual(r['missing_count(email) = 0'].samples.map((s) => s.customer_id), [2]);
    assert.deepEqual(r['invalid_count(country) = 0'].samples.map((s) => s.country), ['US']);
    assert.deepEqual(r.failed_rows.samples.map((s) => s.order_id), [103]);
    assert.deepEqual(r['row_count > 0'].samples, []);
  });

  it('reads warn and fail thresholds as failure conditions, fail winning over warn', async () => {
    const r = byCheck(
      await run(
        w,
        `checks:
  - dataset: orders
    checks:
      - row_count > 0: { warn: "< 10", fail: "= 0" }
      - row_count: { warn: "when > 100", fail: "when < 2" }
      - max(amount): { warn: "> 50", fail: "> 70" }
      - min(amount): { warn: "> 50", fail: "> 70" }
`,
      ),
    );
    assert.equal(r['row_count > 0'].status, 'warn');
    assert.equal(r['row_count > 0'].threshold, 'fail when = 0; warn when < 10');
    assert.equal(r.row_count.status, 'pass');
    assert.equal(r['max(amount)'].status, 'fail');
    assert.equal(r['min(amount)'].status, 'pass');
  });

  it('puts every aggregate metric of a dataset in one scan and computes identical metrics once', async () => {
    w.log.length = 0;
    const results = await run(
      w,
      `checks:
  - dataset: customers
    checks:
      - row_count > 0
      - missing_count(email) = 0
      - missing_count(email) < 2: { name: "same metric, other threshold" }
      - missing_percent(email) < 50%
      - distinct_count(country) > 1
      - invalid_count(country) = 0: { valid_values: [DE, FR, US] }
      - freshness(created_at) < 30d
      - max(customer_id) < 10
      - row_count between 1 and 10: { where: "country = 'DE'" }
`,
    );
    assert.equal(results.length, 9);
    const scans = w.log.filter((s) => s.includes('"customers"') && !s.startsWith('select * '));
    assert.equal(scans.length, 1, 'one scan for nine checks');
    assert.equal((scans[0].match(/"email" is null/g) ?? []).length, 2, 'missing_count(email) once, plus the percent that shares the predicate');
    assert.equal((scans[0].match(/ as m\d+/g) ?? []).length, 8, 'nine checks, eight distinct metrics');
    const named = results.find((r) => r.name === 'same metric, other threshold')!;
    assert.equal(named.status, 'pass');
    assert.equal(results.find((r) => r.check === "row_count between 1 and 10")!.value, 2, 'check-level where folded into FILTER');
  });

  it('runs duplicate, relationship, grouped metric and reconcile checks with samples', async () => {
    const all = await run(
        w,
        `checks:
  - dataset: payments
    checks:
      - duplicate_count(payment_id) = 0
      - duplicate_count(payment_id, order_id) = 0
      - duplicate_percent(order_id) < 10%
      - duplicate_count(order_id) = 0: { where: "payment_id <> 2" }
  - dataset: orders
    checks:
      - metric(avg_amount) between 10 and 60: { sql: "avg(amount)", group_by: [customer_id] }
      - reconcile: { against: "source:raw.orders", key: [order_id], columns: [status, amount] }
      - reconcile: { against: "source:raw.orders", key: [order_id], name: keys only, against_where: "order_id < 200" }
`,
    );
    const r = byCheck(all.slice(0, -1));
    const keysOnly = all[all.length - 1];
    assert.equal(keysOnly.status, 'fail');
    assert.equal(keysOnly.value, 1, 'without compared columns only the missing key counts');
    assert.equal(r['duplicate_count(payment_id) = 0'].status, 'fail');
    assert.equal(r['duplicate_count(payment_id) = 0'].value, 1);
    assert.deepEqual(r['duplicate_count(payment_id) = 0'].samples, [{ payment_id: 2, duplicate_rows: 2 }]);
    assert.equal(r['duplicate_count(payment_id, order_id) = 0'].value, 1);
    assert.equal(r['duplicate_percent(order_id) < 10%'].status, 'fail');
    assert.equal(r['duplicate_percent(order_id) < 10%'].value, Number((100 / 6).toPrecision(10)));
    assert.equal(r['duplicate_count(order_id) = 0'].status, 'pass', 'the where removes the duplicate');

    const g = r['metric(avg_amount) between 10 and 60'];
    assert.equal(g.status, 'fail');
    assert.equal(g.value, 1, 'customer 4 (80.00) is the only group outside');
    assert.deepEqual(g.samples, [{ customer_id: 4, value: 80 }]);

    const rec = r.reconcile;
    assert.equal(rec.status, 'fail');
    assert.match(rec.message, /2 order_id keys differ between orders and source:raw.orders: 1 missing from source:raw.orders, 1 with different status, amount/);
    assert.equal(rec.value, 2, 'order 104 missing from raw, order 100 amount differs');
    assert.deepEqual(
      rec.samples.map((s) => [s.order_id, s.issue]),
      [
        [100, 'different'],
        [104, 'missing_in_against'],
      ],
    );
  });

  it('checks referential integrity and reconciles differently named keys', async () => {
    const [ref, refOk, rec] = await run(
      w,
      `checks:
  - dataset: order_items
    checks:
      - reference(product_id): { dataset: "seed:products", column: product_id }
      - reference(order_id) = 0: { dataset: orders, column: order_id, dataset_where: "status <> 'lost'" }
  - dataset: customers
    checks:
      - reconcile: { against: "source:raw.customers_rt", key: [customer_id], against_key: [id], columns: [email] }
`,
    );
    const [, , , tolerant, strict] = await run(w, `checks:
  - dataset: order_items
    checks:
      - row_count > 0
      - row_count > 0: { name: b }
      - row_count > 0: { name: c }
  - dataset: orders
    where: "order_id <> 104"
    checks:
      - reconcile: { name: tolerant, against: "source:raw.orders", key: [order_id], columns: [amount], tolerance: { amount: 80 } }
      - reconcile: { name: strict, against: "source:raw.orders", key: [order_id], columns: [amount] }
`);
    assert.equal(tolerant.status, 'pass', tolerant.message);
    assert.equal(strict.status, 'fail');
    assert.equal(strict.value, 1);
    assert.equal(ref.status, 'fail');
    assert.equal(ref.value, 1);
    assert.deepEqual(ref.samples, [{ product_id: 9, rows: 1 }]);
    assert.equal(refOk.status, 'fail', 'order 103 is lost, so its item no longer references a kept order');
    assert.equal(rec.status, 'pass', rec.message);
    assert.match(rec.sql, /"id" as "customer_id"/);
  });

  it('checks the schema through describe()', async () => {
    const [ok, drifted] = await run(
      w,
      `checks:
  - dataset: orders
    checks:
      - schema: { required: [order_id, status], forbidden: [ssn], types: { amount: decimal, order_id: integer, order_date: date } }
      - schema: { name: drifted, required: [order_id, discount], forbidden: [status], types: { amount: varchar } }
`,
    );
    assert.equal(ok.status, 'pass', ok.message);
    assert.equal(drifted.name, 'drifted');
    assert.equal(drifted.status, 'fail');
    assert.equal(drifted.value, 3);
    assert.match(drifted.message, /missing required column discount; forbidden column status is present; column amount is DECIMAL\(10,2\), expected varchar/);
  });

  it('keeps going when one check errors, and reports the database message', async () => {
    const r = await run(
      w,
      `checks:
  - dataset: orders
    checks:
      - row_count > 0
      - failed_rows: { condition: "no_such_column > 1" }
      - duplicate_count(order_id) = 0
`,
    );
    assert.deepEqual(
      r.map((x) => x.status),
      ['pass', 'error', 'pass'],
      'a broken expression errors its own check only, though it shared the scan',
    );
    assert.match(r[1].message, /no_such_column/);
    assert.match(r[1].sql, /no_such_column/);
    assert.doesNotMatch(r[0].sql, /no_such_column/, 'the healthy check reports the statement that measured it');

    w.log.length = 0;
    const gone = await run(w, `checks:\n  - dataset: orders\n    where: "nope = 1"\n    checks:\n      - row_count > 0\n      - max(amount) > 0\n      - min(amount) > 0\n`);
    assert.deepEqual(gone.map((x) => x.status), ['error', 'error', 'error']);
    assert.match(gone[0].message, /nope/);
    assert.equal(w.log.length, 2, 'the scan and one probe, not a retry per metric');
  });

  it('is harmless when dataset and column names try SQL injection', async () => {
    const evil = `x"; drop table orders; --`;
    await w.exec(`create table "${evil.replace(/"/g, '""')}"("a""b" int, "it's" varchar)`);
    await w.exec(`insert into "${evil.replace(/"/g, '""')}" values (1, 'o''k'), (null, null)`);
    const a = shopAnalysis();
    const n = node({ name: 'evil', identifier: evil, columns: ['a"b', "it's"] });
    (a.nodes as Map<string, unknown>).set(n.uniqueId, n);
    const p = buildCheckPlan({
      analysis: a,
      checkFiles: new Map([
        [
          'x.checks.yml',
          `checks:
  - dataset: evil
    checks:
      - 'missing_count(a"b) = 0'
      - "invalid_count(it's) = 0": { valid_values: ["o'k", "'); drop table orders; --"] }
      - 'duplicate_count(a"b) = 0'
`,
        ],
      ]),
      dbtTests: false,
    });
    assert.deepEqual(p.diagnostics, []);
    const r = await runChecks(p.specs, w, { now: NOW });
    assert.deepEqual(
      r.map((x) => [x.status, x.value]),
      [
        ['fail', 1],
        ['pass', 0],
        ['pass', 0],
      ],
    );
    const still = await w.query('select count(*) as n from main.orders');
    assert.equal(still.rows[0].n, 5, 'orders survived');
  });

  it('turns a statement timeout into an error result', async () => {
    await w.exec('create table slow as select * from range(3000000) t(i)');
    const a = shopAnalysis();
    const n = node({ name: 'slow', columns: ['i'] });
    (a.nodes as Map<string, unknown>).set(n.uniqueId, n);
    const p = buildCheckPlan({
      analysis: a,
      checkFiles: new Map([['s.checks.yml', `checks:\n  - dataset: slow\n    checks:\n      - metric(x) > 0: { sql: "sum(hash(i::varchar || repeat('x', 200)) % 7)" }\n  - dataset: orders\n    checks:\n      - row_count > 0\n`]]),
      dbtTests: false,
    });
    const r = await runChecks(p.specs, w, { now: NOW, timeoutMs: 30 });
    assert.equal(r[0].status, 'error');
    assert.match(r[0].message, /timed out after 30 ms/);
  });

  it('stops running statements and marks the rest cancelled on abort', async () => {
    const a = shopAnalysis();
    const n = node({ name: 'slow', columns: ['i'] });
    (a.nodes as Map<string, unknown>).set(n.uniqueId, n);
    const lines = Array.from({ length: 6 }, (_, i) => `      - metric(x${i}) > 0: { sql: "sum(hash(i::varchar || repeat('y', ${200 + i})) % 7)", where: "i > ${i}" }`).join('\n');
    const p = buildCheckPlan({
      analysis: a,
      checkFiles: new Map([['s.checks.yml', `checks:\n  - dataset: slow\n    checks:\n${lines}\n      - duplicate_count(i) = 0\n      - metric(g) > 0: { sql: "count(*)", group_by: [i] }\n`]]),
      dbtTests: false,
    });
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(), 40);
    const t0 = Date.now();
    const r = await runChecks(p.specs, w, { now: NOW, signal: ctl.signal, concurrency: 1 });
    assert.ok(Date.now() - t0 < 3000, 'returns promptly');
    assert.ok(r.every((x) => x.status === 'error' && /cancelled/.test(x.message)), JSON.stringify(r.map((x) => x.message)));
  });

  it('reports change against the previous run stored in history', async () => {
    const history = await openHistory(':memory:');
    const yaml = `checks:\n  - dataset: orders\n    checks:\n      - row_count change < 20%\n      - row_count change <= 1\n`;
    const first = await run(w, yaml, { history, now: new Date('2024-03-12T00:00:00Z') });
    assert.deepEqual(first.map((x) => x.status), ['pass', 'pass']);
    assert.match(first[0].message, /first run/);
    await w.exec(`insert into orders values (105, 1, 'placed', 10, '2024-03-13', '2024-03-13 10:00'), (106, 1, 'placed', 10, '2024-03-13', '2024-03-13 10:00')`);
    try {
      const second = await run(w, yaml, { history, now: new Date('2024-03-13T00:00:00Z') });
      assert.equal(second[0].status, 'fail');
      assert.equal(second[0].value, 40);
      assert.match(second[0].message, /from 5 to 7 \(\+40%\)/);
      assert.equal(second[1].status, 'fail');
      assert.equal(second[1].value, 2);
    } finally {
      await w.exec('delete from orders where order_id in (105, 106)');
      await history.close();
    }
  });

  it('errors change checks clearly when no history store is given', async () => {
    const [r] = await run(w, `checks:\n  - dataset: orders\n    checks:\n      - row_count change < 20%\n`);
    assert.equal(r.status, 'error');
    assert.match(r.message, /history/);
  });

  it('enforces a dataset SLA and applies the dataset where to the shared scan', async () => {
    const r = await run(
      w,
      `checks:
  - dataset: orders
    where: "status <> 'lost'"
    sla: { freshness: { column: updated_at, max_age: 2h } }
    checks:
      - row_count = 4
`,
    );
    assert.equal(r[0].check, 'sla freshness(updated_at) < 2h');
    assert.equal(r[0].status, 'fail');
    assert.equal(r[0].value, 3 * 3600);
    assert.equal(r[1].status, 'pass');
  });

  it('streams results through onResult', async () => {
    const seen: string[] = [];
    const r = await run(w, `checks:\n  - dataset: orders\n    checks:\n      - row_count > 0\n      - duplicate_count(order_id) = 0\n`, { onResult: (x) => seen.push(x.check) });
    assert.deepEqual([...seen].sort(), r.map((x) => x.check).sort());
  });
});
