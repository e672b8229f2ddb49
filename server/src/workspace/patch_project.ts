/**
 * Fast path for the common edit: the text of a model (or snapshot) changed,
 * nothing structural. Returns the project with that model's SQL replaced, or
 * undefined when the change needs a full reload (YAML, config, new files…).
 */
import type { Project } from '../project/types';

export function patchModelText(project: Project, rel: string, text: string | undefined): Project | undefined {
  if (text === undefined || !rel.endsWith('.sql')) return undefined;
  const i = project.models.findIndex((m) => m.file === rel);
  if (i >= 0) {
    const models = project.models.slice();
    models[i] = { ...models[i], rawSql: text };
    return { ...project, models };
  }
  // Snapshot blocks, macros, disabled models and tests change structure or shared state: reload.
  return undefined;
}
