import { strict as assert } from 'node:assert';
import type { DevWarehouse } from './api';
import { diffRelation } from './diff';
import { openDuckDb } from './duckdb';
import { openPostgres } from './postgres';
import { pgUrlOrSkip, uniqueSchema } from './test_support';

describe('relation diff', () => {
  let dev: DevWarehouse;
  let other: DevWarehouse;

  beforeEach(async () => {
    dev = await openDuckDb({ path: ':memory:', targetName: 'dev', readOnly: false });
    other = await openDuckDb({ path: ':memory:', targetName: 'prod', readOnly: false });
  });
  afterEach(async () => {
    await dev.close();
    await other.close();
  });

  const t = { schema: 'main', name: 'orders' };

  it('finds added, removed and changed rows, and schema changes', async () => {
    await other.execute(`create table orders as select * from (values
      (1, 'placed', 10.0, 'x'), (2, 'shipped', 20.0, 'x'), (3, 'placed', 30.0, 'x'), (4, 'returned', 40.0, 'x'))
      as v(id, status, amount, legacy)`);
    await dev.execute(`create table orders as select * from (values
      (1, 'placed', 10.0::double, 7), (2, 'completed', 20.0::double, 7), (3, 'placed', 35.0::double, 7), (5, 'placed', 50.0::double, 7))
      as v(id, status, amount, extra)`);
    const r = await diffRelation(dev, other, t, t, { key: ['id'], sampleLimit: 10, node: 'model.shop.orders' });
    assert.deepEqual(r.rowCounts, { dev: 4, other: 4 });
    assert.deepEqual(r.schema.added, ['extra']);
    assert.deepEqual(r.schema.removed, ['legacy']);
    assert.deepEqual(r.schema.typeChanged, [{ column: 'amount', dev: 'DOUBLE', other: 'DECIMAL(3,1)' }]);
    assert.ok(r.rows);
    // amount's type changed, so its text differs ('10.0' vs '10.0' for decimal; doubles print '10.0' too) — only real value changes count.
    assert.equal(r.rows!.added, 1);
    assert.equal(r.rows!.removed, 1);
    assert.equal(r.rows!.changed, 2);
    const changed = r.rows!.samples.filter((s) => s.change === 'changed');
    const byId = Object.fromEntries(changed.map((s) => [(s.key as { id: number }).id, s.columns]));
    assert.deepEqual(byId[2], { status: { dev: 'completed', other: 'shipped' } });
    assert.deepEqual(byId[3], { amount: { dev: 35, other: 30 } });
    assert.deepEqual(r.rows!.samples.filter((s) => s.change === 'added').map((s) => s.key), [{ id: 5 }]);
    assert.deepEqual(r.rows!.samples.filter((s) => s.change === 'removed').map((s) => s.key), [{ id: 4 }]);
    const status = r.columns.find((c) => c.column === 'status')!;
    assert.deepEqual(status.dev, { nulls: 0, distinct: 2, min: 'completed', max: 'placed' });
    assert.deepEqual(status.other, { nulls: 0, distinct: 3, min: 'placed', max: 'shipped' });
    assert.match(r.text, /1 added, 1 removed, 2 changed/);
    assert.match(r.text, /\+ extra \(only in dev\)/);
    assert.match(r.text, /~ id=2 {2}status: "shipped" -> "completed"/);
  });

  it('bisects large tables instead of pulling them: rows fetched stay far below the table size', async () => {
    const n = 200_000;
    const make = `create table orders as select i as id, i % 7 as bucket, 'name ' || i as label from range(1, ${n + 1}) r(i)`;
    await dev.execute(make);
    await other.execute(make);
    await dev.execute(`update orders set label = 'renamed' where id in (17, 99999); delete from orders where id = 123456; insert into orders values (${n + 1}, 1, 'new')`);
    // Default strategy: one fine split, then fingerprints of the differing ranges only.
    const r = await diffRelation(dev, other, t, t, { key: ['id'], sampleLimit: 5, leafRows: 500 });
    assert.deepEqual({ added: r.rows!.added, removed: r.rows!.removed, changed: r.rows!.changed }, { added: 1, removed: 1, changed: 2 });
    assert.ok(r.stats.rowsFetched < n / 20, `fetched ${r.stats.rowsFetched} rows of ${n}`);
    assert.equal(r.stats.sampleRowsFetched, 1 + 1 + 2 * 2);
    // A coarse first split forces the recursive descent: same answer, still a small fraction pulled.
    const deep = await diffRelation(dev, other, t, t, { key: ['id'], leafRows: 500, firstSplit: 4, fanout: 8 });
    assert.deepEqual({ added: deep.rows!.added, removed: deep.rows!.removed, changed: deep.rows!.changed }, { added: 1, removed: 1, changed: 2 });
    assert.ok(deep.stats.depth >= 3, `depth ${deep.stats.depth}`);
    assert.ok(deep.stats.rowsFetched < n / 50, `fetched ${deep.stats.rowsFetched} rows of ${n}`);
  });

  it('identical tables: no differences, and only aggregates are fetched', async () => {
    const make = `create table orders as select i as id, i * 2 as v from range(1, 50001) r(i)`;
    await dev.execute(make);
    await other.execute(make);
    const r = await diffRelation(dev, other, t, t, { key: ['id'], leafRows: 1000 });
    assert.deepEqual({ added: r.rows!.added, removed: r.rows!.removed, changed: r.rows!.changed }, { added: 0, removed: 0, changed: 0 });
    // 50 000 rows / 1000 per range → 64 ranges a side; nothing beyond the aggregates.
    assert.ok(r.stats.rowsFetched <= 64 * 2, `fetched ${r.stats.rowsFetched}`);
    assert.equal(r.stats.queries, 2);
  });

  it('handles composite keys, null values and hostile column names', async () => {
    const evil = 'v"; drop table orders; --';
    await other.execute(`create table orders (a int, b varchar, ${other.quoteIdent(evil)} varchar)`);
    await dev.execute(`create table orders (a int, b varchar, ${dev.quoteIdent(evil)} varchar)`);
    await other.execute(`insert into orders values (1, 'x', null), (1, 'y', 'q'), (2, 'x', 'z')`);
    await dev.execute(`insert into orders values (1, 'x', 'now set'), (1, 'y', 'q'), (2, 'y', 'z')`);
    const r = await diffRelation(dev, other, t, t, { key: ['a', 'b'] });
    assert.deepEqual({ added: r.rows!.added, removed: r.rows!.removed, changed: r.rows!.changed }, { added: 1, removed: 1, changed: 1 });
    const changed = r.rows!.samples.find((s) => s.change === 'changed')!;
    assert.deepEqual(changed.columns, { [evil]: { dev: 'now set', other: null } });
    assert.ok(await dev.describe(t));
  });

  it('a missing relation or key column is a clear error', async () => {
    await dev.execute('create table orders (id int)');
    await assert.rejects(diffRelation(dev, other, t, t, {}), /main\.orders does not exist in target prod/);
    await other.execute('create table orders (other_id int)');
    await assert.rejects(diffRelation(dev, other, t, t, { key: ['id'] }), /key column id is not in both relations/);
  });

  it('without a key, compares counts, schema and profiles only', async () => {
    await dev.execute('create table orders as select 1 as id, null::int as v');
    await other.execute('create table orders as select 1 as id, 5 as v union all select 2, 6');
    const r = await diffRelation(dev, other, t, t, {});
    assert.equal(r.rows, undefined);
    assert.deepEqual(r.rowCounts, { dev: 1, other: 2 });
    assert.deepEqual(r.columns.find((c) => c.column === 'v'), {
      column: 'v',
      dev: { nulls: 1, distinct: 0, min: null, max: null, avg: null },
      other: { nulls: 0, distinct: 2, min: 5, max: 6, avg: 5.5 },
    });
    assert.match(r.text, /rows: dev 1, other 2 \(-1\)/);
  });

  it('DuckDB and Postgres fingerprint the same data identically', async function () {
    const url = pgUrlOrSkip(this);
    const pg = await openPostgres({ type: 'postgres', targetName: 'pg', readOnly: false, connectionString: url });
    const schema = uniqueSchema('dw_diff');
    try {
      await pg.execute(`create schema ${pg.quoteIdent(schema)}`);
      const pt = { schema, name: 'orders' };
      await pg.execute(`create table ${pg.relationSql(pt)} as select i::bigint as id, 'label ' || i as label, (i % 3 = 0) as flag, date '2024-01-01' + (i % 30) as d from generate_series(1, 30000) i`);
      await dev.execute(`create table orders as select i::bigint as id, 'label ' || i as label, (i % 3 = 0) as flag, date '2024-01-01' + (i % 30)::int as d from range(1, 30001) r(i)`);
      await dev.execute(`update orders set label = 'changed' where id = 777`);
      const r = await diffRelation(dev, pg, t, pt, { key: ['id'], leafRows: 200 });
      assert.deepEqual({ added: r.rows!.added, removed: r.rows!.removed, changed: r.rows!.changed }, { added: 0, removed: 0, changed: 1 });
      assert.ok(r.stats.rowsFetched < 3000, `fetched ${r.stats.rowsFetched}`);
    } finally {
      await pg.execute(`drop schema if exists ${pg.quoteIdent(schema)} cascade`).catch(() => undefined);
      await pg.close();
    }
  });
});
