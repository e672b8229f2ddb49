/**
 * Turns parsed check files into `CheckSpec`s against the project catalog,
 * reporting everything that cannot run as diagnostics with exact ranges:
 * unknown checks and settings and bad thresholds (`check-syntax`), unknown
 * datasets (`check-unknown-dataset`, with did-you-mean) and unknown columns
 * (`check-unknown-column`).
 */
import { makeDiagnostic, type Diagnostic } from '../core/diagnostic';
import type { Range } from '../core/text';
import { datasetTarget, rankBySimilarity, type CatalogDataset, type CheckCatalog } from './catalog';
import { formatDuration, parseDuration } from './duration';
import type { AggregateMetric, CheckBody, CheckSpec, HistoryMode, Validity } from './model';
import type { CheckFileAst, CheckItemAst, ConfigEntry, DatasetBlockAst } from './parse_check_file';
import { negate, parseThreshold, type Threshold } from './threshold';

export const DEFAULT_SAMPLES = 5;

const COLUMN_METRICS = ['missing_count', 'missing_percent', 'invalid_count', 'invalid_percent', 'min', 'max', 'avg', 'sum', 'stddev', 'avg_length', 'distinct_count', 'freshness'] as const;

/** Every check name the language knows, with a one-line description (also used for completion). */
export const CHECK_NAMES: Record<string, string> = {
  row_count: 'number of rows',
  missing_count: 'rows where the column is null (or in missing_values)',
  missing_percent: 'percentage of rows where the column is missing',
  duplicate_count: 'rows beyond the first for each repeated value of the column(s)',
  duplicate_percent: 'duplicate rows as a percentage of all rows',
  invalid_count: 'non-null values failing valid_values / valid_regex / valid_min / valid_max / valid_format / valid_length',
  invalid_percent: 'invalid values as a percentage of all rows',
  min: 'smallest value',
  max: 'largest value',
  avg: 'mean value',
  sum: 'sum of values',
  stddev: 'sample standard deviation',
  avg_length: 'mean length of the text value',
  distinct_count: 'number of distinct non-null values',
  freshness: 'age of the newest value of a timestamp column',
  schema: 'required / forbidden columns and column types',
  anomaly: 'robust (median/MAD) anomaly detection on a metric over time',
  distribution: 'distribution drift (KS or PSI) against a reference window or table',
  metric: 'a custom SQL aggregate, optionally per group',
  failed_rows: 'rows matching a SQL condition that must not hold',
  reconcile: 'rows that differ between this dataset and another by key',
  reference: 'rows whose value is missing from a column of another dataset (referential integrity)',
};

export const COMMON_SETTINGS = ['name', 'warn', 'fail', 'where', 'samples'];
export const SETTINGS: Record<string, string[]> = {
  missing_count: ['missing_values'],
  missing_percent: ['missing_values'],
  invalid_count: ['valid_values', 'valid_regex', 'valid_min', 'valid_max', 'valid_format', 'valid_length', 'valid_min_length', 'valid_max_length'],
  invalid_percent: ['valid_values', 'valid_regex', 'valid_min', 'valid_max', 'valid_format', 'valid_length', 'valid_min_length', 'valid_max_length'],
  anomaly: ['timestamp', 'sensitivity', 'seasonality', 'min_training', 'severity'],
  distribution: ['method', 'reference', 'max', 'timestamp', 'window', 'buckets', 'categorical'],
  metric: ['sql', 'group_by'],
  failed_rows: ['condition'],
  schema: ['required', 'forbidden', 'types'],
  reconcile: ['against', 'key', 'against_key', 'columns', 'tolerance', 'against_where'],
  reference: ['dataset', 'column', 'dataset_where'],
};

/** Common settings that mean nothing for a check (anomaly judges by itself; schema reads no rows). */
const NOT_FOR: Record<string, string[]> = { anomaly: ['warn', 'fail'], schema: ['where', 'samples'], distribution: ['samples'] };

/** The settings a check accepts. */
export function settingsFor(name: string): string[] {
  return [...COMMON_SETTINGS, ...(SETTINGS[name] ?? [])].filter((k) => !(NOT_FOR[name] ?? []).includes(k));
}

