/**
 * Workspace symbols: every node of every project, matched fuzzily (the query's
 * characters in order), best matches first: exact, prefix, then by how
 * tightly the characters cluster.
 */
import { SymbolKind, type WorkspaceSymbol } from 'vscode-languageserver/node';
import type { AnalyzedNode } from '../../analysis/api';
import type { ProjectAnalysisDetail } from '../../analysis/analyze_project';
import { location } from '../convert';
import { displayName, nodeLocation } from '../node_facts';

const LIMIT = 200;

export function fuzzyScore(query: string, name: string): number | undefined {
  if (!query) return 0;
  const q = query.toLowerCase();
  const s = name.toLowerCase();
  if (s === q) return 1000;
  if (s.startsWith(q)) return 800 - s.length;
  const at = s.indexOf(q);
  if (at >= 0) return 600 - at - s.length;
  let i = 0;
  let gaps = 0;
  let last = -1;
  for (let j = 0; j < s.length && i < q.length; j++) {
    if (s.charCodeAt(j) !== q.charCodeAt(i)) continue;
    if (last >= 0 && j !== last + 1) gaps++;
    last = j;
    i++;
  }
  return i === q.length ? 400 - gaps * 10 - s.length : undefined;
}

export function workspaceSymbols(projects: { analysis: ProjectAnalysisDetail; uriOf: (rel: string) => string }[], query: string): WorkspaceSymbol[] {
  const scored: { score: number; node: AnalyzedNode; p: (typeof projects)[number] }[] = [];
  for (const p of projects) {
    for (const node of p.analysis.nodes.values()) {
      const score = fuzzyScore(query, displayName(p.analysis, node));
      if (score !== undefined) scored.push({ score, node, p });
    }
  }
  scored.sort((a, b) => b.score - a.score || a.node.name.localeCompare(b.node.name));
  const out: WorkspaceSymbol[] = [];
  for (const { node, p } of scored.slice(0, LIMIT)) {
    const loc = nodeLocation(node);
    if (!loc) continue;
    out.push({
      name: displayName(p.analysis, node),
      kind: node.resourceType === 'source' ? SymbolKind.Struct : node.resourceType === 'seed' ? SymbolKind.File : SymbolKind.Module,
      containerName: `${node.resourceType} · ${node.packageName}`,
      location: location(p.uriOf(loc.file), loc.range),
    });
  }
  return out;
}
