/**
 * Freshness thresholds: `{count: 12, period: hour}` as written in sources
 * YAML. Also accepts the shorthand strings people type by hand (`12h`,
 * `30 minutes`, `1 day`) since the intent is unambiguous.
 */
import type { Duration } from './types';

const PERIODS: Record<string, Duration['period']> = {
  minute: 'minute', minutes: 'minute', min: 'minute', mins: 'minute', m: 'minute',
  hour: 'hour', hours: 'hour', hr: 'hour', hrs: 'hour', h: 'hour',
  day: 'day', days: 'day', d: 'day',
};

export type DurationResult = { ok: true; duration: Duration } | { ok: false; error: string };

/** Parses a freshness threshold; the error explains what a valid one looks like. */
export function parseDuration(value: unknown): DurationResult {
  if (typeof value === 'string') {
    const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]+)\s*$/.exec(value);
    const period = m ? PERIODS[m[2].toLowerCase()] : undefined;
    if (m && period) return { ok: true, duration: { count: Number(m[1]), period } };
    return { ok: false, error: `invalid duration "${value}": expected {count: <number>, period: minute|hour|day}` };
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    const count = typeof v.count === 'number' ? v.count : typeof v.count === 'string' && v.count.trim() !== '' ? Number(v.count) : NaN;
    if (!Number.isFinite(count) || count < 0) return { ok: false, error: 'freshness threshold needs a non-negative number `count`' };
    const period = typeof v.period === 'string' ? PERIODS[v.period.toLowerCase()] : undefined;
    if (!period) return { ok: false, error: `freshness threshold needs \`period\` minute, hour or day (got ${JSON.stringify(v.period ?? null)})` };
    return { ok: true, duration: { count, period } };
  }
  return { ok: false, error: 'expected {count: <number>, period: minute|hour|day}' };
}

/** Length of a duration in milliseconds (for freshness evaluation). */
export function durationMs(d: Duration): number {
  const unit = d.period === 'minute' ? 60_000 : d.period === 'hour' ? 3_600_000 : 86_400_000;
  return d.count * unit;
}
