/**
 * dbt's var scoping: in `vars:`, a key naming a package (or the project
 * itself) whose value is a mapping holds vars for that package only; every
 * other key is global. A package's own dbt_project.yml vars are defaults the
 * root project overrides.
 */
import { isPlainObject } from './node_config';

function split(vars: Record<string, unknown>, packageNames: ReadonlySet<string>): { global: Record<string, unknown>; scoped: Map<string, Record<string, unknown>> } {
  const global: Record<string, unknown> = {};
  const scoped = new Map<string, Record<string, unknown>>();
  for (const key of Object.keys(vars)) {
    const value = vars[key];
    if (packageNames.has(key) && isPlainObject(value)) scoped.set(key, value);
    else global[key] = value;
  }
  return { global, scoped };
}

/**
 * @param rootName the root project's name
 * @param rootVars `vars:` of the root dbt_project.yml
 * @param packageVars `vars:` of each installed package's own dbt_project.yml, by package name
 * @returns the vars `var()` sees in each package, root included
 */
export function scopeVars(rootName: string, rootVars: Record<string, unknown>, packageVars: ReadonlyMap<string, Record<string, unknown>>): Record<string, Record<string, unknown>> {
  const names = new Set<string>([rootName, ...packageVars.keys()]);
  const root = split(rootVars, names);
  const out: Record<string, Record<string, unknown>> = {};
  out[rootName] = { ...root.global, ...root.scoped.get(rootName) };
  for (const [pkg, own] of packageVars) {
    if (pkg === rootName) continue;
    const ownSplit = split(own, new Set([pkg]));
    out[pkg] = { ...ownSplit.global, ...ownSplit.scoped.get(pkg), ...root.global, ...root.scoped.get(pkg) };
  }
  return out;
}
