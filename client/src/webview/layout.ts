/**
 * Layered layout of a capped lineage graph with dagre (left → right, sources
 * first). Pure: runs in the webview and under mocha alike.
 */
import dagre from '@dagrejs/dagre';
import type { GraphModel, GraphNode } from '../graph/neighbourhood';

export interface PlacedNode {
  node: GraphNode;
  /** Top-left corner and size. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlacedEdge {
  from: string;
  to: string;
  onPath: boolean;
  points: { x: number; y: number }[];
}

export interface Layout {
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  width: number;
  height: number;
}

const CHAR_W = 7.2;
const LINE_H = 16;
const PAD_X = 14;
const MAX_LISTED_COLUMNS = 10;

/** The column rows a node draws: its column-path columns, else (root only) all its columns to pick from. */
export function listedColumns(n: GraphNode): string[] {
  return n.pathColumns.length ? n.pathColumns : n.columns;
}

export function nodeSize(n: GraphNode): { width: number; height: number } {
  const label = Math.max(n.name.length, (n.kind + (n.materialized ? ` · ${n.materialized}` : '')).length * 0.85);
  const all = listedColumns(n);
  const cols = all.slice(0, MAX_LISTED_COLUMNS);
  const colW = cols.reduce((w, c) => Math.max(w, c.length), 0);
  const width = Math.ceil(Math.min(320, Math.max(110, Math.max(label, colW + 2) * CHAR_W + 2 * PAD_X)));
  const height = 40 + cols.length * LINE_H + (all.length > MAX_LISTED_COLUMNS ? LINE_H : 0);
  return { width, height };
}

export function layoutGraph(model: GraphModel): Layout {
  const g = new dagre.graphlib.Graph({ multigraph: false });
  // nodesep leaves room above each box for its "+N more" badges.
  g.setGraph({ rankdir: 'LR', nodesep: 26, ranksep: 70, marginx: 20, marginy: 24 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of model.nodes) g.setNode(n.id, nodeSize(n));
  for (const e of model.edges) g.setEdge(e.from, e.to);
  dagre.layout(g);
  const nodes: PlacedNode[] = model.nodes.map((n) => {
    const p = g.node(n.id);
    return { node: n, x: p.x - p.width / 2, y: p.y - p.height / 2, width: p.width, height: p.height };
  });
  const edges: PlacedEdge[] = model.edges.map((e) => ({ from: e.from, to: e.to, onPath: e.onPath, points: ((g.edge(e.from, e.to) as { points?: { x: number; y: number }[] } | undefined)?.points ?? []).map((p) => ({ x: p.x, y: p.y })) }));
  const graph = g.graph();
  return { nodes, edges, width: graph.width ?? 0, height: graph.height ?? 0 };
}

export { MAX_LISTED_COLUMNS };
