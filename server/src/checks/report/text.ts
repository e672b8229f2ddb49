/**
 * The human report: one aligned line per check, grouped by dataset, with the
 * message and a few sample rows under anything that did not pass. Colour
 * only when writing to a terminal.
 */
import type { CheckResult, CheckStatus } from '../model';
import { formatDuration } from '../duration';
import { summarise } from './summary';

const COLOURS: Record<CheckStatus, string> = { pass: '\x1b[32m', warn: '\x1b[33m', fail: '\x1b[31m', error: '\x1b[35m' };
const RESET = '\x1b[0m';
const DIM = '\x1b[2m';

export function textReport(results: readonly CheckResult[], options: { colour: boolean; maxWidth?: number } = { colour: false }): string {
  const paint = (code: string, s: string) => (options.colour ? code + s + RESET : s);
  const lines: string[] = [];
  const byDataset = new Map<string, CheckResult[]>();
  for (const r of results) {
    const list = byDataset.get(r.datasetDisplay) ?? [];
    list.push(r);
    byDataset.set(r.datasetDisplay, list);
  }
  const checkWidth = Math.min(60, Math.max(5, ...results.map((r) => label(r).length)));
  const valueWidth = Math.min(14, Math.max(5, ...results.map((r) => valueText(r).length)));
  for (const [dataset, list] of byDataset) {
    lines.push(paint('\x1b[1m', dataset));
    for (const r of list) {
      const status = paint(COLOURS[r.status], r.status.toUpperCase().padEnd(5));
      const loc = r.file && r.range ? `${r.file}:${r.range.start.line + 1}` : '';
      lines.push(`  ${status} ${truncate(label(r), checkWidth).padEnd(checkWidth)}  ${valueText(r).padStart(valueWidth)}  ${r.threshold.padEnd(12)} ${paint(DIM, `${r.elapsedMs}ms ${loc}`.trim())}`);
      if (r.status !== 'pass') {
        lines.push(`        ${r.message}`);
        for (const s of r.samples.slice(0, 5)) lines.push(paint(DIM, `        · ${truncate(JSON.stringify(s), options.maxWidth ?? 160)}`));
      }
    }
  }
  const s = summarise(results);
  lines.push('');
  lines.push(
    `${results.length} checks: ${paint(COLOURS.pass, `${s.pass} passed`)}, ${paint(COLOURS.warn, `${s.warn} warned`)}, ${paint(COLOURS.fail, `${s.fail} failed`)}, ${paint(COLOURS.error, `${s.error} errored`)}`,
  );
  return lines.join('\n') + '\n';
}

function label(r: CheckResult): string {
  return r.name ? `${r.name} [${r.check}]` : r.check;
}

function valueText(r: CheckResult): string {
  if (r.value === null) return '—';
  if (r.unit === 'seconds') return formatDuration(r.value);
  const n = Number.isInteger(r.value) ? String(r.value) : Number(r.value.toPrecision(6)).toString();
  return r.unit === 'percent' ? `${n}%` : n;
}

function truncate(s: string, n: number): string {
  return s.length <= n ? s : s.slice(0, n - 1) + '…';
}
