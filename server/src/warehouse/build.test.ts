import { strict as assert } from 'node:assert';
import type { DevWarehouse } from './api';
import { WarehouseError } from './api';
import { buildDev, type BuildProgress } from './build';
import { fixtureAnalysis, fixtureProject, type FixtureNode } from './build_fixture';
import { openDuckDb } from './duckdb';
import { openPostgres } from './postgres';
import { pgUrlOrSkip, uniqueSchema } from './test_support';

const SEEDS = {
  raw_orders: 'id,customer_id,amount,ordered_at,note\n1,10,12.5,2024-01-01,"first, with comma"\n2,11,7,2024-01-02,\n3,10,3.25,2024-01-03,x\n',
  raw_customers: 'id,name\n10,Ada\n11,Grace\n',
};

function shopNodes(schema: string, rel: (name: string) => string): FixtureNode[] {
  return [
    { id: 'seed.shop.raw_orders', type: 'seed', schema },
    { id: 'seed.shop.raw_customers', type: 'seed', schema },
    { id: 'model.shop.stg_orders', schema, sql: `select id as order_id, customer_id, amount from ${rel('raw_orders')};`, parents: ['seed.shop.raw_orders'] },
    { id: 'model.shop.int_eph', schema, materialized: 'ephemeral', parents: ['model.shop.stg_orders'] },
    { id: 'model.shop.customers', schema, materialized: 'table', parents: ['model.shop.stg_orders', 'seed.shop.raw_customers', 'model.shop.int_eph'],
      sql: `select c.id as customer_id, c.name, sum(o.amount) as total from ${rel('raw_customers')} c join ${rel('stg_orders')} o on o.customer_id = c.id group by 1, 2` },
    { id: 'model.shop.customer_report', schema, parents: ['model.shop.customers'], sql: `select * from ${rel('customers')} where total > 0` },
  ];
}

