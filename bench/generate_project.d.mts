// Types for generate_project.mjs, so TypeScript tests can call the generator.

export interface GeneratedColumn {
  name: string;
  kind: string;
}

export interface GeneratedModel {
  name: string;
  resource: 'model';
  layer: 'staging' | 'intermediate' | 'marts';
  domain: string;
  entity: string;
  /** Project-relative POSIX path of the .sql file. */
  file: string;
  sql: string;
  /** Names passed to ref(), in order (models and seeds). */
  refs: string[];
  /** [source name, table name] pairs passed to source(). */
  sources: [string, string][];
  /** Columns the SQL produces, in order. */
  columns: GeneratedColumn[];
  pk: string;
  grain: 'entity' | 'group';
  documented: boolean;
  /** A deliberate mismatch between the properties YAML and the SQL. */
  drift: null | { kind: 'declared-not-produced'; column: string } | { kind: 'renamed'; column: string; declaredAs: string };
  description: string;
}

export interface GenerateResult {
  dir: string;
  reused: boolean;
  models: number;
  seed: number;
  files: number;
  /** Project-relative path of a mid-DAG model, for the edit-latency benchmark. */
  editTarget: string;
  /** What was planted: models per layer, drifted and undocumented models, ref() calls. */
  summary: { layers: { staging: number; intermediate: number; marts: number }; drifted: number; undocumented: number; refs: number };
  elapsedMs: number;
  /** Only when freshly generated. */
  modelList?: GeneratedModel[];
}

export const GENERATOR_VERSION: number;
export const STAMP_FILE: string;
export const DEFAULT_SEED: number;
export function defaultProjectDir(models: number): string;
export function generateProject(dir: string, options: { models: number; seed?: number; force?: boolean }): GenerateResult;
