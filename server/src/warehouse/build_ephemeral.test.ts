import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildDev } from './build';
import { fixtureAnalysis, fixtureProject } from './build_fixture';
import { openDuckDb } from './duckdb';
import { previewSql } from './preview';

describe('dev builds and previews read ephemeral models as dbt does, inlined as CTEs', function () {
  this.timeout(60_000);
  let root: string;
  before(() => {
    root = fixtureProject({ raw: 'id,kind\n1,a\n2,b\n3,a\n' });
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  // Compiled SQL names an ephemeral parent by the relation ref() printed; nothing is ever built there.
  const analysis = () =>
    fixtureAnalysis(root, [
      { id: 'seed.shop.raw', type: 'seed' },
      { id: 'model.shop.eph_a', materialized: 'ephemeral', parents: ['seed.shop.raw'], sql: 'select id, kind from "main"."raw" where kind = \'a\'\n-- trailing comment' },
      { id: 'model.shop.eph_b', materialized: 'ephemeral', parents: ['model.shop.eph_a'], sql: 'with x as (select id from "main"."eph_a") select id * 10 as id from x;' },
      { id: 'model.shop.plain', parents: ['model.shop.eph_b'], sql: 'select id from "main"."eph_b"' },
      // A model that ends its statement, then says something: the ';' may not end up inside the preview's parentheses.
      { id: 'model.shop.closed', parents: ['seed.shop.raw'], sql: 'select id from "main"."raw" where kind = \'a\';\n-- done\n-- really done\n' },
      { id: 'model.shop.with_ctes', materialized: 'table', parents: ['model.shop.eph_a', 'model.shop.eph_b'],
        sql: '-- leading comment\nwith a as (select * from "main"."eph_a")\nselect a.id, b.id as b_id from a join "main"."eph_b" b on b.id = a.id * 10' },
    ]);

  it('builds children of ephemeral models (nested, and children that have their own WITH)', async () => {
    const file = path.join(root, 'dev.duckdb');
    const wh = await openDuckDb({ path: file, targetName: 'dev', readOnly: false });
    try {
      const result = await buildDev(analysis(), wh, { projectRoot: root });
      assert.ok(result.ok, JSON.stringify(result.built, null, 1));
      assert.deepEqual((await wh.query('select id from main.plain order by id')).rows.map((r) => r.id), [10, 30]);
      assert.deepEqual((await wh.query('select b_id from main.with_ctes order by id')).rows.map((r) => r.b_id), [10, 30]);
      const eph = await wh.query("select count(*) as n from information_schema.tables where table_name like 'eph%'");
      assert.equal(Number(eph.rows[0].n), 0, 'ephemeral models are never materialised');
    } finally {
      await wh.close();
    }
  });

  it('previews a child of an ephemeral model through the same inlining', async () => {
    const wh = await openDuckDb({ path: path.join(root, 'dev.duckdb'), targetName: 'dev', readOnly: true });
    try {
      const sql = previewSql(analysis(), wh, 'plain');
      assert.match(sql, /__dbt__cte__eph_a/);
      assert.deepEqual((await wh.query(sql)).rows.map((r) => r.id), [10, 30]);
      const closed = previewSql(analysis(), wh, 'closed');
      assert.deepEqual((await wh.query(closed)).rows.map((r) => r.id), [1, 3]);
    } finally {
      await wh.close();
    }
  });
});
