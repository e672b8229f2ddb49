/**
 * Shapes the LSP layer publishes for checks (Test Explorer items, streamed
 * results, diagnostics on failing checks). Type-only imports of the protocol:
 * nothing here talks to a connection.
 */
import { makeDiagnostic, type Diagnostic } from '../core/diagnostic';
import { ZERO_RANGE } from '../core/text';
import type { CheckDataset, CheckItem, CheckResultItem } from '../protocol/lsp_ext';
import type { CheckResult, CheckSpec } from './model';

/** Test Explorer tree: datasets with their checks, in plan order. */
export function checkDatasets(specs: readonly CheckSpec[], uriOf: (projectFile: string) => string): CheckDataset[] {
  const byDataset = new Map<string, CheckDataset>();
  for (const s of specs) {
    let d = byDataset.get(s.dataset.id);
    if (!d) byDataset.set(s.dataset.id, (d = { dataset: s.dataset.id, name: s.dataset.display, checks: [] }));
    const item: CheckItem = {
      id: s.id,
      dataset: s.dataset.id,
      label: s.name ? `${s.name} [${s.check}]` : s.check,
      kind: s.origin === 'dbt' ? 'dbt-test' : s.check.startsWith('sla ') ? 'sla' : 'check',
      uri: s.file ? uriOf(s.file) : '',
      range: s.range ?? ZERO_RANGE,
    };
    if (!d.uri && s.file && s.origin === 'checks-file') d.uri = uriOf(s.file);
    d.checks.push(item);
  }
  return [...byDataset.values()];
}

/** A result as the editor shows it (a named check reads `name: expression`). */
export function toResultItem(r: CheckResult, at: Date, history?: number[]): CheckResultItem {
  return {
    id: r.id,
    dataset: r.dataset,
    check: r.name ? `${r.name}: ${r.check}` : r.check,
    status: r.status,
    value: r.value,
    threshold: r.threshold || null,
    message: r.message,
    sql: r.sql || null,
    elapsedMs: r.elapsedMs,
    samples: r.samples,
    at: at.toISOString(),
    ...(history ? { history } : {}),
  };
}

/** Diagnostics at the check (or dbt test) for every result that did not pass. */
export function resultDiagnostics(results: readonly CheckResult[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const r of results) {
    if (r.status === 'pass' || !r.file) continue;
    const code = r.status === 'fail' ? 'check-failed' : r.status === 'warn' ? 'check-warned' : 'check-error';
    const value = r.value === null ? '' : ` (value ${r.value}${r.threshold ? `, expected ${r.threshold}` : ''})`;
    out.push(makeDiagnostic(code, r.file, r.range ?? ZERO_RANGE, `${r.datasetDisplay}: ${r.name ?? r.check} ${r.status === 'error' ? 'errored' : r.status === 'warn' ? 'warned' : 'failed'}${value}: ${r.message}`, { data: { checkId: r.id, samples: r.samples.slice(0, 5) } }));
  }
  return out;
}
