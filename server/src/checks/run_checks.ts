/**
 * Runs a plan of checks against a warehouse: the batched scans, the
 * per-check statements and the special checks go through a small pool;
 * every spec yields exactly one `CheckResult`. A failing statement turns
 * only its checks into `error`; cancellation stops running statements and
 * marks the rest `error` with "cancelled".
 */
import type { QueryColumn, QueryResult, Warehouse } from '../warehouse/api';
import { detectAnomaly, type SeriesPoint } from './anomaly';
import { badRowCondition, compileBatch, metricExpression, samplesSql } from './compile';
import { and, bucketEpoch, fragment } from './dialect_sql';
import { reader } from './read_sql';
import { categoricalDrift, categorySharesSql, cumulativeSql, edgesSql, ksStatistic, psi, quantileProbabilities, samplesCte } from './distribution';
import { formatDuration } from './duration';
import type { HistoryStore } from './history';
import type { CheckResult, CheckSpec, CheckStatus } from './model';
import { sameTypeFamily } from './schema_types';
import { satisfies } from './threshold';
import { formatNumber, plainRow, round, stripInternal, toNumber } from './values';

export interface RunOptions {
  /** Statements in flight at once (default 4). */
  concurrency?: number;
  /** Per-statement timeout (default 5 minutes). */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Called as each result is known, for progress and streaming to the editor. */
  onResult?: (result: CheckResult) => void;
  /** The time checks are judged at (freshness, windows, history); default now. */
  now?: Date;
  /** Needed by `change` and `anomaly` checks; without it they report an error. */
  history?: HistoryStore;
}

export type CheckPlanInput = readonly CheckSpec[] | { specs: readonly CheckSpec[] };

class StatementError extends Error {}

