/**
 * The settings the server needs at start (initializationOptions). Later
 * changes reach it through workspace/didChangeConfiguration, which the
 * language client sends for the `driftwatch` section. Pure: takes a getter.
 */
export interface DriftwatchInitOptions {
  trusted: boolean;
  dialect: string;
  target: string | null;
  severity: Record<string, string>;
  checks: { concurrency: number; timeoutMs: number };
  lineage: { defaultDepth: number };
}

export type SettingGetter = <T>(key: string, fallback: T) => T;

export function initOptions(get: SettingGetter, trusted: boolean): DriftwatchInitOptions {
  return {
    trusted,
    dialect: get('dialect', 'duckdb'),
    target: get<string | null>('target', null) || null,
    severity: { ...get<Record<string, string>>('diagnostics.severity', {}) },
    checks: {
      concurrency: clampInt(get('checks.concurrency', 4), 1, 64),
      timeoutMs: clampInt(get('checks.timeoutMs', 60000), 1000, 3_600_000),
    },
    lineage: { defaultDepth: clampInt(get('lineage.defaultDepth', 2), 0, 50) },
  };
}

export function clampInt(v: unknown, min: number, max: number): number {
  const n = typeof v === 'number' && Number.isFinite(v) ? Math.round(v) : min;
  return Math.max(min, Math.min(max, n));
}
