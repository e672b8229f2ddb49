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

/**
 * Where a check of a check file is now (after edits), by its stable id;
 * null when the check no longer exists. Undefined: unknown, leave as recorded.
 */
export type LocateCheck = (checkId: string) => { file?: string; range?: Diagnostic['range'] } | null | undefined;

interface Recorded {
  origin: CheckSpec['origin'] | undefined;
  diags: Diagnostic[];
}

export class CheckResultDiagnostics<Key> {
  /** Project → check id → the diagnostics of that check's last result. */
  private readonly byProject = new Map<Key, Map<string, Recorded>>();
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
    map.set(result.id, { origin: spec?.origin, diags });
    return true;
  }

  /**
   * Every recorded diagnostic. With `locateCheckFileCheck`, a check-file check's
   * diagnostic follows its check when lines moved, and disappears with a deleted check.
   */
  all(project: Key, locateCheckFileCheck?: LocateCheck): Diagnostic[] {
    const map = this.byProject.get(project);
    if (!map?.size) return [];
    const out: Diagnostic[] = [];
    for (const [id, { origin, diags }] of map) {
      const now = origin === 'checks-file' && locateCheckFileCheck ? locateCheckFileCheck(id) : undefined;
      if (now === null) continue;
      if (now?.range && now.file === diags[0].file) out.push({ ...diags[0], range: now.range }, ...diags.slice(1));
      else out.push(...diags);
    }
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
