import type { Diagnostic } from '../core/diagnostic';
import type { Range } from '../core/text';

/**
 * The project model: what a dbt-style project declares, before any Jinja is
 * rendered or SQL parsed. Produced by `loadProject` from file texts; pure data.
 * All `file` fields are POSIX paths relative to the project root (the folder
 * holding dbt_project.yml). All ranges are 0-based LSP ranges in that file.
 */

export type ResourceType = 'model' | 'seed' | 'snapshot' | 'source';

/** The files of one project, already read from disk (or from open editor buffers). */
export interface ProjectInput {
  /** Absolute path of the project root; informational (never read by the core). */
  root: string;
  /** Project-relative POSIX path → file text. Includes dbt_project.yml, models, seeds, macros, snapshots, properties YAML, dbt_packages/*. */
  files: ReadonlyMap<string, string>;
  /** Environment variables visible to env_var(). */
  env?: Readonly<Record<string, string>>;
  /** Files that exist but could not be read as text (binary, too large, permission denied); their `files` entry is empty. The loader reports them as `unreadable-file`. */
  unreadable?: { file: string; reason: string }[];
}

export interface ProjectConfig {
  name: string;
  version?: string;
  profile?: string;
  modelPaths: string[];
  seedPaths: string[];
  macroPaths: string[];
  snapshotPaths: string[];
  testPaths: string[];
  analysisPaths: string[];
  vars: Record<string, unknown>;
  /** The `models:` block of dbt_project.yml, keyed by project name then folders; resolved per model by `configForPath`. */
  modelsConfig: Record<string, unknown>;
  seedsConfig: Record<string, unknown>;
  snapshotsConfig: Record<string, unknown>;
  /** Project-level dispatch search order, `dispatch: [{macro_namespace, search_order}]`. */
  dispatch: { macroNamespace: string; searchOrder: string[] }[];
  /**
   * Effective vars per package (root project included), with dbt's scoping applied:
   * the package's own dbt_project.yml vars < the root's global vars < the root's `vars: {<package>: {...}}`.
   * This is what `var()` sees inside a node of that package.
   */
  packageVars?: Record<string, Record<string, unknown>>;
}

/** Effective node config: dbt_project.yml folder config < properties YAML config < in-file config(). */
export interface NodeConfig {
  materialized?: string;
  enabled?: boolean;
  tags?: string[];
  schema?: string;
  database?: string;
  alias?: string;
  uniqueKey?: string | string[];
  contractEnforced?: boolean;
  meta?: Record<string, unknown>;
  /** Anything else a config() call or YAML config sets, kept verbatim. */
  [key: string]: unknown;
}

export interface ConstraintDecl {
  type: string; // not_null | unique | primary_key | foreign_key | check
  columns?: string[];
  expression?: string;
  range: Range;
}

/** A generic test attached in properties YAML: `unique`, `not_null`, `accepted_values`, `relationships`, `dbt_utils.x`, … */
export interface TestDecl {
  /** Test name as written, with its namespace if any: `unique`, `dbt_utils.accepted_range`. */
  name: string;
  /** The column the test is attached to (undefined for model-level tests). */
  column?: string;
  /** Test arguments (e.g. `values`, `to`, `field`, `min_value`), from the YAML mapping or its `arguments:` key. */
  args: Record<string, unknown>;
  config: {
    severity?: 'warn' | 'error';
    where?: string;
    warnIf?: string;
    errorIf?: string;
    enabled?: boolean;
    name?: string;
  };
  file: string;
  /** Range of the test's name in the YAML. */
  range: Range;
}

export interface ColumnDecl {
  name: string;
  description?: string;
  dataType?: string;
  tests: TestDecl[];
  constraints: ConstraintDecl[];
  meta?: Record<string, unknown>;
  file: string;
  /** Range of the column's `name:` value. */
  nameRange: Range;
  /** Range of the whole column entry (for quick fixes that insert after it). */
  range: Range;
}

/** A `models:` / `seeds:` / `snapshots:` entry in a properties YAML. */
export interface NodeProperties {
  name: string;
  description?: string;
  columns: ColumnDecl[];
  /** Model-level tests (`tests:` / `data_tests:` on the model). */
  tests: TestDecl[];
  constraints: ConstraintDecl[];
  config: NodeConfig;
  /** `versions:` with their `v` numbers, if the model is versioned. */
  versions?: VersionDecl[];
  latestVersion?: number | string;
  /**
   * Per entry of `versions:` (same order), the properties that version's node
   * gets, resolved as dbt resolves them: the base columns its
   * `include`/`exclude` keeps plus its own column entries (an own entry
   * replaces a base column of the same name, in its place, and the tests of
   * both apply); its own tests instead of the base's when it lists any; its
   * config on top of the base's; its description and constraints when given,
   * else the base's. Ranges stay where each part is written.
   */
  versionProps?: NodeProperties[];
  /** On a version's properties (one of `versionProps`): which version. */
  version?: number | string;
  /** YAML-defined snapshots (dbt ≥ 1.9): the `relation:` they snapshot, e.g. `ref('stg_customers')`. */
  relation?: string;
  file: string;
  nameRange: Range;
  range: Range;
}

