/**
 * Compiles check specs to SQL. Every aggregate metric on one dataset (and
 * one dataset-level filter) lands in ONE scan; check-level `where`s become
 * FILTER clauses of their metric so they still share it, and identical
 * metrics (say `missing_count(email)` and dbt's `not_null` on email) get one
 * column. Duplicates, relationships, group-bys, reconciliations and samples
 * need their own statements.
 */
import type { AggregateMetric, CheckSpec, DatasetTarget } from './model';
import { reader, unreadable, type Reader } from './read_sql';
import {
  aggregateIf,
  and,
  asDouble,
  asText,
  countIf,
  epochSeconds,
  fragment,
  literal,
  sameValue,
  validityCondition,
  type SqlTarget,
} from './dialect_sql';

export interface ScanQuery {
  datasetId: string;
  sql: string;
  /** spec id → result column holding its value. */
  slots: Map<string, string>;
  /** result column → its expression, and the shared `from … where …`, so one metric can be re-run alone. */
  columns: Map<string, string>;
  fromSql: string;
  /** What goes before `select` in any statement over `fromSql`: the CTEs of an ephemeral dataset, or ''. */
  withSql: string;
}

export interface CompiledBatch {
  scans: ScanQuery[];
  /** Specs with their own statement (spec id → SQL). */
  singles: Map<string, string>;
  /** Specs the runner evaluates without a compiled statement (schema, distribution), and those that cannot run (as `invalid_spec`). */
  special: CheckSpec[];
}

