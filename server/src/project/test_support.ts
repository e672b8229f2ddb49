/** Builds a ProjectInput from a plain object of files, for loader tests. */
import type { ProjectInput } from './types';

export const MINIMAL_PROJECT_YML = 'name: acme\nversion: "1.0"\nprofile: acme\n';

export function inputOf(files: Record<string, string>, extra: Partial<ProjectInput> = {}): ProjectInput {
  return { root: '/work/acme', files: new Map(Object.entries(files)), ...extra };
}
