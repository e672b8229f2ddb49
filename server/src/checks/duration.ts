/**
 * Durations as written in check files and dbt freshness blocks: `30s`, `15m`,
 * `6h`, `2d`, `1w`, combinations like `1d12h`, and dbt's {count, period}.
 * Everything is measured in seconds.
 */
const UNIT_SECONDS: Record<string, number> = {
  s: 1, sec: 1, secs: 1, second: 1, seconds: 1,
  m: 60, min: 60, mins: 60, minute: 60, minutes: 60,
  h: 3600, hr: 3600, hrs: 3600, hour: 3600, hours: 3600,
  d: 86400, day: 86400, days: 86400,
  w: 604800, week: 604800, weeks: 604800,
};

/** Seconds, or undefined when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
  const s = text.trim().toLowerCase();
  if (s === '') return undefined;
  const re = /(\d+(?:\.\d+)?)\s*([a-z]+)\s*/y;
  let total = 0;
  let pos = 0;
  while (pos < s.length) {
    re.lastIndex = pos;
    const m = re.exec(s);
    if (!m) return undefined;
    const unit = UNIT_SECONDS[m[2]];
    if (unit === undefined) return undefined;
    total += Number(m[1]) * unit;
    pos = re.lastIndex;
  }
  return total;
}

export function dbtDurationSeconds(d: { count: number; period: 'minute' | 'hour' | 'day' }): number {
  return d.count * (d.period === 'minute' ? 60 : d.period === 'hour' ? 3600 : 86400);
}

/** Human form of a number of seconds: `3d 4h`, `45m`, `12s`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return String(seconds);
  const sign = seconds < 0 ? '-' : '';
  let s = Math.round(Math.abs(seconds));
  const parts: string[] = [];
  for (const [unit, size] of [['d', 86400], ['h', 3600], ['m', 60], ['s', 1]] as const) {
    if (s >= size) {
      parts.push(`${Math.floor(s / size)}${unit}`);
      s %= size;
    }
    if (parts.length === 2) break;
  }
  return sign + (parts.length ? parts.join(' ') : '0s');
}