/** Groups all aggregate specs into one scan per (dataset, dataset filter). */
export function compileBatch(specs: readonly CheckSpec[], t: SqlTarget): CompiledBatch {
  const groups = new Map<string, { spec: CheckSpec; exprs: Map<string, string>; slots: Map<string, string> }>();
  const singles = new Map<string, string>();
  const special: CheckSpec[] = [];
  for (const spec of specs) {
    const body = spec.body;
    const cannot = unreadable(spec);
    if (cannot !== undefined) special.push({ ...spec, body: { kind: 'invalid_spec', message: cannot } });
    else if (body.kind === 'aggregate') {
      const key = `${spec.dataset.id}\u0000${spec.datasetWhere ?? ''}\u0000${t.relationSql(spec.dataset.relation)}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { spec, exprs: new Map(), slots: new Map() }));
      const expr = metricExpression(t, body.metric, spec.where);
      let alias = g.exprs.get(expr);
      if (!alias) g.exprs.set(expr, (alias = `m${g.exprs.size}`));
      g.slots.set(spec.id, alias);
    } else if (body.kind === 'schema' || body.kind === 'distribution' || body.kind === 'invalid_spec') special.push(spec);
    else singles.set(spec.id, compileSingle(spec, t));
  }
  const scans: ScanQuery[] = [];
  for (const g of groups.values()) {
    const cols = [...g.exprs].map(([expr, alias]) => `  ${expr} as ${alias}`).join(',\n');
    const where = g.spec.datasetWhere ? `\nwhere ${fragment(g.spec.datasetWhere)}` : '';
    const r = reader(t);
    const fromSql = `from ${r.from(g.spec.dataset)}${where}`;
    const columns = new Map([...g.exprs].map(([expr, alias]) => [alias, expr]));
    const withSql = r.prefix();
    scans.push({ datasetId: g.spec.dataset.id, sql: `${withSql}select\n${cols}\n${fromSql}`, slots: g.slots, columns, fromSql, withSql });
  }
  return { scans, singles, special };
}

/** The naive plan — one statement per check — for benchmarks and comparisons. */
export function compileOnePerCheck(specs: readonly CheckSpec[], t: SqlTarget): CompiledBatch {
  const out: CompiledBatch = { scans: [], singles: new Map(), special: [] };
  for (const s of specs) {
    const b = compileBatch([s], t);
    out.scans.push(...b.scans);
    for (const [k, v] of b.singles) out.singles.set(k, v);
    out.special.push(...b.special);
  }
  return out;
}

/** One aggregate expression, returning a double. `checkWhere` narrows it through FILTER. */
export function metricExpression(t: SqlTarget, m: AggregateMetric, checkWhere: string | undefined): string {
  const w = checkWhere ? fragment(checkWhere) : undefined;
  const total = countIf(t, w);
  const pct = (count: string) => `coalesce(100.0 * ${count} / nullif(${total}, 0), 0)`;
  switch (m.fn) {
    case 'row_count':
      return asDouble(total);
    case 'missing_count':
    case 'missing_percent': {
      const c = countIf(t, and(w, missingCondition(t, m.column, m.missingValues)));
      return asDouble(m.fn === 'missing_count' ? c : pct(c));
    }
    case 'invalid_count':
    case 'invalid_percent':
    case 'invalid_distinct_count': {
      const col = t.quoteIdent(m.column);
      const bad = and(w, invalidCondition(t, m.column, m.validity));
      if (m.fn === 'invalid_distinct_count') return asDouble(aggregateIf(t, 'count', col, bad, true));
      const c = countIf(t, bad);
      return asDouble(m.fn === 'invalid_count' ? c : pct(c));
    }
    case 'min':
    case 'max':
    case 'avg':
    case 'sum':
      return asDouble(aggregateIf(t, m.fn, t.quoteIdent(m.column), w));
    case 'stddev':
      return asDouble(aggregateIf(t, 'stddev_samp', t.quoteIdent(m.column), w));
    case 'avg_length':
      return asDouble(aggregateIf(t, 'avg', `length(${asText(t.quoteIdent(m.column))})`, w));
    case 'distinct_count':
      return asDouble(aggregateIf(t, 'count', t.quoteIdent(m.column), w, true));
    case 'present_fraction':
      return asDouble(`coalesce(1.0 * ${aggregateIf(t, 'count', t.quoteIdent(m.column), w)} / nullif(${total}, 0), 1)`);
    case 'freshness':
      return epochSeconds(aggregateIf(t, 'max', t.quoteIdent(m.column), w));
    case 'failed_rows':
      return asDouble(countIf(t, and(w, fragment(m.condition))));
    case 'sql':
      return asDouble(fragment(m.expression));
  }
}

export function missingCondition(t: SqlTarget, column: string, missingValues?: (string | number)[]): string {
  const col = t.quoteIdent(column);
  if (!missingValues?.length) return `${col} is null`;
  return `(${col} is null or ${col} in (${missingValues.map(literal).join(', ')}))`;
}

export function invalidCondition(t: SqlTarget, column: string, validity: Parameters<typeof validityCondition>[2]): string {
  const col = t.quoteIdent(column);
  return `(${col} is not null and not (${validityCondition(t, col, validity)}))`;
}

/** The row predicate a failing aggregate counted, for sample rows; undefined when the metric has no bad rows. */
export function badRowCondition(t: SqlTarget, m: AggregateMetric): string | undefined {
  switch (m.fn) {
    case 'missing_count':
    case 'missing_percent':
      return missingCondition(t, m.column, m.missingValues);
    case 'present_fraction':
      return `${t.quoteIdent(m.column)} is null`;
    case 'invalid_count':
    case 'invalid_percent':
    case 'invalid_distinct_count':
      return invalidCondition(t, m.column, m.validity);
    case 'failed_rows':
      return fragment(m.condition);
    default:
      return undefined;
  }
}

/** `select * … limit n` of the rows an aggregate check counted as bad. */
export function samplesSql(t: SqlTarget, spec: CheckSpec, limit: number): string | undefined {
  if (spec.body.kind !== 'aggregate' || limit <= 0) return undefined;
  const bad = badRowCondition(t, spec.body.metric);
  if (!bad) return undefined;
  const where = and(spec.datasetWhere && fragment(spec.datasetWhere), spec.where && fragment(spec.where), bad);
  const r = reader(t);
  return r.statement(`select * from ${r.from(spec.dataset)} where ${where} limit ${Math.floor(limit)}`);
}

/** The spec's dataset with its dataset and check filters (and `extra`). */
function filtered(r: Reader, spec: CheckSpec, extra?: string): string {
  const where = and(spec.datasetWhere && fragment(spec.datasetWhere), spec.where && fragment(spec.where), extra);
  return `${r.from(spec.dataset)}${where ? ` where ${where}` : ''}`;
}

/** Another dataset (the other side of a comparison) with its own filter. */
function other(r: Reader, d: DatasetTarget, where: string | undefined): string {
  return `${r.from(d)}${where ? ` where ${fragment(where)}` : ''}`;
}

/** SQL of a spec that needs its own statement. */
export function compileSingle(spec: CheckSpec, t: SqlTarget): string {
  const r = reader(t);
  return r.statement(singleStatement(spec, t, r));
}

function singleStatement(spec: CheckSpec, t: SqlTarget, r: Reader): string {
  const b = spec.body;
  const limit = Math.max(1, spec.samples);
  const q = (n: string) => t.quoteIdent(n);
  switch (b.kind) {
    case 'duplicates': {
      const cols = b.columns.map(q);
      const notNull = cols.map((c) => `${c} is not null`).join(' and ');
      return [
        `select ${cols.join(', ')}, _dw_n as duplicate_rows, count(*) over () as _dw_groups, sum(_dw_n - 1) over () as _dw_extra,`,
        `  (select count(*) from ${filtered(r, spec)}) as _dw_total`,
        `from (select ${cols.join(', ')}, count(*) as _dw_n from ${filtered(r, spec, notNull)} group by ${cols.join(', ')} having count(*) > 1) d`,
        `order by _dw_n desc, ${cols.join(', ')}`,
        `limit ${limit}`,
      ].join('\n');
    }
    case 'relationship': {
      const col = q(b.column);
      return [
        `select c._dw_k as ${col}, count(*) as _dw_rows, sum(count(*)) over () as _dw_total`,
        `from (select ${col} as _dw_k from ${filtered(r, spec, `${col} is not null`)}) c`,
        `left join (select ${q(b.field)} as _dw_k from ${other(r, b.to, b.toWhere)}) p on c._dw_k = p._dw_k`,
        `where p._dw_k is null`,
        `group by c._dw_k`,
        `order by _dw_rows desc, c._dw_k`,
        `limit ${limit}`,
      ].join('\n');
    }
    case 'grouped_metric': {
      const g = b.groupBy.map(q);
      return `select ${g.join(', ')}, ${asDouble(fragment(b.expression))} as _dw_value from ${filtered(r, spec)} group by ${g.join(', ')} order by ${g.join(', ')} limit 10000`;
    }
    case 'row_count_equal':
      return `select (select count(*) from ${filtered(r, spec)}) as _dw_a, (select count(*) from ${other(r, b.other, b.otherWhere)}) as _dw_b`;
    case 'reconcile': {
      const sel = [...b.key, ...b.columns].map(q);
      // The other side's key columns are renamed to ours so the join and output read the same.
      const otherSel = [...b.key.map((k, i) => (b.againstKey ? `${q(b.againstKey[i])} as ${q(k)}` : q(k))), ...b.columns.map(q)];
      const side = (rel: string, cols = sel) => `(select ${cols.join(', ')}, 1 as _dw_present from ${rel})`;
      const on = b.key.map((k) => `a.${q(k)} = b.${q(k)}`).join(' and ');
      const same = (c: string) => {
        const tol = b.tolerance?.[c];
        const eq = sameValue(`a.${q(c)}`, `b.${q(c)}`);
        return tol === undefined ? eq : `(${eq} or abs(a.${q(c)} - b.${q(c)}) <= ${literal(tol)})`;
      };
      const differs = b.columns.length ? ` or not (${b.columns.map(same).join(' and ')})` : '';
      const keys = b.key.map((k) => `coalesce(a.${q(k)}, b.${q(k)}) as ${q(k)}`);
      const cols = b.columns.flatMap((c) => [`a.${q(c)} as ${q(c)}`, `b.${q(c)} as ${q(c + '_against')}`]);
      return [
        `select ${[...keys, ...cols].join(', ')},`,
        `  case when b._dw_present is null then 'missing_in_against' when a._dw_present is null then 'missing_in_dataset' else 'different' end as _dw_issue,`,
        `  count(*) over () as _dw_total,`,
        `  sum(case when b._dw_present is null then 1 else 0 end) over () as _dw_missing_against,`,
        `  sum(case when a._dw_present is null then 1 else 0 end) over () as _dw_missing_dataset`,
        `from ${side(filtered(r, spec))} a`,
        `full outer join ${side(other(r, b.against, b.againstWhere), otherSel)} b on ${on}`,
        `where a._dw_present is null or b._dw_present is null${differs}`,
        `order by ${b.key.map((_, i) => i + 1).join(', ')}`,
        `limit ${limit}`,
      ].join('\n');
    }
    default:
      throw new Error(`no single statement for a ${b.kind} check`);
  }
}
