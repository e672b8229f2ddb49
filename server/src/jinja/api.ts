/**
 * The Jinja layer's public contract. Everything here is pure: templates in,
 * rendered text, a source map and findings out. Offsets are UTF-16 string
 * offsets into the template (or into the macro file for macro errors).
 */
import type { MacroFile } from '../project/types';

export interface RefCall {
  name: string;
  package?: string;
  version?: string | number;
  /** The whole `ref(...)` call in the template. */
  start: number;
  end: number;
  /** The model-name string literal (without quotes), for diagnostics and go-to-definition. */
  nameStart: number;
  nameEnd: number;
}

export interface SourceCall {
  source: string;
  table: string;
  start: number;
  end: number;
  /** The source-name literal and the table-name literal (without quotes). */
  sourceStart: number;
  sourceEnd: number;
  tableStart: number;
  tableEnd: number;
}

export interface JinjaError {
  message: string;
  /** Offsets in `file` (the template itself unless the error is inside a macro). */
  start: number;
  end: number;
  /** Set when the error arose inside a macro defined in another file. */
  file?: string;
  /** For errors inside a macro: the outermost macro call in the rendered template that led there. */
  templateStart?: number;
  templateEnd?: number;
}

/** Maps offsets in the rendered output back to the template. */
export interface SourceMap {
  /** Template offset for an output offset. Text produced by an expression or macro maps to the start of that expression's tag. */
  toTemplate(outputOffset: number): number;
}

export interface RenderResult {
  output: string;
  map: SourceMap;
  /** Every ref()/source() call that was executed, in order (also those inside macros, mapped to the calling tag). */
  refs: RefCall[];
  sources: SourceCall[];
  /** Merged config() keyword arguments. */
  config: Record<string, unknown>;
  errors: JinjaError[];
}

export interface StaticExtraction {
  refs: RefCall[];
  sources: SourceCall[];
  config: Record<string, unknown>;
  /** True when control flow, macros or expressions other than ref/source/config/var/this make a full render necessary to know the SQL. */
  needsRender: boolean;
}

export interface Relation {
  database?: string;
  schema: string;
  identifier: string;
}

export interface TargetInfo {
  name: string;
  type: string; // duckdb | postgres | redshift | snowflake | bigquery
  schema: string;
  database: string;
  [key: string]: unknown;
}

export interface MacroInfo {
  name: string;
  packageName: string;
  file: string;
  args: { name: string; hasDefault: boolean }[];
  /** Offsets of the macro's name in its file. */
  nameStart: number;
  nameEnd: number;
  /** First line of the macro's doc comment or body, for hover. */
  summary?: string;
}

/** Built once per project from macro files (project, dbt_packages); opaque to callers except for `macros`. */
export interface MacroRegistry {
  readonly macros: ReadonlyMap<string, MacroInfo>; // key: "<package>.<name>"
  /** Errors found while parsing macro files (unclosed tags, bad syntax). */
  readonly errors: (JinjaError & { file: string })[];
}

export interface DbtContext {
  projectName: string;
  /** Project vars (already merged with --vars overrides). */
  vars: Record<string, unknown>;
  env: Readonly<Record<string, string>>;
  target: TargetInfo;
  /** The node being rendered (for `this`). */
  self?: Relation;
  /** Resolve ref() to a relation; undefined means unresolved (the call still renders a placeholder and is recorded). */
  resolveRef(name: string, pkg?: string, version?: string | number): Relation | undefined;
  resolveSource(source: string, table: string): Relation | undefined;
  /** Column names of a relation, for dbt_utils.star / union_relations; undefined when unknown. */
  relationColumns?(relation: Relation): string[] | undefined;
  /** Columns with their declared/known types, for `adapter.get_columns_in_relation` (`.data_type`); falls back to relationColumns. */
  relationColumnTypes?(relation: Relation): readonly { name: string; type?: string }[] | undefined;
  macros: MacroRegistry;
  /** Value of is_incremental(); false for analysis (dbt's full-refresh view). */
  isIncremental?: boolean;
  /** Dispatch search order per macro namespace. */
  dispatch?: { macroNamespace: string; searchOrder: string[] }[];
  /** Package of the node being rendered (its macros resolve first); defaults to projectName. */
  packageName?: string;
  /** The node's config from dbt_project.yml / properties YAML, read by `config.get()` after in-file config(). */
  nodeConfig?: Record<string, unknown>;
}

/** Renders a relation the way dbt prints it in SQL: "db"."schema"."identifier" (database omitted when empty). */
export type RelationRenderer = (r: Relation) => string;
