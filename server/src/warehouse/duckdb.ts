/**
 * The embedded DuckDB adapter.
 *
 * Connection lifetime: DuckDB lets only one *process* hold a database file for
 * writing, and a read-only open still takes a shared lock that blocks a writer.
 * So nobody keeps a file open between runs: the language server opens the
 * database for a check run (or a preview) and closes it right after, and the
 * CLI does the same for a build. A lock held by another process is retried for
 * a short while, then reported as a connection error naming the likely cause.
 * Inside one process, opens of the same file share one instance (see acquire).
 *
 * Read-only: an existing file is opened with access_mode=READ_ONLY, and on top
 * of that every statement is prepared first and refused unless it is a plain
 * SELECT/EXPLAIN — that also covers `:memory:` (which cannot be opened
 * read-only) and statements like COPY … TO or ATTACH that write elsewhere.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DuckDBConnection, DuckDBInstance, StatementType, type DuckDBValue } from '@duckdb/node-api';
import {
  WarehouseError,
  type DevWarehouse,
  type QueryColumn,
  type QueryOptions,
  type QueryResult,
  type RelationName,
  type Warehouse,
} from './api';
import { normalizeValue, quoteIdentifier, relationSqlFor } from './normalize';

export interface DuckDbOptions {
  /** Absolute file path, or ':memory:'. */
  path: string;
  targetName: string;
  readOnly: boolean;
  isProduction?: boolean;
  threads?: number;
  /** How long to keep retrying when another process holds the file lock. */
  lockWaitMs?: number;
}

const READ_STATEMENTS = new Set<number>([StatementType.SELECT, StatementType.EXPLAIN]);

function isLockError(message: string): boolean {
  return /lock|Conflicting lock|database is locked|Could not set lock/i.test(message);
}

async function createInstance(opts: DuckDbOptions): Promise<DuckDBInstance> {
  const config: Record<string, string> = {};
  const inMemory = opts.path === ':memory:';
  if (opts.threads && opts.threads > 0) config.threads = String(opts.threads);
  if (!inMemory) {
    if (opts.readOnly) {
      if (!fs.existsSync(opts.path)) {
        throw new WarehouseError(
          `DuckDB database ${opts.path} does not exist yet — build the project first (driftwatch build) to create it`,
          'connection',
        );
      }
      config.access_mode = 'READ_ONLY';
    } else {
      fs.mkdirSync(path.dirname(opts.path), { recursive: true });
    }
  }
  const deadline = Date.now() + (opts.lockWaitMs ?? 2000);
  for (let attempt = 0; ; attempt++) {
    try {
      return await DuckDBInstance.create(opts.path, config);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (isLockError(message) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, Math.min(50 * 2 ** attempt, 400)));
        continue;
      }
      const hint = isLockError(message)
        ? ' — another process holds the database file (is a build or another tool using it?)'
        : '';
      throw new WarehouseError(`cannot open DuckDB database ${opts.path}: ${message}${hint}`, 'connection');
    }
  }
}

/**
 * One DuckDB instance per database file per process. Two instances on one
 * file in the same process are not protected by DuckDB's file lock (that lock
 * is per process), so a check run and a build in the language server must
 * share. A writable instance also serves read-only warehouses (their
 * statements are whitelisted above); a writable open waits for read-only
 * users of the file to finish, up to the lock wait.
 */
interface SharedInstance {
  instance: DuckDBInstance;
  writable: boolean;
  catalog: string;
  refs: number;
}

const sharedByPath = new Map<string, SharedInstance>();
const openingByPath = new Map<string, Promise<SharedInstance>>();

async function catalogOf(instance: DuckDBInstance): Promise<string> {
  const c = await instance.connect();
  try {
    const r = await c.runAndReadAll('select current_database()');
    return String(r.getRows()[0][0]);
  } finally {
    c.closeSync();
  }
}

async function newShared(opts: DuckDbOptions): Promise<SharedInstance> {
  const instance = await createInstance(opts);
  try {
    return { instance, writable: !opts.readOnly, catalog: await catalogOf(instance), refs: 0 };
  } catch (err) {
    instance.closeSync();
    throw new WarehouseError(`cannot open DuckDB database ${opts.path}: ${String(err)}`, 'connection');
  }
}

async function acquire(opts: DuckDbOptions): Promise<SharedInstance> {
  if (opts.path === ':memory:') {
    const s = await newShared(opts);
    s.refs = 1;
    return s;
  }
  const deadline = Date.now() + (opts.lockWaitMs ?? 2000);
  for (;;) {
    const pending = openingByPath.get(opts.path);
    if (pending) {
      await pending.catch(() => undefined);
      continue;
    }
    const existing = sharedByPath.get(opts.path);
    if (existing) {
      if (existing.writable || opts.readOnly) {
        existing.refs++;
        return existing;
      }
      if (Date.now() >= deadline) {
        throw new WarehouseError(`DuckDB database ${opts.path} is in use by a running check or preview; try the build again when it finishes`, 'connection');
      }
      await new Promise((r) => setTimeout(r, 50));
      continue;
    }
    const opening = newShared(opts);
    openingByPath.set(opts.path, opening);
    try {
      const s = await opening;
      s.refs = 1;
      sharedByPath.set(opts.path, s);
      return s;
    } finally {
      openingByPath.delete(opts.path);
    }
  }
}

function release(path: string, s: SharedInstance): void {
  s.refs--;
  if (s.refs > 0) return;
  if (sharedByPath.get(path) === s) sharedByPath.delete(path);
  s.instance.closeSync();
}

