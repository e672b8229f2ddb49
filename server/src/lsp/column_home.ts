/**
 * Where a new column declaration for a node belongs in its properties YAML.
 *
 * For most nodes: the entry's `columns:`. A version of a versioned model has
 * no entry of its own; dbt (get_columns_for_version) gives it the base
 * `columns:` its `include`/`exclude` keeps, then the `columns:` of its own
 * entry under `versions:`. So a column can be declared for a version in two
 * places, and the base is the right one only when dbt would give the column
 * to this version from there AND giving it to every other version that keeps
 * base columns is true of them too:
 *   - a version whose include list (or exclude) leaves the name out never
 *     sees a base column of that name: it goes on the version's own entry;
 *   - a base column reaches every version that includes all (dbt has no way
 *     to say "this base column only for v2"), and dbt documents and tests it
 *     on each; if one of them does not produce the column, the declaration
 *     would be false there (drift-declared-not-produced, and a failing
 *     contract or test once it has one), so it goes on the version's own entry;
 *   - otherwise the base: one declaration the versions share, which is what
 *     the base `columns:` is for, and adding it per version would duplicate it.
 */
import type { ProjectAnalysisDetail } from '../analysis/analyze_project';
import type { Range } from '../core/text';
import type { NodeProperties, VersionDecl } from '../project/types';

export interface ColumnHome {
  file: string;
  /** The range of the value of `anchorKey` in the entry that gets the column. */
  anchor: Range;
  anchorKey: 'name' | 'v';
  /** The version whose own entry gets it; undefined for the properties entry itself. */
  version?: number | string;
  /** For the base entry of a versioned model: the versions that will get the column from it. */
  sharedBy?: (number | string)[];
}

export function columnHome(analysis: ProjectAnalysisDetail, nodeId: string, props: NodeProperties, column: string): ColumnHome {
  const base: ColumnHome = { file: props.file, anchor: props.nameRange, anchorKey: 'name' };
  const def = analysis.modelDefs.get(nodeId);
  const versions = props.versions ?? [];
  const own = def?.version === undefined ? undefined : versions.find((v) => String(v.v) === String(def.version));
  if (!def || !own) return base;
  const ownHome: ColumnHome = { file: props.file, anchor: own.range, anchorKey: 'v', version: own.v };
  if (!keeps(own, column)) return ownHome;
  const idOf = (v: VersionDecl) => `${def.uniqueId.slice(0, def.uniqueId.length - `.v${def.version}`.length)}.v${v.v}`;
  const key = column.toLowerCase();
  const sharedBy = [own.v];
  for (const other of versions) {
    if (other === own || !keeps(other, column)) continue;
    sharedBy.push(other.v);
    const node = analysis.nodes.get(idOf(other));
    // Declared already (its own entry, which would override the base one) or produced: the base entry is true of it.
    const fits = node?.columns.some((c) => c.name.toLowerCase() === key && (c.produced || c.declared));
    if (!fits) return ownHome;
  }
  return { ...base, sharedBy: versions.filter((v) => sharedBy.includes(v.v)).map((v) => v.v) };
}

/** dbt's IncludeExclude.includes: exact names, as written in the YAML. */
function keeps(v: VersionDecl, name: string): boolean {
  const keep = v.keep ?? { include: 'all', exclude: [] };
  return (keep.include === 'all' || keep.include.includes(name)) && !keep.exclude.includes(name);
}
