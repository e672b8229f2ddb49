/**
 * The build and diff commands end to end on a copy of examples/shop: the real
 * analysis pipeline, a real DuckDB file, and a "prod" file to compare with.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { openWorkspace } from '../../workspace/project_session';
import { openDuckDb } from '../../warehouse/duckdb';
import { buildCommand } from './build';
import { diffCommand } from './diff';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: () => void): void {
    this.text += chunk.toString();
    cb();
  }
}

const EXAMPLE = path.resolve(__dirname, '../../../../examples/shop');

describe('build and diff commands on the example project', function () {
  this.timeout(120_000);
  let root: string;

  before(function () {
    if (!fs.existsSync(path.join(EXAMPLE, 'dbt_project.yml'))) this.skip();
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'dw-shop-'));
    fs.cpSync(EXAMPLE, root, { recursive: true, filter: (src) => !src.includes(`${path.sep}.driftwatch`) });
  });

  async function analysis() {
    const [session] = await openWorkspace(root, { cache: false, env: {} });
    return session.analysis;
  }

  it('builds every seed, model and snapshot into the dev DuckDB file', async () => {
    const out = new Capture();
    const err = new Capture();
    const code = await buildCommand({ analysis: await analysis(), projectRoot: root, out, err, isTTY: false, env: {} });
    assert.equal(code, 0, out.text + err.text);
    assert.match(out.text, /Built \d+, failed 0, skipped 0/);
    assert.ok(fs.existsSync(path.join(root, '.driftwatch', 'dev.duckdb')));
    const wh = await openDuckDb({ path: path.join(root, '.driftwatch', 'dev.duckdb'), targetName: 'dev', readOnly: true });
    try {
      const n = (await wh.query('select count(*) as n from main.orders')).rows[0].n as number;
      assert.ok(n > 0);
    } finally {
      await wh.close();
    }
  });

  it('refuses to build into the production target with exit code 2', async () => {
    const out = new Capture();
    const err = new Capture();
    const code = await buildCommand({ analysis: await analysis(), projectRoot: root, target: 'prod', out, err, isTTY: false, env: {} });
    assert.equal(code, 2);
    assert.match(err.text, /production/);
    assert.ok(!fs.existsSync(path.join(root, '.driftwatch', 'prod.duckdb')));
  });

  it('builds only the selection, and a bad selector is a usage error', async () => {
    const out = new Capture();
    const code = await buildCommand({ analysis: await analysis(), projectRoot: root, select: 'stg_orders+', format: 'json', out, isTTY: false, env: {} });
    assert.equal(code, 0, out.text);
    const built: string[] = JSON.parse(out.text).built.map((b: { node: string }) => b.node);
    assert.equal(built[0], 'model.shop.stg_orders');
    assert.ok(built.includes('model.shop.orders'), built.join(', '));
    assert.ok(!built.some((id) => id.startsWith('seed.')), built.join(', '));
    const err = new Capture();
    assert.equal(await buildCommand({ analysis: await analysis(), projectRoot: root, select: 'colour:red', out: new Capture(), err, isTTY: false, env: {} }), 2);
    assert.match(err.text, /unknown selector method/);
  });

  it('diffs a model against prod: no differences, then exactly the ones we made', async () => {
    const devFile = path.join(root, '.driftwatch', 'dev.duckdb');
    fs.copyFileSync(devFile, path.join(root, '.driftwatch', 'prod.duckdb'));
    const same = new Capture();
    assert.equal(await diffCommand({ analysis: await analysis(), projectRoot: root, node: 'orders', against: 'prod', format: 'text', out: same, env: {} }), 0, same.text);
    assert.match(same.text, /0 added, 0 removed, 0 changed/);

    const dev = await openDuckDb({ path: devFile, targetName: 'dev', readOnly: false });
    try {
      await dev.execute(`update main.orders set status = 'zzz' where order_id = (select min(order_id) from main.orders); delete from main.orders where order_id = (select max(order_id) from main.orders)`);
    } finally {
      await dev.close();
    }
    const out = new Capture();
    const code = await diffCommand({ analysis: await analysis(), projectRoot: root, node: 'model.shop.orders', against: 'prod', format: 'json', out, env: {} });
    assert.equal(code, 1, out.text);
    const json = JSON.parse(out.text);
    assert.deepEqual(json.rows.key, ['order_id']);
    assert.deepEqual([json.rows.added, json.rows.removed, json.rows.changed], [0, 1, 1]);
    assert.equal(json.rowCounts.other - json.rowCounts.dev, 1);
    assert.deepEqual(json.targets, { dev: 'dev', other: 'prod' });
  });

  it('diff reports an unknown node or target with exit code 2', async () => {
    const err = new Capture();
    assert.equal(await diffCommand({ analysis: await analysis(), projectRoot: root, node: 'nope', against: 'prod', format: 'text', out: new Capture(), err, env: {} }), 2);
    assert.match(err.text, /no model, seed or snapshot named "nope"/);
    const err2 = new Capture();
    assert.equal(await diffCommand({ analysis: await analysis(), projectRoot: root, node: 'orders', against: 'qa', format: 'text', out: new Capture(), err: err2, env: {} }), 2);
    assert.match(err2.text, /target "qa"/);
  });
});