/** One entry of a model's `versions:`. */
export interface VersionDecl {
  v: number | string;
  /** Range of the `v:` value. */
  range: Range;
  /** `defined_in:` file stem, when not `<name>_v<v>`. */
  definedIn?: string;
  /**
   * Which base columns the version keeps: its `include`/`exclude` element
   * (`include: all` when it has none). Editors need it to know whether a
   * column added to the base reaches this version.
   */
  keep?: { include: 'all' | string[]; exclude: string[] };
}

export interface ModelDef {
  uniqueId: string; // model.<package>.<name>
  name: string;
  packageName: string;
  file: string;
  rawSql: string;
  /** Config from dbt_project.yml folders and properties YAML (in-file config() is merged later by the analysis). */
  config: NodeConfig;
  props?: NodeProperties;
  /** Version number for versioned models (`<name>_v<n>.sql`). */
  version?: number | string;
  /** `python` for `.py` models, whose rawSql is empty (their code is not SQL); absent means SQL. */
  language?: 'sql' | 'python';
}

export interface SeedDef {
  uniqueId: string; // seed.<package>.<name>
  name: string;
  packageName: string;
  file: string;
  /** Column names from the CSV header, in order. */
  columns: string[];
  config: NodeConfig;
  props?: NodeProperties;
}

export interface SnapshotDef {
  uniqueId: string; // snapshot.<package>.<name>
  name: string;
  packageName: string;
  file: string;
  /** The SQL body between `{% snapshot name %}` and `{% endsnapshot %}` (or the whole file for YAML-defined snapshots' SQL). */
  rawSql: string;
  /** Offset of rawSql inside the file, so ranges can be mapped back. */
  bodyOffset: number;
  config: NodeConfig;
  props?: NodeProperties;
}

export interface SourceTableDef {
  uniqueId: string; // source.<package>.<source>.<table>
  sourceName: string;
  name: string;
  packageName: string;
  database?: string;
  schema: string;
  identifier: string;
  description?: string;
  loadedAtField?: string;
  freshness?: { warnAfter?: Duration; errorAfter?: Duration; filter?: string };
  columns: ColumnDecl[];
  tests: TestDecl[];
  tags: string[];
  meta?: Record<string, unknown>;
  file: string;
  /** Range of the table's `name:` value. */
  nameRange: Range;
  /** Range of the source's `name:` value. */
  sourceNameRange: Range;
  range: Range;
}

export interface Duration {
  count: number;
  period: 'minute' | 'hour' | 'day';
}

/** A file holding `{% macro %}` definitions; parsed into macros by the Jinja layer. */
export interface MacroFile {
  packageName: string;
  file: string;
  text: string;
}

/** A singular data test: a `.sql` file under test-paths. */
export interface SingularTestDef {
  name: string;
  file: string;
  rawSql: string;
}

/** An analysis: a `.sql` file under analysis-paths. */
export interface AnalysisDef {
  uniqueId: string; // analysis.<package>.<name>
  name: string;
  packageName: string;
  file: string;
  rawSql: string;
}

/** Where a properties YAML mentions a model/seed/snapshot that does not exist. */
export interface PropertiesEntryRef {
  kind: 'models' | 'seeds' | 'snapshots';
  name: string;
  file: string;
  nameRange: Range;
}

export interface Project {
  config: ProjectConfig;
  /** Range of `name:` in dbt_project.yml (for project-level diagnostics). */
  configFile: string;
  /** Range of the `name:` value in `configFile`. */
  configNameRange?: Range;
  models: ModelDef[];
  /** Models with `enabled: false`; refs to them get a specific diagnostic. */
  disabledModels: ModelDef[];
  seeds: SeedDef[];
  snapshots: SnapshotDef[];
  sources: SourceTableDef[];
  macroFiles: MacroFile[];
  singularTests: SingularTestDef[];
  /** `.sql` files under analysis-paths (compiled, never built). */
  analyses?: AnalysisDef[];
  /** Every properties entry, including ones naming nothing (→ yaml-unknown-model). */
  propertyEntries: PropertiesEntryRef[];
  /** Installed packages under dbt_packages/ (name → project name). */
  packages: string[];
  /** yaml-syntax, project-config, duplicate-resource, unreadable-file … found while loading. */
  diagnostics: Diagnostic[];
}
