/**
 * Replacing a relation without ever leaving it missing or half-built: the new
 * relation is created under a temporary name first, and only once that
 * succeeded is the old one dropped and the new one renamed, in one transaction.
 * A model whose SQL fails therefore leaves yesterday's relation in place.
 *
 * Postgres/Redshift: dropping a relation drops the views that depend on it
 * (CASCADE, as dbt does). On Postgres those views are recreated from their
 * stored definitions right after the swap, so building one model does not
 * silently remove the views downstream of it.
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

interface DependentView {
  schema: string;
  name: string;
  definition: string;
  materialized: boolean;
}

/**
 * Views (transitively) depending on a Postgres relation, shallowest first.
 * Dropping the relation with CASCADE drops them, so they are recorded first
 * and recreated after the swap.
 */
async function dependentViews(wh: DevWarehouse, rel: RelationName, options: QueryOptions): Promise<DependentView[]> {
  if (wh.type !== 'postgres') return [];
  const r = await wh.query(
    `with recursive deps(oid, depth) as (
       select r.ev_class, 1 from pg_depend d join pg_rewrite r on r.oid = d.objid
        where d.refobjid = $1::regclass and r.ev_class <> $1::regclass
       union
       select r.ev_class, deps.depth + 1 from deps join pg_depend d on d.refobjid = deps.oid
         join pg_rewrite r on r.oid = d.objid where r.ev_class <> deps.oid and deps.depth < 100
     )
     select n.nspname as schema, c.relname as name, max(deps.depth) as depth, pg_get_viewdef(c.oid) as definition, c.relkind as kind
       from deps join pg_class c on c.oid = deps.oid join pg_namespace n on n.oid = c.relnamespace
      group by n.nspname, c.relname, c.oid, c.relkind
      order by max(deps.depth), n.nspname, c.relname`,
    { ...options, params: [wh.relationSql(rel)] },
  );
  return r.rows.map((row) => ({
    schema: String(row.schema),
    name: String(row.name),
    definition: String(row.definition).replace(/[\s;]+$/, ''),
    materialized: row.kind === 'm',
  }));
}

export interface ReplaceOutcome {
  /** Dependent views dropped by the swap that could not be recreated (their SQL no longer fits), as schema.name: reason. */
  lostDependents: string[];
}

/**
 * Builds the new relation at a temp name, then swaps it in for `target`
 * atomically. `create(tempSql)` creates the relation at the quoted temp name.
 * On Postgres, views that depended on the old relation are recreated from
 * their stored definitions after the swap; those that no longer compile are
 * reported (a dev build rebuilds them when they are part of it).
 */
export async function replaceRelation(
  wh: DevWarehouse,
  target: RelationName,
  newKind: RelationKind,
  create: (tempSql: string) => Promise<void>,
  options: QueryOptions = {},
): Promise<ReplaceOutcome> {
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
  const dependents = oldKind ? await dependentViews(wh, target, options) : [];
  const swap = ['begin'];
  if (oldKind) swap.push(dropSql(wh, target, oldKind));
  swap.push(`alter ${newKind} ${wh.relationSql(temp)} rename to ${wh.quoteIdent(target.name)}`);
  swap.push('commit');
  await wh.execute(swap.join(';\n'), options);
  const lostDependents: string[] = [];
  for (const v of dependents) {
    const name = wh.relationSql({ schema: v.schema, name: v.name });
    try {
      await wh.execute(`create ${v.materialized ? 'materialized view' : 'view'} ${name} as\n${v.definition}`, options);
    } catch (err) {
      lostDependents.push(`${v.schema}.${v.name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return { lostDependents };
}
