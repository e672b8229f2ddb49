/**
 * Maps a check result from the server onto what Test Explorer shows: the
 * outcome, a message with expected/actual when the check compares a measured
 * value with a threshold, and a readable sample of failing rows for the run
 * output. Pure (no vscode) so the mapping is unit-tested.
 */
import type { CheckResultItem } from '../../../server/src/protocol/lsp_ext';

export type Outcome = 'passed' | 'failed' | 'errored' | 'skipped';

export interface CheckOutcome {
  outcome: Outcome;
  /** Shown in the test's peek; absent for passes. */
  message?: string;
  /** For a TestMessage diff: the threshold and the measured value. */
  expected?: string;
  actual?: string;
  /** Text for run.appendOutput (CRLF, as the test output terminal expects). */
  output: string;
}

export function checkOutcome(r: CheckResultItem): CheckOutcome {
  const outcome: Outcome = r.status === 'pass' ? 'passed' : r.status === 'skipped' ? 'skipped' : r.status === 'error' ? 'errored' : 'failed';
  const measured = r.value === null || r.value === undefined ? null : String(r.value);
  const lines: string[] = [`${STATUS_WORD[r.status]} ${r.check} (${r.dataset}) in ${formatMs(r.elapsedMs)}`];
  if (measured !== null) lines.push(`  measured: ${measured}${r.threshold ? `  threshold: ${r.threshold}` : ''}`);
  if (r.message && r.status !== 'pass') lines.push(`  ${r.message}`);
  if (r.samples.length) {
    lines.push(`  failing rows (first ${Math.min(r.samples.length, MAX_SAMPLE_ROWS)} of ${r.samples.length} sampled):`);
    for (const l of formatSamples(r.samples, MAX_SAMPLE_ROWS)) lines.push(`    ${l}`);
  }
  const output = lines.join('\r\n') + '\r\n';
  if (outcome === 'passed' || outcome === 'skipped') return { outcome, output, message: outcome === 'skipped' ? r.message || 'skipped' : undefined };
  const message = r.message || `${r.check} ${r.status === 'warn' ? 'warned' : 'failed'}`;
  const withWarn = r.status === 'warn' ? `warning: ${message}` : message;
  if (outcome === 'failed' && measured !== null && r.threshold) {
    return { outcome, message: withWarn, expected: r.threshold, actual: measured, output };
  }
  return { outcome, message: withWarn, output };
}

const MAX_SAMPLE_ROWS = 10;
const MAX_CELL = 40;

const STATUS_WORD: Record<CheckResultItem['status'], string> = {
  pass: 'PASS',
  warn: 'WARN',
  fail: 'FAIL',
  error: 'ERROR',
  skipped: 'SKIP',
};

/** Renders rows as an aligned plain-text table (header, rule, rows). */
export function formatSamples(samples: readonly Record<string, unknown>[], maxRows: number): string[] {
  const rows = samples.slice(0, maxRows);
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const row of rows) for (const k of Object.keys(row)) if (!seen.has(k)) (seen.add(k), columns.push(k));
  if (!columns.length) return [];
  const cells = rows.map((row) => columns.map((c) => cellText(row[c])));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i].length)));
  const line = (vals: string[]) => vals.map((v, i) => v.padEnd(widths[i])).join(' | ').trimEnd();
  return [line(columns), widths.map((w) => '-'.repeat(w)).join('-+-'), ...cells.map(line)];
}

export function cellText(v: unknown): string {
  let s: string;
  if (v === null || v === undefined) s = 'NULL';
  else if (typeof v === 'object') {
    try {
      s = JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x));
    } catch {
      s = String(v);
    }
  } else s = String(v);
  s = s.replace(/[\r\n\t]+/g, ' ');
  return s.length > MAX_CELL ? s.slice(0, MAX_CELL - 1) + '…' : s;
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
