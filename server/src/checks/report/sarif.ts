/**
 * SARIF 2.1.0 for code-scanning UIs: every failed, warned or errored check
 * is a result located at the check (or dbt test) in its file.
 */
import { createHash } from 'node:crypto';
import type { CheckResult } from '../model';

const RULES = [
  { id: 'check-failed', name: 'CheckFailed', level: 'error', text: 'A data check failed against the warehouse.' },
  { id: 'check-warned', name: 'CheckWarned', level: 'warning', text: 'A data check passed its warning threshold.' },
  { id: 'check-error', name: 'CheckError', level: 'error', text: 'A data check could not be evaluated.' },
] as const;

export function sarifReport(results: readonly CheckResult[], toolVersion = '0.1.0'): string {
  const ruleFor = (s: CheckResult['status']) => (s === 'fail' ? 0 : s === 'warn' ? 1 : 2);
  const sarifResults = results
    .filter((r) => r.status !== 'pass')
    .map((r) => {
      const ruleIndex = ruleFor(r.status);
      const rule = RULES[ruleIndex];
      const result: Record<string, unknown> = {
        ruleId: rule.id,
        ruleIndex,
        level: rule.level,
        message: { text: `${r.datasetDisplay}: ${r.name ?? r.check} — ${r.message}` },
        partialFingerprints: { driftwatchCheckId: createHash('sha256').update(r.id).digest('hex').slice(0, 32) },
        properties: { dataset: r.dataset, check: r.check, status: r.status, value: r.value, threshold: r.threshold, sql: r.sql },
      };
      if (r.file) {
        const region = r.range
          ? { startLine: r.range.start.line + 1, startColumn: r.range.start.character + 1, endLine: r.range.end.line + 1, endColumn: r.range.end.character + 1 }
          : undefined;
        result.locations = [{ physicalLocation: { artifactLocation: { uri: encodeURI(r.file), uriBaseId: '%SRCROOT%' }, ...(region ? { region } : {}) } }];
      }
      return result;
    });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Driftwatch',
            informationUri: 'https://github.com/driftwatch/driftwatch',
            version: toolVersion,
            rules: RULES.map((r) => ({ id: r.id, name: r.name, shortDescription: { text: r.text }, defaultConfiguration: { level: r.level } })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The project root' } } },
        results: sarifResults,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
