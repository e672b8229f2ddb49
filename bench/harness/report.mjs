/** Machine description and the results table printed by `npm run bench`. */
import { execFileSync } from 'node:child_process';
import os from 'node:os';

export function machineInfo(repoRoot) {
  let commit = 'unknown';
  let dirty = false;
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
    dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: repoRoot, encoding: 'utf8' }).trim() !== '';
  } catch {
    // not a git checkout: leave unknown
  }
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGb: Math.round((os.totalmem() / 1073741824) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    commit: dirty ? `${commit} (+ uncommitted changes)` : commit,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
    date: new Date().toISOString(),
  };
}

/**
 * A row: { metric, value, unit, target?, note? }. `value` null = not measured (note says why).
 * Lower is better for every metric here, so ratio = value / target and PASS when ≤ 1.
 */
export function formatTable(rows) {
  const header = ['metric', 'measured', 'target', 'ratio', 'status'];
  const lines = rows.map((r) => {
    const measured = r.value === null || r.value === undefined || Number.isNaN(r.value) ? 'n/a' : `${fmt(r.value)} ${r.unit}`;
    const target = r.target !== undefined ? `≤ ${fmt(r.target)} ${r.unit}` : '';
    let ratio = '';
    let status = '';
    if (r.target !== undefined && typeof r.value === 'number' && !Number.isNaN(r.value)) {
      ratio = `${(r.value / r.target).toFixed(2)}×`;
      status = r.value <= r.target ? 'PASS' : 'MISS';
    } else if (r.target !== undefined) {
      status = 'TODO';
    }
    return [r.metric, measured, target, ratio, status, r.note ?? ''];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const pad = (cells) => cells.slice(0, header.length).map((c, i) => c.padEnd(widths[i])).join('  ');
  const out = [pad(header), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const l of lines) out.push(pad(l) + (l[5] ? `  ${l[5]}` : ''));
  return out.join('\n');
}

function fmt(v) {
  if (Math.abs(v) >= 100) return v.toFixed(0);
  if (Math.abs(v) >= 10) return v.toFixed(1);
  return v.toFixed(2);
}

/** Other processes competing for the cores make every timing here unreliable; say so next to the figures. */
export function busyWarning(cores) {
  const load = os.loadavg()[0];
  return load > cores * 0.5
    ? `WARNING: 1-minute load average ${load.toFixed(2)} on ${cores} cores — other work is competing for the CPU; figures are pessimistic and noisy.`
    : null;
}
