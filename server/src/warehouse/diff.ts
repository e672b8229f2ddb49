/**
 * Comparing one relation across two targets (dev vs prod, usually):
 * row counts, schema, a per-column profile, and — given a key — which rows
 * were added, removed or changed.
 *
 * The row diff never pulls a whole table over the wire. Each row gets a key
 * fingerprint (28 bits of a hash of its key) and a content fingerprint. Both
 * sides aggregate count + fingerprint sums per *range of key fingerprints*;
 * ranges whose aggregates agree are identical with overwhelming probability
 * and are dropped, the others are split into `fanout` sub-ranges and compared
 * again. A range is settled by pulling only (key, fingerprint) pairs once it
 * holds at most `leafRows` rows; full rows are fetched only for the handful
 * of sample keys shown to the user.
 */
import type { DiffResult } from '../protocol/lsp_ext';
import { WarehouseError, type QueryColumn, type QueryOptions, type RelationName, type Warehouse } from './api';
import { classifyType, hexSlice, intDiv, rowText, type ColumnClass } from './diff_sql';
import { renderDiffText } from './diff_text';

export interface DiffOptions {
  /** Key columns; without them only counts, schema and profiles are compared. */
  key?: string[];
  /** Sample rows per kind of change (added/removed/changed). */
  sampleLimit?: number;
  /** Ranges holding at most this many rows (per side) are settled by pulling their key fingerprints. */
  leafRows?: number;
  /** Sub-ranges per split below the first. */
  fanout?: number;
  /** Ranges in the first split; by default about rows / leafRows (a power of two, at most 65536). */
  firstSplit?: number;
  /** Shown in the result and its text. */
  node?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface DiffStats {
  /** Every row returned by any query of the row diff (aggregates, fingerprints, samples), both sides. */
  rowsFetched: number;
  /** Of those, full data rows (the samples). */
  sampleRowsFetched: number;
  queries: number;
  /** How many times ranges were split. */
  depth: number;
}

export interface DiffOutcome extends DiffResult {
  stats: DiffStats;
}

const KEY_SPACE = 1 << 28;
/** Type names safe to splice into a cast (they come from the warehouse's own catalog). */
const SIMPLE_TYPE = /^[A-Za-z][A-Za-z0-9_ ]*(\(\s*\d+\s*(,\s*\d+\s*)?\))?$/;

interface Side {
  wh: Warehouse;
  rel: RelationName;
  columns: QueryColumn[];
  byLower: Map<string, QueryColumn>;
  label: 'dev' | 'other';
}

function displayRel(r: RelationName): string {
  return [r.database, r.schema, r.name].filter(Boolean).join('.');
}

async function describeSide(wh: Warehouse, rel: RelationName, label: 'dev' | 'other'): Promise<Side> {
  const columns = await wh.describe(rel);
  if (!columns) {
    throw new WarehouseError(`${displayRel(rel)} does not exist in target ${wh.targetName}${label === 'dev' ? ' — build it first' : ''}`, 'query');
  }
  return { wh, rel, columns, byLower: new Map(columns.map((c) => [c.name.toLowerCase(), c])), label };
}

function normType(t: string): string {
  return t.toLowerCase().replace(/\s+/g, ' ').trim();
}

export async function diffRelation(
  dev: Warehouse,
  other: Warehouse,
  devRel: RelationName,
  otherRel: RelationName,
  opts: DiffOptions = {},
): Promise<DiffOutcome> {
  const q: QueryOptions = { signal: opts.signal, timeoutMs: opts.timeoutMs };
  // Both sides answer before either failure is thrown: the caller closes the warehouses on an error,
  // and closing DuckDB under a describe still running left the CLI process alive after its message.
  const [ds, os] = await Promise.allSettled([describeSide(dev, devRel, 'dev'), describeSide(other, otherRel, 'other')]);
  if (ds.status === 'rejected') throw ds.reason;
  if (os.status === 'rejected') throw os.reason;
  const [d, o] = [ds.value, os.value];

  const added = d.columns.filter((c) => !o.byLower.has(c.name.toLowerCase())).map((c) => c.name);
  const removed = o.columns.filter((c) => !d.byLower.has(c.name.toLowerCase())).map((c) => c.name);
  const common = d.columns.filter((c) => o.byLower.has(c.name.toLowerCase()));
  const typeChanged = common
    .filter((c) => normType(c.type) !== normType(o.byLower.get(c.name.toLowerCase())!.type))
    .map((c) => ({ column: c.name, dev: c.type, other: o.byLower.get(c.name.toLowerCase())!.type }));

  const [dp, op] = await Promise.all([profile(d, common.map((c) => c.name), q), profile(o, common.map((c) => o.byLower.get(c.name.toLowerCase())!.name), q)]);
  const columns = common.map((c, i) => ({ column: c.name, dev: dp.columns[i], other: op.columns[i] }));

  const result: DiffOutcome = {
    node: opts.node ?? displayRel(devRel),
    rowCounts: { dev: dp.count, other: op.count },
    schema: { added, removed, typeChanged },
    columns,
    text: '',
    stats: { rowsFetched: 0, sampleRowsFetched: 0, queries: 0, depth: 0 },
  };

  if (opts.key && opts.key.length) {
    const missing = opts.key.filter((k) => !d.byLower.has(k.toLowerCase()) || !o.byLower.has(k.toLowerCase()));
    if (missing.length) throw new WarehouseError(`key column ${missing.join(', ')} is not in both relations`, 'config');
    result.rows = await rowDiff(d, o, opts.key, common.map((c) => c.name), opts, q, result.stats, dp.count, op.count);
  }
  result.text = renderDiffText(result);
  return result;
}

// ---------------------------------------------------------------- profiles

async function profile(side: Side, names: string[], q: QueryOptions): Promise<{ count: number; columns: Record<string, unknown>[] }> {
  const { wh } = side;
  const parts = ['count(*) as n'];
  const classes: ColumnClass[] = [];
  names.forEach((name, i) => {
    const c = wh.quoteIdent(name);
    const cls = classifyType(side.byLower.get(name.toLowerCase())!.type);
    classes.push(cls);
    parts.push(`count(*) - count(${c}) as c${i}_nulls`);
    if (cls !== 'other') parts.push(`count(distinct ${c}) as c${i}_distinct`);
    if (cls === 'numeric' || cls === 'temporal' || cls === 'text') parts.push(`min(${c}) as c${i}_min`, `max(${c}) as c${i}_max`);
    if (cls === 'numeric') parts.push(`avg(cast(${c} as double precision)) as c${i}_avg`);
  });
  const r = await wh.query(`select ${parts.join(', ')} from ${wh.relationSql(side.rel)}`, q);
  const row = r.rows[0] ?? {};
  const count = Number(row.n ?? 0);
  const columns = names.map((_, i) => {
    const p: Record<string, unknown> = { nulls: Number(row[`c${i}_nulls`] ?? 0) };
    if (`c${i}_distinct` in row) p.distinct = Number(row[`c${i}_distinct`]);
    if (`c${i}_min` in row) {
      p.min = row[`c${i}_min`];
      p.max = row[`c${i}_max`];
    }
    if (`c${i}_avg` in row) p.avg = row[`c${i}_avg`] === null ? null : Number(row[`c${i}_avg`]);
    return p;
  });
  return { count, columns };
}

// ---------------------------------------------------------------- row diff

interface Range {
  /** Index of the range at its level: covers key fingerprints [index*width, (index+1)*width). */
  index: number;
  width: number;
}

/** Column alias for the key fingerprint; odd enough not to collide with a user column. */
const KH = '__dw_kh';

interface Fingerprints {
  /** Integer key fingerprint in [0, 2^28), computed over the relation's own columns. */
  keyHash: string;
  /** Row fingerprint of key + compared columns (md5 hex, or a 64-bit hash). */
  rowSig: string;
  /** Two independent 28-bit integers taken from a row fingerprint `m`, summed per range. */
  part1(m: string): string;
  part2(m: string): string;
}

type FingerprintMode = 'md5' | 'text-hash' | 'typed-hash';

/**
 * md5 over canonical text is what every engine computes identically, so it is
 * the fingerprint whenever the two sides may differ in engine. When both sides
 * are DuckDB (same library, same process) DuckDB's own hash() agrees on both
 * sides and is far cheaper; over the typed values directly when every column
 * has the same type on both sides, else over the canonical text (so that
 * DECIMAL 10.0 and DOUBLE 10.0 still compare equal).
 */
function fingerprintSql(side: Side, key: string[], compared: string[], mode: FingerprintMode): Fingerprints {
  const { wh } = side;
  const parts = { part1: (m: string) => `cast(${m} >> 36 as bigint)`, part2: (m: string) => `cast(${m} & 268435455 as bigint)` };
  if (mode === 'typed-hash') {
    const cols = (names: string[]) => names.map((c) => wh.quoteIdent(c)).join(', ');
    return { keyHash: `cast(hash(${cols(key)}) >> 36 as bigint)`, rowSig: `hash(${cols([...key, ...compared])})`, ...parts };
  }
  const keyText = rowText(wh, key);
  const allText = rowText(wh, [...key, ...compared]);
  if (mode === 'text-hash') return { keyHash: `cast(hash(${keyText}) >> 36 as bigint)`, rowSig: `hash(${allText})`, ...parts };
  return {
    keyHash: hexSlice(wh, `md5(${keyText})`, 1),
    rowSig: `md5(${allText})`,
    part1: (m) => hexSlice(wh, m, 1),
    part2: (m) => hexSlice(wh, m, 8),
  };
}

/**
 * The relation with its key fingerprint, restricted to some key ranges. The
 * row fingerprint is computed *after* the filter, so deeper levels only hash
 * the rows of the ranges still in question.
 */
function filtered(side: Side, fp: Fingerprints, width: number, ranges: number[] | null): string {
  const { wh } = side;
  const where = ranges === null ? '' : ` where ${intDiv(wh, KH, width)} in (${ranges.join(', ')})`;
  return `(select * from (select *, ${fp.keyHash} as ${KH} from ${wh.relationSql(side.rel)}) t0${where}) t1`;
}

/** Aggregates per child range of the given ranges: count and two fingerprint sums. */
async function aggregate(side: Side, fp: Fingerprints, parentWidth: number, parents: number[] | null, childWidth: number, q: QueryOptions, stats: DiffStats) {
  const { wh } = side;
  const sql =
    `select b, count(*) as n, sum(${fp.part1('m')}) as s1, sum(${fp.part2('m')}) as s2 from ` +
    `(select ${intDiv(wh, KH, childWidth)} as b, ${fp.rowSig} as m from ${filtered(side, fp, parentWidth, parents)}) t2 group by b`;
  const r = await wh.query(sql, q);
  stats.queries++;
  stats.rowsFetched += r.rows.length;
  const out = new Map<number, { n: number; sig: string }>();
  for (const row of r.rows) out.set(Number(row.b), { n: Number(row.n), sig: `${row.n}:${row.s1}:${row.s2}` });
  return out;
}

/** (key → fingerprints) for every row whose key fingerprint falls in the given ranges (null = all rows). */
async function pullFingerprints(side: Side, key: string[], fp: Fingerprints, width: number, ranges: number[] | null, q: QueryOptions, stats: DiffStats) {
  const { wh } = side;
  const keyCols = key.map((k, i) => `${wh.quoteIdent(side.byLower.get(k.toLowerCase())!.name)} as k${i}`).join(', ');
  const sql = `select ${keyCols}, ${fp.rowSig} as m from ${filtered(side, fp, width, ranges)}`;
  const r = await wh.query(sql, q);
  stats.queries++;
  stats.rowsFetched += r.rows.length;
  const out = new Map<string, { key: unknown[]; sig: string[] }>();
  for (const row of r.rows) {
    const keyValues = key.map((_, i) => row[`k${i}`]);
    const id = JSON.stringify(keyValues);
    const entry = out.get(id);
    const sig = String(row.m);
    if (entry) entry.sig.push(sig);
    else out.set(id, { key: keyValues, sig: [sig] });
  }
  return out;
}

/**
 * Width of the first split: about `leafRows` rows per range, so a large table
 * needs one aggregate pass and one fingerprint pass rather than a descent
 * level by level (each level is a scan). Capped so the first answer stays small.
 */
function firstWidth(rows: number, leafRows: number, firstSplit?: number): number {
  const wanted = Math.min(1 << 16, Math.max(2, firstSplit ?? Math.ceil(rows / leafRows)));
  let buckets = 1;
  while (buckets < wanted) buckets *= 2;
  return KEY_SPACE / buckets;
}

async function rowDiff(
  d: Side,
  o: Side,
  key: string[],
  commonNames: string[],
  opts: DiffOptions,
  q: QueryOptions,
  stats: DiffStats,
  devCount: number,
  otherCount: number,
): Promise<NonNullable<DiffResult['rows']>> {
  const leafRows = Math.max(1, opts.leafRows ?? 1000);
  const fanout = Math.max(2, Math.min(256, opts.fanout ?? 16));
  const sampleLimit = Math.max(0, opts.sampleLimit ?? 5);
  const keyLower = new Set(key.map((k) => k.toLowerCase()));
  // Sorted, so reordering columns is not a change; compared by the dev spelling, looked up per side.
  const compared = commonNames.filter((c) => !keyLower.has(c.toLowerCase())).sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
  const names = (side: Side, cols: string[]) => cols.map((c) => side.byLower.get(c.toLowerCase())!.name);
  const sameTypes = [...key, ...compared].every((c) => normType(d.byLower.get(c.toLowerCase())!.type) === normType(o.byLower.get(c.toLowerCase())!.type));
  const mode: FingerprintMode = d.wh.type === 'duckdb' && o.wh.type === 'duckdb' ? (sameTypes ? 'typed-hash' : 'text-hash') : 'md5';
  const dfp = fingerprintSql(d, names(d, key), names(d, compared), mode);
  const ofp = fingerprintSql(o, names(o, key), names(o, compared), mode);

  // Settled ranges (at their own widths) whose fingerprints we pull.
  const leaves: Range[] = [];
  if (Math.max(devCount, otherCount) <= leafRows) {
    leaves.push({ index: 0, width: KEY_SPACE });
  } else {
    let frontier: number[] | null = null; // null = the whole key space
    let width = KEY_SPACE;
    while (frontier === null || frontier.length > 0) {
      if (opts.signal?.aborted) throw new WarehouseError('diff cancelled', 'cancelled');
      const childWidth = frontier === null ? firstWidth(Math.max(devCount, otherCount), leafRows, opts.firstSplit) : Math.max(1, Math.floor(width / fanout));
      const [da, oa] = await Promise.all([aggregate(d, dfp, width, frontier, childWidth, q, stats), aggregate(o, ofp, width, frontier, childWidth, q, stats)]);
      stats.depth++;
      const next: number[] = [];
      for (const b of new Set([...da.keys(), ...oa.keys()])) {
        const x = da.get(b);
        const y = oa.get(b);
        if (x && y && x.sig === y.sig) continue;
        if (Math.max(x?.n ?? 0, y?.n ?? 0) <= leafRows || childWidth === 1) leaves.push({ index: b, width: childWidth });
        else next.push(b);
      }
      // Differences everywhere (a column changed in every row): further splitting only adds round trips.
      if (next.length > 4096) {
        for (const b of next) leaves.push({ index: b, width: childWidth });
        next.length = 0;
      }
      frontier = next;
      width = childWidth;
    }
  }

  // Pull fingerprints for the leaves, grouped by width (one query per side per width).
  const devRows = new Map<string, { key: unknown[]; sig: string[] }>();
  const otherRows = new Map<string, { key: unknown[]; sig: string[] }>();
  const byWidth = new Map<number, number[]>();
  for (const l of leaves) byWidth.set(l.width, [...(byWidth.get(l.width) ?? []), l.index]);
  for (const [w, idx] of byWidth) {
    const whole = w === KEY_SPACE;
    for (let i = 0; i < idx.length; i += 1000) {
      const chunk = whole ? null : idx.slice(i, i + 1000);
      const [dr, or] = await Promise.all([
        pullFingerprints(d, names(d, key), dfp, w, chunk, q, stats),
        pullFingerprints(o, names(o, key), ofp, w, chunk, q, stats),
      ]);
      for (const [k, v] of dr) devRows.set(k, v);
      for (const [k, v] of or) otherRows.set(k, v);
      if (whole) break;
    }
  }

  const addedKeys: unknown[][] = [];
  const removedKeys: unknown[][] = [];
  const changedKeys: unknown[][] = [];
  for (const [k, v] of devRows) {
    const w = otherRows.get(k);
    if (!w) addedKeys.push(v.key);
    else if (v.sig.slice().sort().join() !== w.sig.slice().sort().join()) changedKeys.push(v.key);
  }
  for (const [k, v] of otherRows) if (!devRows.has(k)) removedKeys.push(v.key);

  const samples: Record<string, unknown>[] = [];
  const keyObj = (values: unknown[]) => Object.fromEntries(key.map((k, i) => [k, values[i]]));
  const fetchRows = async (side: Side, keys: unknown[][]) => {
    if (keys.length === 0) return new Map<string, Record<string, unknown>>();
    const { wh } = side;
    const keyNames = names(side, key);
    const params: unknown[] = [];
    // Compare in the key's own type (so an index can serve it and timestamps match), unless the type name is exotic.
    const types = keyNames.map((k) => side.byLower.get(k.toLowerCase())!.type);
    const conds = keys.map((values) => `(${keyNames.map((k, i) => {
      if (values[i] === null) return `${wh.quoteIdent(k)} is null`;
      params.push(String(values[i]));
      return SIMPLE_TYPE.test(types[i])
        ? `${wh.quoteIdent(k)} = cast($${params.length} as ${types[i]})`
        : `cast(${wh.quoteIdent(k)} as varchar) = $${params.length}`;
    }).join(' and ')})`);
    const r = await wh.query(`select * from ${wh.relationSql(side.rel)} where ${conds.join(' or ')}`, { ...q, params });
    stats.queries++;
    stats.rowsFetched += r.rows.length;
    stats.sampleRowsFetched += r.rows.length;
    const out = new Map<string, Record<string, unknown>>();
    for (const row of r.rows) {
      const id = JSON.stringify(keyNames.map((k) => row[k] ?? null));
      if (!out.has(id)) out.set(id, row);
    }
    return out;
  };
  const addSample = addedKeys.slice(0, sampleLimit);
  const remSample = removedKeys.slice(0, sampleLimit);
  const chgSample = changedKeys.slice(0, sampleLimit);
  const [devSamples, otherSamples] = await Promise.all([fetchRows(d, [...addSample, ...chgSample]), fetchRows(o, [...remSample, ...chgSample])]);
  for (const k of addSample) samples.push({ change: 'added', key: keyObj(k), dev: devSamples.get(JSON.stringify(k)) ?? null });
  for (const k of remSample) samples.push({ change: 'removed', key: keyObj(k), other: otherSamples.get(JSON.stringify(k)) ?? null });
  for (const k of chgSample) {
    const a = devSamples.get(JSON.stringify(k)) ?? {};
    const b = otherSamples.get(JSON.stringify(k)) ?? {};
    const diffs: Record<string, { dev: unknown; other: unknown }> = {};
    for (const c of compared) {
      const dv = a[d.byLower.get(c.toLowerCase())!.name];
      const ov = b[o.byLower.get(c.toLowerCase())!.name];
      if (JSON.stringify(dv) !== JSON.stringify(ov)) diffs[c] = { dev: dv ?? null, other: ov ?? null };
    }
    samples.push({ change: 'changed', key: keyObj(k), columns: diffs });
  }
  return { key, added: addedKeys.length, removed: removedKeys.length, changed: changedKeys.length, samples };
}
