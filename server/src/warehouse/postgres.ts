/**
 * The Postgres adapter (and Redshift, which speaks the same protocol).
 *
 * Safety, in layers: the read-only pool asks the server for
 * default_transaction_read_only at connect time (Postgres only — Redshift
 * rejects startup options), every check statement runs inside
 * `BEGIN READ ONLY … ROLLBACK`, and it is sent with the extended protocol, which
 * refuses a second statement smuggled in after a semicolon (`select 1; commit; drop …`).
 *
 * Never a hang: connect timeout on every connection, `SET LOCAL statement_timeout`
 * per query, plus a client-side watchdog that cancels the backend with
 * pg_cancel_backend from a second connection and, if even that gets no answer,
 * destroys the socket. Pool and client 'error' events are always handled, so a
 * server that dies mid-session cannot take the language server down with an
 * unhandled 'error' event.
 */
import { Client, Pool, types as pgTypes, type ClientConfig, type PoolClient, type QueryArrayResult } from 'pg';
import {
  WarehouseError,
  type DevWarehouse,
  type QueryColumn,
  type QueryOptions,
  type QueryResult,
  type RelationName,
  type WarehouseType,
} from './api';
import { normalizeBigInt, normalizeValue, quoteIdentifier, relationSqlFor } from './normalize';

export interface PostgresOptions {
  type: 'postgres' | 'redshift';
  targetName: string;
  readOnly: boolean;
  isProduction?: boolean;
  /** postgres://user:pass@host:port/db — used instead of the discrete fields when set. */
  connectionString?: string;
  host?: string;
  port?: number;
  user?: string;
  password?: string;
  database?: string;
  sslmode?: string;
  /** Pool size (dbt's `threads`). */
  threads?: number;
  connectTimeoutMs?: number;
}

const TYPE_NAMES: Record<number, string> = {
  16: 'boolean', 17: 'bytea', 18: 'char', 20: 'bigint', 21: 'smallint', 23: 'integer', 25: 'text', 26: 'oid',
  114: 'json', 700: 'real', 701: 'double precision', 1042: 'character', 1043: 'character varying',
  1082: 'date', 1083: 'time without time zone', 1114: 'timestamp without time zone',
  1184: 'timestamp with time zone', 1186: 'interval', 1700: 'numeric', 2950: 'uuid', 3802: 'jsonb',
};

const defaultParser = pgTypes.getTypeParser.bind(pgTypes) as (oid: number, format?: string) => (value: string) => unknown;

/** Values arrive already in our normalised shape (see normalize.ts). */
function typeParser(oid: number, format?: string): (value: string) => unknown {
  if (format === 'binary') return defaultParser(oid, format);
  switch (oid) {
    case 20: // int8
      return (v) => normalizeBigInt(BigInt(v));
    case 1700: // numeric: a number, unless it is NaN/Infinity
      return (v) => {
        const n = Number(v);
        return Number.isFinite(n) ? n : v;
      };
    case 1082: // date: keep YYYY-MM-DD, no timezone games
      return (v) => v;
    case 1114: // timestamp without time zone: read as UTC
      return (v) => {
        const d = new Date(v.replace(' ', 'T') + 'Z');
        return Number.isNaN(d.getTime()) ? v : d.toISOString();
      };
    default: {
      const parse = defaultParser(oid, format);
      return (v) => normalizeValue(parse(v));
    }
  }
}

function sslFor(mode: string | undefined): ClientConfig['ssl'] {
  switch ((mode ?? '').toLowerCase()) {
    case 'require':
      return { rejectUnauthorized: false };
    case 'verify-ca':
    case 'verify-full':
      return { rejectUnauthorized: true };
    default:
      return undefined; // disable / allow / prefer / unset: plain connection
  }
}

function describeTarget(o: PostgresOptions): string {
  if (o.connectionString) {
    try {
      const u = new URL(o.connectionString);
      return `${u.username || 'postgres'}@${u.hostname}:${u.port || 5432}${u.pathname}`;
    } catch {
      return 'the configured server';
    }
  }
  return `${o.user ?? ''}@${o.host ?? 'localhost'}:${o.port ?? (o.type === 'redshift' ? 5439 : 5432)}/${o.database ?? ''}`;
}

