/**
 * The properties-YAML entries of a file, as the project model recorded them
 * (models/seeds/snapshots with their columns, source tables with theirs),
 * so a cursor in YAML can be mapped to the node or column it names.
 */
import type { ProjectAnalysisDetail } from '../../analysis/analyze_project';
import { containsPosition, type Position, type Range } from '../../core/text';
import type { ColumnDecl, NodeProperties } from '../../project/types';

export interface YamlNodeEntry {
  nodeId: string;
  name: string;
  kind: 'model' | 'seed' | 'snapshot' | 'source';
  nameRange: Range;
  range: Range;
  columns: ColumnDecl[];
  /** Sources only: the source's own `name:`. */
  sourceName?: string;
  sourceNameRange?: Range;
  props?: NodeProperties;
}

export function yamlEntriesOf(analysis: ProjectAnalysisDetail, rel: string): YamlNodeEntry[] {
  const p = analysis.project;
  const out: YamlNodeEntry[] = [];
  const add = (kind: YamlNodeEntry['kind'], defs: { uniqueId: string; name: string; props?: NodeProperties }[]) => {
    for (const d of defs) {
      if (d.props?.file !== rel) continue;
      out.push({ nodeId: d.uniqueId, name: d.name, kind, nameRange: d.props.nameRange, range: d.props.range, columns: d.props.columns, props: d.props });
    }
  };
  add('model', p.models);
  add('seed', p.seeds);
  add('snapshot', p.snapshots);
  for (const s of p.sources) {
    if (s.file !== rel) continue;
    out.push({ nodeId: s.uniqueId, name: s.name, kind: 'source', nameRange: s.nameRange, range: s.range, columns: s.columns, sourceName: s.sourceName, sourceNameRange: s.sourceNameRange });
  }
  // File order, as the outline shows them.
  out.sort((a, b) => a.nameRange.start.line - b.nameRange.start.line || a.nameRange.start.character - b.nameRange.start.character);
  return out;
}

export type YamlHit =
  | { kind: 'node'; entry: YamlNodeEntry; range: Range }
  | { kind: 'column'; entry: YamlNodeEntry; column: ColumnDecl; range: Range }
  | { kind: 'source-name'; entry: YamlNodeEntry; range: Range };

export function yamlEntryAt(analysis: ProjectAnalysisDetail, rel: string, pos: Position): YamlHit | undefined {
  for (const entry of yamlEntriesOf(analysis, rel)) {
    if (containsPosition(entry.nameRange, pos)) return { kind: 'node', entry, range: entry.nameRange };
    if (entry.sourceNameRange && containsPosition(entry.sourceNameRange, pos)) return { kind: 'source-name', entry, range: entry.sourceNameRange };
    for (const c of entry.columns) if (containsPosition(c.nameRange, pos)) return { kind: 'column', entry, column: c, range: c.nameRange };
  }
  return undefined;
}