function runBuildSuite(name: string, open: (ctx: Mocha.Context) => Promise<{ wh: DevWarehouse; schema: string; cleanup(): Promise<void> }>) {
  describe(`dev build on ${name}`, function () {
    let wh: DevWarehouse;
    let schema: string;
    let cleanup: () => Promise<void>;
    const rel = (n: string) => wh.relationSql({ schema, name: n });

    before(async function () {
      ({ wh, schema, cleanup } = await open(this));
    });
    after(async () => {
      if (cleanup) await cleanup();
    });

    it('loads seeds and builds models in DAG order, ephemeral models not materialised', async () => {
      const root = fixtureProject(SEEDS);
      // Deliberately listed children-first: the order must come from the DAG, not the input.
      const analysis = fixtureAnalysis(root, shopNodes(schema, rel).reverse());
      const progress: BuildProgress[] = [];
      const result = await buildDev(analysis, wh, { projectRoot: root, onProgress: (p) => progress.push(p) });
      assert.equal(result.ok, true, JSON.stringify(result.built));
      const order = result.built.map((b) => b.node);
      assert.ok(!order.includes('model.shop.int_eph'));
      const before = (a: string, b: string) => assert.ok(order.indexOf(a) < order.indexOf(b), `${a} before ${b}: ${order.join(', ')}`);
      before('seed.shop.raw_orders', 'model.shop.stg_orders');
      before('model.shop.stg_orders', 'model.shop.customers');
      before('seed.shop.raw_customers', 'model.shop.customers');
      before('model.shop.customers', 'model.shop.customer_report');
      assert.equal(result.built.find((b) => b.node === 'seed.shop.raw_orders')?.message, '3 rows');
      const rows = (await wh.query(`select customer_id, name, total from ${rel('customer_report')} order by customer_id`)).rows;
      assert.deepEqual(rows, [
        { customer_id: 10, name: 'Ada', total: 15.75 },
        { customer_id: 11, name: 'Grace', total: 7 },
      ]);
      const note = (await wh.query(`select note from ${rel('raw_orders')} order by id`)).rows.map((r) => r.note);
      assert.deepEqual(note, ['first, with comma', null, 'x']);
      assert.ok(progress.some((p) => p.status === 'started') && progress.every((p) => p.total === 5));
      // No temp relations left behind.
      const leftovers = await wh.query(`select table_name from information_schema.tables where table_name like '%__dw_tmp'`);
      assert.deepEqual(leftovers.rows, []);
    });

    it('a failing model keeps its previous relation, skips its downstream and the rest continue', async () => {
      const root = fixtureProject(SEEDS);
      const nodes = shopNodes(schema, rel);
      nodes.find((n) => n.id === 'model.shop.customers')!.sql = `select no_such_column from ${rel('raw_customers')}`;
      nodes.push({ id: 'model.shop.orders_copy', schema, materialized: 'table', parents: ['model.shop.stg_orders'], sql: `select * from ${rel('stg_orders')}` });
      const result = await buildDev(fixtureAnalysis(root, nodes), wh, { projectRoot: root });
      const status = Object.fromEntries(result.built.map((b) => [b.node, b]));
      assert.equal(result.ok, false);
      assert.equal(status['model.shop.customers'].status, 'error');
      assert.match(status['model.shop.customers'].message ?? '', /no_such_column/);
      assert.equal(status['model.shop.customer_report'].status, 'skipped');
      assert.match(status['model.shop.customer_report'].message ?? '', /upstream model\.shop\.customers failed/);
      assert.equal(status['model.shop.orders_copy'].status, 'ok');
      // The previous build's table is intact.
      const still = (await wh.query(`select count(*) as n from ${rel('customers')}`)).rows[0].n;
      assert.equal(Number(still), 2);
    });

    it('a failure above an ephemeral model skips what reads the ephemeral', async () => {
      const root = fixtureProject(SEEDS);
      const nodes: FixtureNode[] = [
        { id: 'model.shop.broken', schema, sql: 'select * from nowhere_at_all' },
        { id: 'model.shop.eph', schema, materialized: 'ephemeral', parents: ['model.shop.broken'] },
        { id: 'model.shop.reader', schema, parents: ['model.shop.eph'], sql: 'select 1 as x' },
      ];
      const result = await buildDev(fixtureAnalysis(root, nodes), wh, { projectRoot: root });
      assert.deepEqual(result.built.map((b) => [b.node, b.status]), [['model.shop.broken', 'error'], ['model.shop.reader', 'skipped']]);
    });

    it('a view can be replaced by a table and back', async () => {
      const root = fixtureProject({});
      const mk = (materialized: string) => fixtureAnalysis(root, [{ id: 'model.shop.flip', schema, materialized, sql: 'select 1 as a' }]);
      for (const m of ['view', 'table', 'view']) assert.equal((await buildDev(mk(m), wh, { projectRoot: root })).ok, true, m);
      const kind = await wh.query(`select table_type from information_schema.tables where table_schema = $1 and table_name = 'flip'`, { params: [schema] });
      assert.equal(kind.rows[0].table_type, 'VIEW');
    });

    it('honours the selection and reports a malformed seed with its line', async () => {
      const root = fixtureProject({ bad: 'a,b\n1,2\n3\n' });
      const analysis = fixtureAnalysis(root, [
        { id: 'seed.shop.bad', type: 'seed', schema },
        { id: 'model.shop.unselected', schema, sql: 'select 1' },
      ]);
      const result = await buildDev(analysis, wh, { projectRoot: root, select: (id) => id.startsWith('seed.') });
      assert.deepEqual(result.built.map((b) => b.node), ['seed.shop.bad']);
      assert.match(result.built[0].message ?? '', /line 3: expected 2 fields/);
    });

    it('snapshots: first build adds the SCD columns, a later build closes changed rows', async () => {
      const root = fixtureProject({});
      const src = `snap_src_${Date.now().toString(36)}`;
      await wh.execute(`create table ${rel(src)} as select 1 as id, 'a' as v union all select 2, 'b'`);
      const analysis = fixtureAnalysis(root, [
        { id: 'snapshot.shop.hist', type: 'snapshot', schema, materialized: 'snapshot', sql: `select id, v from ${rel(src)}`, config: { unique_key: 'id', strategy: 'check', check_cols: ['v'] } },
      ]);
      assert.equal((await buildDev(analysis, wh, { projectRoot: root })).built[0].message, 'snapshot created');
      const cols = (await wh.describe({ schema, name: 'hist' }))!.map((c) => c.name);
      assert.deepEqual(cols, ['id', 'v', 'dbt_scd_id', 'dbt_updated_at', 'dbt_valid_from', 'dbt_valid_to']);
      await wh.execute(`update ${rel(src)} set v = 'B' where id = 2; insert into ${rel(src)} values (3, 'c')`);
      const second = await buildDev(analysis, wh, { projectRoot: root });
      assert.equal(second.built[0].message, 'snapshot updated', JSON.stringify(second.built));
      const rows = (await wh.query(`select id, v, dbt_valid_to is null as current from ${rel('hist')} order by id, v`)).rows;
      assert.deepEqual(rows, [
        { id: 1, v: 'a', current: true },
        { id: 2, v: 'B', current: true },
        { id: 2, v: 'b', current: false },
        { id: 3, v: 'c', current: true },
      ]);
      // Unchanged source → nothing new.
      await buildDev(analysis, wh, { projectRoot: root });
      assert.equal(Number((await wh.query(`select count(*) as n from ${rel('hist')}`)).rows[0].n), 4);
    });

    it('snapshots with the timestamp strategy version rows by updated_at', async () => {
      const root = fixtureProject({});
      const src = `snap_ts_${Date.now().toString(36)}`;
      await wh.execute(`create table ${rel(src)} as select 1 as id, 'a' as v, timestamp '2024-01-01 00:00:00' as updated_at`);
      const analysis = fixtureAnalysis(root, [
        { id: 'snapshot.shop.hist_ts', type: 'snapshot', schema, materialized: 'snapshot', sql: `select * from ${rel(src)}`, config: { unique_key: 'id', strategy: 'timestamp', updated_at: 'updated_at' } },
      ]);
      assert.equal((await buildDev(analysis, wh, { projectRoot: root })).ok, true);
      // A change without a newer updated_at is not a new version; one with it is.
      await wh.execute(`update ${rel(src)} set v = 'ignored'`);
      await buildDev(analysis, wh, { projectRoot: root });
      await wh.execute(`update ${rel(src)} set v = 'b', updated_at = timestamp '2024-02-01 00:00:00'`);
      await buildDev(analysis, wh, { projectRoot: root });
      const rows = (await wh.query(`select v, dbt_valid_from, dbt_valid_to from ${rel('hist_ts')} order by dbt_valid_from`)).rows;
      assert.deepEqual(rows, [
        { v: 'a', dbt_valid_from: '2024-01-01T00:00:00.000Z', dbt_valid_to: '2024-02-01T00:00:00.000Z' },
        { v: 'b', dbt_valid_from: '2024-02-01T00:00:00.000Z', dbt_valid_to: null },
      ]);
    });

    it('builds independent branches in parallel, never a node before its parents', async () => {
      const root = fixtureProject({});
      const nodes: FixtureNode[] = [];
      for (let b = 0; b < 4; b++) {
        nodes.push({ id: `model.shop.base_${b}`, schema, materialized: 'table', sql: `select ${b} as b` });
        nodes.push({ id: `model.shop.mid_${b}`, schema, parents: [`model.shop.base_${b}`], sql: `select * from ${rel(`base_${b}`)}` });
      }
      nodes.push({ id: 'model.shop.top', schema, materialized: 'table', parents: [0, 1, 2, 3].map((b) => `model.shop.mid_${b}`),
        sql: [0, 1, 2, 3].map((b) => `select * from ${rel(`mid_${b}`)}`).join(' union all ') });
      const events: BuildProgress[] = [];
      const result = await buildDev(fixtureAnalysis(root, nodes), wh, { projectRoot: root, concurrency: 3, onProgress: (p) => events.push(p) });
      assert.equal(result.ok, true, JSON.stringify(result.built));
      // Results come back in DAG order whatever the completion order.
      assert.equal(result.built[result.built.length - 1].node, 'model.shop.top');
      const finishedAt = new Map(events.filter((e) => e.status !== 'started').map((e, i) => [e.node, i]));
      const startAt = (id: string) => events.findIndex((e) => e.node === id && e.status === 'started');
      for (const n of nodes) {
        for (const p of n.parents ?? []) {
          const parentDone = events.findIndex((e) => e.node === p && e.status === 'ok');
          assert.ok(parentDone >= 0 && parentDone < startAt(n.id), `${p} finished before ${n.id} started`);
        }
      }
      assert.equal(finishedAt.size, nodes.length);
      assert.equal(Number((await wh.query(`select count(*) as n from ${rel('top')}`)).rows[0].n), 4);
    });

    it('rebuilding one relation keeps the views downstream of it', async () => {
      const root = fixtureProject({});
      const nodes: FixtureNode[] = [
        { id: 'model.shop.dep_base', schema, materialized: 'table', sql: 'select 1 as a, 2 as b' },
        { id: 'model.shop.dep_v1', schema, parents: ['model.shop.dep_base'], sql: `select a, b from ${rel('dep_base')}` },
        { id: 'model.shop.dep_v2', schema, parents: ['model.shop.dep_v1'], sql: `select a from ${rel('dep_v1')}` },
      ];
      assert.equal((await buildDev(fixtureAnalysis(root, nodes), wh, { projectRoot: root })).ok, true);
      const onlyBase = (id: string) => id === 'model.shop.dep_base';
      const again = await buildDev(fixtureAnalysis(root, nodes), wh, { projectRoot: root, select: onlyBase });
      assert.deepEqual(again.built.map((b) => [b.node, b.status, b.message]), [['model.shop.dep_base', 'ok', 'table']]);
      assert.deepEqual((await wh.query(`select a from ${rel('dep_v2')}`)).rows, [{ a: 1 }]);
      if (wh.type === 'postgres') {
        // A rebuild that removes a column the view needs: the view cannot come back, and the build says so.
        nodes[0].sql = 'select 1 as a';
        const broken = await buildDev(fixtureAnalysis(root, nodes), wh, { projectRoot: root, select: onlyBase });
        assert.match(broken.built[0].message ?? '', /dropped dependent views that no longer compile.*dep_v1/);
        // Rebuilding the downstream brings them back.
        nodes[1].sql = `select a from ${rel('dep_base')}`;
        assert.equal((await buildDev(fixtureAnalysis(root, nodes), wh, { projectRoot: root })).ok, true);
      }
    });

    it('stops when cancelled, marking the rest skipped', async () => {
      const root = fixtureProject(SEEDS);
      const ac = new AbortController();
      ac.abort();
      const result = await buildDev(fixtureAnalysis(root, shopNodes(schema, rel)), wh, { projectRoot: root, signal: ac.signal });
      assert.ok(result.built.every((b) => b.status === 'skipped' && b.message === 'build cancelled'));
    });
  });
}