export interface CheckPlan {
  specs: CheckSpec[];
  diagnostics: Diagnostic[];
}

export function planCheckFile(ast: CheckFileAst, catalog: CheckCatalog): CheckPlan {
  const diagnostics: Diagnostic[] = [...ast.diagnostics];
  const specs: CheckSpec[] = [];
  const file = ast.file;
  const diag = (code: Parameters<typeof makeDiagnostic>[0], range: Range, message: string, data?: Record<string, unknown>) =>
    diagnostics.push(makeDiagnostic(code, file, range, message, data ? { data } : {}));

  for (const block of ast.datasets) {
    const dataset = catalog.resolve(block.dataset.value);
    if (!dataset) {
      const suggestions = catalog.suggest(block.dataset.value);
      diag(
        'check-unknown-dataset',
        block.dataset.range,
        `unknown dataset '${block.dataset.value}'` + (suggestions.length ? `; did you mean ${suggestions.map((s) => `'${s}'`).join(' or ')}?` : ''),
        { suggestions },
      );
      continue;
    }
    if (block.sla?.freshness) {
      const f = block.sla.freshness;
      checkColumn(dataset, f.column.value, f.column.range);
      const t: Threshold = { kind: 'compare', op: '>', value: f.maxAgeSeconds, unit: 'seconds', text: `> ${f.maxAgeText}` };
      specs.push({
        ...base(block, dataset, `sla freshness(${f.column.value}) < ${f.maxAgeText}`, f.range),
        failWhen: t,
        thresholdText: `< ${f.maxAgeText}`,
        body: { kind: 'aggregate', metric: { fn: 'freshness', column: f.column.value } },
      });
    }
    for (const item of block.checks) {
      const spec = planItem(block, dataset, item);
      if (spec) specs.push(spec);
    }
  }
  diagnostics.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return { specs, diagnostics };

  function base(block: DatasetBlockAst, dataset: CatalogDataset, check: string, range: Range): CheckSpec {
    return {
      id: `${dataset.id}::${check}`,
      dataset: datasetTarget(dataset),
      check,
      file,
      range,
      datasetWhere: block.where?.value,
      samples: block.samples ?? DEFAULT_SAMPLES,
      thresholdText: '',
      origin: 'checks-file',
      body: { kind: 'invalid_spec', message: '' },
    };
  }

  function checkColumn(dataset: CatalogDataset, column: string, range: Range): void {
    if (dataset.columns.length === 0 || dataset.columnsComplete === false) return;
    const lc = column.toLowerCase();
    if (dataset.columns.some((c) => c.toLowerCase() === lc)) return;
    const suggestions = rankBySimilarity(column, dataset.columns);
    diag(
      'check-unknown-column',
      range,
      `'${dataset.display}' has no column '${column}'` + (suggestions.length ? `; did you mean ${suggestions.map((s) => `'${s}'`).join(' or ')}?` : ''),
      { suggestions },
    );
  }

  function planItem(block: DatasetBlockAst, dataset: CatalogDataset, item: CheckItemAst): CheckSpec | undefined {
    const name = item.metric.value;
    if (!(name in CHECK_NAMES)) {
      const s = rankBySimilarity(name, Object.keys(CHECK_NAMES));
      diag('check-syntax', item.metric.range, `unknown check '${name}'` + (s.length ? `; did you mean '${s[0]}'?` : ''), { suggestions: s });
      return undefined;
    }
    const allowed = new Set(settingsFor(name));
    for (const [key, entry] of item.config) {
      if (!allowed.has(key)) diag('check-syntax', entry.keyRange, `unknown setting '${key}' for ${name}; expected one of ${[...allowed].join(', ')}`);
    }
    const cfg = (key: string) => item.config.get(key);
    const nameCfg = cfg('name');
    const spec = base(block, dataset, item.text, item.range);
    if (nameCfg && typeof nameCfg.value === 'string') {
      spec.name = nameCfg.value;
      spec.id = `${dataset.id}::${nameCfg.value}`;
    }
    const whereCfg = cfg('where');
    if (whereCfg) {
      if (typeof whereCfg.value === 'string' && whereCfg.value.trim()) spec.where = whereCfg.value;
      else return bad(whereCfg.valueRange, "'where:' must be a SQL condition in a string");
    }
    const samplesCfg = cfg('samples');
    if (samplesCfg) {
      if (Number.isInteger(samplesCfg.value) && (samplesCfg.value as number) >= 0) spec.samples = samplesCfg.value as number;
      else return bad(samplesCfg.valueRange, "'samples:' must be a whole number of rows");
    }
    if (!thresholds(spec, item, name)) return undefined;

    const colArg = (): string | undefined => {
      if (item.args.length !== 1 || item.args[0].value === '') {
        diag('check-syntax', item.range, `${name} takes one column: ${name}(column)`);
        return undefined;
      }
      checkColumn(dataset, item.args[0].value, item.args[0].range);
      return item.args[0].value;
    };
    const noArgs = (): boolean => {
      if (item.args.length) diag('check-syntax', item.args[0].range, `${name} takes no arguments`);
      return item.args.length === 0;
    };

    let body: CheckBody | undefined;
    switch (name) {
      case 'row_count': {
        if (!noArgs()) return undefined;
        body = { kind: 'aggregate', metric: { fn: 'row_count' } };
        break;
      }
      case 'duplicate_count':
      case 'duplicate_percent': {
        if (item.args.length === 0) return bad(item.range, `${name} needs one or more columns: ${name}(a, b)`);
        for (const a of item.args) checkColumn(dataset, a.value, a.range);
        body = { kind: 'duplicates', columns: item.args.map((a) => a.value), count: 'extra_rows', percent: name === 'duplicate_percent' };
        defaultFailAbove(spec, 0);
        break;
      }
      case 'invalid_count':
      case 'invalid_percent': {
        const column = colArg();
        if (!column) return undefined;
        const validity = readValidity(item);
        if (!validity) return undefined;
        body = { kind: 'aggregate', metric: { fn: name, column, validity } };
        defaultFailAbove(spec, 0);
        break;
      }
      case 'missing_count':
      case 'missing_percent': {
        const column = colArg();
        if (!column) return undefined;
        const mv = cfg('missing_values');
        let missingValues: (string | number)[] | undefined;
        if (mv) {
          if (!Array.isArray(mv.value) || !mv.value.every((v) => typeof v === 'string' || typeof v === 'number')) return bad(mv.valueRange, "'missing_values:' must be a list of values");
          missingValues = mv.value as (string | number)[];
        }
        body = { kind: 'aggregate', metric: { fn: name, column, missingValues } };
        defaultFailAbove(spec, 0);
        break;
      }
      case 'freshness': {
        const column = colArg();
        if (!column) return undefined;
        for (const t of [spec.failWhen, spec.warnWhen]) {
          if (t && t.unit !== 'seconds') return bad(item.threshold?.range ?? item.range, 'freshness thresholds are durations, e.g. freshness(updated_at) < 6h');
        }
        body = { kind: 'aggregate', metric: { fn: 'freshness', column } };
        break;
      }
      case 'min':
      case 'max':
      case 'avg':
      case 'sum':
      case 'stddev':
      case 'avg_length':
      case 'distinct_count': {
        const column = colArg();
        if (!column) return undefined;
        body = { kind: 'aggregate', metric: { fn: name, column } };
        break;
      }
      case 'failed_rows': {
        if (!noArgs()) return undefined;
        const c = cfg('condition');
        if (!c || typeof c.value !== 'string' || !c.value.trim()) return bad(c?.valueRange ?? item.range, "failed_rows needs 'condition:', a SQL condition true for bad rows");
        body = { kind: 'aggregate', metric: { fn: 'failed_rows', condition: c.value } };
        defaultFailAbove(spec, 0);
        break;
      }
      case 'metric': {
        const sql = cfg('sql');
        if (!sql || typeof sql.value !== 'string' || !sql.value.trim()) return bad(sql?.valueRange ?? item.range, "metric needs 'sql:', an aggregate expression such as avg(amount)");
        const gb = cfg('group_by');
        if (gb) {
          const cols = stringList(gb);
          if (!cols) return undefined;
          for (const c of cols) checkColumn(dataset, c, gb.valueRange);
          body = { kind: 'grouped_metric', expression: sql.value, groupBy: cols };
        } else body = { kind: 'aggregate', metric: { fn: 'sql', expression: sql.value } };
        break;
      }
      case 'schema': {
        if (!noArgs()) return undefined;
        const required = cfg('required') ? stringList(cfg('required')!) : [];
        const forbidden = cfg('forbidden') ? stringList(cfg('forbidden')!) : [];
        const typesCfg = cfg('types');
        let types: Record<string, string> = {};
        if (typesCfg) {
          if (!isPlainObject(typesCfg.value) || !Object.values(typesCfg.value).every((v) => typeof v === 'string')) return bad(typesCfg.valueRange, "'types:' maps column names to type names, e.g. { amount: decimal }");
          types = typesCfg.value as Record<string, string>;
        }
        if (!required || !forbidden) return undefined;
        if (!required.length && !forbidden.length && !Object.keys(types).length) return bad(item.range, "schema needs at least one of 'required:', 'forbidden:' or 'types:'");
        body = { kind: 'schema', required, forbidden, types };
        if (!spec.failWhen && !spec.warnWhen) spec.failWhen = { kind: 'compare', op: '>', value: 0, text: '> 0' };
        spec.thresholdText = 'no violations';
        break;
      }
      case 'anomaly': {
        if (item.args.length !== 1) return bad(item.range, 'anomaly takes one metric: anomaly(row_count) or anomaly(missing_percent(email))');
        const inner = parseMetricCall(item.args[0].value);
        const metric = inner && aggregateFromCall(inner.name, inner.args, item.args[0].range, dataset);
        if (!metric) return undefined;
        const history: HistoryMode = { mode: 'anomaly' };
        const ts = cfg('timestamp');
        if (ts) {
          if (typeof ts.value !== 'string') return bad(ts.valueRange, "'timestamp:' names a date/timestamp column");
          checkColumn(dataset, ts.value, ts.valueRange);
          history.timestamp = ts.value;
        }
        const sens = cfg('sensitivity');
        if (sens) {
          if (typeof sens.value !== 'number' || !(sens.value > 0)) return bad(sens.valueRange, "'sensitivity:' is the robust z-score cut-off, a positive number (default 3.5)");
          history.sensitivity = sens.value;
        }
        const seas = cfg('seasonality');
        if (seas) {
          if (seas.value !== 'day_of_week' && seas.value !== 'hour_of_day') return bad(seas.valueRange, "'seasonality:' is day_of_week or hour_of_day");
          history.seasonality = seas.value;
        }
        const mt = cfg('min_training');
        if (mt) {
          if (!Number.isInteger(mt.value) || (mt.value as number) < 3) return bad(mt.valueRange, "'min_training:' is a whole number of points, at least 3");
          history.minTraining = mt.value as number;
        }
        const sev = cfg('severity');
        if (sev && sev.value !== 'warn' && sev.value !== 'fail') return bad(sev.valueRange, "'severity:' is warn or fail");
        body = { kind: 'aggregate', metric, history };
        spec.thresholdText = `|robust z| <= ${history.sensitivity ?? 3.5}`;
        if (sev?.value === 'warn') spec.warnWhen = { kind: 'compare', op: '>', value: 0, text: 'anomaly' };
        else spec.failWhen = { kind: 'compare', op: '>', value: 0, text: 'anomaly' };
        break;
      }
      case 'distribution': {
        const column = colArg();
        if (!column) return undefined;
        const catCfg = cfg('categorical');
        if (catCfg && typeof catCfg.value !== 'boolean') return bad(catCfg.valueRange, "'categorical:' is true or false");
        const categorical = catCfg?.value === true;
        const method = cfg('method')?.value ?? (categorical ? 'psi' : 'ks');
        if (method !== 'ks' && method !== 'psi') return bad(cfg('method')!.valueRange, "'method:' is ks or psi");
        if (categorical && method !== 'psi') return bad(cfg('method')!.valueRange, 'categorical distributions compare category shares: use method: psi');
        const buckets = cfg('buckets')?.value ?? 20;
        if (!Number.isInteger(buckets) || (buckets as number) < 2 || (buckets as number) > 200) return bad(cfg('buckets')!.valueRange, "'buckets:' is a whole number between 2 and 200");
        const maxCfg = cfg('max');
        if (maxCfg) {
          if (typeof maxCfg.value !== 'number' || maxCfg.value < 0) return bad(maxCfg.valueRange, "'max:' is the largest acceptable statistic, e.g. 0.1");
          spec.failWhen = { kind: 'compare', op: '>', value: maxCfg.value, text: `> ${maxCfg.value}` };
          spec.thresholdText = `<= ${maxCfg.value}`;
        } else if (!spec.failWhen && !spec.warnWhen) {
          const dflt = method === 'ks' ? 0.1 : 0.2;
          spec.failWhen = { kind: 'compare', op: '>', value: dflt, text: `> ${dflt}` };
          spec.thresholdText = `<= ${dflt}`;
        }
        const refCfg = cfg('reference');
        if (!refCfg || !isPlainObject(refCfg.value)) return bad(refCfg?.valueRange ?? item.range, "distribution needs 'reference:', e.g. { days_back: 28 } (with 'timestamp:'), { dataset: seed:orders_baseline } or { where: \"...\" }");
        const ref = refCfg.value as Record<string, unknown>;
        let reference: Extract<CheckBody, { kind: 'distribution' }>['reference'];
        if (ref.days_back !== undefined) {
          const ts = cfg('timestamp');
          if (!ts || typeof ts.value !== 'string') return bad(refCfg.keyRange, "a days_back reference needs 'timestamp:' naming the date column");
          checkColumn(dataset, ts.value, ts.valueRange);
          if (typeof ref.days_back !== 'number' || ref.days_back <= 0) return bad(refCfg.valueRange, "'days_back:' is a positive number of days");
          const win = cfg('window');
          const windowSeconds = win ? parseDuration(String(win.value)) : 86400;
          if (windowSeconds === undefined || windowSeconds <= 0) return bad(win!.valueRange, "'window:' is a duration such as 1d or 7d");
          reference = { kind: 'days_back', timestamp: ts.value, windowSeconds, daysBack: ref.days_back };
        } else if (typeof ref.dataset === 'string') {
          const other = catalog.resolve(ref.dataset);
          if (!other) return unknownDataset(ref.dataset, refCfg.valueRange);
          reference = { kind: 'dataset', dataset: other, where: typeof ref.where === 'string' ? ref.where : undefined };
        } else if (typeof ref.where === 'string') {
          reference = { kind: 'where', where: ref.where };
        } else return bad(refCfg.valueRange, "'reference:' needs days_back, dataset or where");
        body = { kind: 'distribution', column, method, buckets: buckets as number, categorical, reference };
        break;
      }
      case 'reconcile': {
        if (!noArgs()) return undefined;
        const against = cfg('against');
        if (!against || typeof against.value !== 'string') return bad(against?.valueRange ?? item.range, "reconcile needs 'against:', the dataset to compare with (e.g. source:rt.orders)");
        const other = catalog.resolve(against.value);
        if (!other) return unknownDataset(against.value, against.valueRange);
        const keyCfg = cfg('key');
        const key = keyCfg ? stringList(keyCfg) : undefined;
        if (!key || key.length === 0) return bad(keyCfg?.valueRange ?? item.range, "reconcile needs 'key:', the column(s) identifying a row");
        const colsCfg = cfg('columns');
        const columns = colsCfg ? stringList(colsCfg) : [];
        if (!columns) return undefined;
        for (const c of [...key, ...columns]) checkColumn(dataset, c, keyCfg!.valueRange);
        const akCfg = cfg('against_key');
        const againstKey = akCfg ? stringList(akCfg) : undefined;
        if (akCfg && (!againstKey || againstKey.length !== key.length)) return bad(akCfg.valueRange, "'against_key:' names the other side's key columns, as many as 'key:'");
        const tolCfg = cfg('tolerance');
        let tolerance: Record<string, number> | undefined;
        if (tolCfg) {
          const v = tolCfg.value;
          if (!isPlainObject(v) || !Object.entries(v).every(([c, t]) => typeof t === 'number' && t >= 0 && columns.includes(c))) {
            return bad(tolCfg.valueRange, "'tolerance:' maps compared columns to a non-negative number, e.g. { amount: 0.01 }");
          }
          tolerance = v as Record<string, number>;
        }
        const aw = cfg('against_where');
        body = { kind: 'reconcile', against: other, key, againstKey, columns, tolerance, againstWhere: typeof aw?.value === 'string' ? aw.value : undefined };
        defaultFailAbove(spec, 0);
        break;
      }
      case 'reference': {
        const column = colArg();
        if (!column) return undefined;
        const ds = cfg('dataset');
        if (!ds || typeof ds.value !== 'string') return bad(ds?.valueRange ?? item.range, "reference needs 'dataset:', the dataset holding the valid values, and 'column:'");
        const other = catalog.resolve(ds.value);
        if (!other) return unknownDataset(ds.value, ds.valueRange);
        const field = cfg('column');
        if (!field || typeof field.value !== 'string') return bad(field?.valueRange ?? item.range, "reference needs 'column:', the column of the referenced dataset");
        checkColumn(other, field.value, field.valueRange);
        const dw = cfg('dataset_where');
        body = { kind: 'relationship', column, to: other, field: field.value, toWhere: typeof dw?.value === 'string' ? dw.value : undefined };
        defaultFailAbove(spec, 0);
        break;
      }
    }
    if (!body) return undefined;
    if (item.change) {
      if (body.kind !== 'aggregate' || body.history) return bad(item.range, "'change' applies to a single metric such as row_count or missing_count(col)");
      const inline = item.threshold?.value;
      const conditions = [inline, spec.failWhen, spec.warnWhen].filter((t): t is Threshold => !!t);
      const signed =
        conditions.some((t) => t.kind === 'between' || (t.kind === 'compare' && t.value < 0)) ||
        (inline?.kind === 'compare' && inline.op !== '<' && inline.op !== '<=');
      body.history = { mode: 'change', percent: item.change.percent, signed };
    }
    if (!spec.failWhen && !spec.warnWhen) return bad(item.range, `${name} needs a threshold, e.g. '${name}${item.args.length ? `(${item.args.map((a) => a.value).join(', ')})` : ''} > 0' or { fail: "> 0" }`);
    spec.body = body;
    return spec;
  }

  /** Inline threshold = pass condition; `fail:`/`warn:` = failure conditions (Soda's `when` reading). */
  function thresholds(spec: CheckSpec, item: CheckItemAst, name: string): boolean {
    const parts: string[] = [];
    if (item.threshold) {
      spec.failWhen = negate(item.threshold.value);
      parts.push(item.threshold.value.text);
    }
    for (const level of ['fail', 'warn'] as const) {
      const entry = item.config.get(level);
      if (!entry) continue;
      const raw = entry.value;
      if (typeof raw !== 'string') {
        // A bare number is ambiguous (fail when equal? above?), so ask for the comparison.
        diag('check-syntax', entry.valueRange, `'${level}:' is a condition in a string, e.g. "${level === 'warn' ? '> 10' : '> 0'}"`);
        return false;
      }
      const t = parseThreshold(raw);
      if (!t.ok) {
        diag('check-syntax', entry.valueRange, `bad ${level} threshold: ${t.error}`);
        return false;
      }
      if (name === 'freshness' && t.threshold.unit !== 'seconds') {
        diag('check-syntax', entry.valueRange, 'freshness thresholds are durations, e.g. "> 6h"');
        return false;
      }
      if (level === 'fail') spec.failWhen = t.threshold;
      else spec.warnWhen = t.threshold;
      parts.push(`${level} when ${t.threshold.text}`);
    }
    if (item.config.has('fail') && item.threshold) parts.shift();
    spec.thresholdText = parts.join('; ');
    return true;
  }

  function defaultFailAbove(spec: CheckSpec, n: number): void {
    if (spec.failWhen || spec.warnWhen) return;
    spec.failWhen = { kind: 'compare', op: '>', value: n, text: `> ${n}` };
    spec.thresholdText = `= ${n}`;
  }

  function readValidity(item: CheckItemAst): Validity[] | undefined {
    const out: Validity[] = [];
    const c = (k: string) => item.config.get(k);
    const vv = c('valid_values');
    if (vv) {
      if (!Array.isArray(vv.value) || vv.value.length === 0 || !vv.value.every((v) => ['string', 'number', 'boolean'].includes(typeof v))) {
        diag('check-syntax', vv.valueRange, "'valid_values:' must be a non-empty list of values");
        return undefined;
      }
      out.push({ kind: 'values', values: vv.value as (string | number | boolean)[] });
    }
    const re = c('valid_regex');
    if (re) {
      if (typeof re.value !== 'string') return badU(re.valueRange, "'valid_regex:' must be a string");
      try {
        new RegExp(re.value);
      } catch (e) {
        return badU(re.valueRange, `invalid regular expression: ${(e as Error).message}`);
      }
      out.push({ kind: 'regex', pattern: re.value });
    }
    const min = c('valid_min');
    const max = c('valid_max');
    for (const e of [min, max]) if (e && typeof e.value !== 'number') return badU(e.valueRange, 'valid_min / valid_max must be numbers');
    if (min || max) out.push({ kind: 'range', min: min?.value as number | undefined, max: max?.value as number | undefined, inclusive: true });
    const fmt = c('valid_format');
    if (fmt) {
      if (!['email', 'uuid', 'date', 'phone', 'ip'].includes(fmt.value as string)) return badU(fmt.valueRange, "'valid_format:' is one of email, uuid, date, phone, ip");
      out.push({ kind: 'format', format: fmt.value as 'email' });
    }
    const len = c('valid_length');
    const minLen = c('valid_min_length');
    const maxLen = c('valid_max_length');
    for (const e of [len, minLen, maxLen]) if (e && !(Number.isInteger(e.value) && (e.value as number) >= 0)) return badU(e.valueRange, 'lengths must be whole numbers');
    if (len) out.push({ kind: 'length', min: len.value as number, max: len.value as number });
    if (minLen || maxLen) out.push({ kind: 'length', min: minLen?.value as number | undefined, max: maxLen?.value as number | undefined });
    if (out.length === 0) return badU(item.range, `${item.metric.value} needs a validity rule: valid_values, valid_regex, valid_min, valid_max, valid_format or valid_length`);
    return out;
  }

  function aggregateFromCall(name: string, args: string[], range: Range, dataset: CatalogDataset): AggregateMetric | undefined {
    if (name === 'row_count' && args.length === 0) return { fn: 'row_count' };
    if ((COLUMN_METRICS as readonly string[]).includes(name) && !name.startsWith('invalid') && args.length === 1) {
      checkColumn(dataset, args[0], range);
      return { fn: name, column: args[0] } as AggregateMetric;
    }
    diag('check-syntax', range, `anomaly works on row_count or a column metric such as missing_percent(col), avg(col), freshness(col); not '${name}'`);
    return undefined;
  }

  function stringList(entry: ConfigEntry): string[] | undefined {
    const v = typeof entry.value === 'string' ? [entry.value] : entry.value;
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) {
      diag('check-syntax', entry.valueRange, 'expected a column name or a list of column names');
      return undefined;
    }
    return v as string[];
  }

  function unknownDataset(name: string, range: Range): undefined {
    const s = catalog.suggest(name);
    diag('check-unknown-dataset', range, `unknown dataset '${name}'` + (s.length ? `; did you mean ${s.map((x) => `'${x}'`).join(' or ')}?` : ''), { suggestions: s });
    return undefined;
  }

  function bad(range: Range, message: string): undefined {
    diag('check-syntax', range, message);
    return undefined;
  }
  function badU(range: Range, message: string): undefined {
    return bad(range, message);
  }
}

/** `missing_percent(email)` → { name, args }; undefined when it is not a call. */
export function parseMetricCall(text: string): { name: string; args: string[] } | undefined {
  const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\(([^()]*)\))?\s*$/.exec(text);
  if (!m) return undefined;
  const args = m[2] === undefined || m[2].trim() === '' ? [] : m[2].split(',').map((a) => a.trim().replace(/^(["'])(.*)\1$/, '$2'));
  return { name: m[1].toLowerCase(), args };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export { formatDuration };
