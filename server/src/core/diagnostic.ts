import type { Range } from './text';

/**
 * Every diagnostic Driftwatch publishes has a stable code from this list.
 * Codes are part of the public contract (CLI JSON, SARIF, settings), so a code
 * is never renamed, only added.
 */
export const DIAGNOSTIC_CODES = {
  // project structure
  'unresolved-ref': 'error',
  'unresolved-source': 'error',
  cycle: 'error',
  'jinja-error': 'error',
  'sql-syntax': 'warning',
  'yaml-syntax': 'error',
  'yaml-unknown-model': 'warning',
  'project-config': 'error',
  'duplicate-resource': 'error',
  'unreadable-file': 'warning',
  // testing and documentation
  'missing-tests': 'warning',
  'missing-pk-tests': 'warning',
  'undocumented-model': 'information',
  // schema drift
  'drift-declared-not-produced': 'warning',
  'drift-undeclared-column': 'warning',
  'drift-type-mismatch': 'warning',
  // DAG rules (after dbt-project-evaluator)
  'direct-join-to-source': 'warning',
  'staging-depends-on-downstream': 'warning',
  'root-model': 'information',
  'model-fanout': 'information',
  'rejoining-upstream-concepts': 'information',
  'unused-source': 'information',
  'hard-coded-reference': 'warning',
  // check files and check results
  'check-syntax': 'error',
  'check-unknown-dataset': 'error',
  'check-unknown-column': 'warning',
  'check-failed': 'error',
  'check-warned': 'warning',
  'check-error': 'error',
} as const satisfies Record<string, Severity>;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;
export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface RelatedLocation {
  file: string;
  range: Range;
  message: string;
}

export interface Diagnostic {
  /** Project-relative POSIX path. */
  file: string;
  range: Range;
  severity: Severity;
  code: DiagnosticCode;
  message: string;
  related?: RelatedLocation[];
  /** Machine-readable payload for quick fixes (e.g. the suggested name). */
  data?: Record<string, unknown>;
}

export type SeverityOverrides = Partial<Record<DiagnosticCode, Severity | 'off'>>;

export function defaultSeverity(code: DiagnosticCode): Severity {
  return DIAGNOSTIC_CODES[code];
}

export function makeDiagnostic(
  code: DiagnosticCode,
  file: string,
  range: Range,
  message: string,
  extra: Partial<Pick<Diagnostic, 'related' | 'data'>> = {},
): Diagnostic {
  return { file, range, severity: defaultSeverity(code), code, message, ...extra };
}

/** Applies user severity overrides; drops diagnostics turned 'off'. With `files`, keeps only those files' diagnostics. */
export function applySeverityOverrides(diags: readonly Diagnostic[], overrides: SeverityOverrides, files?: ReadonlySet<string>): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const d of diags) {
    if (files && !files.has(d.file)) continue;
    const o = overrides[d.code];
    if (o === 'off') continue;
    out.push(o ? { ...d, severity: o } : d);
  }
  return out;
}
