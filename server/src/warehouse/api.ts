/**
 * The warehouse adapter contract. Checks only ever call `query` on a
 * `Warehouse` (read-only by construction); dev builds get a `DevWarehouse`,
 * which refuses targets marked as production.
 */

export type WarehouseType = 'duckdb' | 'postgres' | 'redshift';

export interface RelationName {
  database?: string;
  schema: string;
  name: string;
}

export interface QueryColumn {
  name: string;
  type: string;
}

export interface QueryResult {
  columns: QueryColumn[];
  /** Rows as plain objects; numbers are JS numbers when they fit, bigint-like values as numbers or strings, dates as ISO strings. */
  rows: Record<string, unknown>[];
}

export interface QueryOptions {
  /** Positional parameters bound as $1, $2, … (both DuckDB and Postgres accept $n). */
  params?: unknown[];
  /** Statement timeout; the query is cancelled on the server when it passes. */
  timeoutMs?: number;
  /** Cancels the running statement on the server. */
  signal?: AbortSignal;
}

/** What the check compiler must know about a dialect. */
export interface DialectFeatures {
  /** `count(*) FILTER (WHERE …)`; Redshift lacks it, so the compiler falls back to `sum(case when … then 1 else 0 end)`. */
  filterClause: boolean;
}

export interface Warehouse {
  readonly type: WarehouseType;
  readonly targetName: string;
  /** True when the profile marks this target as production (see profiles.ts). Optional for adapters written elsewhere. */
  readonly isProduction?: boolean;
  /** Dialect differences the check compiler must respect. */
  readonly features?: DialectFeatures;
  /** Runs a read-only statement. Writes are refused by the connection itself (read-only transaction / read-only database). */
  query(sql: string, options?: QueryOptions): Promise<QueryResult>;
  /** Columns of a relation, or undefined when it does not exist. */
  describe(relation: RelationName): Promise<QueryColumn[] | undefined>;
  quoteIdent(name: string): string;
  /** "db"."schema"."name" in this dialect. */
  relationSql(relation: RelationName): string;
  close(): Promise<void>;
}

/** A write-capable connection, for dev builds only. */
export interface DevWarehouse extends Warehouse {
  execute(sql: string, options?: QueryOptions): Promise<void>;
}

export class WarehouseError extends Error {
  constructor(
    message: string,
    readonly kind: 'connection' | 'timeout' | 'cancelled' | 'read-only' | 'query' | 'config',
    readonly sql?: string,
  ) {
    super(message);
    this.name = 'WarehouseError';
  }
}
