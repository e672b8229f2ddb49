/**
 * Replacing a relation without ever leaving it missing or half-built: the new
 * relation is created under a temporary name first, and only once that
 * succeeded is the old one dropped and the new one renamed, in one transaction.
 * A model whose SQL fails therefore leaves yesterday's relation in place.
 *
 * Postgres/Redshift: dropping a relation drops the views that depend on it
 * (CASCADE, as dbt does); the dev build rebuilds those children right after,
 * in DAG order.
 */
import type { DevWarehouse, QueryOptions, RelationName } from './api';

export type RelationKind = 'table' | 'view';

const PG_MAX_IDENT = 63;

/** The temporary sibling of a relation, kept inside Postgres's 63-byte identifier limit. */
export function tempRelation(rel: RelationName): RelationName {
  const suffix = '__dw_tmp';
  const room = PG_MAX_IDENT - suffix.length;
  const base = Buffer.byteLength(rel.name) > room ? truncateBytes(rel.name, room) : rel.name;
  return { ...rel, name: base + suffix };
}

function truncateBytes(s: string, max: number): string {
  let out = '';
  for (const ch of s) {
    if (Buffer.byteLength(out + ch) > max) break;
    out += ch;
  }
  return out;
}

/** What exists at a name now: a table, a view, or nothing. */
export async function relationKind(wh: DevWarehouse, rel: RelationName, options: QueryOptions = {}): Promise<RelationKind | undefined> {
  const ci = wh.type === 'duckdb';
  const cmp = (col: string, n: number) => (ci ? `lower(${col}) = lower($${n})` : `${col} = $${n}`);
  const r = await wh.query(
    `select table_type from information_schema.tables where ${cmp('table_schema', 1)} and ${cmp('table_name', 2)}` +
      (ci ? ' and table_catalog = current_database()' : ''),
    { ...options, params: [rel.schema, rel.name] },
  );
  if (r.rows.length === 0) return undefined;
  return String(r.rows[0].table_type).toUpperCase() === 'VIEW' ? 'view' : 'table';
}

export function dropSql(wh: DevWarehouse, rel: RelationName, kind: RelationKind): string {
  const cascade = wh.type === 'duckdb' ? '' : ' cascade';
  return `drop ${kind} if exists ${wh.relationSql(rel)}${cascade}`;
}

export function schemaSql(wh: DevWarehouse, rel: RelationName): string {
  // relationSql decides whether the database part is needed; reuse it and cut the name off.
  const full = wh.relationSql({ database: rel.database, schema: rel.schema, name: 'x' });
  return `create schema if not exists ${full.slice(0, full.length - '."x"'.length)}`;
}

/** Removes leftovers of an earlier interrupted build at the temp name. */
export async function dropIfExists(wh: DevWarehouse, rel: RelationName, options: QueryOptions = {}): Promise<void> {
  const kind = await relationKind(wh, rel, options);
  if (kind) await wh.execute(dropSql(wh, rel, kind), options);
}

/**
 * Builds the new relation at a temp name, then swaps it in for `target`
 * atomically. `create(tempSql)` creates the relation at the quoted temp name.
 */
export async function replaceRelation(
  wh: DevWarehouse,
  target: RelationName,
  newKind: RelationKind,
  create: (tempSql: string) => Promise<void>,
  options: QueryOptions = {},
): Promise<void> {
  const temp = tempRelation(target);
  await wh.execute(schemaSql(wh, target), options);
  await dropIfExists(wh, temp, options);
  try {
    await create(wh.relationSql(temp));
  } catch (err) {
    await dropIfExists(wh, temp).catch(() => undefined);
    throw err;
  }
  const oldKind = await relationKind(wh, target, options);
  const swap = ['begin'];
  if (oldKind) swap.push(dropSql(wh, target, oldKind));
  swap.push(`alter ${newKind} ${wh.relationSql(temp)} rename to ${wh.quoteIdent(target.name)}`);
  swap.push('commit');
  await wh.execute(swap.join(';\n'), options);
}
