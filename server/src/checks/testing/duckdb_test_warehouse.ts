/**
 * A minimal in-process `Warehouse` over @duckdb/node-api for the check
 * engine's tests. It exists so our tests run against a real SQL engine
 * without depending on the warehouse team's adapter; it honours timeouts and
 * AbortSignals through `interrupt()` exactly as the contract asks.
 */
import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { QueryColumn, QueryOptions, QueryResult, RelationName, Warehouse } from '../../warehouse/api';
import { WarehouseError } from '../../warehouse/api';

export interface TestWarehouse extends Warehouse {
  /** Setup statements (CREATE/INSERT) for fixtures; checks never call this. */
  exec(sql: string): Promise<void>;
  /** Every statement `query` received, in order (for batching assertions). */
  readonly log: string[];
}

export async function createTestWarehouse(): Promise<TestWarehouse> {
  const instance = await DuckDBInstance.create(':memory:');
  const setup = await instance.connect();
  const log: string[] = [];
  const quoteIdent = (name: string) => '"' + name.replace(/"/g, '""') + '"';

  async function query(sql: string, options: QueryOptions = {}): Promise<QueryResult> {
    log.push(sql);
    // A fresh connection per statement so interrupt() cancels only this one.
    const conn: DuckDBConnection = await instance.connect();
    let reason: WarehouseError | undefined;
    const stop = (why: WarehouseError) => {
      reason = why;
      conn.interrupt();
    };
    const timer = options.timeoutMs
      ? setTimeout(() => stop(new WarehouseError(`statement timed out after ${options.timeoutMs} ms`, 'timeout', sql)), options.timeoutMs)
      : undefined;
    const onAbort = () => stop(new WarehouseError('statement cancelled', 'cancelled', sql));
    if (options.signal?.aborted) throw new WarehouseError('statement cancelled', 'cancelled', sql);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const reader = await conn.runAndReadAll(sql, (options.params ?? []) as never);
      const names = reader.columnNames();
      const types = reader.columnTypes();
      const columns: QueryColumn[] = names.map((n, i) => ({ name: n, type: String(types[i]) }));
      const rows = reader.getRowObjectsJson() as Record<string, unknown>[];
      for (const row of rows) for (const k of Object.keys(row)) row[k] = normalise(row[k]);
      return { columns, rows };
    } catch (e) {
      if (reason) throw reason;
      throw new WarehouseError(e instanceof Error ? e.message : String(e), 'query', sql);
    } finally {
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      conn.closeSync();
    }
  }

  return {
    type: 'duckdb',
    targetName: 'test',
    log,
    query,
    quoteIdent,
    relationSql: (r: RelationName) =>
      [r.database, r.schema, r.name].filter((p): p is string => !!p).map(quoteIdent).join('.'),
    async describe(r: RelationName) {
      const res = await setup.runAndReadAll(
        'select column_name, data_type from information_schema.columns where table_schema = $1 and table_name = $2 order by ordinal_position',
        [r.schema, r.name],
      );
      const rows = res.getRowObjectsJson();
      if (rows.length === 0) return undefined;
      return rows.map((row) => ({ name: String(row.column_name), type: String(row.data_type) }));
    },
    async exec(sql: string) {
      await setup.run(sql);
    },
    async close() {
      setup.closeSync();
      instance.closeSync();
    },
  };
}

/** JSON conversion gives big integers as strings; the contract wants numbers when they fit. */
function normalise(v: unknown): unknown {
  if (typeof v === 'string' && /^-?\d+$/.test(v)) {
    const n = Number(v);
    if (Number.isSafeInteger(n)) return n;
  }
  return v;
}
