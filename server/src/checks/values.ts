/**
 * Turning warehouse values into what results carry: numbers from numeric
 * strings and bigints, JSON-safe sample rows without our internal columns.
 */
export function toNumber(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  return null;
}

export function round(v: number): number {
  return Number.isInteger(v) ? v : Number(v.toPrecision(10));
}

export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  return Number.isInteger(v) ? String(v) : Number(v.toPrecision(6)).toString();
}

/** JSON-safe copy of a sample row (dates as ISO text, big integers as numbers or text). */
export function plainRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[k] = plainValue(v);
  return out;
}

export function plainValue(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (typeof Buffer !== 'undefined' && Buffer.isBuffer(v)) return v.toString('hex');
  if (Array.isArray(v)) return v.map(plainValue);
  if (v && typeof v === 'object') return JSON.parse(JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? x.toString() : x)));
  return v;
}

export function stripInternal(row: Record<string, unknown>, rename: Record<string, string> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (k in rename) out[rename[k]] = plainValue(v);
    else if (!k.startsWith('_dw_')) out[k] = plainValue(v);
  }
  return out;
}
