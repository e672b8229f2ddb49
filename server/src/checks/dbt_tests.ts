/**
 * dbt's generic tests, run without dbt: each `TestDecl` of an analysed node
 * becomes a `CheckSpec` whose value is what dbt would count as failures,
 * judged with dbt's `severity`, `warn_if` and `error_if` (default `!= 0`).
 * Unknown tests become `error` results with a clear message, never a crash.
 */
import type { AnalyzedNode, ProjectAnalysis } from '../analysis/api';
import type { TestDecl } from '../project/types';
import { datasetTarget, type CheckCatalog } from './catalog';
import { dbtDurationSeconds, formatDuration } from './duration';
import type { CheckBody, CheckSpec, DatasetTarget } from './model';
import { literal } from './dialect_sql';
import { DEFAULT_SAMPLES } from './plan_checks';
import { parseThreshold, type Threshold } from './threshold';

export const SUPPORTED_DBT_TESTS = [
  'unique',
  'not_null',
  'accepted_values',
  'relationships',
  'dbt_utils.unique_combination_of_columns',
  'dbt_utils.accepted_range',
  'dbt_utils.not_null_proportion',
  'dbt_utils.expression_is_true',
  'dbt_utils.recency',
  'dbt_utils.equal_rowcount',
];

/** Specs for every enabled dbt test (and source freshness) of the selected nodes. */
export function dbtTestSpecs(analysis: ProjectAnalysis, catalog: CheckCatalog, select: (uniqueId: string) => boolean = () => true): CheckSpec[] {
  const specs: CheckSpec[] = [];
  const seen = new Set<string>();
  for (const node of analysis.nodes.values()) {
    if (!select(node.uniqueId)) continue;
    for (const test of node.tests) {
      if (test.config.enabled === false) continue;
      const spec = dbtTestSpec(node, test, catalog);
      // Two identical declarations would share a history identity; keep them apart.
      while (seen.has(spec.id)) spec.id += "'";
      seen.add(spec.id);
      specs.push(spec);
    }
    const fresh = sourceFreshnessSpec(node);
    if (fresh) specs.push(fresh);
  }
  return specs;
}

function target(node: AnalyzedNode, catalog?: CheckCatalog): DatasetTarget {
  // The catalog's entry tells versions of a model apart (dim_customers.v2) and reads an ephemeral model through its SQL.
  const known = catalog?.resolve(node.uniqueId);
  if (known) return datasetTarget(known);
  const isSource = node.resourceType === 'source';
  return {
    id: node.uniqueId,
    display: isSource ? `source:${node.uniqueId.split('.').slice(-2, -1)[0]}.${node.name}` : node.name,
    relation: { database: node.relation.database || undefined, schema: node.relation.schema, name: node.relation.identifier },
  };
}

