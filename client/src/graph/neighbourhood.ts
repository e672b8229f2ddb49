/**
 * Chooses what the lineage graph shows: the neighbourhood of the root, capped
 * at a node budget so a 5,000-node project never reaches the webview whole.
 * Nodes closest to the root win; every shown node carries how many of its
 * neighbours were left out so the picture can say "+N more" honestly.
 * Pure (no vscode), shared by the panel and its tests.
 */
import type { CheckStatus, LineageResult, ResourceKind } from '../../../server/src/protocol/lsp_ext';

export interface GraphNode {
  id: string;
  name: string;
  kind: ResourceKind;
  distance: number;
  status?: CheckStatus;
  materialized?: string;
  /** Parents / children that exist but are not drawn (depth cut or node cap). */
  hiddenUpstream: number;
  hiddenDownstream: number;
  /** Columns of this node on the highlighted column path, in path order. */
  pathColumns: string[];
  /** The root's columns when no column is highlighted, so one can be picked in the graph. */
  columns: string[];
  isRoot: boolean;
}

export interface GraphEdge {
  from: string;
  to: string;
  /** True when the edge carries the highlighted column path. */
  onPath: boolean;
}

export interface GraphModel {
  root: string | null;
  column?: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Nodes of the response that the cap left out. */
  omitted: number;
  /** True when the server's depth limit cut the graph, too. */
  truncated: boolean;
}

export function capNeighbourhood(result: LineageResult, maxNodes: number, column?: string): GraphModel {
  const budget = Math.max(1, Math.floor(maxNodes));
  // Closest first; ties broken by name so the picture is stable between refreshes.
  const ranked = result.nodes
    .slice()
    .sort((a, b) => Number(b.id === result.root) - Number(a.id === result.root) || Math.abs(a.distance) - Math.abs(b.distance) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  const kept = new Set<string>();
  for (const n of ranked) {
    if (kept.size >= budget) break;
    kept.add(n.id);
  }

  const pathColumns = new Map<string, string[]>();
  const pathEdges = new Set<string>();
  const addPathColumn = (node: string, col: string) => {
    const list = pathColumns.get(node);
    if (!list) pathColumns.set(node, [col]);
    else if (!list.includes(col)) list.push(col);
  };
  for (const e of result.columnEdges ?? []) {
    addPathColumn(e.from.node, e.from.column);
    addPathColumn(e.to.node, e.to.column);
    pathEdges.add(`${e.from.node}\u0000${e.to.node}`);
  }
  if (column && result.root) addPathColumn(result.root, column);

  const shownParents = new Map<string, number>();
  const shownChildren = new Map<string, number>();
  const edges: GraphEdge[] = [];
  const seenEdges = new Set<string>();
  for (const e of result.edges) {
    if (!kept.has(e.from) || !kept.has(e.to)) continue;
    const key = `${e.from}\u0000${e.to}`;
    if (seenEdges.has(key)) continue;
    seenEdges.add(key);
    edges.push({ from: e.from, to: e.to, onPath: pathEdges.has(key) });
    shownParents.set(e.to, (shownParents.get(e.to) ?? 0) + 1);
    shownChildren.set(e.from, (shownChildren.get(e.from) ?? 0) + 1);
  }

  const nodes: GraphNode[] = [];
  for (const n of ranked) {
    if (!kept.has(n.id)) continue;
    nodes.push({
      id: n.id,
      name: n.name,
      kind: n.resourceType,
      distance: n.distance,
      status: n.checkStatus,
      materialized: n.materialized,
      hiddenUpstream: Math.max(0, n.upstreamCount - (shownParents.get(n.id) ?? 0)),
      hiddenDownstream: Math.max(0, n.downstreamCount - (shownChildren.get(n.id) ?? 0)),
      pathColumns: pathColumns.get(n.id) ?? [],
      columns: n.id === result.root && !column ? n.columns.map((c) => c.name) : [],
      isRoot: n.id === result.root,
    });
  }
  return { root: result.root, column, nodes, edges, omitted: result.nodes.length - kept.size, truncated: result.truncated };
}