/** Turns a driver error into our error kinds with a message a user can act on. */
function classify(err: unknown, o: PostgresOptions, sql?: string): WarehouseError {
  if (err instanceof WarehouseError) return err;
  const e = err as { code?: string; message?: string };
  const message = e?.message ?? String(err);
  const code = e?.code ?? '';
  const where = describeTarget(o);
  if (['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'ETIMEDOUT', 'EAI_AGAIN', 'EPIPE'].includes(code)) {
    return new WarehouseError(`cannot connect to ${o.type} at ${where}: ${message}`, 'connection', sql);
  }
  if (/timeout expired|connection timeout|Connection terminated/i.test(message)) {
    return new WarehouseError(`cannot connect to ${o.type} at ${where}: ${message}`, 'connection', sql);
  }
  // Class 08 connection exceptions, 28 authorization, 3D000 unknown database, 57P0x shutdown.
  if (/^(08|28)/.test(code) || code === '3D000' || /^57P0/.test(code)) {
    return new WarehouseError(`cannot connect to ${o.type} at ${where}: ${message}`, 'connection', sql);
  }
  if (code === '25006') return new WarehouseError(`write refused on read-only target ${o.targetName}: ${message}`, 'read-only', sql);
  return new WarehouseError(message, 'query', sql);
}

export async function openPostgres(opts: PostgresOptions): Promise<DevWarehouse> {
  const warehouse = new PostgresWarehouse(opts);
  try {
    // Fail fast, at open, on an unreachable server or bad credentials.
    await warehouse.ping();
  } catch (err) {
    await warehouse.close();
    throw err;
  }
  return warehouse;
}

class PostgresWarehouse implements DevWarehouse {
  readonly type: WarehouseType;
  readonly targetName: string;
  readonly isProduction: boolean;
  readonly features: { filterClause: boolean };
  private readonly pool: Pool;
  private readonly config: ClientConfig;
  private closed = false;
  private currentDatabase: string | undefined;

  constructor(private readonly opts: PostgresOptions) {
    this.type = opts.type;
    this.targetName = opts.targetName;
    this.isProduction = opts.isProduction ?? false;
    // Redshift has no aggregate FILTER clause.
    this.features = { filterClause: opts.type !== 'redshift' };
    const connectTimeout = opts.connectTimeoutMs ?? 5000;
    this.config = {
      connectionString: opts.connectionString,
      host: opts.connectionString ? undefined : opts.host,
      port: opts.connectionString ? undefined : opts.port ?? (opts.type === 'redshift' ? 5439 : 5432),
      user: opts.connectionString ? undefined : opts.user,
      password: opts.password,
      database: opts.connectionString ? undefined : opts.database,
      ssl: sslFor(opts.sslmode),
      connectionTimeoutMillis: connectTimeout,
      application_name: 'driftwatch',
      keepAlive: true,
      types: { getTypeParser: typeParser as never },
      options: opts.readOnly && opts.type === 'postgres' ? '-c default_transaction_read_only=on' : undefined,
    };
    this.pool = new Pool({ ...this.config, max: Math.max(1, opts.threads ?? 4), idleTimeoutMillis: 10_000 });
    // An idle client whose server went away emits 'error' on the pool; unhandled it would crash the process.
    this.pool.on('error', () => {
      /* the broken client is discarded by the pool; the next query reconnects or reports */
    });
    this.pool.on('connect', (client) => {
      client.on('error', () => {
        /* surfaced through the pending query's rejection instead */
      });
    });
  }

  quoteIdent(name: string): string {
    return quoteIdentifier(name);
  }

  relationSql(relation: RelationName): string {
    return relationSqlFor(relation, this.currentDatabase);
  }


  async ping(): Promise<void> {
    const r = await this.query('select current_database() as db', { timeoutMs: this.opts.connectTimeoutMs ?? 5000 });
    this.currentDatabase = String(r.rows[0]?.db ?? '');
  }

  query(sql: string, options: QueryOptions = {}): Promise<QueryResult> {
    return this.run(sql, options, true);
  }

  async execute(sql: string, options: QueryOptions = {}): Promise<void> {
    if (this.opts.readOnly) throw new WarehouseError(`target ${this.targetName} was opened read-only`, 'read-only', sql);
    await this.run(sql, options, false);
  }

  async describe(relation: RelationName): Promise<QueryColumn[] | undefined> {
    const base =
      'select column_name, data_type from information_schema.columns where table_schema = $1 and table_name = $2 order by ordinal_position';
    let r = await this.query(base, { params: [relation.schema, relation.name] });
    if (r.rows.length === 0) {
      // Unquoted identifiers fold to lower case in Postgres; accept the folded spelling.
      r = await this.query(base, { params: [relation.schema.toLowerCase(), relation.name.toLowerCase()] });
    }
    if (r.rows.length === 0) return undefined;
    return r.rows.map((row) => ({ name: String(row.column_name), type: String(row.data_type) }));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end().catch(() => undefined);
  }

  private async connect(sql: string): Promise<PoolClient> {
    if (this.closed) throw new WarehouseError(`connection to ${this.targetName} is closed`, 'connection', sql);
    try {
      return await this.pool.connect();
    } catch (err) {
      throw classify(err, this.opts, sql);
    }
  }

  /** Asks the server to cancel what `pid` is running, from a fresh connection (the busy one cannot speak). */
  private async cancelBackend(pid: number): Promise<void> {
    const client = new Client({ ...this.config, options: undefined, connectionTimeoutMillis: 3000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('select pg_cancel_backend($1)', [pid]);
    } catch {
      /* best effort: the watchdog destroys the socket if the cancel does not land */
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  private async run(sql: string, options: QueryOptions, readOnly: boolean): Promise<QueryResult> {
    if (options.signal?.aborted) throw new WarehouseError('query cancelled before it started', 'cancelled', sql);
    const client = await this.connect(sql);
    const pid = (client as unknown as { processID: number }).processID;
    let stoppedBy: 'timeout' | 'cancelled' | undefined;
    let destroyed = false;
    let graceTimer: NodeJS.Timeout | undefined;
    const stop = (why: 'timeout' | 'cancelled') => {
      if (stoppedBy) return;
      stoppedBy = why;
      void this.cancelBackend(pid);
      // If the server does not answer the cancel (network gone), cut the socket so the caller is not left waiting.
      graceTimer = setTimeout(() => {
        destroyed = true;
        (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
      }, 3000);
    };
    const onAbort = () => stop('cancelled');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const timeoutMs = options.timeoutMs && options.timeoutMs > 0 ? Math.ceil(options.timeoutMs) : 0;
    // The server-side statement_timeout normally fires first; this is the backstop.
    const watchdog = timeoutMs ? setTimeout(() => stop('timeout'), timeoutMs + 250) : undefined;
    let inTransaction = false;
    let broken = false;
    let failed = false;
    try {
      if (readOnly) {
        await client.query('BEGIN READ ONLY');
        inTransaction = true;
        // Redshift is not documented to accept SET LOCAL; there the session value is set on every query instead (0 = none).
        if (this.type === 'redshift') await client.query(`SET statement_timeout TO ${timeoutMs}`);
        else if (timeoutMs) await client.query(`SET LOCAL statement_timeout = ${timeoutMs}`);
      } else if (timeoutMs) {
        await client.query(`SET statement_timeout = ${timeoutMs}`);
      }
      const params = options.params ?? [];
      const result = (await client.query({
        text: sql,
        values: params as unknown[],
        rowMode: 'array',
        // Extended protocol for checks: exactly one statement, no `; commit; …` tricks.
        ...(readOnly || params.length ? { queryMode: 'extended' } : {}),
      } as never)) as unknown as QueryArrayResult | QueryArrayResult[];
      const last = Array.isArray(result) ? result[result.length - 1] : result;
      return toQueryResult(last);
    } catch (err) {
      failed = true;
      broken = destroyed || isConnectionLevel(err);
      const e = err as { code?: string; message?: string };
      if (e?.code === '57014' || stoppedBy) {
        if (stoppedBy === 'cancelled') throw new WarehouseError('query cancelled', 'cancelled', sql);
        throw new WarehouseError(`query timed out after ${timeoutMs} ms and was cancelled on the server`, 'timeout', sql);
      }
      throw classify(err, this.opts, sql);
    } finally {
      if (watchdog) clearTimeout(watchdog);
      if (graceTimer) clearTimeout(graceTimer);
      options.signal?.removeEventListener('abort', onAbort);
      // After a cancel was sent, never reuse this backend: a late-arriving cancel must not hit the pool's next query.
      if (stoppedBy) broken = true;
      if (!broken) {
        try {
          // A failed multi-statement script may leave its own BEGIN open; never hand that client back mid-transaction.
          if (inTransaction || failed) await client.query('ROLLBACK');
          if (!readOnly && timeoutMs) await client.query('RESET statement_timeout');
        } catch {
          broken = true;
        }
      }
      // Releasing with an error makes the pool discard the client instead of reusing a poisoned one.
      client.release(broken ? new Error('discard') : undefined);
    }
  }
}

function isConnectionLevel(err: unknown): boolean {
  const code = (err as { code?: string })?.code ?? '';
  const message = (err as { message?: string })?.message ?? '';
  return /^(08|57P)/.test(code) || /ECONN|EPIPE|terminated|not queryable|ended/i.test(code + ' ' + message);
}

function toQueryResult(result: QueryArrayResult | undefined): QueryResult {
  if (!result || !result.fields) return { columns: [], rows: [] };
  const columns: QueryColumn[] = result.fields.map((f) => ({ name: f.name, type: TYPE_NAMES[f.dataTypeID] ?? `oid:${f.dataTypeID}` }));
  // Duplicate output names (select a.id, b.id) would overwrite each other in an object; suffix them.
  const seen = new Map<string, number>();
  const names = columns.map((c) => {
    const n = seen.get(c.name) ?? 0;
    seen.set(c.name, n + 1);
    return n === 0 ? c.name : `${c.name}_${n}`;
  });
  const rows: Record<string, unknown>[] = new Array(result.rows.length);
  for (let r = 0; r < result.rows.length; r++) {
    const src = result.rows[r];
    const row: Record<string, unknown> = {};
    for (let c = 0; c < names.length; c++) row[names[c]] = src[c] === undefined ? null : src[c];
    rows[r] = row;
  }
  return { columns, rows };
}
