import { strict as assert } from 'node:assert';
import type { LineageNode, LineageResult } from '../../../server/src/protocol/lsp_ext';
import { capNeighbourhood } from './neighbourhood';

function node(id: string, distance: number, up: number, down: number): LineageNode {
  return { id, name: id, resourceType: 'model', distance, columns: [], upstreamCount: up, downstreamCount: down };
}

describe('graph neighbourhood capping', () => {
  it('keeps the root and the closest nodes and counts what it left out', () => {
    // root with 10 parents at distance 1, each with one grandparent at distance 2
    const nodes = [node('root', 0, 10, 0)];
    const edges = [];
    for (let i = 0; i < 10; i++) {
      nodes.push(node(`p${i}`, -1, 1, 1), node(`g${i}`, -2, 0, 1));
      edges.push({ from: `p${i}`, to: 'root' }, { from: `g${i}`, to: `p${i}` });
    }
    const model = capNeighbourhood({ root: 'root', nodes, edges, truncated: false }, 6);
    assert.equal(model.nodes.length, 6);
    assert.equal(model.nodes[0].id, 'root');
    assert.ok(model.nodes.slice(1).every((n) => n.distance === -1), 'parents before grandparents');
    assert.equal(model.omitted, 15);
    assert.equal(model.nodes[0].hiddenUpstream, 5);
    assert.ok(model.nodes.slice(1).every((n) => n.hiddenUpstream === 1));
    assert.ok(model.edges.every((e) => model.nodes.some((n) => n.id === e.from) && model.nodes.some((n) => n.id === e.to)));
  });

  it('a 5,000-node response never yields more than the cap', () => {
    const nodes = [node('root', 0, 0, 4999)];
    const edges = [];
    for (let i = 1; i < 5000; i++) {
      nodes.push(node(`n${i}`, 1 + (i % 7), 1, 0));
      edges.push({ from: 'root', to: `n${i}` });
    }
    const t0 = Date.now();
    const model = capNeighbourhood({ root: 'root', nodes, edges, truncated: true }, 150);
    assert.ok(Date.now() - t0 < 200);
    assert.equal(model.nodes.length, 150);
    assert.equal(model.edges.length, 149);
    assert.equal(model.nodes[0].hiddenDownstream, 4999 - 149);
    assert.equal(model.truncated, true);
  });

  it('marks the column path on nodes and edges', () => {
    const result: LineageResult = {
      root: 'c',
      nodes: [node('a', -2, 0, 1), node('b', -1, 1, 1), node('c', 0, 1, 0), node('x', -1, 0, 1)],
      edges: [{ from: 'a', to: 'b' }, { from: 'b', to: 'c' }, { from: 'x', to: 'c' }],
      columnEdges: [
        { from: { node: 'a', column: 'id' }, to: { node: 'b', column: 'order_id' } },
        { from: { node: 'b', column: 'order_id' }, to: { node: 'c', column: 'order_id' } },
      ],
      truncated: false,
    };
    const model = capNeighbourhood(result, 50, 'order_id');
    const byId = new Map(model.nodes.map((n) => [n.id, n]));
    assert.deepEqual(byId.get('a')!.pathColumns, ['id']);
    assert.deepEqual(byId.get('c')!.pathColumns, ['order_id']);
    assert.deepEqual(byId.get('x')!.pathColumns, []);
    assert.deepEqual(model.edges.filter((e) => e.onPath).map((e) => e.from + e.to).sort(), ['ab', 'bc']);
    assert.ok(model.nodes.every((n) => n.columns.length === 0), 'no pick list while a column is followed');
  });

  it('lists the root\'s columns to pick from when no column is followed', () => {
    const root = { ...node('r', 0, 0, 0), columns: [{ name: 'id' }, { name: 'amount' }] };
    const model = capNeighbourhood({ root: 'r', nodes: [root, { ...node('x', 1, 1, 0), columns: [{ name: 'y' }] }], edges: [{ from: 'r', to: 'x' }], truncated: false }, 10);
    assert.deepEqual(model.nodes.find((n) => n.id === 'r')!.columns, ['id', 'amount']);
    assert.deepEqual(model.nodes.find((n) => n.id === 'x')!.columns, []);
  });

  it('treats a non-positive cap as one node (the root)', () => {
    const model = capNeighbourhood({ root: 'r', nodes: [node('x', 1, 1, 0), node('r', 0, 0, 1)], edges: [{ from: 'r', to: 'x' }], truncated: false }, 0);
    assert.deepEqual(model.nodes.map((n) => n.id), ['r']);
    assert.equal(model.nodes[0].hiddenDownstream, 1);
  });
});
