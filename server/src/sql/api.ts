/**
 * The SQL layer's public contract: small pure functions over rendered SQL.
 * Offsets are UTF-16 offsets into the SQL string given.
 */

export type Dialect = 'duckdb' | 'postgres' | 'redshift' | 'snowflake' | 'bigquery';

export interface ColumnSchema {
  name: string;
  type?: string;
}

/** Resolves a table reference (identifier parts with quotes removed, e.g. ["main","stg_orders"]) to a known relation. */
export type TableResolver = (parts: string[]) => { key: string; columns?: readonly ColumnSchema[] } | undefined;

export interface AnalyzeOptions {
  dialect: Dialect;
  resolveTable: TableResolver;
}

export interface ColumnSource {
  /** The resolver's key for the table, or the dotted raw name when unresolved. */
  table: string;
  column: string;
}

export type ColumnTransform = 'passthrough' | 'renamed' | 'derived' | 'aggregate' | 'window' | 'literal';

export interface OutputColumn {
  name: string;
  /** Inferred SQL type in the dialect's spelling, lower-case (e.g. 'integer', 'varchar', 'decimal(18,2)'), when known. */
  type?: string;
  /** The select item that produces the column (for `*` expansions: the star). */
  start: number;
  end: number;
  sources: ColumnSource[];
  transform: ColumnTransform;
}

export interface TableReference {
  parts: string[];
  /** Resolver key when resolved. */
  key?: string;
  alias?: string;
  start: number;
  end: number;
}

export interface SqlError {
  message: string;
  start: number;
  end: number;
}

export interface SqlAnalysis {
  /** The top-level query's output columns, in order. */
  columns: OutputColumn[];
  /** Physical tables referenced anywhere (CTE names excluded). */
  tables: TableReference[];
  errors: SqlError[];
  /** False when a `*` could not be expanded because an upstream's columns were unknown. */
  complete: boolean;
  /** CTE names with their ranges (for document symbols). */
  ctes: { name: string; start: number; end: number }[];
}
