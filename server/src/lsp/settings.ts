/**
 * The server's settings, from `initializationOptions` at start and from
 * `workspace/didChangeConfiguration` later (the `driftwatch` section). Input
 * is untrusted JSON: anything of the wrong shape falls back to the default.
 */
import { DIAGNOSTIC_CODES, type DiagnosticCode, type SeverityOverrides } from '../core/diagnostic';
import type { Dialect } from '../sql/api';

export interface ServerSettings {
  /** False in an untrusted workspace: no env vars reach Jinja, nothing runs against a warehouse. */
  trusted: boolean;
  dialect: Dialect;
  severity: SeverityOverrides;
  target?: string;
  /** How check runs use the warehouse (the client's `driftwatch.checks.*`). */
  checks: CheckRunSettings;
}

export interface CheckRunSettings {
  /** Statements in flight at once. */
  concurrency: number;
  /** Per-statement timeout; a slower check is cancelled and reported as an error. */
  timeoutMs: number;
}

const DIALECTS: readonly Dialect[] = ['duckdb', 'postgres', 'redshift', 'snowflake', 'bigquery'];
const SEVERITIES = new Set(['error', 'warning', 'information', 'hint', 'off']);

export const DEFAULT_SETTINGS: ServerSettings = { trusted: true, dialect: 'duckdb', severity: {}, checks: { concurrency: 4, timeoutMs: 60_000 } };

/** initializationOptions: `{ trusted?, dialect?, severity?, target?, checks?: { concurrency?, timeoutMs? } }`. */
export function settingsFromInit(options: unknown, base: ServerSettings = DEFAULT_SETTINGS): ServerSettings {
  const o = isObject(options) ? options : {};
  return {
    trusted: typeof o.trusted === 'boolean' ? o.trusted : base.trusted,
    dialect: parseDialect(o.dialect) ?? base.dialect,
    severity: isObject(o.severity) ? parseSeverity(o.severity) : base.severity,
    target: typeof o.target === 'string' && o.target ? o.target : base.target,
    checks: parseChecks(o.checks, base.checks),
  };
}

/**
 * The `driftwatch` configuration section as VS Code sends it: nested objects
 * (`diagnostics.severity` arrives as `{diagnostics: {severity: {...}}}`).
 * Trust is not a setting: it only comes from the client at start.
 */
export function settingsFromConfiguration(section: unknown, base: ServerSettings): ServerSettings {
  if (!isObject(section)) return base;
  const diagnostics = isObject(section.diagnostics) ? section.diagnostics : undefined;
  const flatSeverity = section['diagnostics.severity'];
  const severity = isObject(diagnostics?.severity) ? diagnostics!.severity : isObject(flatSeverity) ? flatSeverity : undefined;
  return {
    trusted: base.trusted,
    dialect: parseDialect(section.dialect) ?? base.dialect,
    severity: severity ? parseSeverity(severity) : base.severity,
    target: typeof section.target === 'string' && section.target ? section.target : base.target,
    checks: parseChecks(section.checks ?? { concurrency: section['checks.concurrency'], timeoutMs: section['checks.timeoutMs'] }, base.checks),
  };
}

/** Same bounds as the client's settings schema: out-of-range numbers are clamped, wrong types keep the base. */
function parseChecks(v: unknown, base: CheckRunSettings): CheckRunSettings {
  if (!isObject(v)) return base;
  return {
    concurrency: boundedInt(v.concurrency, 1, 64) ?? base.concurrency,
    timeoutMs: boundedInt(v.timeoutMs, 1000, 3_600_000) ?? base.timeoutMs,
  };
}

function boundedInt(v: unknown, min: number, max: number): number | undefined {
  if (typeof v !== 'number' || !Number.isFinite(v)) return undefined;
  return Math.max(min, Math.min(max, Math.round(v)));
}

function parseDialect(v: unknown): Dialect | undefined {
  return typeof v === 'string' && (DIALECTS as readonly string[]).includes(v) ? (v as Dialect) : undefined;
}

function parseSeverity(o: Record<string, unknown>): SeverityOverrides {
  const out: SeverityOverrides = {};
  for (const [code, sev] of Object.entries(o)) {
    if (code in DIAGNOSTIC_CODES && typeof sev === 'string' && SEVERITIES.has(sev)) {
      out[code as DiagnosticCode] = sev as SeverityOverrides[DiagnosticCode];
    }
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
