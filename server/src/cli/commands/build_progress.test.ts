import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { Writable } from 'node:stream';
import { fixtureAnalysis, fixtureProject } from '../../warehouse/build_fixture';
import { buildCommand } from './build';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: () => void): void {
    this.text += chunk.toString();
    cb();
  }
}

describe('build command progress lines', function () {
  this.timeout(60_000);

  it('count up as nodes finish, even when a node reading only a source runs before one placed earlier in the DAG order', async () => {
    const root = fixtureProject({ a: 'id\n1\n' });
    try {
      // Topological order: seed a, m_seed (child of a), m_src (child of the source); m_src is ready first.
      const analysis = fixtureAnalysis(root, [
        { id: 'seed.shop.a', type: 'seed' },
        { id: 'source.shop.raw.x', type: 'source' },
        { id: 'model.shop.m_seed', parents: ['seed.shop.a'], sql: 'select id from main.a' },
        { id: 'model.shop.m_src', parents: ['source.shop.raw.x'], sql: 'select 1 as x' },
      ]);
      const out = new Capture();
      const code = await buildCommand({ analysis, projectRoot: root, out, err: out, isTTY: false, env: {} });
      assert.equal(code, 0, out.text);
      const counters = [...out.text.matchAll(/^\s*(\d+)\/3 /gm)].map((m) => Number(m[1]));
      assert.deepEqual(counters, [1, 2, 3], out.text);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
