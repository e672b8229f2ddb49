/**
 * Small questions about nodes and columns that several features ask:
 * where a node is defined, which columns read a column, how a node is tested.
 */
import { displayName as nodeDisplayName } from '../analysis/display_name';
import type { AnalyzedColumn, AnalyzedNode } from '../analysis/api';
import type { ProjectAnalysisDetail } from '../analysis/analyze_project';
import type { Range } from '../core/text';

export interface FileRange {
  file: string;
  range: Range;
}

const FILE_START: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** Where to jump for a node: the SQL/CSV file, or the YAML entry of a source table. */
export function nodeLocation(node: AnalyzedNode): FileRange | undefined {
  if (!node.file) return undefined;
  return { file: node.file, range: node.resourceType === 'source' ? node.range ?? FILE_START : FILE_START };
}

export function columnOf(node: AnalyzedNode, name: string): AnalyzedColumn | undefined {
  const key = name.toLowerCase();
  return node.columns.find((c) => c.name.toLowerCase() === key);
}

/** The YAML declaration of a model/seed/snapshot column, if any. */
export function declaredColumn(analysis: ProjectAnalysisDetail, nodeId: string, column: string): FileRange | undefined {
  const key = column.toLowerCase();
  const p = analysis.project;
  const def = p.models.find((m) => m.uniqueId === nodeId) ?? p.seeds.find((s) => s.uniqueId === nodeId) ?? p.snapshots.find((s) => s.uniqueId === nodeId);
  const decl = def?.props?.columns.find((c) => c.name.toLowerCase() === key) ?? p.sources.find((s) => s.uniqueId === nodeId)?.columns.find((c) => c.name.toLowerCase() === key);
  return decl ? { file: decl.file, range: decl.nameRange } : undefined;
}

/** Every (node, column) whose lineage reads `nodeId.column`: one scan over the project's columns. */
export function downstreamColumns(analysis: ProjectAnalysisDetail, nodeId: string, column: string): { node: AnalyzedNode; column: AnalyzedColumn }[] {
  const key = column.toLowerCase();
  const out: { node: AnalyzedNode; column: AnalyzedColumn }[] = [];
  // Only children can read the column, so only they are scanned.
  const self = analysis.nodes.get(nodeId);
  for (const childId of self?.children ?? []) {
    const child = analysis.nodes.get(childId);
    if (!child) continue;
    for (const c of child.columns) {
      if (c.lineage.some((l) => l.node === nodeId && l.column.toLowerCase() === key)) out.push({ node: child, column: c });
    }
  }
  return out;
}

/** The properties YAML entry of a model/seed/snapshot. */
export function propsOf(analysis: ProjectAnalysisDetail, nodeId: string) {
  const p = analysis.project;
  return (p.models.find((m) => m.uniqueId === nodeId) ?? p.seeds.find((s) => s.uniqueId === nodeId) ?? p.snapshots.find((s) => s.uniqueId === nodeId))?.props;
}

/** `raw.orders` for a source table, the name for everything else. */
export function displayName(_analysis: ProjectAnalysisDetail, node: AnalyzedNode): string {
  return nodeDisplayName(node);
}

export function relationName(node: AnalyzedNode): string {
  const r = node.relation;
  return [r.database, r.schema, r.identifier].filter((x) => x).join('.');
}

/**
 * Where a column is defined, for jumping to it. A column that comes out of a
 * `select *` is located at the star by the analysis; in that case the item
 * that names it inside the file (`lower(email) as email` in a CTE) is the
 * better target.
 */
export function columnLocation(analysis: ProjectAnalysisDetail, node: AnalyzedNode, col: AnalyzedColumn): FileRange | undefined {
  const loc = col.location;
  if (!loc) return nodeLocation(node);
  if (loc.file !== node.file || node.resourceType === 'source' || node.resourceType === 'seed') return loc;
  const text = analysis.lines.text(loc.file);
  if (text === undefined) return loc;
  const li = analysis.lines.of(loc.file);
  const item = text.slice(li.offsetAt(loc.range.start), li.offsetAt(loc.range.end));
  const name = col.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  if (new RegExp(`\\b${name}\\b`, 'i').test(item)) return loc;
  const named = new RegExp(`\\bas\\s+"?(${name})"?\\b`, 'i').exec(text) ?? new RegExp(`(?<![.\\w])(${name})\\s*(?:,|\\n|\\bfrom\\b)`, 'i').exec(text);
  if (!named) return loc;
  const start = named.index + named[0].indexOf(named[1]);
  return { file: loc.file, range: li.rangeOf(start, start + col.name.length) };
}
