/**
 * `driftwatch diagnose`: every static diagnostic, as text (file:line:col, as
 * compilers print them, so terminals and CI logs link them), the JSON
 * contract, or SARIF 2.1.0 for code-scanning tools.
 */
import * as path from 'path';
import type { Diagnostic } from '../../core/diagnostic';
import { DIAGNOSTIC_CODES } from '../../core/diagnostic';
import type { Colors } from '../colors';

export interface ProjectDiagnostics {
  /** Absolute project root. */
  root: string;
  diagnostics: Diagnostic[];
}

const ORDER = { error: 0, warning: 1, information: 2, hint: 3 } as const;

function sorted(diags: Diagnostic[]): Diagnostic[] {
  return [...diags].sort((a, b) => a.file.localeCompare(b.file) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || ORDER[a.severity] - ORDER[b.severity]);
}

/** File paths in output are relative to the project root (one project) or to the base dir (several). */
function displayPath(p: ProjectDiagnostics, file: string, baseDir: string, many: boolean): string {
  return many ? path.relative(baseDir, path.join(p.root, file)).split(path.sep).join('/') : file;
}

export function diagnoseJson(projects: ProjectDiagnostics[], baseDir: string): unknown[] {
  const many = projects.length > 1;
  return projects.flatMap((p) =>
    sorted(p.diagnostics).map((d) => ({ file: displayPath(p, d.file, baseDir, many), range: d.range, severity: d.severity, code: d.code, message: d.message })),
  );
}

export function diagnoseText(projects: ProjectDiagnostics[], baseDir: string, c: Colors): string {
  const many = projects.length > 1;
  const lines: string[] = [];
  const counts = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const p of projects) {
    for (const d of sorted(p.diagnostics)) {
      counts[d.severity]++;
      const sev = d.severity === 'error' ? c.red('error') : d.severity === 'warning' ? c.yellow('warning') : c.blue(d.severity === 'information' ? 'info' : 'hint');
      lines.push(`${displayPath(p, d.file, baseDir, many)}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${sev} ${c.dim(`[${d.code}]`)} ${d.message}`);
    }
  }
  const total = counts.error + counts.warning + counts.information + counts.hint;
  lines.push('');
  lines.push(total ? `${counts.error} error(s), ${counts.warning} warning(s), ${counts.information} info, ${counts.hint} hint(s)` : c.green('No problems found.'));
  return lines.join('\n') + '\n';
}

export function diagnoseSarif(projects: ProjectDiagnostics[], baseDir: string, version: string): unknown {
  const level = (s: Diagnostic['severity']) => (s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'note');
  const used = new Set(projects.flatMap((p) => p.diagnostics.map((d) => d.code)));
  const rules = Object.keys(DIAGNOSTIC_CODES)
    .filter((code) => used.has(code as Diagnostic['code']))
    .map((code) => ({ id: code, name: code, defaultConfiguration: { level: level(DIAGNOSTIC_CODES[code as Diagnostic['code']]) } }));
  const results = projects.flatMap((p) =>
    sorted(p.diagnostics).map((d) => ({
      ruleId: d.code,
      level: level(d.severity),
      message: { text: d.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: path.relative(baseDir, path.join(p.root, d.file)).split(path.sep).join('/') },
            region: { startLine: d.range.start.line + 1, startColumn: d.range.start.character + 1, endLine: d.range.end.line + 1, endColumn: d.range.end.character + 1 },
          },
        },
      ],
    })),
  );
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'driftwatch', version, informationUri: 'https://github.com/driftwatch/driftwatch', rules } }, results }],
  };
}
