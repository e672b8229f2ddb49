/**
 * `driftwatch check`: runs the project's check files and dbt tests against a
 * warehouse and reports them. The lead's main.ts parses arguments, connects
 * and analyses; this function plans, runs, records history and prints.
 * Exit code: 0 all passed (warnings included), 1 a check failed or errored,
 * 2 the check files have errors (nothing is run then).
 */
import type { ProjectAnalysis } from '../../analysis/api';
import type { Warehouse } from '../../warehouse/api';
import { buildCheckPlan } from '../../checks/build_plan';
import { openHistory, type HistoryStore } from '../../checks/history';
import type { CheckResult } from '../../checks/model';
import { jsonReport } from '../../checks/report/json';
import { junitReport } from '../../checks/report/junit';
import { sarifReport } from '../../checks/report/sarif';
import { textReport } from '../../checks/report/text';
import { runChecks } from '../../checks/run_checks';

export interface CheckCommandOptions {
  analysis: ProjectAnalysis;
  /** Project-relative path → text of each `*.checks.yml`. */
  checkFiles: Map<string, string>;
  warehouse: Warehouse;
  select?: (uniqueId: string) => boolean;
  format: 'text' | 'json' | 'junit' | 'sarif';
  /** Usually `<root>/.driftwatch/history.duckdb`. */
  historyPath: string;
  out: NodeJS.WritableStream;
  isTTY: boolean;
  signal?: AbortSignal;
  /** Where diagnostics and progress go (default process.stderr). */
  err?: NodeJS.WritableStream;
  concurrency?: number;
  timeoutMs?: number;
  /** Include dbt tests from properties YAML (default true). */
  dbtTests?: boolean;
  now?: Date;
}

export async function checkCommand(opts: CheckCommandOptions): Promise<number> {
  const err = opts.err ?? process.stderr;
  const plan = buildCheckPlan({ analysis: opts.analysis, checkFiles: opts.checkFiles, select: opts.select, dbtTests: opts.dbtTests });
  for (const d of plan.diagnostics) {
    err.write(`${d.file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} [${d.code}] ${d.message}\n`);
  }
  if (plan.diagnostics.some((d) => d.severity === 'error')) {
    err.write('check files have errors; no checks were run\n');
    return 2;
  }
  if (plan.specs.length === 0) {
    err.write('no checks selected: add *.checks.yml files or dbt tests to the selected models\n');
    opts.out.write(render([], opts));
    return 0;
  }

  let history: HistoryStore | undefined;
  if (plan.specs.some((s) => s.body.kind === 'aggregate' && s.body.history)) {
    try {
      history = await openHistory(opts.historyPath);
    } catch (e) {
      err.write(`warning: metric history unavailable (${e instanceof Error ? e.message : String(e)}); change and anomaly checks will error\n`);
    }
  }

  let done = 0;
  const total = plan.specs.length;
  const started = Date.now();
  const progress = opts.isTTY && opts.format === 'text';
  const onResult = (r: CheckResult) => {
    done++;
    // A single rewritten line on stderr, only once the run is long enough to wonder about.
    if (progress && Date.now() - started > 1000) err.write(`\r\x1b[K[${done}/${total}] ${r.datasetDisplay}: ${r.check}`.slice(0, 120));
  };
  let results: CheckResult[];
  try {
    results = await runChecks(plan.specs, opts.warehouse, {
      concurrency: opts.concurrency,
      timeoutMs: opts.timeoutMs,
      signal: opts.signal,
      onResult,
      history,
      now: opts.now,
    });
  } finally {
    if (progress && Date.now() - started > 1000) err.write('\r\x1b[K');
    await history?.close().catch(() => undefined);
  }
  opts.out.write(render(results, opts));
  return results.some((r) => r.status === 'fail' || r.status === 'error') ? 1 : 0;
}

function render(results: CheckResult[], opts: CheckCommandOptions): string {
  switch (opts.format) {
    case 'json':
      return jsonReport(results);
    case 'junit':
      return junitReport(results);
    case 'sarif':
      return sarifReport(results);
    default:
      return textReport(results, { colour: opts.isTTY });
  }
}
