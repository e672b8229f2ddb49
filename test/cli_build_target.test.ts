/**
 * `driftwatch build --target T` builds the relations dbt would build for T:
 * the analysis renders with T's schema and `target.name`, not the profile's
 * default target's.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { openDuckDb } from '../server/src/warehouse/duckdb';
import { addCiTarget, agedCopyOf, runCli } from './lsp/lsp_harness';


describe('CLI: build --target analyses for that target', function () {
  this.timeout(120000);
  const shop = agedCopyOf('shop', (root) => {
    addCiTarget(root);
    fs.writeFileSync(path.join(root, 'models', 'marts', 'per_target.sql'), "{{ config(schema='s_' ~ target.name, materialized='table') }}\nselect 1 as id, '{{ this }}' as me\n");
    fs.writeFileSync(path.join(root, 'models', 'marts', 'reads_per_target.sql'), "select id from {{ ref('per_target') }}\n");
  });

  it('puts the model in <ci schema>_s_ci, and its child reads it there', async () => {
    for (const cache of [[], ['--no-cache']]) {
      const r = runCli('build', '--project', shop.root, '--target', 'ci', '--select', 'per_target+', ...cache);
      assert.strictEqual(r.code, 0, r.stdout + r.stderr);
    }
    const wh = await openDuckDb({ path: path.join(shop.root, '.driftwatch', 'ci.duckdb'), targetName: 'ci', readOnly: true });
    try {
      const me = (await wh.query('select me from cischema_s_ci.per_target')).rows[0].me;
      assert.strictEqual(me, '"cischema_s_ci"."per_target"');
      assert.strictEqual((await wh.query('select count(*) as n from cischema.reads_per_target')).rows[0].n, 1);
    } finally {
      await wh.close();
    }
  });
});
