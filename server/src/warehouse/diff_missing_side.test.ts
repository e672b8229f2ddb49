import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RelationName, Warehouse } from './api';
import { diffRelation } from './diff';
import { openDuckDb } from './duckdb';

describe('relation diff when one side is missing', function () {
  this.timeout(30_000);

  it('rejects only once both sides have answered, so the warehouses close right after (the CLI used to hang)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dw-diff-missing-'));
    try {
      const devFile = path.join(dir, 'dev.duckdb');
      const setup = await openDuckDb({ path: devFile, targetName: 'dev', readOnly: false });
      await setup.execute('create table orders as select * from range(200000) t(id)');
      await setup.close();
      const dev = await openDuckDb({ path: devFile, targetName: 'dev', readOnly: true });
      const other = await openDuckDb({ path: path.join(dir, 'other.duckdb'), targetName: 'ci', readOnly: false });
      // The dev side answers later than the missing other side.
      let devAnswered = false;
      const slowDev: Warehouse = Object.assign(Object.create(dev) as Warehouse, {
        describe: async (r: RelationName) => {
          await new Promise((res) => setTimeout(res, 300));
          const cols = await dev.describe(r);
          devAnswered = true;
          return cols;
        },
      });
      const t = { schema: 'main', name: 'orders' };
      await assert.rejects(diffRelation(slowDev, other, t, t), /main\.orders does not exist in target ci/);
      assert.ok(devAnswered, 'the error waits for the other describe, so closing does not cut a query short');
      const closed = Promise.all([dev.close(), other.close()]).then(() => 'closed');
      assert.equal(await Promise.race([closed, new Promise((r) => setTimeout(() => r('timed out'), 10_000))]), 'closed');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