export async function openDuckDb(opts: DuckDbOptions): Promise<DevWarehouse> {
  const shared = await acquire(opts);
  return new DuckDbWarehouse(shared, opts);
}

class DuckDbWarehouse implements DevWarehouse {
  readonly type = 'duckdb' as const;
  readonly targetName: string;
  readonly isProduction: boolean;
  readonly features = { filterClause: true };
  private closed = false;
  private readonly open = new Set<DuckDBConnection>();

  private readonly instance: DuckDBInstance;
  private readonly catalog: string;

  constructor(
    private readonly shared: SharedInstance,
    private readonly opts: DuckDbOptions,
  ) {
    this.instance = shared.instance;
    this.catalog = shared.catalog;
    this.targetName = opts.targetName;
    this.isProduction = opts.isProduction ?? false;
  }

  quoteIdent(name: string): string {
    return quoteIdentifier(name);
  }

  relationSql(relation: RelationName): string {
    return relationSqlFor(relation, this.catalog);
  }


  async query(sql: string, options: QueryOptions = {}): Promise<QueryResult> {
    return this.run(sql, options, true);
  }

  async execute(sql: string, options: QueryOptions = {}): Promise<void> {
    if (this.opts.readOnly) throw new WarehouseError(`target ${this.targetName} was opened read-only`, 'read-only', sql);
    await this.run(sql, options, false);
  }

  async describe(relation: RelationName): Promise<QueryColumn[] | undefined> {
    const params: unknown[] = [relation.schema, relation.name];
    let sql =
      'select column_name, data_type from information_schema.columns where lower(table_schema) = lower($1) and lower(table_name) = lower($2)';
    if (relation.database) {
      sql += ' and lower(table_catalog) = lower($3)';
      params.push(relation.database);
    } else {
      sql += ' and table_catalog = current_database()';
    }
    sql += ' order by ordinal_position';
    const r = await this.query(sql, { params });
    if (r.rows.length === 0) return undefined;
    return r.rows.map((row) => ({ name: String(row.column_name), type: String(row.data_type) }));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const c of this.open) {
      try {
        c.interrupt();
        c.closeSync();
      } catch {
        /* already gone */
      }
    }
    this.open.clear();
    release(this.opts.path, this.shared);
  }

  private async run(sql: string, options: QueryOptions, readOnly: boolean): Promise<QueryResult> {
    if (this.closed) throw new WarehouseError(`connection to ${this.targetName} is closed`, 'connection', sql);
    if (options.signal?.aborted) throw new WarehouseError('query cancelled before it started', 'cancelled', sql);
    // A connection per statement: interrupt() is per connection, so this is what
    // lets a timeout or a cancel stop exactly this query and nothing else.
    const conn = await this.instance.connect();
    this.open.add(conn);
    let stoppedBy: 'timeout' | 'cancelled' | undefined;
    const stop = (why: 'timeout' | 'cancelled') => {
      if (stoppedBy) return;
      stoppedBy = why;
      conn.interrupt();
    };
    const onAbort = () => stop('cancelled');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = options.timeoutMs && options.timeoutMs > 0 ? setTimeout(() => stop('timeout'), options.timeoutMs) : undefined;
    try {
      if (readOnly) await this.refuseWrites(conn, sql);
      const values = (options.params ?? []) as DuckDBValue[];
      const reader = await conn.runAndReadAll(sql, values.length ? values : undefined);
      if (stoppedBy) throw new Error('Interrupted');
      const columns: QueryColumn[] = [];
      const dateOnly: boolean[] = [];
      for (let i = 0; i < reader.columnCount; i++) {
        const type = reader.columnType(i).toString();
        columns.push({ name: reader.columnName(i), type });
        dateOnly.push(type === 'DATE');
      }
      const names = reader.deduplicatedColumnNames();
      const raw = reader.getRowsJS();
      const rows: Record<string, unknown>[] = new Array(raw.length);
      for (let r = 0; r < raw.length; r++) {
        const src = raw[r];
        const row: Record<string, unknown> = {};
        for (let c = 0; c < names.length; c++) row[names[c]] = normalizeValue(src[c], dateOnly[c]);
        rows[r] = row;
      }
      return { columns, rows };
    } catch (err) {
      if (err instanceof WarehouseError) throw err;
      const message = err instanceof Error ? err.message : String(err);
      if (stoppedBy === 'timeout') throw new WarehouseError(`query timed out after ${options.timeoutMs} ms and was interrupted`, 'timeout', sql);
      if (stoppedBy === 'cancelled') throw new WarehouseError('query cancelled', 'cancelled', sql);
      if (/read-only|read only/i.test(message)) throw new WarehouseError(`write refused on read-only target ${this.targetName}: ${message}`, 'read-only', sql);
      throw new WarehouseError(message, 'query', sql);
    } finally {
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      this.open.delete(conn);
      try {
        conn.closeSync();
      } catch {
        /* closing a connection the instance already dropped */
      }
    }
  }

  private async refuseWrites(conn: DuckDBConnection, sql: string): Promise<void> {
    const statements = await conn.extractStatements(sql);
    for (let i = 0; i < statements.count; i++) {
      const prepared = await statements.prepare(i);
      const kind = prepared.statementType;
      prepared.destroySync();
      if (!READ_STATEMENTS.has(kind)) {
        const name = StatementType[kind] ?? String(kind);
        throw new WarehouseError(
          `only read-only statements are allowed on a check connection; refused a ${name} statement`,
          'read-only',
          sql,
        );
      }
    }
  }
}
