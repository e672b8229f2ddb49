/**
 * Pure shaping of a LineageResult into what the Lineage tree shows. Kept free
 * of `vscode` so it can be unit-tested and reused by the graph view.
 */
import type { ColumnEdge, LineageNode, LineageResult } from '../../../server/src/protocol/lsp_ext';

export type Side = 'up' | 'down';

/** Adjacency over one LineageResult, built once per response (linear in its size). */
export interface LineageIndex {
  root: string | null;
  nodes: Map<string, LineageNode>;
  parents: Map<string, string[]>;
  children: Map<string, string[]>;
  truncated: boolean;
}

export function indexLineage(result: LineageResult): LineageIndex {
  const nodes = new Map<string, LineageNode>();
  const parents = new Map<string, string[]>();
  const children = new Map<string, string[]>();
  for (const n of result.nodes) nodes.set(n.id, n);
  for (const e of result.edges) {
    if (!nodes.has(e.from) || !nodes.has(e.to)) continue;
    push(parents, e.to, e.from);
    push(children, e.from, e.to);
  }
  const byName = (a: string, b: string) => compareNodes(nodes.get(a)!, nodes.get(b)!);
  for (const list of parents.values()) list.sort(byName);
  for (const list of children.values()) list.sort(byName);
  return { root: result.root, nodes, parents, children, truncated: result.truncated };
}

/** Neighbours of `id` on one side that the response contains, sorted by kind then name. */
export function neighbours(index: LineageIndex, id: string, side: Side): LineageNode[] {
  const ids = (side === 'up' ? index.parents : index.children).get(id) ?? [];
  return ids.map((n) => index.nodes.get(n)!);
}

/**
 * True when the node has neighbours on that side that the response left out
 * (the depth limit cut them), so expanding it must ask the server again.
 */
export function needsFetch(index: LineageIndex, id: string, side: Side): boolean {
  const node = index.nodes.get(id);
  if (!node) return false;
  const total = side === 'up' ? node.upstreamCount : node.downstreamCount;
  return neighbours(index, id, side).length < total;
}

/** Whether the node can be expanded on that side at all (present or fetchable neighbours). */
export function hasNeighbours(index: LineageIndex, id: string, side: Side): boolean {
  const node = index.nodes.get(id);
  if (!node) return false;
  return (side === 'up' ? node.upstreamCount : node.downstreamCount) > 0 || neighbours(index, id, side).length > 0;
}

/** Merges a follow-up response (fetched when expanding a cut-off node) into an index in place. */
export function mergeLineage(index: LineageIndex, more: LineageResult): void {
  for (const n of more.nodes) if (!index.nodes.has(n.id)) index.nodes.set(n.id, n);
  for (const e of more.edges) {
    if (!index.nodes.has(e.from) || !index.nodes.has(e.to)) continue;
    const ps = index.parents.get(e.to);
    if (!ps || !ps.includes(e.from)) push(index.parents, e.to, e.from);
    const cs = index.children.get(e.from);
    if (!cs || !cs.includes(e.to)) push(index.children, e.from, e.to);
  }
}

export interface ColumnRef {
  node: string;
  column: string;
}

/** Column-level adjacency from a column lineage response. */
export interface ColumnIndex {
  upstream: Map<string, ColumnRef[]>;
  downstream: Map<string, ColumnRef[]>;
}

export function columnKey(ref: ColumnRef): string {
  return `${ref.node}\u0000${ref.column}`;
}

export function indexColumns(edges: readonly ColumnEdge[] | undefined): ColumnIndex {
  const upstream = new Map<string, ColumnRef[]>();
  const downstream = new Map<string, ColumnRef[]>();
  for (const e of edges ?? []) {
    push(upstream, columnKey(e.to), e.from);
    push(downstream, columnKey(e.from), e.to);
  }
  return { upstream, downstream };
}

export function columnNeighbours(index: ColumnIndex, ref: ColumnRef, side: Side): ColumnRef[] {
  return (side === 'up' ? index.upstream : index.downstream).get(columnKey(ref)) ?? [];
}

/** Short label for a node kind, shown as the tree item's description. */
export function describeNode(node: LineageNode): string {
  const parts: string[] = [node.resourceType];
  if (node.materialized) parts.push(node.materialized);
  if (node.checkStatus) parts.push(`checks: ${node.checkStatus}`);
  return parts.join(' · ');
}

/** Markdown-free tooltip text for a node. */
export function nodeTooltip(node: LineageNode): string {
  const lines = [node.id, `${node.upstreamCount} upstream · ${node.downstreamCount} downstream`];
  if (node.columns.length) lines.push(`${node.columns.length} columns`);
  if (node.checkStatus) lines.push(`last check run: ${node.checkStatus}`);
  return lines.join('\n');
}

const KIND_ORDER: Record<string, number> = { source: 0, seed: 1, snapshot: 2, model: 3 };

function compareNodes(a: LineageNode, b: LineageNode): number {
  return (KIND_ORDER[a.resourceType] ?? 9) - (KIND_ORDER[b.resourceType] ?? 9) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
