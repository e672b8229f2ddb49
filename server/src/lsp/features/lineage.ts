/**
 * driftwatch/lineage: the subgraph around a node, up and/or down to a depth,
 * with each node's location, columns and counts; for a column, the
 * column-level path through AnalyzedColumn.lineage and only the nodes on it.
 */
import type { ProjectAnalysisDetail } from '../../analysis/analyze_project';
import type { ColumnEdge, LineageDirection, LineageEdge, LineageNode, LineageResult } from '../../protocol/lsp_ext';
import { toLspRange } from '../convert';
import { columnOf, displayName, downstreamColumns, nodeLocation } from '../node_facts';

export const EMPTY_LINEAGE: LineageResult = { root: null, nodes: [], edges: [], truncated: false };

export function lineage(analysis: ProjectAnalysisDetail, root: string, direction: LineageDirection, depth: number, column: string | undefined, uriOf: (rel: string) => string): LineageResult {
  if (!analysis.nodes.has(root)) return EMPTY_LINEAGE;
  const d = Math.max(0, Math.floor(Number.isFinite(depth) ? depth : 0));
  if (column !== undefined) return columnLineage(analysis, root, column, direction, d, uriOf);

  const distance = new Map<string, number>([[root, 0]]);
  let truncated = false;
  for (const dir of direction === 'both' ? (['up', 'down'] as const) : [direction]) {
    const walked = analysis.dag.walk(root, dir, d);
    const edges = dir === 'up' ? analysis.dag.parents : analysis.dag.children;
    for (const [id, dist] of walked) {
      if (id !== root) distance.set(id, dir === 'up' ? -dist : dist);
      if (d > 0 && dist === d && (edges.get(id) ?? []).some((n) => !walked.has(n))) truncated = true;
    }
  }
  // Every edge between the returned nodes, not only the walk's: two parents of the root
  // that feed each other (stg_payments → int_order_payments → orders) must be drawn linked,
  // or the graph shows a dangling "+1 more". Nodes outside the walk stay out of the picture.
  const edges: LineageEdge[] = [];
  for (const id of distance.keys()) {
    for (const p of analysis.nodes.get(id)!.parents) {
      if (distance.has(p)) edges.push({ from: p, to: id });
    }
  }
  return { root, nodes: [...distance].map(([id, dist]) => lineageNode(analysis, id, dist, uriOf)), edges, truncated };
}

function columnLineage(analysis: ProjectAnalysisDetail, root: string, column: string, direction: LineageDirection, depth: number, uriOf: (rel: string) => string): LineageResult {
  const rootCol = columnOf(analysis.nodes.get(root)!, column);
  if (!rootCol) return { root, nodes: [lineageNode(analysis, root, 0, uriOf)], edges: [], columnEdges: [], truncated: false };
  const distance = new Map<string, number>([[root, 0]]);
  const columnEdges: ColumnEdge[] = [];
  const seen = new Set<string>();
  let truncated = false;
  const key = (n: string, c: string) => `${n}\u0000${c.toLowerCase()}`;

  if (direction !== 'down') {
    let frontier = [{ node: root, column: rootCol.name }];
    for (let hop = 1; frontier.length; hop++) {
      if (depth > 0 && hop > depth) {
        truncated ||= frontier.some((f) => (columnOf(analysis.nodes.get(f.node)!, f.column)?.lineage.length ?? 0) > 0);
        break;
      }
      const next: typeof frontier = [];
      for (const f of frontier) {
        for (const l of columnOf(analysis.nodes.get(f.node)!, f.column)?.lineage ?? []) {
          if (!analysis.nodes.has(l.node)) continue;
          columnEdges.push({ from: { node: l.node, column: l.column }, to: { node: f.node, column: f.column } });
          if (!distance.has(l.node)) distance.set(l.node, -hop);
          if (seen.has(key(l.node, l.column))) continue;
          seen.add(key(l.node, l.column));
          next.push({ node: l.node, column: l.column });
        }
      }
      frontier = next;
    }
  }
  if (direction !== 'up') {
    let frontier = [{ node: root, column: rootCol.name }];
    for (let hop = 1; frontier.length; hop++) {
      if (depth > 0 && hop > depth) {
        truncated ||= frontier.some((f) => downstreamColumns(analysis, f.node, f.column).length > 0);
        break;
      }
      const next: typeof frontier = [];
      for (const f of frontier) {
        for (const down of downstreamColumns(analysis, f.node, f.column)) {
          columnEdges.push({ from: { node: f.node, column: f.column }, to: { node: down.node.uniqueId, column: down.column.name } });
          if (!distance.has(down.node.uniqueId)) distance.set(down.node.uniqueId, hop);
          if (seen.has(key(down.node.uniqueId, down.column.name))) continue;
          seen.add(key(down.node.uniqueId, down.column.name));
          next.push({ node: down.node.uniqueId, column: down.column.name });
        }
      }
      frontier = next;
    }
  }
  const edgeKeys = new Set<string>();
  const edges: LineageEdge[] = [];
  for (const e of columnEdges) {
    const k = `${e.from.node}\u0000${e.to.node}`;
    if (e.from.node === e.to.node || edgeKeys.has(k)) continue;
    edgeKeys.add(k);
    edges.push({ from: e.from.node, to: e.to.node });
  }
  return { root, nodes: [...distance].map(([id, dist]) => lineageNode(analysis, id, dist, uriOf)), edges, columnEdges, truncated };
}

function lineageNode(analysis: ProjectAnalysisDetail, id: string, distance: number, uriOf: (rel: string) => string): LineageNode {
  const n = analysis.nodes.get(id)!;
  const loc = nodeLocation(n);
  return {
    id,
    name: displayName(analysis, n),
    resourceType: n.resourceType,
    uri: loc ? uriOf(loc.file) : undefined,
    range: loc ? toLspRange(loc.range) : undefined,
    materialized: n.materialized,
    columns: n.columns.map((c) => ({ name: c.name, type: c.type, description: c.description })),
    distance,
    upstreamCount: n.parents.length,
    downstreamCount: n.children.length,
  };
}
