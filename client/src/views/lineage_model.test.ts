import { strict as assert } from 'node:assert';
import type { LineageNode, LineageResult } from '../../../server/src/protocol/lsp_ext';
import { columnNeighbours, hasNeighbours, indexColumns, indexLineage, mergeLineage, needsFetch, neighbours } from './lineage_model';

function node(id: string, distance: number, up: number, down: number, kind: LineageNode['resourceType'] = 'model'): LineageNode {
  return { id, name: id.split('.').pop()!, resourceType: kind, distance, columns: [], upstreamCount: up, downstreamCount: down };
}

// raw_orders(source) -> stg_orders -> orders -> revenue ; stg_customers -> orders
const result: LineageResult = {
  root: 'model.shop.orders',
  nodes: [
    node('model.shop.orders', 0, 2, 1),
    node('model.shop.stg_orders', -1, 1, 1),
    node('model.shop.stg_customers', -1, 1, 1),
    node('model.shop.revenue', 1, 1, 3),
  ],
  edges: [
    { from: 'model.shop.stg_orders', to: 'model.shop.orders' },
    { from: 'model.shop.stg_customers', to: 'model.shop.orders' },
    { from: 'model.shop.orders', to: 'model.shop.revenue' },
    { from: 'model.shop.ghost', to: 'model.shop.orders' },
  ],
  truncated: true,
};

describe('lineage tree model', () => {
  it('lists upstream neighbours sorted by name and ignores edges to unknown nodes', () => {
    const idx = indexLineage(result);
    assert.deepEqual(neighbours(idx, 'model.shop.orders', 'up').map((n) => n.name), ['stg_customers', 'stg_orders']);
    assert.deepEqual(neighbours(idx, 'model.shop.orders', 'down').map((n) => n.name), ['revenue']);
  });

  it('asks the server again only for nodes whose neighbours the depth limit cut', () => {
    const idx = indexLineage(result);
    assert.equal(needsFetch(idx, 'model.shop.orders', 'up'), false);
    assert.equal(needsFetch(idx, 'model.shop.stg_orders', 'up'), true);
    assert.equal(needsFetch(idx, 'model.shop.revenue', 'down'), true);
    assert.equal(hasNeighbours(idx, 'model.shop.revenue', 'down'), true);
    assert.equal(needsFetch(idx, 'model.shop.nope', 'up'), false);
  });

  it('merges a follow-up response without duplicating edges', () => {
    const idx = indexLineage(result);
    mergeLineage(idx, {
      root: 'model.shop.stg_orders',
      nodes: [node('model.shop.stg_orders', 0, 1, 1), node('source.shop.raw.orders', -1, 0, 1, 'source'), node('model.shop.orders', 1, 2, 1)],
      edges: [
        { from: 'source.shop.raw.orders', to: 'model.shop.stg_orders' },
        { from: 'model.shop.stg_orders', to: 'model.shop.orders' },
      ],
      truncated: false,
    });
    assert.deepEqual(neighbours(idx, 'model.shop.stg_orders', 'up').map((n) => n.id), ['source.shop.raw.orders']);
    assert.equal(needsFetch(idx, 'model.shop.stg_orders', 'up'), false);
    assert.equal(neighbours(idx, 'model.shop.orders', 'up').length, 2);
  });

  it('follows a column path both ways', () => {
    const cols = indexColumns([
      { from: { node: 'a', column: 'id' }, to: { node: 'b', column: 'order_id' } },
      { from: { node: 'b', column: 'order_id' }, to: { node: 'c', column: 'order_id' } },
    ]);
    assert.deepEqual(columnNeighbours(cols, { node: 'b', column: 'order_id' }, 'up'), [{ node: 'a', column: 'id' }]);
    assert.deepEqual(columnNeighbours(cols, { node: 'b', column: 'order_id' }, 'down'), [{ node: 'c', column: 'order_id' }]);
    assert.deepEqual(columnNeighbours(cols, { node: 'a', column: 'id' }, 'up'), []);
  });
});
