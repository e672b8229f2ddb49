/**
 * JUnit XML for CI dashboards: one <testsuite> per dataset, one <testcase>
 * per check. Failures are <failure>, errors <error>; JUnit has no "warning",
 * so warned checks pass with the warning in <system-out>.
 */
import type { CheckResult } from '../model';

export function junitReport(results: readonly CheckResult[]): string {
  const byDataset = new Map<string, CheckResult[]>();
  for (const r of results) {
    const list = byDataset.get(r.dataset) ?? [];
    list.push(r);
    byDataset.set(r.dataset, list);
  }
  const secs = (ms: number) => (ms / 1000).toFixed(3);
  const count = (list: CheckResult[], s: CheckResult['status']) => list.filter((r) => r.status === s).length;
  const total = results.reduce((a, r) => a + r.elapsedMs, 0);
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(`<testsuites name="driftwatch" tests="${results.length}" failures="${count([...results], 'fail')}" errors="${count([...results], 'error')}" time="${secs(total)}">`);
  for (const [dataset, list] of byDataset) {
    const time = list.reduce((a, r) => a + r.elapsedMs, 0);
    out.push(`  <testsuite name="${attr(dataset)}" tests="${list.length}" failures="${count(list, 'fail')}" errors="${count(list, 'error')}" skipped="0" time="${secs(time)}">`);
    for (const r of list) {
      const file = r.file ? ` file="${attr(r.file)}"${r.range ? ` line="${r.range.start.line + 1}"` : ''}` : '';
      out.push(`    <testcase classname="${attr(dataset)}" name="${attr(r.name ? `${r.name} [${r.check}]` : r.check)}" time="${secs(r.elapsedMs)}"${file}>`);
      const detail = [r.message, `value: ${r.value === null ? 'null' : r.value}`, `threshold: ${r.threshold}`, r.sql && `sql:\n${r.sql}`, r.samples.length ? `samples:\n${r.samples.map((s) => JSON.stringify(s)).join('\n')}` : '']
        .filter(Boolean)
        .join('\n');
      if (r.status === 'fail') out.push(`      <failure message="${attr(r.message)}" type="check-failed">${text(detail)}</failure>`);
      else if (r.status === 'error') out.push(`      <error message="${attr(r.message)}" type="check-error">${text(detail)}</error>`);
      else if (r.status === 'warn') out.push(`      <system-out>${text('WARNING: ' + detail)}</system-out>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}

/** Characters XML 1.0 cannot carry at all are dropped; the rest escaped. */
function clean(s: string): string {
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
}

function text(s: string): string {
  return clean(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(s: string): string {
  return text(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;');
}
