import { strict as assert } from 'node:assert';
import type { GraphModel, GraphNode } from '../graph/neighbourhood';
import { layoutGraph, nodeSize } from './layout';

function gn(id: string, distance: number, pathColumns: string[] = []): GraphNode {
  return { id, name: id, kind: 'model', distance, hiddenUpstream: 0, hiddenDownstream: 0, pathColumns, columns: [], isRoot: distance === 0 };
}

describe('lineage graph layout', () => {
  it('places parents left of children without overlaps', () => {
    const model: GraphModel = {
      root: 'orders',
      nodes: [gn('orders', 0, ['order_id']), gn('stg_orders', -1), gn('stg_payments', -1), gn('revenue', 1)],
      edges: [
        { from: 'stg_orders', to: 'orders', onPath: true },
        { from: 'stg_payments', to: 'orders', onPath: false },
        { from: 'orders', to: 'revenue', onPath: false },
      ],
      omitted: 0,
      truncated: false,
    };
    const l = layoutGraph(model);
    const at = new Map(l.nodes.map((n) => [n.node.id, n]));
    assert.ok(at.get('stg_orders')!.x + at.get('stg_orders')!.width <= at.get('orders')!.x);
    assert.ok(at.get('orders')!.x + at.get('orders')!.width <= at.get('revenue')!.x);
    const a = at.get('stg_orders')!, b = at.get('stg_payments')!;
    assert.ok(a.y + a.height <= b.y || b.y + b.height <= a.y, 'siblings do not overlap');
    assert.equal(l.edges.length, 3);
    assert.ok(l.edges.every((e) => e.points.length >= 2));
    assert.ok(l.width > 0 && l.height > 0);
    assert.ok(at.get('orders')!.height > at.get('revenue')!.height, 'column path rows make the node taller');
  });

  it('lays out a capped 150-node neighbourhood quickly', () => {
    const nodes = [gn('root', 0)];
    const edges = [];
    for (let i = 0; i < 149; i++) {
      nodes.push(gn(`n${i}`, 1 + (i % 3)));
      edges.push({ from: i < 50 ? 'root' : `n${i - 50}`, to: `n${i}`, onPath: false });
    }
    const t0 = Date.now();
    const l = layoutGraph({ root: 'root', nodes, edges, omitted: 0, truncated: false });
    const ms = Date.now() - t0;
    assert.equal(l.nodes.length, 150);
    assert.ok(ms < 3000, `layout took ${ms} ms`);
  });

  it('sizes nodes to their labels within bounds', () => {
    assert.equal(nodeSize(gn('a', 0)).width, 110);
    assert.equal(nodeSize(gn('x'.repeat(200), 0)).width, 320);
  });
});
