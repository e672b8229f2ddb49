/**
 * `versions:` of a versioned model. Each version becomes its own node, and
 * dbt gives each its own properties: what the user declared for `v: 1` must
 * not be checked against `v: 2`. So besides the list of versions this
 * resolves, once per parsed file, the NodeProperties of every version the
 * way dbt-core does (its get_columns_for_version, get_tests_for_version and
 * versioned patch):
 *   - columns: the base columns kept by the version's one `include`/`exclude`
 *     element (`include: all`/`'*'` by default, or a list; `exclude` only with
 *     all), then its own column entries; an own entry replaces a kept base
 *     column of the same name in its place, and the tests of both still run;
 *   - tests: the version's own model-level tests when it lists any (even an
 *     empty list), else the base's;
 *   - config: the version's on top of the base's; description and
 *     constraints: the version's when given, else the base's.
 * Every part keeps the range where it is written, so a finding about a
 * version's own column lands on the version's entry.
 */
import { makeDiagnostic, type Diagnostic } from '../core/diagnostic';
import { readColumn, readConstraints } from './column_decls';
import { mergeConfig } from './node_config';
import { readTestLists } from './test_decls';
import type { ColumnDecl, ConstraintDecl, NodeConfig, NodeProperties, TestDecl, VersionDecl } from './types';
import { asMap, asSeq, getNode, isNullNode, lookup, scalarString, seqItems, type YamlFile, type YamlNode, type YMap } from './yaml_ranges';

type EntryConfigReader = (yaml: YamlFile, map: YMap, diagnostics: Diagnostic[]) => NodeConfig;

/** Which base columns a version keeps: dbt's IncludeExclude. */
type IncludeExclude = NonNullable<VersionDecl['keep']>;

interface VersionEntry {
  decl: VersionDecl;
  description?: string;
  config: NodeConfig;
  /** Undefined when the entry has no `tests:`/`data_tests:` (the base's apply). */
  tests?: TestDecl[];
  constraints: ConstraintDecl[];
  keep: IncludeExclude;
  columns: ColumnDecl[];
}

const INCLUDE_ALL = new Set(['all', '*']);

/** Reads `versions:` and `latest_version:` into `props` (versions, latestVersion, versionProps). */
export function readVersions(yaml: YamlFile, map: YMap, props: NodeProperties, diagnostics: Diagnostic[], readConfig: EntryConfigReader): void {
  const found = lookup(map, 'versions');
  if (!found.present || isNullNode(found.value)) return;
  const seq = asSeq(found.value);
  if (!seq) {
    diagnostics.push(makeDiagnostic('project-config', yaml.file, yaml.rangeOf(found.value), "'versions' must be a list of {v: <number>} entries"));
    return;
  }
  const entries: VersionEntry[] = [];
  const seen = new Set<string>();
  for (const item of seqItems(seq)) {
    const entry = readVersionEntry(yaml, item, diagnostics, readConfig);
    if (!entry) continue;
    if (seen.has(String(entry.decl.v))) {
      diagnostics.push(makeDiagnostic('project-config', yaml.file, entry.decl.range, `version ${entry.decl.v} of model '${props.name}' is listed twice`));
      continue;
    }
    seen.add(String(entry.decl.v));
    entries.push(entry);
  }
  props.versions = entries.map((e) => e.decl);

  const latestNode = getNode(map, 'latest_version');
  const latest = yaml.toJS(latestNode);
  if ((typeof latest === 'number' || typeof latest === 'string') && latest !== '') {
    props.latestVersion = latest;
    const problem = entries.length ? latestProblem(latest, entries.map((e) => e.decl.v), props.name) : undefined;
    if (problem) diagnostics.push(makeDiagnostic('project-config', yaml.file, yaml.rangeOf(latestNode), problem));
  } else if (entries.length > 0) {
    // dbt's default: the greatest version, compared as numbers when both are numbers, else as strings.
    props.latestVersion = entries.map((e) => e.decl.v).reduce((a, b) => (compareVersions(a, b) < 0 ? b : a));
  }
  props.versionProps = entries.map((e) => resolveVersion(props, e));
}

