import * as assert from 'node:assert/strict';
import { catalogFromAnalysis } from './catalog';
import { analysis, node } from './testing/fixtures';
import type { Project } from '../project/types';

describe('check catalog from the project analysis', () => {
  it('names datasets every way a user would, preferring the root project and models', () => {
    const pkgOrders = { ...node({ name: 'orders', columns: ['x'] }), uniqueId: 'model.utils.orders', packageName: 'utils' };
    const a = analysis([
      node({ name: 'orders', columns: ['order_id'] }),
      pkgOrders,
      node({ type: 'seed', name: 'orders', columns: ['id'] }),
      node({ type: 'source', source: 'raw', name: 'orders', schema: 'raw', loadedAtField: '_loaded_at', columns: ['id'] }),
    ]);
    (a as { project: Project }).project = { config: { name: 'shop' } } as Project;
    const c = catalogFromAnalysis(a);
    assert.equal(c.resolve('orders')?.id, 'model.shop.orders');
    assert.equal(c.resolve('seed:orders')?.id, 'seed.shop.orders');
    assert.equal(c.resolve('model.utils.orders')?.id, 'model.utils.orders');
    const src = c.resolve('source:raw.orders')!;
    assert.equal(src.display, 'source:raw.orders');
    assert.deepEqual(src.columns, ['id', '_loaded_at'], 'the loaded_at field is a known column');
    assert.equal(src.columnsComplete, false, 'source YAML rarely lists every column');
    assert.equal(c.resolve('orders')?.columnsComplete, true);
    assert.deepEqual(c.suggest('ordrs'), ['orders']);
  });
});
