/**
 * Project-relative POSIX path helpers shared by the loader and the disk edge.
 * Resource paths from dbt_project.yml are normalised once so later prefix
 * tests are plain string comparisons.
 */

/** `./models/` → `models`; `.` → `` (the project root itself). */
export function normalizeResourcePath(p: string): string {
  let s = p.replace(/\\/g, '/').trim();
  while (s.startsWith('./')) s = s.slice(2);
  while (s.endsWith('/')) s = s.slice(0, -1);
  if (s === '.') s = '';
  return s;
}

/** Whether `file` lies under `dir` (both normalised; `` is the root). */
export function isUnder(file: string, dir: string): boolean {
  if (dir === '') return true;
  return file.length > dir.length && file.charCodeAt(dir.length) === 47 /* / */ && file.startsWith(dir);
}

/** The longest of `dirs` that contains `file`, or undefined. */
export function containingPath(file: string, dirs: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const d of dirs) if (isUnder(file, d) && (best === undefined || d.length > best.length)) best = d;
  return best;
}

export function baseName(file: string): string {
  const slash = file.lastIndexOf('/');
  return slash < 0 ? file : file.slice(slash + 1);
}

/** File name without its last extension: `models/a/stg_x.sql` → `stg_x`. */
export function stem(file: string): string {
  const b = baseName(file);
  const dot = b.lastIndexOf('.');
  return dot <= 0 ? b : b.slice(0, dot);
}

export function extension(file: string): string {
  const b = baseName(file);
  const dot = b.lastIndexOf('.');
  return dot <= 0 ? '' : b.slice(dot + 1).toLowerCase();
}

/** Folders between a resource path and the file: (`models/staging/x.sql`, `models`) → [`staging`]. */
export function foldersBetween(file: string, dir: string): string[] {
  const rest = dir === '' ? file : file.slice(dir.length + 1);
  const parts = rest.split('/');
  parts.pop();
  return parts;
}

/** Files of an installed package live under `dbt_packages/<dir>/`; returns `<dir>` or undefined. */
export function packageDirOf(file: string): string | undefined {
  if (!file.startsWith('dbt_packages/')) return undefined;
  const end = file.indexOf('/', 13);
  return end < 0 ? undefined : file.slice(13, end);
}

export const PROPERTIES_EXTENSIONS = new Set(['yml', 'yaml']);

/** Check files are parsed by the check engine, never as properties YAML. */
export function isCheckFile(file: string): boolean {
  return file.endsWith('.checks.yml') || file.endsWith('.checks.yaml');
}