/**
 * Why dbt refuses this latest_version, if it does. dbt-core checks
 * `latest_version in [v.v for v in versions]`: Python equality on the values
 * as YAML typed them, which its deserialiser keeps (the str branch of
 * `Union[str, float]` passed any value through before mashumaro 3.15; 1.12's
 * `Union[int, float, str]` matches by type). So `latest_version: "2"` is not
 * version `v: 2`, while `2.0` is `2`.
 */
function latestProblem(latest: number | string, versions: (number | string)[], model: string): string | undefined {
  if (versions.some((v) => v === latest)) return undefined;
  const loose = versions.find((v) => String(v) === String(latest));
  if (loose === undefined) return `latest_version ${latest} is not one of the versions of model '${model}' (${versions.join(', ')})`;
  const literal = (v: number | string) => (typeof v === 'string' ? `'${v}'` : String(v));
  return `latest_version ${literal(latest)} is a ${typeof latest} but version ${literal(loose)} of model '${model}' is a ${typeof loose}: dbt compares them as written and finds no such version; write latest_version: ${literal(loose)}`;
}

/** dbt's UnparsedVersion.__lt__. */
/**
 * Orders model versions as dbt does: as numbers when both read as numbers
 * (so 10 follows 9, and 1.5 sits between 1 and 2), else as strings.
 */
export function compareVersions(a: string | number, b: string | number): number {
  const x = asNumber(a);
  const y = asNumber(b);
  if (x !== undefined && y !== undefined) return x - y;
  const s = String(a);
  const t = String(b);
  return s < t ? -1 : s > t ? 1 : 0;
}

function asNumber(v: number | string): number | undefined {
  if (typeof v === 'number') return v;
  const n = Number(v);
  return v.trim() !== '' && Number.isFinite(n) ? n : undefined;
}

function readVersionEntry(yaml: YamlFile, item: YamlNode, diagnostics: Diagnostic[], readConfig: EntryConfigReader): VersionEntry | undefined {
  const vmap = asMap(item);
  const vNode = getNode(vmap, 'v');
  const raw = yaml.toJS(vNode);
  if (!vmap || (typeof raw !== 'number' && typeof raw !== 'string')) {
    diagnostics.push(makeDiagnostic('project-config', yaml.file, yaml.rangeOf(item), 'a version entry needs `v:` (a number or string)'));
    return undefined;
  }
  const decl: VersionDecl = { v: raw, range: yaml.rangeOf(vNode) };
  const definedIn = scalarString(getNode(vmap, 'defined_in'));
  if (definedIn !== undefined) decl.definedIn = definedIn.replace(/\.(sql|py)$/i, '');
  const entry: VersionEntry = {
    decl,
    config: readConfig(yaml, vmap, diagnostics),
    constraints: readConstraints(yaml, vmap, diagnostics),
    keep: { include: 'all', exclude: [] },
    columns: [],
  };
  const description = scalarString(getNode(vmap, 'description'));
  if (description !== undefined) entry.description = description;
  if (lookup(vmap, 'tests').present || lookup(vmap, 'data_tests').present) entry.tests = readTestLists(yaml, vmap, undefined, diagnostics);
  readVersionColumns(yaml, vmap, entry, diagnostics);
  decl.keep = entry.keep;
  return entry;
}

/** A version's `columns:`: at most one include/exclude element, and column entries. */
function readVersionColumns(yaml: YamlFile, vmap: YMap, entry: VersionEntry, diagnostics: Diagnostic[]): void {
  const list = lookup(vmap, 'columns');
  if (!list.present || isNullNode(list.value)) return;
  const seq = asSeq(list.value);
  if (!seq) {
    diagnostics.push(makeDiagnostic('project-config', yaml.file, yaml.rangeOf(list.value), "'columns' must be a list of {name: ...} entries and at most one {include: ..., exclude: [...]}"));
    return;
  }
  let sawKeep = false;
  const columns: ColumnDecl[] = [];
  for (const item of seqItems(seq)) {
    const map = asMap(item);
    const isKeep = map !== undefined && !lookup(map, 'name').present && (lookup(map, 'include').present || lookup(map, 'exclude').present);
    if (!isKeep) {
      const column = readColumn(yaml, item, diagnostics);
      if (column) columns.push(column);
      continue;
    }
    if (sawKeep) {
      diagnostics.push(makeDiagnostic('project-config', yaml.file, yaml.rangeOf(item), 'a version can have at most one include/exclude element'));
      continue;
    }
    sawKeep = true;
    entry.keep = readIncludeExclude(yaml, map, diagnostics);
  }
  entry.columns = columns;
}