export function dbtTestSpec(node: AnalyzedNode, test: TestDecl, catalog: CheckCatalog): CheckSpec {
  const shortName = test.name.replace(/^dbt\./, '');
  const bare = shortName.replace(/^dbt_utils\./, '');
  const col = test.column;
  const args = test.args;
  const check = `${shortName}(${describeArgs(bare, col, args)})`;
  const spec: CheckSpec = {
    id: `${node.uniqueId}::dbt:${test.config.name ?? check}`,
    dataset: target(node, catalog),
    check,
    name: test.config.name,
    file: test.file,
    range: test.range,
    where: test.config.where,
    samples: DEFAULT_SAMPLES,
    thresholdText: '',
    origin: 'dbt',
    body: { kind: 'invalid_spec', message: '' },
  };
  const invalid = (message: string): CheckSpec => ({ ...spec, body: { kind: 'invalid_spec', message }, thresholdText: '' });
  const thresholds = dbtThresholds(test);
  if ('error' in thresholds) return invalid(thresholds.error);
  Object.assign(spec, thresholds);
  const needColumn = (): string | undefined => col ?? (typeof args.column_name === 'string' ? args.column_name : undefined);

  let body: CheckBody;
  switch (bare) {
    case 'unique':
    case 'not_null':
    case 'accepted_values':
    case 'relationships':
    case 'accepted_range':
    case 'not_null_proportion': {
      const c = needColumn();
      if (!c) return invalid(`${shortName} needs a column: attach it under a column or pass column_name`);
      if (bare === 'unique') body = { kind: 'duplicates', columns: [c], count: 'groups', percent: false };
      else if (bare === 'not_null') body = { kind: 'aggregate', metric: { fn: 'missing_count', column: c } };
      else if (bare === 'accepted_values') {
        const values = args.values;
        if (!Array.isArray(values) || values.length === 0) return invalid("accepted_values needs 'values:', a non-empty list");
        const quote = args.quote !== false;
        const vals = values.map((v) => (!quote && typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : typeof v === 'number' || typeof v === 'boolean' ? v : String(v)));
        body = { kind: 'aggregate', metric: { fn: 'invalid_distinct_count', column: c, validity: [{ kind: 'values', values: vals }] } };
      } else if (bare === 'relationships') {
        const to = typeof args.to === 'string' ? catalog.resolve(args.to) : undefined;
        if (!to) return invalid(`relationships: cannot resolve to: ${JSON.stringify(args.to)}; write to: ref('model') or source('src', 'table')`);
        const field = typeof args.field === 'string' ? args.field : undefined;
        if (!field) return invalid("relationships needs 'field:', the column in the referenced model");
        body = { kind: 'relationship', column: c, to, field };
      } else if (bare === 'accepted_range') {
        if (args.min_value === undefined && args.max_value === undefined) return invalid('accepted_range needs min_value and/or max_value');
        const inclusive = args.inclusive !== false;
        const q = `"${c.replace(/"/g, '""')}"`;
        const bound = (v: unknown) => (typeof v === 'number' ? literal(v) : `(${String(v)})`);
        const parts: string[] = [];
        if (args.min_value !== undefined) parts.push(`${q} ${inclusive ? '>=' : '>'} ${bound(args.min_value)}`);
        if (args.max_value !== undefined) parts.push(`${q} ${inclusive ? '<=' : '<'} ${bound(args.max_value)}`);
        body = { kind: 'aggregate', metric: { fn: 'failed_rows', condition: `not (${parts.join(' and ')})` } };
      } else {
        const atLeast = typeof args.at_least === 'number' ? args.at_least : Number(args.at_least);
        const atMost = args.at_most === undefined ? 1 : Number(args.at_most);
        if (!Number.isFinite(atLeast) || !Number.isFinite(atMost)) return invalid('not_null_proportion needs at_least (and optionally at_most) between 0 and 1');
        body = { kind: 'aggregate', metric: { fn: 'present_fraction', column: c } };
        const t: Threshold = { kind: 'between', negated: true, low: atLeast, high: atMost, text: `not between ${atLeast} and ${atMost}` };
        setSeverity(spec, test, t, `between ${atLeast} and ${atMost}`);
      }
      break;
    }
    case 'unique_combination_of_columns': {
      const cols = args.combination_of_columns;
      if (!Array.isArray(cols) || cols.length === 0 || !cols.every((x) => typeof x === 'string')) return invalid("unique_combination_of_columns needs 'combination_of_columns:', a list of columns");
      body = { kind: 'duplicates', columns: cols as string[], count: 'groups', percent: false };
      break;
    }
    case 'expression_is_true': {
      const expr = args.expression;
      if (typeof expr !== 'string' || !expr.trim()) return invalid("expression_is_true needs 'expression:'");
      const full = col ? `"${col.replace(/"/g, '""')}" ${expr}` : expr;
      body = { kind: 'aggregate', metric: { fn: 'failed_rows', condition: `not (${full})` } };
      break;
    }
    case 'recency': {
      const field = typeof args.field === 'string' ? args.field : col;
      const interval = Number(args.interval);
      const unit = String(args.datepart ?? 'day').toLowerCase();
      const seconds: Record<string, number> = { second: 1, minute: 60, hour: 3600, day: 86400, week: 604800, month: 2629746, year: 31556952 };
      if (!field || !Number.isFinite(interval) || !(unit in seconds)) return invalid('recency needs field, datepart (minute, hour, day, week, month, year) and interval');
      body = { kind: 'aggregate', metric: { fn: 'freshness', column: field } };
      const limit = interval * seconds[unit];
      setSeverity(spec, test, { kind: 'compare', op: '>', value: limit, unit: 'seconds', text: `> ${formatDuration(limit)}` }, `newer than ${interval} ${unit}${interval === 1 ? '' : 's'}`);
      break;
    }
    case 'equal_rowcount': {
      const other = typeof args.compare_model === 'string' ? catalog.resolve(args.compare_model) : undefined;
      if (!other) return invalid(`equal_rowcount: cannot resolve compare_model ${JSON.stringify(args.compare_model)}`);
      body = { kind: 'row_count_equal', other };
      break;
    }
    default:
      return invalid(`unknown test '${test.name}': Driftwatch runs ${SUPPORTED_DBT_TESTS.join(', ')} and source freshness; run this one with dbt`);
  }
  spec.body = body;
  return spec;
}

