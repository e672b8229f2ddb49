/**
 * dbt-style snapshots (type-2 slowly changing dimensions) on a dev target.
 *
 * First build: the snapshot query's rows plus dbt_scd_id, dbt_updated_at,
 * dbt_valid_from and dbt_valid_to (null = current), created at a temp name and
 * swapped in. Later builds never rebuild — history is the point — they close
 * the current version of every changed key and insert the new version, in one
 * transaction:
 *   strategy timestamp: a key changed when its updated_at is newer;
 *   strategy check:     a key changed when any check_cols (or all columns) differ.
 * Keys that vanished from the source stay current (dbt's default, no hard deletes).
 */
import type { DevWarehouse, QueryOptions, RelationName } from './api';
import { relationKind, replaceRelation } from './relation_swap';

export interface SnapshotConfig {
  uniqueKey: string[];
  strategy: 'timestamp' | 'check';
  updatedAt?: string;
  /** Column names, or 'all'. */
  checkCols: string[] | 'all';
}

export function snapshotConfig(config: Record<string, unknown>): SnapshotConfig {
  const keyRaw = config.uniqueKey ?? config.unique_key;
  const uniqueKey = Array.isArray(keyRaw) ? keyRaw.map(String) : typeof keyRaw === 'string' && keyRaw ? [keyRaw] : [];
  if (uniqueKey.length === 0) throw new Error('snapshot config needs unique_key');
  const strategy = config.strategy ?? 'timestamp';
  if (strategy !== 'timestamp' && strategy !== 'check') throw new Error(`snapshot strategy "${String(strategy)}" is not supported (timestamp or check)`);
  if (strategy === 'timestamp') {
    const updatedAt = config.updated_at ?? config.updatedAt;
    if (typeof updatedAt !== 'string' || !updatedAt) throw new Error('snapshot strategy timestamp needs updated_at');
    return { uniqueKey, strategy, updatedAt, checkCols: 'all' };
  }
  const cc = config.check_cols ?? config.checkCols;
  const checkCols = cc === 'all' || cc === undefined ? 'all' : Array.isArray(cc) ? cc.map(String) : [String(cc)];
  return { uniqueKey, strategy, checkCols };
}

/** `a is distinct from b`, spelled so Redshift (which lacks it) understands it too. */
function distinct(a: string, b: string): string {
  return `not (${a} = ${b} or (${a} is null and ${b} is null))`;
}

function stripSemicolons(sql: string): string {
  return sql.replace(/[\s;]+$/, '');
}

/** Text of the key, identical on both engines (used for dbt_scd_id and joins of composite keys). */
function keyText(wh: DevWarehouse, alias: string, key: string[]): string {
  return key.map((k) => `coalesce(cast(${alias}.${wh.quoteIdent(k)} as varchar), '')`).join(` || '|' || `);
}

function updatedExpr(wh: DevWarehouse, alias: string, cfg: SnapshotConfig): string {
  return cfg.strategy === 'timestamp' ? `cast(${alias}.${wh.quoteIdent(cfg.updatedAt!)} as timestamp)` : 'cast(current_timestamp as timestamp)';
}

export async function buildSnapshot(
  wh: DevWarehouse,
  target: RelationName,
  compiledSql: string,
  config: SnapshotConfig,
  options: QueryOptions = {},
): Promise<'created' | 'updated'> {
  const source = `(\n${stripSemicolons(compiledSql)}\n)`;
  const withMeta = (alias: string) => {
    const updated = updatedExpr(wh, alias, config);
    return `${alias}.*, md5(${keyText(wh, alias, config.uniqueKey)} || '|' || coalesce(cast(${updated} as varchar), '')) as dbt_scd_id, ` +
      `${updated} as dbt_updated_at, ${updated} as dbt_valid_from, cast(null as timestamp) as dbt_valid_to`;
  };
  const existing = await relationKind(wh, target, options);
  if (!existing) {
    await replaceRelation(wh, target, 'table', (tmp) => wh.execute(`create table ${tmp} as select ${withMeta('src')} from ${source} as src`, options), options);
    return 'created';
  }
  const snap = wh.relationSql(target);
  const keyJoin = config.uniqueKey.map((k) => `snap.${wh.quoteIdent(k)} = src.${wh.quoteIdent(k)}`).join(' and ');
  let changed: string;
  if (config.strategy === 'timestamp') {
    changed = `${updatedExpr(wh, 'src', config)} > snap.dbt_updated_at`;
  } else {
    let cols = config.checkCols;
    if (cols === 'all') {
      const described = (await wh.describe(target)) ?? [];
      cols = described.map((c) => c.name).filter((c) => !/^dbt_(scd_id|updated_at|valid_from|valid_to)$/.test(c) && !config.uniqueKey.includes(c));
    }
    changed = cols.length ? cols.map((c) => distinct(`snap.${wh.quoteIdent(c)}`, `src.${wh.quoteIdent(c)}`)).join(' or ') : 'false';
  }
  // Columns the snapshot table has, in its order, so a new source column cannot misalign the insert.
  const snapCols = ((await wh.describe(target)) ?? []).map((c) => wh.quoteIdent(c.name));
  const stage = wh.quoteIdent(`dw_snapshot_stage_${process.pid}_${Date.now().toString(36)}`);
  const script = [
    'begin',
    `create temporary table ${stage} as select ${withMeta('src')} from ${source} as src`,
    // Close the current version of each changed key…
    `update ${snap} as snap set dbt_valid_to = src.dbt_updated_at from ${stage} as src where ${keyJoin} and snap.dbt_valid_to is null and (${changed})`,
    // …then insert a current version for every key that has none (changed just now, or new).
    `insert into ${snap} (${snapCols.join(', ')}) select ${snapCols.map((c) => `src.${c}`).join(', ')} from ${stage} as src ` +
      `where not exists (select 1 from ${snap} as snap where ${keyJoin} and snap.dbt_valid_to is null)`,
    `drop table ${stage}`,
    'commit',
  ];
  await wh.execute(script.join(';\n'), options);
  return 'updated';
}