export async function runChecks(plan: CheckPlanInput, warehouse: Warehouse, options: RunOptions = {}): Promise<CheckResult[]> {
  const specs = 'specs' in plan ? plan.specs : plan;
  const now = options.now ?? new Date();
  const nowSec = now.getTime() / 1000;
  const timeoutMs = options.timeoutMs ?? 300_000;
  const results = new Map<string, CheckResult>();
  const historyWrites: Parameters<HistoryStore['record']>[0] = [];
  const batch = compileBatch(specs, warehouse);
  const specById = new Map(specs.map((s) => [s.id, s]));

  const publish = (spec: CheckSpec, partial: Partial<CheckResult> & { status: CheckStatus; message: string }, started: number) => {
    if (results.has(spec.id)) return;
    const r: CheckResult = {
      unit: unitOf(spec),
      id: spec.id,
      dataset: spec.dataset.id,
      datasetDisplay: spec.dataset.display,
      check: spec.check,
      name: spec.name,
      value: null,
      threshold: spec.thresholdText,
      file: spec.file,
      range: spec.range,
      sql: '',
      samples: [],
      elapsedMs: Math.round(performance.now() - started),
      ...partial,
    };
    results.set(spec.id, r);
    // Every measured value goes to history (sparklines, later comparisons); change/anomaly checks record their own points.
    const b = spec.body;
    if (!(b.kind === 'aggregate' && b.history) && r.status !== 'error') record(spec, nowSec, r.value, r.status === 'fail' || r.status === 'warn');
    try {
      options.onResult?.(r);
    } catch {
      // A broken progress callback must not lose results.
    }
  };

  async function query(sql: string): Promise<QueryResult> {
    if (options.signal?.aborted) throw new StatementError('cancelled');
    const ctl = new AbortController();
    const onOuterAbort = () => ctl.abort();
    options.signal?.addEventListener('abort', onOuterAbort, { once: true });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      ctl.abort();
    }, timeoutMs);
    // Race the statement against our own abort so an adapter that ignores the signal cannot hang the run.
    const aborted = new Promise<never>((_, reject) =>
      ctl.signal.addEventListener('abort', () => reject(new StatementError(timedOut ? `timed out after ${timeoutMs} ms` : 'cancelled')), { once: true }),
    );
    try {
      return await Promise.race([warehouse.query(sql, { timeoutMs, signal: ctl.signal }), aborted]);
    } catch (e) {
      if (timedOut) throw new StatementError(`timed out after ${timeoutMs} ms`);
      if (options.signal?.aborted) throw new StatementError('cancelled');
      throw new StatementError(e instanceof Error ? e.message : String(e));
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onOuterAbort);
      aborted.catch(() => undefined);
    }
  }

  const tasks: (() => Promise<void>)[] = [];
  for (const scan of batch.scans) {
    tasks.push(async () => {
      const started = performance.now();
      let row: Record<string, unknown> = {};
      // When the shared scan fails on SQL (one check's bad expression), each metric is re-run alone so only the culprit errors.
      const isolated = new Map<string, { sql: string; value?: unknown; error?: string }>();
      try {
        const res = await query(scan.sql);
        row = res.rows[0] ?? {};
      } catch (e) {
        const message = errorText(e);
        let shared = scan.columns.size === 1 || isStopped(e);
        if (!shared) {
          // A missing relation or a broken dataset `where` breaks every metric alike: one cheap probe tells.
          try {
            await query(`${scan.withSql}select 1 as one ${scan.fromSql} limit 0`);
          } catch {
            shared = true;
          }
        }
        if (shared) {
          for (const id of scan.slots.keys()) publish(specById.get(id)!, { status: 'error', message, sql: scan.sql }, started);
          return;
        }
        for (const [alias, expr] of scan.columns) {
          const sql = `${scan.withSql}select ${expr} as ${alias} ${scan.fromSql}`;
          try {
            isolated.set(alias, { sql, value: (await query(sql)).rows[0]?.[alias] });
          } catch (inner) {
            isolated.set(alias, { sql, error: errorText(inner) });
          }
        }
      }
      await Promise.all(
        [...scan.slots].map(async ([id, alias]) => {
          const spec = specById.get(id)!;
          const alone = isolated.get(alias);
          const sql = alone?.sql ?? scan.sql;
          try {
            if (alone?.error !== undefined) publish(spec, { status: 'error', message: alone.error, sql }, started);
            else await evaluateAggregate(spec, toNumber(alone ? alone.value : row[alias]), sql, started);
          } catch (e) {
            publish(spec, { status: 'error', message: errorText(e), sql }, started);
          }
        }),
      );
    });
  }
  for (const [id, sql] of batch.singles) {
    tasks.push(async () => {
      const spec = specById.get(id)!;
      const started = performance.now();
      try {
        const res = await query(sql);
        evaluateSingle(spec, sql, res, started);
      } catch (e) {
        publish(spec, { status: 'error', message: errorText(e), sql }, started);
      }
    });
  }
  for (const spec of batch.special) {
    tasks.push(async () => {
      const started = performance.now();
      try {
        await evaluateSpecial(spec, started);
      } catch (e) {
        publish(spec, { status: 'error', message: errorText(e) }, started);
      }
    });
  }

  await pool(tasks, Math.max(1, options.concurrency ?? 4), options.signal);
  if (options.history && historyWrites.length) {
    try {
      await options.history.record(historyWrites);
    } catch {
      // History is a convenience; a locked or broken file must not turn passing checks into failures.
    }
  }
  return specs.map(
    (s) =>
      results.get(s.id) ??
      ({
        id: s.id,
        dataset: s.dataset.id,
        datasetDisplay: s.dataset.display,
        check: s.check,
        name: s.name,
        status: 'error',
        value: null,
        threshold: s.thresholdText,
        file: s.file,
        range: s.range,
        sql: '',
        elapsedMs: 0,
        samples: [],
        message: options.signal?.aborted ? 'cancelled' : 'not run',
      } satisfies CheckResult),
  );

  /** pass / warn / fail from the failure conditions. */
  function judge(spec: CheckSpec, value: number | null): CheckStatus {
    if (value === null || Number.isNaN(value)) return 'fail';
    if (spec.failWhen && satisfies(value, spec.failWhen)) return 'fail';
    if (spec.warnWhen && satisfies(value, spec.warnWhen)) return 'warn';
    return 'pass';
  }

  async function samplesFor(spec: CheckSpec, status: CheckStatus): Promise<{ rows: Record<string, unknown>[]; sql?: string; error?: string }> {
    if (status === 'pass') return { rows: [] };
    const sql = samplesSql(warehouse, spec, spec.samples);
    if (!sql) return { rows: [] };
    try {
      return { rows: (await query(sql)).rows.map(plainRow), sql };
    } catch (e) {
      return { rows: [], sql, error: errorText(e) };
    }
  }

  async function evaluateAggregate(spec: CheckSpec, raw: number | null, scanSql: string, started: number): Promise<void> {
    const body = spec.body as Extract<CheckSpec['body'], { kind: 'aggregate' }>;
    const metric = body.metric;
    const isFreshness = metric.fn === 'freshness';
    const value = isFreshness ? (raw === null ? null : nowSec - raw) : raw;
    const history = body.history;
    if (!history) {
      const status = judge(spec, value);
      const samples = await samplesFor(spec, status);
      let message: string;
      if (value === null) message = isFreshness ? `no non-null ${metric.column} values: the data is not fresh` : 'the metric is null (no rows to measure)';
      else if (isFreshness) message = `newest ${metric.column} is ${formatDuration(value)} old (${spec.thresholdText})`;
      else message = `${spec.dataset.display}: ${describeMetric(spec)} = ${formatNumber(value)}${status === 'pass' ? '' : ` (${expectation(spec)})`}`;
      if (samples.error) message += `; samples could not be fetched: ${samples.error}`;
      publish(spec, { status, value: value === null ? null : round(value), message, sql: joinSql(scanSql, samples.sql), samples: samples.rows }, started);
      return;
    }
    if (!options.history) {
      publish(spec, { status: 'error', value, sql: scanSql, message: `${history.mode} checks need the metric history (.driftwatch/history.duckdb), which is not available` }, started);
      return;
    }
    if (value === null) {
      publish(spec, { status: 'fail', value: null, sql: scanSql, message: 'the metric is null (no rows to measure)' }, started);
      return;
    }
    if (history.mode === 'change') {
      const prev = await options.history.previous(spec.id, nowSec);
      record(spec, nowSec, value, false);
      if (!prev) {
        publish(spec, { status: 'pass', value: 0, sql: scanSql, message: `first run: ${describeMetric(spec)} = ${formatNumber(value)} stored as the baseline for the next comparison` }, started);
        return;
      }
      const delta = value - prev.value;
      const change = history.percent ? (prev.value === 0 ? (delta === 0 ? 0 : Infinity) : (100 * delta) / Math.abs(prev.value)) : delta;
      // `change < 20%` bounds the size of the move in either direction, as users read it;
      // `between -5% and 10%` or `> -10%` are about its direction too.
      const measured = history.signed ? change : Math.abs(change);
      const status = judge(spec, measured);
      const sign = delta >= 0 ? '+' : '−';
      publish(
        spec,
        {
          status,
          value: round(measured),
          sql: scanSql,
          message: `${describeMetric(spec)} went from ${formatNumber(prev.value)} to ${formatNumber(value)} (${sign}${history.percent ? `${formatNumber(Math.abs(change))}%` : formatNumber(Math.abs(delta))})${status === 'pass' ? '' : `; ${expectation(spec, 'change ')}`}`,
        },
        started,
      );
      return;
    }
    // anomaly
    const opts = { sensitivity: history.sensitivity, seasonality: history.seasonality, minTraining: history.minTraining };
    let series: SeriesPoint[];
    let current: SeriesPoint;
    let sql = scanSql;
    if (history.timestamp) {
      const unit = history.seasonality === 'hour_of_day' ? 'hour' : 'day';
      const bucketSql = perPeriodSql(spec, history.timestamp, unit);
      sql = bucketSql;
      const rows = (await query(bucketSql)).rows;
      const size = unit === 'day' ? 86400 : 3600;
      const currentBucket = Math.floor(nowSec / size) * size;
      const points = rows.map((r) => ({ time: toNumber(r._dw_bucket) ?? NaN, value: toNumber(r._dw_value) ?? NaN })).filter((p) => Number.isFinite(p.time) && p.time < currentBucket);
      if (points.length === 0) {
        publish(spec, { status: 'pass', value: null, sql, message: `training: no complete ${unit}s with ${history.timestamp} yet` }, started);
        return;
      }
      const stored = await options.history.series(spec.id, Infinity, 5000);
      const flagged = new Set(stored.filter((p) => p.flagged).map((p) => p.time));
      current = points[points.length - 1];
      series = points.slice(0, -1).map((p) => ({ ...p, flagged: flagged.has(p.time) }));
    } else {
      series = await options.history.series(spec.id, nowSec);
      current = { time: nowSec, value };
    }
    const verdict = detectAnomaly(series, current, opts);
    const flaggedNow = verdict.status === 'anomaly';
    record(spec, current.time, current.value, flaggedNow);
    const status: CheckStatus = flaggedNow ? (spec.warnWhen ? 'warn' : 'fail') : 'pass';
    const when = history.timestamp ? ` for ${new Date(current.time * 1000).toISOString().slice(0, history.seasonality === 'hour_of_day' ? 13 : 10)}` : '';
    publish(spec, { status, value: round(current.value), sql, message: `${describeMetric(spec)}${when}: ${verdict.message}` }, started);
  }

  function perPeriodSql(spec: CheckSpec, timestamp: string, unit: 'day' | 'hour'): string {
    const body = spec.body as Extract<CheckSpec['body'], { kind: 'aggregate' }>;
    const ts = warehouse.quoteIdent(timestamp);
    const bucket = bucketEpoch(ts, unit);
    const where = and(spec.datasetWhere && fragment(spec.datasetWhere), `${ts} is not null`);
    const r = reader(warehouse);
    return r.statement(`select ${bucket} as _dw_bucket, ${metricExpression(warehouse, body.metric, spec.where)} as _dw_value from ${r.from(spec.dataset)} where ${where} group by 1 order by 1`);
  }

  function evaluateSingle(spec: CheckSpec, sql: string, res: QueryResult, started: number): void {
    const b = spec.body;
    const rows = res.rows;
    switch (b.kind) {
      case 'duplicates': {
        const first = rows[0];
        const groups = toNumber(first?._dw_groups) ?? 0;
        const extra = toNumber(first?._dw_extra) ?? 0;
        const total = toNumber(first?._dw_total) ?? 0;
        const count = b.count === 'groups' ? groups : extra;
        const value = b.percent ? (total === 0 ? 0 : (100 * extra) / total) : count;
        const status = judge(spec, value);
        const samples = rows.map((r) => stripInternal(r));
        publish(
          spec,
          {
            status,
            value: round(value),
            sql,
            samples: status === 'pass' ? [] : samples.slice(0, spec.samples),
            message:
              groups === 0
                ? `no duplicate ${b.columns.join(', ')} values`
                : `${groups} ${b.columns.join(', ')} value${groups === 1 ? '' : 's'} repeated (${extra} extra row${extra === 1 ? '' : 's'}${b.percent ? `, ${formatNumber(value)}% of ${total}` : ''})`,
          },
          started,
        );
        return;
      }
      case 'relationship': {
        const total = toNumber(rows[0]?._dw_total) ?? 0;
        const status = judge(spec, total);
        publish(
          spec,
          {
            status,
            value: total,
            sql,
            samples: status === 'pass' ? [] : rows.slice(0, spec.samples).map((r) => stripInternal(r, { _dw_rows: 'rows' })),
            message: total === 0 ? `every ${b.column} exists in ${b.to.display}.${b.field}` : `${total} row${total === 1 ? '' : 's'} with a ${b.column} missing from ${b.to.display}.${b.field}`,
          },
          started,
        );
        return;
      }
      case 'grouped_metric': {
        const bad: Record<string, unknown>[] = [];
        let worst: CheckStatus = 'pass';
        for (const r of rows) {
          const v = toNumber(r._dw_value);
          const s = judge(spec, v);
          if (s !== 'pass') {
            bad.push(stripInternal(r, { _dw_value: 'value' }));
            if (s === 'fail' || worst === 'pass') worst = s;
          }
        }
        const describe = bad.slice(0, 5).map((r) => `${b.groupBy.map((g) => String(r[g])).join('/')}=${formatNumber(toNumber(r.value) ?? NaN)}`).join(', ');
        publish(
          spec,
          {
            status: worst,
            value: bad.length,
            sql,
            samples: bad.slice(0, spec.samples),
            message: bad.length === 0 ? `all ${rows.length} groups by ${b.groupBy.join(', ')} within ${spec.thresholdText}` : `${bad.length} of ${rows.length} groups by ${b.groupBy.join(', ')} outside ${spec.thresholdText}: ${describe}`,
          },
          started,
        );
        return;
      }
      case 'row_count_equal': {
        const a = toNumber(rows[0]?._dw_a) ?? 0;
        const o = toNumber(rows[0]?._dw_b) ?? 0;
        const value = Math.abs(a - o);
        const status = judge(spec, value);
        publish(spec, { status, value, sql, message: `${spec.dataset.display} has ${a} rows, ${b.other.display} has ${o}` }, started);
        return;
      }
      case 'reconcile': {
        const total = toNumber(rows[0]?._dw_total) ?? 0;
        const status = judge(spec, total);
        const missingAgainst = toNumber(rows[0]?._dw_missing_against) ?? 0;
        const missingHere = toNumber(rows[0]?._dw_missing_dataset) ?? 0;
        const different = total - missingAgainst - missingHere;
        const parts = [
          missingAgainst ? `${missingAgainst} missing from ${b.against.display}` : '',
          missingHere ? `${missingHere} missing from ${spec.dataset.display}` : '',
          different ? `${different} with different ${b.columns.join(', ')}` : '',
        ].filter(Boolean);
        publish(
          spec,
          {
            status,
            value: total,
            sql,
            samples: status === 'pass' ? [] : rows.slice(0, spec.samples).map((r) => stripInternal(r, { _dw_issue: 'issue' })),
            message:
              total === 0
                ? `${spec.dataset.display} and ${b.against.display} agree on every ${b.key.join(', ')}`
                : `${total} ${b.key.join(', ')} key${total === 1 ? '' : 's'} differ between ${spec.dataset.display} and ${b.against.display}: ${parts.join(', ')}`,
          },
          started,
        );
        return;
      }
      default:
        publish(spec, { status: 'error', sql, message: `internal: no evaluator for ${b.kind}` }, started);
    }
  }

  async function evaluateSpecial(spec: CheckSpec, started: number): Promise<void> {
    const b = spec.body;
    if (b.kind === 'invalid_spec') {
      publish(spec, { status: 'error', message: b.message }, started);
      return;
    }
    if (b.kind === 'schema') {
      if (options.signal?.aborted) throw new StatementError('cancelled');
      const described = await describeDataset(spec);
      if (!described.columns) {
        publish(spec, { status: 'fail', value: null, message: `${warehouse.relationSql(spec.dataset.relation)} does not exist in ${warehouse.targetName}` }, started);
        return;
      }
      const cols = described.columns;
      const byName = new Map(cols.map((c) => [c.name.toLowerCase(), c]));
      const problems: string[] = [];
      for (const r of b.required) if (!byName.has(r.toLowerCase())) problems.push(`missing required column ${r}`);
      for (const f of b.forbidden) if (byName.has(f.toLowerCase())) problems.push(`forbidden column ${f} is present`);
      for (const [col, want] of Object.entries(b.types)) {
        const c = byName.get(col.toLowerCase());
        if (!c) problems.push(`column ${col} (expected ${want}) is missing`);
        else if (!sameTypeFamily(c.type, want)) problems.push(`column ${col} is ${c.type}, expected ${want}`);
      }
      const status = judge(spec, problems.length);
      const message = problems.length ? problems.join('; ') : `schema matches (${cols.length} columns)`;
      const ephemeral = described.sql ? `; ${spec.dataset.display} is ephemeral (never built): these are the columns of its query` : '';
      publish(spec, { status, value: problems.length, sql: described.sql ?? '', message: message + ephemeral }, started);
      return;
    }
    if (b.kind === 'distribution' && b.categorical) {
      const sql = categorySharesSql(warehouse, samplesCte(warehouse, spec, b, now));
      const rows = (await query(sql)).rows;
      const nCur = toNumber(rows[0]?.n_cur) ?? 0;
      const nRef = toNumber(rows[0]?.n_ref) ?? 0;
      if (nCur === 0 || nRef === 0) {
        publish(spec, { status: 'error', sql, message: `the ${nCur === 0 ? 'current' : 'reference'} sample of ${b.column} is empty` }, started);
        return;
      }
      const counts = rows.map((r) => ({ v: r.v, c: toNumber(r.c) ?? 0, r: toNumber(r.r) ?? 0 }));
      const drift = categoricalDrift(counts, nCur, nRef);
      const status = judge(spec, drift.psi);
      const w = drift.worst === undefined ? undefined : counts[drift.worst];
      const share = (n: number, of: number) => `${((100 * n) / of).toFixed(1)}%`;
      publish(
        spec,
        {
          status,
          value: round(drift.psi),
          sql,
          samples: status === 'pass' ? [] : counts.slice(0, spec.samples || 5).map((x) => ({ value: x.v, current: x.c, reference: x.r })),
          message:
            `PSI = ${drift.psi.toFixed(4)} (total variation ${drift.tvd.toFixed(4)}) over ${counts.length} ${b.column} values, ${nCur} current vs ${nRef} reference rows` +
            (w ? `; largest shift: ${String(w.v)} ${share(w.r, nRef)} → ${share(w.c, nCur)}` : '') +
            (status === 'pass' ? '' : `; ${expectation(spec)}`),
        },
        started,
      );
      return;
    }
    if (b.kind === 'distribution') {
      const cte = samplesCte(warehouse, spec, b, now);
      const eSql = edgesSql(cte, b.buckets);
      const eRow = (await query(eSql)).rows[0] ?? {};
      const edges = quantileProbabilities(b.buckets).map((_, i) => toNumber(eRow[`e${i}`]));
      if (edges.some((e) => e === null)) {
        publish(spec, { status: 'error', sql: eSql, message: `the reference sample of ${b.column} is empty; widen the reference` }, started);
        return;
      }
      const cSql = cumulativeSql(warehouse, cte, edges as number[]);
      const cRow = (await query(cSql)).rows[0] ?? {};
      const nCur = toNumber(cRow.n_cur) ?? 0;
      const nRef = toNumber(cRow.n_ref) ?? 0;
      if (nCur === 0) {
        publish(spec, { status: 'error', sql: joinSql(eSql, cSql), message: `the current sample of ${b.column} is empty` }, started);
        return;
      }
      const cur = edges.map((_, i) => toNumber(cRow[`c${i}`]) ?? 0);
      const ref = edges.map((_, i) => toNumber(cRow[`r${i}`]) ?? 0);
      const ks = ksStatistic(cur, ref, nCur, nRef);
      const p = psi(cur, ref, nCur, nRef);
      const value = b.method === 'ks' ? ks : p;
      const status = judge(spec, value);
      publish(
        spec,
        {
          status,
          value: round(value),
          sql: joinSql(eSql, cSql),
          message: `${b.method.toUpperCase()} = ${value.toFixed(4)} (KS ${ks.toFixed(4)}, PSI ${p.toFixed(4)}) between ${nCur} current and ${nRef} reference values of ${b.column}${status === 'pass' ? '' : `; ${expectation(spec)}`}`,
        },
        started,
      );
    }
  }

  /**
   * The dataset's columns: the relation's from the catalog, or for an ephemeral model (no relation)
   * those of its query, read with `limit 0` (no rows) through the same CTEs as every other check.
   */
  async function describeDataset(spec: CheckSpec): Promise<{ columns: QueryColumn[] | undefined; sql?: string }> {
    if (!spec.dataset.ephemeral) return { columns: await warehouse.describe(spec.dataset.relation) };
    const r = reader(warehouse);
    const sql = r.statement(`select * from ${r.from(spec.dataset)} limit 0`);
    try {
      return { columns: (await query(sql)).columns, sql };
    } catch (e) {
      if (isStopped(e)) throw e;
      throw new StatementError(`${spec.dataset.display} is ephemeral (never built), so its columns are those of its query, which failed: ${errorText(e)}`);
    }
  }

  function record(spec: CheckSpec, time: number, value: number | null, flagged: boolean) {
    if (value === null || !Number.isFinite(value)) return;
    historyWrites.push({ checkId: spec.id, dataset: spec.dataset.id, check: spec.check, time, value, flagged });
  }
}

