/**
 * Find references: for a node (a ref/source name, a YAML entry, or anywhere
 * in a model file) every ref()/source() that reads it plus its YAML entry;
 * for a column, the downstream columns whose lineage reads it.
 */
import type { Location } from 'vscode-languageserver/node';
import type { ProjectAnalysisDetail } from '../../analysis/analyze_project';
import { location } from '../convert';
import { symbolAt } from '../locate/symbol_at';
import { columnOf, declaredColumn, downstreamColumns, nodeLocation, propsOf, type FileRange } from '../node_facts';
import type { FileContext } from '../workspace_state';

export function references(ctx: FileContext, offset: number, includeDeclaration: boolean, uriOf: (rel: string) => string): Location[] {
  const { analysis } = ctx;
  const s = symbolAt(ctx, offset);
  let out: FileRange[] = [];
  if (s?.kind === 'column') out = columnReferences(analysis, s.nodeId, s.column, includeDeclaration);
  else if (s?.kind === 'node') out = nodeReferences(analysis, s.nodeId, includeDeclaration);
  else if (!s) {
    const own = analysis.nodeByFile.get(ctx.rel)?.[0];
    if (own) out = nodeReferences(analysis, own, includeDeclaration);
  }
  return dedupe(out).map((l) => location(uriOf(l.file), l.range));
}

export function nodeReferences(analysis: ProjectAnalysisDetail, nodeId: string, includeDeclaration: boolean): FileRange[] {
  const node = analysis.nodes.get(nodeId);
  if (!node) return [];
  const out: FileRange[] = [];
  if (includeDeclaration) {
    const loc = nodeLocation(node);
    if (loc) out.push(loc);
  }
  const props = propsOf(analysis, nodeId);
  if (props) out.push({ file: props.file, range: props.nameRange });
  // Only children can reference the node, so only their calls are resolved.
  for (const childId of node.children) {
    const child = analysis.nodes.get(childId);
    const r = analysis.modelResults.get(childId);
    if (!child?.file || !r) continue;
    const li = analysis.lines.of(child.file);
    for (const ref of r.refs) {
      const res = analysis.refIndex.resolve(ref.name, ref.package, ref.version, child.packageName);
      if (res.kind === 'ok' && res.uniqueId === nodeId) out.push({ file: child.file, range: li.rangeOf(ref.start, ref.end) });
    }
    for (const src of r.sources) {
      const res = analysis.sourceIndex.resolve(src.source, src.table);
      if (res.kind === 'ok' && res.uniqueId === nodeId) out.push({ file: child.file, range: li.rangeOf(src.tableStart, src.tableEnd) });
    }
  }
  return out;
}

export function columnReferences(analysis: ProjectAnalysisDetail, nodeId: string, column: string, includeDeclaration: boolean): FileRange[] {
  const node = analysis.nodes.get(nodeId);
  if (!node) return [];
  const out: FileRange[] = [];
  if (includeDeclaration) {
    const col = columnOf(node, column);
    if (col?.location) out.push(col.location);
    const decl = declaredColumn(analysis, nodeId, column);
    if (decl) out.push(decl);
  }
  for (const d of downstreamColumns(analysis, nodeId, column)) if (d.column.location) out.push(d.column.location);
  return out;
}

function dedupe(list: FileRange[]): FileRange[] {
  const seen = new Set<string>();
  return list.filter((l) => {
    const k = `${l.file}:${l.range.start.line}:${l.range.start.character}:${l.range.end.line}:${l.range.end.character}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
