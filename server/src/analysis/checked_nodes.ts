/**
 * Which nodes Driftwatch check files cover: a model watched by a check file
 * is tested, so `missing-tests` must not nag about it. Check files are parsed
 * once per text (re-analysis after a keystroke in a model reuses the parse).
 */
import { catalogFromAnalysis } from '../checks/catalog';
import { parseCheckFile } from '../checks/parse_check_file';
import { isCheckFile } from '../checks/validate_checks';
import type { ProjectAnalysis } from './api';

const parsed = new Map<string, { text: string; datasets: string[] }>();

function datasetsOf(file: string, text: string): string[] {
  const hit = parsed.get(file);
  if (hit && hit.text === text) return hit.datasets;
  const datasets = parseCheckFile(file, text).datasets.map((d) => d.dataset.value);
  parsed.set(file, { text, datasets });
  return datasets;
}

export function checkedNodes(analysis: ProjectAnalysis, files: ReadonlyMap<string, string>): Set<string> {
  const out = new Set<string>();
  let catalog: ReturnType<typeof catalogFromAnalysis> | undefined;
  for (const [file, text] of files) {
    if (!isCheckFile(file)) continue;
    for (const name of datasetsOf(file, text)) {
      catalog ??= catalogFromAnalysis(analysis);
      const d = catalog.resolve(name);
      if (d) out.add(d.id);
    }
  }
  return out;
}
