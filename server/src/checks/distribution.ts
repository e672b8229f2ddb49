/**
 * Distribution drift between a current and a reference sample of a numeric
 * column, computed from bucketed quantiles in SQL instead of pulling rows:
 * one statement finds the reference's quantile edges, a second counts, for
 * each edge, how many current and reference values lie at or below it. The
 * Kolmogorov–Smirnov statistic is the largest gap between the two empirical
 * CDFs at those edges; the Population Stability Index compares the bucket
 * shares.
 */
import type { CheckSpec } from './model';
import { and, asDouble, asText, countIf, fragment, literal, type SqlTarget } from './dialect_sql';
import { reader } from './read_sql';

type DistributionBody = Extract<CheckSpec['body'], { kind: 'distribution' }>;

/** A CTE `_dw_d(v, _dw_cur)` with the non-null values of both samples (cur = 1 for current rows), after those of the ephemeral models read. */
export function samplesCte(t: SqlTarget, spec: CheckSpec, body: DistributionBody, now: Date): string {
  const col = t.quoteIdent(body.column);
  const notNull = `${col} is not null`;
  const rd = reader(t);
  const rel = rd.from(spec.dataset);
  const base = and(spec.datasetWhere && fragment(spec.datasetWhere), spec.where && fragment(spec.where), notNull);
  const part = (relation: string, where: string | undefined, cur: 0 | 1) =>
    `select ${body.categorical ? asText(col) : asDouble(col)} as v, ${cur} as _dw_cur from ${relation}${where ? ` where ${where}` : ''}`;
  let current: string;
  let reference: string;
  const r = body.reference;
  if (r.kind === 'days_back') {
    const ts = t.quoteIdent(r.timestamp);
    const end = now.getTime() / 1000;
    const curStart = end - r.windowSeconds;
    const refStart = curStart - r.daysBack * 86400;
    const stamp = (s: number) => `cast(${literal(new Date(s * 1000).toISOString().replace('T', ' ').replace('Z', ''))} as timestamp)`;
    current = part(rel, and(base, `${ts} >= ${stamp(curStart)}`), 1);
    reference = part(rel, and(base, `${ts} >= ${stamp(refStart)}`, `${ts} < ${stamp(curStart)}`), 0);
  } else if (r.kind === 'dataset') {
    current = part(rel, base, 1);
    reference = part(rd.from(r.dataset), and(r.where && fragment(r.where), notNull), 0);
  } else {
    current = part(rel, base, 1);
    reference = part(rel, and(fragment(r.where), notNull), 0);
  }
  return rd.statement(`with _dw_d as (\n  ${current}\n  union all\n  ${reference}\n)`);
}

/** Quantile probabilities 0, 1/B, …, 1. */
export function quantileProbabilities(buckets: number): number[] {
  return Array.from({ length: buckets + 1 }, (_, i) => Number((i / buckets).toFixed(6)));
}

export function edgesSql(cte: string, buckets: number): string {
  const qs = quantileProbabilities(buckets).map((p, i) => `percentile_cont(${p}) within group (order by v) as e${i}`);
  return `${cte}\nselect ${qs.join(', ')} from _dw_d where _dw_cur = 0`;
}

export function cumulativeSql(t: SqlTarget, cte: string, edges: number[]): string {
  const cols = [`${countIf(t, '_dw_cur = 1')} as n_cur`, `${countIf(t, '_dw_cur = 0')} as n_ref`];
  edges.forEach((e, i) => {
    cols.push(`${countIf(t, `_dw_cur = 1 and v <= ${literal(e)}`)} as c${i}`);
    cols.push(`${countIf(t, `_dw_cur = 0 and v <= ${literal(e)}`)} as r${i}`);
  });
  return `${cte}\nselect ${cols.join(', ')} from _dw_d`;
}

/** KS statistic at the edges: max |F_cur(e) − F_ref(e)|. */
export function ksStatistic(curCum: readonly number[], refCum: readonly number[], nCur: number, nRef: number): number {
  let d = 0;
  for (let i = 0; i < curCum.length; i++) d = Math.max(d, Math.abs(curCum[i] / nCur - refCum[i] / nRef));
  return d;
}

/** PSI over the buckets (−∞, e0], (e0, e1], …, (e_last, ∞); empty buckets are smoothed so the log stays finite. */
export function psi(curCum: readonly number[], refCum: readonly number[], nCur: number, nRef: number): number {
  const eps = 1e-4;
  let total = 0;
  let prevC = 0;
  let prevR = 0;
  for (let i = 0; i <= curCum.length; i++) {
    const c = (i < curCum.length ? curCum[i] : nCur) - prevC;
    const r = (i < refCum.length ? refCum[i] : nRef) - prevR;
    prevC += c;
    prevR += r;
    if (c === 0 && r === 0) continue;
    const pc = Math.max(c / nCur, eps);
    const pr = Math.max(r / nRef, eps);
    total += (pc - pr) * Math.log(pc / pr);
  }
  return total;
}

/** Most frequent categories first; the rest are summed as "other" from the totals. */
export const MAX_CATEGORIES = 200;

export function categorySharesSql(t: SqlTarget, cte: string): string {
  return [
    cte,
    `select v, ${countIf(t, '_dw_cur = 1')} as c, ${countIf(t, '_dw_cur = 0')} as r,`,
    `  sum(${countIf(t, '_dw_cur = 1')}) over () as n_cur, sum(${countIf(t, '_dw_cur = 0')}) over () as n_ref`,
    `from _dw_d group by v order by r desc, c desc, v limit ${MAX_CATEGORIES}`,
  ].join('\n');
}

/** PSI and total-variation distance over category counts (the tail beyond the listed categories is one bucket). */
export function categoricalDrift(rows: { c: number; r: number }[], nCur: number, nRef: number): { psi: number; tvd: number; worst?: number } {
  const eps = 1e-4;
  let psiTotal = 0;
  let tvd = 0;
  let restC = nCur;
  let restR = nRef;
  let worst: number | undefined;
  let worstGap = -1;
  const add = (c: number, r: number, i?: number) => {
    const pc = nCur ? c / nCur : 0;
    const pr = nRef ? r / nRef : 0;
    tvd += Math.abs(pc - pr) / 2;
    if (i !== undefined && Math.abs(pc - pr) > worstGap) {
      worstGap = Math.abs(pc - pr);
      worst = i;
    }
    if (c === 0 && r === 0) return;
    const a = Math.max(pc, eps);
    const b = Math.max(pr, eps);
    psiTotal += (a - b) * Math.log(a / b);
  };
  rows.forEach((row, i) => {
    add(row.c, row.r, i);
    restC -= row.c;
    restR -= row.r;
  });
  add(Math.max(0, restC), Math.max(0, restR));
  return { psi: psiTotal, tvd, worst };
}
