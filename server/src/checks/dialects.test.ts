/**
 * The same check suite on every engine we support: DuckDB always, Postgres
 * when DRIFTWATCH_PG_URL points at a server (start one with .ci/pg.sh).
 */
import * as assert from 'node:assert/strict';
import { buildCheckPlan } from './build_plan';
import { openHistory } from './history';
import { runChecks } from './run_checks';
import { createTestWarehouse } from './testing/duckdb_test_warehouse';
import { PORTABLE_CHECKS, PORTABLE_EXPECTED, PORTABLE_NOW, portableShopAnalysis, portableShopSql } from './testing/portable_shop';
import type { Warehouse } from '../warehouse/api';
import { openPostgres } from '../warehouse/postgres';

/** Records every statement so the suite can assert that checks only ever read. */
function recording(w: Warehouse): Warehouse & { statements: string[] } {
  const statements: string[] = [];
  return Object.assign(Object.create(w) as Warehouse, {
    statements,
    query: (sql: string, o?: Parameters<Warehouse['query']>[1]) => {
      statements.push(sql);
      return w.query(sql, o);
    },
    quoteIdent: (n: string) => w.quoteIdent(n),
    relationSql: (r: Parameters<Warehouse['relationSql']>[0]) => w.relationSql(r),
    describe: (r: Parameters<Warehouse['describe']>[0]) => w.describe(r),
  });
}

async function runSuite(inner: Warehouse, schema: string) {
  const warehouse = recording(inner);
  const plan = buildCheckPlan({ analysis: portableShopAnalysis(schema), checkFiles: new Map([['suite.checks.yml', PORTABLE_CHECKS]]) });
  assert.deepEqual(plan.diagnostics, []);
  const history = await openHistory(':memory:');
  try {
    const results = await runChecks(plan.specs, warehouse, { now: PORTABLE_NOW, history });
    const got = results.map((r) => [r.name ?? r.check, r.status, r.value === null ? null : Number(r.value.toPrecision(10))]);
    const expected = PORTABLE_EXPECTED.map(([c, s, v]) => [c, s, v]);
    // Distribution statistics depend on quantile interpolation details; their status is what must agree.
    for (let i = 0; i < expected.length; i++) if (expected[i][2] === null && String(expected[i][0]).includes('distribution') || expected[i][0] === 'late psi') got[i][2] = null;
    assert.deepEqual(got, expected, results.filter((r) => r.status === 'error').map((r) => `${r.check}: ${r.message}`).join('\n'));
    assert.ok(warehouse.statements.length > 10);
    for (const sql of warehouse.statements) assert.match(sql, /^(select|with)\b/i, 'checks only read');
    const weird = results.find((r) => r.check === 'missing_count(a"b) = 0')!;
    assert.match(weird.sql, /"we""ird"/);
  } finally {
    await history.close();
  }
}

describe('the check suite on each engine', () => {
  it('DuckDB', async () => {
    const w = await createTestWarehouse();
    try {
      for (const sql of portableShopSql('shop')) await w.exec(sql);
      await runSuite(w, 'shop');
    } finally {
      await w.close();
    }
  });

  it('Postgres', async function () {
    const url = process.env.DRIFTWATCH_PG_URL;
    if (!url) {
      this.skip(); // set DRIFTWATCH_PG_URL (e.g. after `.ci/pg.sh start`) to run the suite on Postgres
      return;
    }
    const schema = `dw_checks_${process.pid}_${Date.now().toString(36)}`;
    const dev = await openPostgres({ type: 'postgres', targetName: 'dev', readOnly: false, connectionString: url });
    const ro = await openPostgres({ type: 'postgres', targetName: 'ro', readOnly: true, connectionString: url });
    try {
      for (const sql of portableShopSql(schema)) await dev.execute(sql);
      // Checks run on a read-only connection, as they do for users.
      await runSuite(ro, schema);
      // A statement past its timeout is cancelled on the server, not just abandoned.
      const slow = buildCheckPlan({
        analysis: portableShopAnalysis(schema),
        checkFiles: new Map([['slow.checks.yml', 'checks:\n  - dataset: customers\n    checks:\n      - metric(slow) > 0: { sql: "sum(length(cast(pg_sleep(5) as text)))" }\n      - row_count > 0\n']]),
        dbtTests: false,
      });
      const t0 = Date.now();
      const [timedOut, other] = await runChecks(slow.specs, ro, { now: PORTABLE_NOW, timeoutMs: 300 });
      assert.ok(Date.now() - t0 < 4000, 'did not wait for the sleep');
      assert.equal(timedOut.status, 'error');
      assert.match(timedOut.message, /timed out|cancel/i);
      assert.equal(other.status, 'error', 'it shared the scan');
      const ctl = new AbortController();
      setTimeout(() => ctl.abort(), 200);
      const [cancelled] = await runChecks(slow.specs, ro, { now: PORTABLE_NOW, signal: ctl.signal });
      assert.match(cancelled.message, /cancelled/);
      await new Promise((r) => setTimeout(r, 300));
      const active = await dev.query("select count(*) as n from pg_stat_activity where query like '%pg_sleep(5)%' and state = 'active' and pid <> pg_backend_pid()");
      assert.equal(Number(active.rows[0].n), 0, 'no sleeping statement left on the server');
    } finally {
      await dev.execute(`drop schema if exists "${schema}" cascade`).catch(() => undefined);
      await ro.close();
      await dev.close();
    }
  });
});
