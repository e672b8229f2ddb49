/**
 * Thresholds: the comparison part of a check (`> 0`, `< 1%`, `between 20 and 80`,
 * `< 6h`). A threshold is written either as the *pass* condition inline
 * (`row_count > 0`) or as the *failure* condition under `warn:`/`fail:`
 * (`warn: when < 100`), so the type only describes the comparison and the
 * caller decides which way round it is read.
 */
import { parseDuration } from './duration';

export type ComparisonOp = '<' | '<=' | '>' | '>=' | '=' | '!=';

export type Threshold =
  | { kind: 'compare'; op: ComparisonOp; value: number; unit?: 'percent' | 'seconds'; text: string }
  | { kind: 'between'; negated: boolean; low: number; high: number; unit?: 'percent' | 'seconds'; text: string };

export type ThresholdParse = { ok: true; threshold: Threshold } | { ok: false; error: string };

const OPS: ComparisonOp[] = ['<=', '>=', '!=', '<>' as ComparisonOp, '=', '<', '>'];

// Projects repeat a handful of thresholds (dbt's `!= 0` on every test); results are immutable, so share them.
const cache = new Map<string, ThresholdParse>();

/** Parses `> 0`, `<= 1%`, `< 6h`, `between 20 and 80`, `not between -1 and 1`; an optional leading `when` is accepted (Soda style). */
export function parseThreshold(input: string): ThresholdParse {
  let hit = cache.get(input);
  if (!hit) {
    if (cache.size > 4096) cache.clear();
    hit = Object.freeze(parseThresholdUncached(input)) as ThresholdParse;
    if (hit.ok) Object.freeze(hit.threshold);
    cache.set(input, hit);
  }
  return hit;
}

function parseThresholdUncached(input: string): ThresholdParse {
  let text = input.trim().replace(/^when\s+/i, '');
  const between = /^(not\s+)?between\s+(\S+)\s+and\s+(\S+)$/i.exec(text);
  if (between) {
    const low = parseQuantity(between[2]);
    const high = parseQuantity(between[3]);
    if (!low.ok) return low;
    if (!high.ok) return high;
    if (low.value > high.value) return { ok: false, error: `between: the lower bound ${between[2]} is above the upper bound ${between[3]}` };
    return {
      ok: true,
      threshold: { kind: 'between', negated: !!between[1], low: low.value, high: high.value, unit: low.unit ?? high.unit, text },
    };
  }
  for (const op of OPS) {
    if (text.startsWith(op)) {
      const rest = text.slice(op.length).trim();
      if (rest === '') return { ok: false, error: `missing a value after '${op}'` };
      if (/^[<>=!]/.test(rest)) break;
      const q = parseQuantity(rest);
      if (!q.ok) return q;
      const normalised: ComparisonOp = op === ('<>' as ComparisonOp) ? '!=' : op === ('==' as ComparisonOp) ? '=' : op;
      text = `${normalised} ${rest}`;
      return { ok: true, threshold: { kind: 'compare', op: normalised, value: q.value, unit: q.unit, text } };
    }
  }
  return { ok: false, error: `'${input.trim()}' is not a threshold; write e.g. '> 0', '< 5%', '< 6h' or 'between 1 and 10'` };
}

type Quantity = { ok: true; value: number; unit?: 'percent' | 'seconds' } | { ok: false; error: string };

function parseQuantity(raw: string): Quantity {
  const s = raw.trim();
  if (/^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?%$/.test(s)) return { ok: true, value: Number(s.slice(0, -1)), unit: 'percent' };
  if (/^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(s)) return { ok: true, value: Number(s) };
  const d = parseDuration(s);
  if (d !== undefined) return { ok: true, value: d, unit: 'seconds' };
  return { ok: false, error: `'${s}' is not a number, a percentage (5%) or a duration (6h)` };
}

/** True when `value` satisfies the comparison. NaN never satisfies anything. */
export function satisfies(value: number, t: Threshold): boolean {
  if (Number.isNaN(value)) return false;
  if (t.kind === 'between') {
    const inside = value >= t.low && value <= t.high;
    return t.negated ? !inside : inside;
  }
  switch (t.op) {
    case '<':
      return value < t.value;
    case '<=':
      return value <= t.value;
    case '>':
      return value > t.value;
    case '>=':
      return value >= t.value;
    case '=':
      return value === t.value;
    case '!=':
      return value !== t.value;
  }
}

/** The opposite comparison, so an inline pass condition can be shown as the failure condition and vice versa. */
export function negate(t: Threshold): Threshold {
  if (t.kind === 'between') {
    const text = (t.negated ? 'between ' : 'not between ') + `${t.low} and ${t.high}`;
    return { ...t, negated: !t.negated, text };
  }
  const flip: Record<ComparisonOp, ComparisonOp> = { '<': '>=', '<=': '>', '>': '<=', '>=': '<', '=': '!=', '!=': '=' };
  const op = flip[t.op];
  return { ...t, op, text: `${op} ${t.text.replace(/^\S+\s*/, '')}` };
}
