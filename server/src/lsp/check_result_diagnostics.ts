/**
 * Diagnostics from the last run of each check (check-failed / check-warned /
 * check-error), kept per project between runs. They are not analysis
 * results, so they live here and reach the editor through the
 * DiagnosticsPublisher's `extra` hook, merged with the files' static
 * diagnostics: an edit that re-analyses the project keeps them, and only the
 * next run of the same checks replaces them.
 *
 * Pure: no connection, no vscode-languageserver import (unit-testable).
 */
import { resultDiagnostics } from '../checks/editor_items';
import type { CheckResult, CheckSpec } from '../checks/model';
import type { Diagnostic } from '../core/diagnostic';

/** Where a dataset (model, seed, source) is defined, for dbt tests that failed on it. */
export type DatasetLocation = (datasetId: string) => { file: string; range: Diagnostic['range'] } | undefined;

export class CheckResultDiagnostics<Key extends object> {
  /** Project → check id → the diagnostics of that check's last result. */
  private readonly byProject = new Map<Key, Map<string, Diagnostic[]>>();
  /** A run of these checks starts: what their previous run said no longer holds. */
  startRun(project: Key, checkIds: Iterable<string>): boolean {
    const map = this.byProject.get(project);
    if (!map) return false;
    let changed = false;
    for (const id of checkIds) changed = map.delete(id) || changed;
    return changed;
  }

  /** Records one result. Returns whether the project's diagnostics changed. */
  record(project: Key, result: CheckResult, spec: CheckSpec | undefined, locate: DatasetLocation): boolean {
    let map = this.byProject.get(project);
    const diags = diagnosticsForResult(result, spec, locate);
    if (!diags.length) {
      return !!map?.delete(result.id);
    }
    if (!map) this.byProject.set(project, (map = new Map()));
    map.set(result.id, diags);
    return true;
  }

  all(project: Key): Diagnostic[] {
    const map = this.byProject.get(project);
    if (!map?.size) return [];
    const out: Diagnostic[] = [];
    for (const list of map.values()) out.push(...list);
    return out;
  }

  /** The project went away. */
  forget(project: Key): void {
    this.byProject.delete(project);
  }
}

/**
 * The diagnostics for one result: at the check (check-file line or the dbt
 * test in its YAML), and for a dbt test also on the model itself, where the
 * user is looking when they edit it.
 */
export function diagnosticsForResult(result: CheckResult, spec: CheckSpec | undefined, locate: DatasetLocation): Diagnostic[] {
  const atCheck = resultDiagnostics([result]);
  if (!atCheck.length || spec?.origin !== 'dbt') return atCheck;
  const model = locate(result.dataset);
  if (!model || model.file === atCheck[0].file) return atCheck;
  const d = atCheck[0];
  return [
    ...atCheck,
    {
      ...d,
      file: model.file,
      range: model.range,
      related: [{ file: d.file, range: d.range, message: `the test ${result.name ?? result.check} is declared here` }],
    },
  ];
}