/** dbt's failure-count thresholds. */
function dbtThresholds(test: TestDecl): Pick<CheckSpec, 'failWhen' | 'warnWhen' | 'thresholdText'> | { error: string } {
  const parse = (key: 'warn_if' | 'error_if', raw: string | undefined) => {
    const r = parseThreshold(raw ?? '!= 0');
    return r.ok ? r.threshold : { error: `${key}: ${r.error}` };
  };
  const warnIf = parse('warn_if', test.config.warnIf);
  if ('error' in warnIf) return warnIf;
  if (test.config.severity === 'warn') return { warnWhen: warnIf, thresholdText: warnIf.text === '!= 0' ? '= 0' : `warn_if ${warnIf.text}` };
  const errorIf = parse('error_if', test.config.errorIf);
  if ('error' in errorIf) return errorIf;
  return { failWhen: errorIf, warnWhen: warnIf, thresholdText: errorIf.text === '!= 0' ? '= 0' : `error_if ${errorIf.text}` };
}

/** Tests whose value is not a failure count: severity picks fail or warn for the same condition. */
function setSeverity(spec: CheckSpec, test: TestDecl, when: Threshold, text: string) {
  spec.failWhen = test.config.severity === 'warn' ? undefined : when;
  spec.warnWhen = test.config.severity === 'warn' ? when : undefined;
  spec.thresholdText = text;
}

function describeArgs(bare: string, col: string | undefined, args: Record<string, unknown>): string {
  const parts: string[] = [];
  if (col) parts.push(col);
  if (bare === 'relationships' && typeof args.to === 'string') parts.push(`${args.to}.${String(args.field)}`);
  if (bare === 'unique_combination_of_columns' && Array.isArray(args.combination_of_columns)) parts.push(...args.combination_of_columns.map(String));
  if (bare === 'expression_is_true' && typeof args.expression === 'string') parts.push(args.expression);
  if (bare === 'equal_rowcount' && typeof args.compare_model === 'string') parts.push(args.compare_model);
  if (bare === 'recency' && args.field !== undefined) parts.push(`${String(args.field)} ${String(args.interval)} ${String(args.datepart)}`);
  return parts.join(', ');
}

/** dbt source freshness from `loaded_at_field` + `freshness: {warn_after, error_after, filter}`. */
export function sourceFreshnessSpec(node: AnalyzedNode): CheckSpec | undefined {
  const f = node.freshness;
  if (node.resourceType !== 'source' || !node.loadedAtField || !f || (!f.warnAfter && !f.errorAfter)) return undefined;
  const warn = f.warnAfter ? dbtDurationSeconds(f.warnAfter) : undefined;
  const error = f.errorAfter ? dbtDurationSeconds(f.errorAfter) : undefined;
  const parts = [warn !== undefined ? `warn after ${formatDuration(warn)}` : '', error !== undefined ? `error after ${formatDuration(error)}` : ''].filter(Boolean);
  const check = `freshness(${node.loadedAtField})`;
  return {
    id: `${node.uniqueId}::dbt:${check}`,
    dataset: target(node),
    check,
    file: node.file,
    range: node.range,
    where: f.filter,
    samples: 0,
    failWhen: error !== undefined ? { kind: 'compare', op: '>', value: error, unit: 'seconds', text: `> ${formatDuration(error)}` } : undefined,
    warnWhen: warn !== undefined ? { kind: 'compare', op: '>', value: warn, unit: 'seconds', text: `> ${formatDuration(warn)}` } : undefined,
    thresholdText: parts.join(', '),
    origin: 'dbt',
    body: { kind: 'aggregate', metric: { fn: 'freshness', column: node.loadedAtField } },
  };
}
