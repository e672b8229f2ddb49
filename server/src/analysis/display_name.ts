import type { AnalyzedNode } from './api';

/** How a node is named to people: sources as `source.table` (as in source('source', 'table')), the rest by name. */
export function displayName(n: AnalyzedNode): string {
  return n.sourceName ? `${n.sourceName}.${n.name}` : n.name;
}
