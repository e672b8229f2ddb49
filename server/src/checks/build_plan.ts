/**
 * Everything `driftwatch check` runs for a project: the checks of every
 * `*.checks.yml` file plus the dbt tests and source freshness of the selected
 * nodes, with the static diagnostics of the check files.
 */
import type { ProjectAnalysis } from '../analysis/api';
import type { Diagnostic } from '../core/diagnostic';
import { catalogFromAnalysis, type CheckCatalog } from './catalog';
import { dbtTestSpecs } from './dbt_tests';
import type { CheckSpec } from './model';
import { parseCheckFile } from './parse_check_file';
import { planCheckFile } from './plan_checks';

export interface BuiltPlan {
  specs: CheckSpec[];
  diagnostics: Diagnostic[];
  catalog: CheckCatalog;
}

export function buildCheckPlan(input: {
  analysis: ProjectAnalysis;
  /** Project-relative path → text of each check file. */
  checkFiles: ReadonlyMap<string, string>;
  select?: (uniqueId: string) => boolean;
  /** Include dbt tests from properties YAML (default true). */
  dbtTests?: boolean;
}): BuiltPlan {
  const catalog = catalogFromAnalysis(input.analysis);
  const select = input.select ?? (() => true);
  const specs: CheckSpec[] = [];
  const diagnostics: Diagnostic[] = [];
  const ids = new Set<string>();
  for (const [file, text] of [...input.checkFiles].sort(([a], [b]) => a.localeCompare(b))) {
    const plan = planCheckFile(parseCheckFile(file, text), catalog);
    diagnostics.push(...plan.diagnostics);
    for (const s of plan.specs) {
      if (!select(s.dataset.id)) continue;
      while (ids.has(s.id)) s.id += "'";
      ids.add(s.id);
      specs.push(s);
    }
  }
  if (input.dbtTests !== false) specs.push(...dbtTestSpecs(input.analysis, catalog, select));
  return { specs, diagnostics, catalog };
}
