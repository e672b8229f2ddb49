/**
 * The target the analysis renders for (`target.*` in Jinja, the schema refs
 * resolve into, the SQL dialect), taken from profiles.yml like dbt does.
 * A broken or missing profile must not stop analysis: it falls back to the
 * embedded DuckDB defaults and says why.
 */
import type { TargetInfo } from '../jinja/api';
import type { Dialect } from '../sql/api';
import { resolveTarget } from '../warehouse/connect';

export interface AnalysisTarget {
  target: TargetInfo;
  dialect: Dialect;
  /** Why the defaults were used, when they were. */
  problem?: string;
}

export function analysisTarget(projectRoot: string, targetName: string | undefined, env: Readonly<Record<string, string | undefined>>): AnalysisTarget {
  try {
    // Rendering needs the target's name, type, schema and database, never its password: one that only the
    // editor's secret storage holds (or an unset env var) must not turn the analysis into DuckDB defaults.
    const t = resolveTarget(targetName, { projectRoot, env, password: '' });
    const database = t.type === 'duckdb' ? '' : t.database ?? '';
    return { target: { name: t.name, type: t.type, schema: t.schema, database }, dialect: t.type };
  } catch (e) {
    return { target: { name: targetName ?? 'dev', type: 'duckdb', schema: 'main', database: '' }, dialect: 'duckdb', problem: (e as Error).message };
  }
}
