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
import { fuzzyScore } from './fuzzy_match';

const LIMIT = 200;

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