function readIncludeExclude(yaml: YamlFile, map: YMap, diagnostics: Diagnostic[]): IncludeExclude {
  const keep: IncludeExclude = { include: 'all', exclude: [] };
  const include = lookup(map, 'include');
  const includeValue = yaml.toJS(include.value);
  if (!include.present) {
    diagnostics.push(makeDiagnostic('project-config', yaml.file, yaml.rangeOf(map), "an include/exclude element needs `include:` ('all', '*' or a list of column names)"));
  } else if (typeof includeValue === 'string' && INCLUDE_ALL.has(includeValue)) {
    keep.include = 'all';
  } else if (Array.isArray(includeValue)) {
    keep.include = includeValue.map(String);
  } else {
    diagnostics.push(makeDiagnostic('project-config', yaml.file, yaml.rangeOf(include.value), "'include' must be 'all', '*' or a list of column names"));
  }
  const exclude = lookup(map, 'exclude');
  if (exclude.present && !isNullNode(exclude.value)) {
    const value = yaml.toJS(exclude.value);
    if (!Array.isArray(value)) {
      diagnostics.push(makeDiagnostic('project-config', yaml.file, yaml.rangeOf(exclude.value), "'exclude' must be a list of column names"));
    } else if (value.length && keep.include !== 'all') {
      diagnostics.push(makeDiagnostic('project-config', yaml.file, yaml.rangeOf(exclude.value), "'exclude' can only be used with `include: all` (or '*'): with a list, name the columns to keep"));
    } else {
      keep.exclude = value.map(String);
    }
  }
  return keep;
}

/** dbt's IncludeExclude.includes: exact names, as written in the YAML. */
function keeps(keep: IncludeExclude, name: string): boolean {
  return (keep.include === 'all' || keep.include.includes(name)) && !keep.exclude.includes(name);
}

function resolveVersion(base: NodeProperties, e: VersionEntry): NodeProperties {
  const own = new Map<string, ColumnDecl>();
  for (const c of e.columns) own.set(c.name, c); // a later entry of the same name wins, as in dbt's column map
  const columns: ColumnDecl[] = [];
  const placed = new Set<string>();
  for (const b of base.columns) {
    if (!keeps(e.keep, b.name) || placed.has(b.name)) continue;
    placed.add(b.name);
    const o = own.get(b.name);
    columns.push(o ? overriding(o, b) : b);
  }
  for (const c of own.values()) if (!placed.has(c.name)) columns.push(c);

  const props: NodeProperties = {
    name: base.name,
    columns,
    tests: e.tests ?? base.tests,
    constraints: e.constraints.length ? e.constraints : base.constraints,
    config: isEmpty(e.config) ? base.config : mergeConfig(base.config, e.config),
    versions: base.versions,
    file: base.file,
    nameRange: base.nameRange,
    range: base.range,
  };
  const description = e.description || base.description;
  if (description !== undefined) props.description = description;
  if (base.latestVersion !== undefined) props.latestVersion = base.latestVersion;
  props.version = e.decl.v;
  return props;
}

/** The version's entry for a base column it keeps: its own facts and place, with the base entry's tests too (dbt runs both). */
function overriding(own: ColumnDecl, base: ColumnDecl): ColumnDecl {
  if (base.tests.length === 0) return own;
  return { ...own, tests: [...base.tests, ...own.tests] };
}

function isEmpty(o: object): boolean {
  for (const _ in o) return false;
  return true;
}
