/** The diff as text for terminals and the output channel: what changed first, then the detail. */
import type { DiffResult } from '../protocol/lsp_ext';

function fmt(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Math.round(v * 1e6) / 1e6);
  if (typeof v === 'string') return v.length > 60 ? JSON.stringify(v.slice(0, 57) + '...') : JSON.stringify(v);
  return JSON.stringify(v);
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

export function renderDiffText(r: Omit<DiffResult, 'text'>): string {
  const lines: string[] = [];
  lines.push(`Diff of ${r.node} (dev vs other)`);
  const delta = r.rowCounts.dev - r.rowCounts.other;
  lines.push(`  rows: dev ${r.rowCounts.dev}, other ${r.rowCounts.other}${delta ? ` (${signed(delta)})` : ' (same)'}`);

  const s = r.schema;
  if (!s.added.length && !s.removed.length && !s.typeChanged.length) lines.push('  schema: same columns and types');
  else {
    lines.push('  schema:');
    for (const c of s.added) lines.push(`    + ${c} (only in dev)`);
    for (const c of s.removed) lines.push(`    - ${c} (only in other)`);
    for (const t of s.typeChanged) lines.push(`    ~ ${t.column}: ${t.other} -> ${t.dev}`);
  }

  const changedCols = r.columns.filter((c) => JSON.stringify(c.dev) !== JSON.stringify(c.other));
  if (changedCols.length === 0) lines.push(`  column profiles: ${r.columns.length} compared, all equal`);
  else {
    lines.push(`  column profiles: ${changedCols.length} of ${r.columns.length} differ`);
    for (const c of changedCols) {
      const keys = [...new Set([...Object.keys(c.dev), ...Object.keys(c.other)])].filter((k) => JSON.stringify(c.dev[k]) !== JSON.stringify(c.other[k]));
      lines.push(`    ${c.column}: ${keys.map((k) => `${k} ${fmt(c.other[k])} -> ${fmt(c.dev[k])}`).join(', ')}`);
    }
  }

  if (r.rows) {
    const { added, removed, changed } = r.rows;
    lines.push(`  rows by key (${r.rows.key.join(', ')}): ${added} added, ${removed} removed, ${changed} changed`);
    for (const sample of r.rows.samples) {
      const key = Object.entries(sample.key as Record<string, unknown>).map(([k, v]) => `${k}=${fmt(v)}`).join(', ');
      if (sample.change === 'changed') {
        const cols = Object.entries((sample.columns ?? {}) as Record<string, { dev: unknown; other: unknown }>)
          .map(([c, v]) => `${c}: ${fmt(v.other)} -> ${fmt(v.dev)}`)
          .join('; ');
        lines.push(`    ~ ${key}  ${cols}`);
      } else {
        lines.push(`    ${sample.change === 'added' ? '+' : '-'} ${key}`);
      }
    }
  } else {
    lines.push('  rows by key: not compared (no key; pass --key or declare a unique test)');
  }
  return lines.join('\n') + '\n';
}
