/**
 * `driftwatch diff MODEL --against T` compares with the relation the model
 * has in T, as the project renders for T: a schema built from target.name
 * (`'s_' ~ target.name`) is another schema there, not the dev one renamed.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { addCiTarget, agedCopyOf, runCli } from './lsp/lsp_harness';

function cli(root: string, ...args: string[]) {
  const r = runCli(...args, '--project', root);
  return { code: r.code, out: r.stdout + r.stderr };
}

describe('CLI: diff --against renders the model for the other target', function () {
  this.timeout(120000);
  const shop = agedCopyOf('shop', (root) => {
    addCiTarget(root);
    fs.writeFileSync(path.join(root, 'models', 'marts', 'per_target.sql'), "{{ config(schema='s_' ~ target.name, materialized='table') }}\nselect 1 as id\n");
    fs.writeFileSync(path.join(root, 'models', 'marts', 'eph_ids.sql'), "{{ config(materialized='ephemeral') }}\nselect 1 as id\n");
    fs.writeFileSync(path.join(root, 'models', 'marts', 'reads_eph.sql'), "select id from {{ ref('eph_ids') }}\n");
  });

  it('finds the model in <ci schema>_s_ci when diffing dev against ci', () => {
    for (const target of ['dev', 'ci']) {
      const b = cli(shop.root, 'build', '--target', target, '--select', 'per_target');
      assert.strictEqual(b.code, 0, b.out);
    }
    const d = cli(shop.root, 'diff', 'per_target', '--against', 'ci');
    assert.strictEqual(d.code, 0, d.out);
    assert.match(d.out, /rows: dev 1, other 1 \(same\)/);
  });

  it('says an ephemeral model has no table on either side, and names the models to diff instead', () => {
    const d = cli(shop.root, 'diff', 'eph_ids', '--against', 'ci');
    assert.notStrictEqual(d.code, 0, d.out);
    assert.match(d.out, /eph_ids is ephemeral: dbt never builds it, so neither target has a table to compare\. Diff the models that read it instead: reads_eph\./);
  });
});