/** "expected < 5%" for pass conditions; failure conditions (`fail when > 3`, `error_if > 10`) are shown as written. */
function expectation(spec: CheckSpec, what = ''): string {
  const t = spec.thresholdText;
  return /^(fail when|warn when|warn_if|error_if|warn after|error after)/.test(t) ? t : `expected ${what}${t}`;
}

function unitOf(spec: CheckSpec): CheckResult['unit'] {
  const b = spec.body;
  if (b.kind === 'duplicates') return b.percent ? 'percent' : undefined;
  if (b.kind !== 'aggregate') return undefined;
  if (b.history?.mode === 'change') return b.history.percent ? 'percent' : undefined;
  if (b.metric.fn === 'freshness') return b.history ? undefined : 'seconds';
  return /_percent$/.test(b.metric.fn) ? 'percent' : undefined;
}

function describeMetric(spec: CheckSpec): string {
  const b = spec.body;
  if (b.kind !== 'aggregate') return spec.check;
  const m = b.metric;
  switch (m.fn) {
    case 'row_count':
      return 'row_count';
    case 'sql':
      return spec.name ?? `metric ${m.expression}`;
    case 'failed_rows':
      return `rows where ${m.condition}`;
    case 'invalid_distinct_count':
      return `distinct unaccepted ${m.column} values`;
    case 'present_fraction':
      return `non-null fraction of ${m.column}`;
    default:
      return `${m.fn}(${m.column})`;
  }
}

async function pool(tasks: (() => Promise<void>)[], concurrency: number, signal?: AbortSignal): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      if (signal?.aborted) return;
      const task = tasks[next++];
      await task();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, tasks.length) }, worker));
}

/** Timeouts and cancellation: retrying piecemeal would only take longer. */
function isStopped(e: unknown): boolean {
  return e instanceof StatementError && /^(timed out|cancelled)/.test(e.message);
}

function joinSql(...parts: (string | undefined)[]): string {
  return parts.filter(Boolean).join(';\n');
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export { badRowCondition, sameTypeFamily, toNumber };
