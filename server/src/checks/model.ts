/**
 * The check engine's internal language: every check — from a `*.checks.yml`
 * file or a dbt test in properties YAML — becomes one `CheckSpec`. The
 * compiler turns specs into SQL, the runner evaluates them into
 * `CheckResult`s. Nothing here knows where a spec came from.
 */
import type { Range } from '../core/text';
import type { RelationName } from '../warehouse/api';
import type { Threshold } from './threshold';

/** A relation checks run against, resolved from the project. */
export interface DatasetTarget {
  /** Unique id (`model.shop.orders`, `source.shop.raw.orders`) — part of the check identity in history. */
  id: string;
  /** Short name for reports (`orders`, `source:raw.orders`). */
  display: string;
  relation: RelationName;
  /**
   * Set for an ephemeral model, which dbt never builds, so nothing exists at
   * `relation`: statements read it through these CTEs instead (`read_sql.ts`).
   */
  ephemeral?: EphemeralRead;
}

/** An ephemeral model as CTEs (its ephemeral parents first, itself last, named `name`), or why it cannot be read. */
export type EphemeralRead = { name: string; ctes: { name: string; sql: string }[] } | { error: string };

/** Row-level predicates a metric counts; also what sample queries select. */
export type Validity =
  | { kind: 'values'; values: (string | number | boolean)[] }
  | { kind: 'regex'; pattern: string }
  | { kind: 'range'; min?: number; max?: number; inclusive: boolean }
  | { kind: 'format'; format: 'email' | 'uuid' | 'date' | 'phone' | 'ip' }
  | { kind: 'length'; min?: number; max?: number };

/** An aggregate that fits in the shared per-dataset scan. */
export type AggregateMetric =
  | { fn: 'row_count' }
  | { fn: 'missing_count' | 'missing_percent'; column: string; missingValues?: (string | number)[] }
  | { fn: 'invalid_count' | 'invalid_percent' | 'invalid_distinct_count'; column: string; validity: Validity[] }
  | { fn: 'min' | 'max' | 'avg' | 'sum' | 'stddev' | 'avg_length' | 'distinct_count' | 'present_fraction'; column: string }
  | { fn: 'freshness'; column: string }
  | { fn: 'failed_rows'; condition: string }
  | { fn: 'sql'; expression: string };

export interface HistoryMode {
  mode: 'change' | 'anomaly';
  /** change: compare in percent of the previous value rather than absolute. */
  percent?: boolean;
  /** change: judge the signed change (`between -5% and 10%`, `> -10%`) rather than its size (`< 20%`). */
  signed?: boolean;
  sensitivity?: number;
  seasonality?: 'day_of_week' | 'hour_of_day';
  /** anomaly: column to bucket by for backfill and per-period evaluation. */
  timestamp?: string;
  minTraining?: number;
}

export type CheckBody =
  | { kind: 'aggregate'; metric: AggregateMetric; history?: HistoryMode }
  | { kind: 'duplicates'; columns: string[]; count: 'extra_rows' | 'groups'; percent: boolean }
  | { kind: 'relationship'; column: string; to: DatasetTarget; field: string; toWhere?: string }
  | { kind: 'grouped_metric'; expression: string; groupBy: string[] }
  | { kind: 'schema'; required: string[]; forbidden: string[]; types: Record<string, string> }
  | {
      kind: 'distribution';
      column: string;
      method: 'ks' | 'psi';
      buckets: number;
      /** Compare category shares (PSI over values) instead of a numeric CDF. */
      categorical?: boolean;
      /** Current window vs a reference window on a timestamp column, or vs another dataset / filter. */
      reference:
        | { kind: 'days_back'; timestamp: string; windowSeconds: number; daysBack: number }
        | { kind: 'dataset'; dataset: DatasetTarget; where?: string }
        | { kind: 'where'; where: string };
    }
  | {
      kind: 'reconcile';
      against: DatasetTarget;
      key: string[];
      /** Key columns on the other side when they are named differently (same order as `key`). */
      againstKey?: string[];
      columns: string[];
      /** Numeric columns compared within an absolute tolerance (column → tolerance). */
      tolerance?: Record<string, number>;
      againstWhere?: string;
    }
  | { kind: 'row_count_equal'; other: DatasetTarget; otherWhere?: string }
  | { kind: 'invalid_spec'; message: string };

export interface CheckSpec {
  /** Stable identity for history: dataset id + check text (+ name). */
  id: string;
  dataset: DatasetTarget;
  /** The check as the user wrote it (`row_count > 0`, `unique(order_id)`). */
  check: string;
  name?: string;
  file?: string;
  range?: Range;
  /** Dataset-level filter: part of the shared scan's WHERE. */
  datasetWhere?: string;
  /** Check-level filter: folded into the metric's FILTER so it still shares the scan. */
  where?: string;
  samples: number;
  /** Failure conditions on the measured value (already inverted for inline pass conditions). */
  failWhen?: Threshold;
  warnWhen?: Threshold;
  /** Threshold as shown in reports (`> 0`, `error_if != 0`). */
  thresholdText: string;
  origin: 'checks-file' | 'dbt';
  body: CheckBody;
}

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'error';

export interface CheckResult {
  id: string;
  dataset: string;
  datasetDisplay: string;
  check: string;
  name?: string;
  status: CheckStatus;
  value: number | null;
  /** How to show `value`: seconds (freshness ages) or percent; plain number otherwise. */
  unit?: 'seconds' | 'percent';
  threshold: string;
  file?: string;
  range?: Range;
  /** Every statement run for this check (the shared scan included), joined with `;\n`. */
  sql: string;
  elapsedMs: number;
  samples: Record<string, unknown>[];
  message: string;
}