runBuildSuite('duckdb', async () => {
  const wh = await openDuckDb({ path: ':memory:', targetName: 'dev', readOnly: false });
  return { wh, schema: 'main', cleanup: () => wh.close() };
});

runBuildSuite('postgres', async (ctx) => {
  const url = pgUrlOrSkip(ctx);
  const wh = await openPostgres({ type: 'postgres', targetName: 'dev', readOnly: false, connectionString: url });
  const schema = uniqueSchema('dw_build');
  return {
    wh,
    schema,
    async cleanup() {
      await wh.execute(`drop schema if exists ${wh.quoteIdent(schema)} cascade`).catch(() => undefined);
      await wh.close();
    },
  };
});

describe('dev build safety', () => {
  it('refuses a warehouse marked as production', async () => {
    const wh = await openDuckDb({ path: ':memory:', targetName: 'prod', readOnly: false, isProduction: true });
    try {
      await assert.rejects(
        buildDev(fixtureAnalysis('/tmp', [{ id: 'model.shop.x', sql: 'select 1' }]), wh, { projectRoot: '/tmp' }),
        (e: unknown) => e instanceof WarehouseError && e.kind === 'config' && /production/.test(e.message),
      );
      assert.deepEqual((await wh.query(`select count(*) as n from information_schema.tables where table_name = 'x'`)).rows, [{ n: 0 }]);
    } finally {
      await wh.close();
    }
  });
});
