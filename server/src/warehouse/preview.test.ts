import { strict as assert } from 'node:assert';
import { WarehouseError } from './api';
import { fixtureAnalysis } from './build_fixture';
import { openDuckDb } from './duckdb';
import { previewNode } from './preview';

describe('node preview', () => {
  it('runs the compiled SQL of a model with a limit, and reads seeds from their relation', async () => {
    const wh = await openDuckDb({ path: ':memory:', targetName: 'dev', readOnly: false });
    try {
      await wh.execute('create table raw as select i as id from range(1000) r(i)');
      const analysis = fixtureAnalysis('/tmp', [
        { id: 'seed.shop.raw', type: 'seed' },
        { id: 'model.shop.evens', sql: 'select id, id * 2 as twice from main.raw where id % 2 = 0 order by id -- trailing comment;', parents: ['seed.shop.raw'] },
        { id: 'model.shop.sneaky', sql: 'delete from main.raw' },
      ]);
      const p = await previewNode(analysis, wh, 'evens', { limit: 3 });
      assert.deepEqual(p.columns.map((c) => c.name), ['id', 'twice']);
      assert.deepEqual(p.rows, [[0, 0], [2, 4], [4, 8]]);
      assert.match(p.sql, /limit 3$/);
      assert.equal((await previewNode(analysis, wh, 'seed.shop.raw', { limit: 5 })).rows.length, 5);
      await assert.rejects(previewNode(analysis, wh, 'sneaky'), (e: unknown) => e instanceof WarehouseError && (e.kind === 'query' || e.kind === 'read-only'));
      assert.equal((await wh.query('select count(*) as n from raw')).rows[0].n, 1000);
      await assert.rejects(previewNode(analysis, wh, 'nope'), /no model, seed or snapshot named "nope"/);
    } finally {
      await wh.close();
    }
  });
});
