/**
 * The JSON report: a stable contract for CI and other tools. Keys are fixed;
 * a result without a file or range (e.g. a check built from the CLI) gets null.
 */
import type { CheckResult } from '../model';
import { summarise } from './summary';

export function jsonReport(results: readonly CheckResult[]): string {
  return (
    JSON.stringify({
      results: results.map((r) => ({
        dataset: r.dataset,
        check: r.check,
        status: r.status,
        value: r.value,
        threshold: r.threshold,
        file: r.file ?? null,
        range: r.range ?? null,
        sql: r.sql,
        elapsed_ms: r.elapsedMs,
        samples: r.samples,
        message: r.message,
      })),
      summary: summarise(results),
    }) + '\n'
  );
}
