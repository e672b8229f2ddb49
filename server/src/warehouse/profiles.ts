/**
 * dbt profiles.yml: which warehouse each target is and how to reach it.
 *
 * Parsing is pure (text in, data out); env_var() is evaluated only when a
 * target is resolved, so listing targets works even when the production
 * password variable is not set in this shell.
 *
 * Production marker: an output is production when it says
 * `driftwatch_production: true` or `driftwatch: { production: true }`, or —
 * when it says neither — when its target name is `prod` or `production` (any
 * case). An explicit `false` clears a target named prod. Dev builds refuse
 * production targets; checks only ever read from any target.
 *
 * Passwords are never written anywhere by us: they come from the profile
 * (usually `{{ env_var('…') }}`) or are passed in per connection by the client
 * from VS Code's SecretStorage.
 */
import * as path from 'node:path';
import { isMap, isScalar, LineCounter, parseDocument, type Node as YamlNode, type YAMLMap } from 'yaml';
import { WarehouseError, type WarehouseType } from './api';
import { EnvVarMissing, renderProfileValue, TemplateError } from './env_var';

export interface ProfileOutput {
  profile: string;
  target: string;
  /** Raw values as written (templates unevaluated). */
  raw: Record<string, unknown>;
  file: string;
  /** 1-based line of the output's key, and of each of its fields. */
  line: number;
  fieldLines: Record<string, number>;
}

export interface Profile {
  name: string;
  /** The `target:` default (raw, may be a template). */
  target?: unknown;
  targetLine?: number;
  outputs: Map<string, ProfileOutput>;
  line: number;
}

export interface ProfilesFile {
  file: string;
  profiles: Map<string, Profile>;
}

/** A target with every value evaluated and defaulted, ready to connect with. */
export interface ResolvedTarget {
  profile: string;
  name: string;
  type: WarehouseType;
  isProduction: boolean;
  /** DuckDB: absolute file path or ':memory:'. */
  path?: string;
  host?: string;
  port?: number;
  user?: string;
  password?: string;
  database?: string;
  schema: string;
  threads: number;
  sslmode?: string;
  /** Where the output is defined, for error messages (`file:line`). */
  location: string;
}

function configError(message: string, file: string, line?: number): WarehouseError {
  return new WarehouseError(`${file}${line ? `:${line}` : ''}: ${message}`, 'config');
}

function lineOf(node: YamlNode | null | undefined, lc: LineCounter): number {
  const offset = node?.range?.[0];
  return offset === undefined ? 0 : lc.linePos(offset).line;
}

/** Parses profiles.yml text. Throws WarehouseError('config') with file:line for malformed YAML. */
export function parseProfiles(text: string, file: string): ProfilesFile {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  if (doc.errors.length > 0) {
    const err = doc.errors[0];
    throw configError(`invalid YAML: ${err.message.split('\n')[0]}`, file, lc.linePos(err.pos[0]).line);
  }
  const profiles = new Map<string, Profile>();
  const root = doc.contents;
  if (root === null || root === undefined) return { file, profiles };
  if (!isMap(root)) throw configError('expected a mapping of profile names', file, lineOf(root as YamlNode, lc));
  for (const pair of (root as YAMLMap).items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    // `config:` is dbt's global block, not a profile.
    if (!key || key === 'config') continue;
    const keyLine = lineOf(pair.key as YamlNode, lc);
    if (!isMap(pair.value)) throw configError(`profile "${key}" must be a mapping with target and outputs`, file, keyLine);
    const profile: Profile = { name: key, outputs: new Map(), line: keyLine };
    for (const item of (pair.value as YAMLMap).items) {
      const k = isScalar(item.key) ? String(item.key.value) : '';
      if (k === 'target') {
        profile.target = isScalar(item.value) ? item.value.value : undefined;
        profile.targetLine = lineOf(item.value as YamlNode, lc);
      } else if (k === 'outputs') {
        if (!isMap(item.value)) throw configError(`outputs of profile "${key}" must be a mapping`, file, lineOf(item.key as YamlNode, lc));
        for (const out of (item.value as YAMLMap).items) {
          const target = isScalar(out.key) ? String(out.key.value) : '';
          const line = lineOf(out.key as YamlNode, lc);
          if (!isMap(out.value)) throw configError(`output "${target}" must be a mapping`, file, line);
          const fieldLines: Record<string, number> = {};
          for (const f of (out.value as YAMLMap).items) {
            if (isScalar(f.key)) fieldLines[String(f.key.value)] = lineOf(f.value as YamlNode, lc) || lineOf(f.key as YamlNode, lc);
          }
          profile.outputs.set(target, { profile: key, target, raw: (out.value as YAMLMap).toJSON() as Record<string, unknown>, file, line, fieldLines });
        }
      }
    }
    profiles.set(key, profile);
  }
  return { file, profiles };
}

function truthy(v: unknown): boolean {
  return v === true || (typeof v === 'string' && /^(true|yes|1)$/i.test(v));
}

function isProductionOutput(output: ProfileOutput): boolean {
  if ('driftwatch_production' in output.raw) return truthy(output.raw.driftwatch_production);
  const marker = output.raw.driftwatch;
  if (marker && typeof marker === 'object' && 'production' in (marker as object)) {
    return truthy((marker as Record<string, unknown>).production);
  }
  return /^(prod|production)$/i.test(output.target);
}

/** Best-effort type for listings (no env needed unless the type itself is templated). */
export function outputType(output: ProfileOutput, env: Readonly<Record<string, string | undefined>>): string {
  try {
    return String(renderProfileValue(output.raw.type, env) ?? 'unknown');
  } catch {
    return 'unknown';
  }
}

export function outputIsProduction(output: ProfileOutput): boolean {
  return isProductionOutput(output);
}

/** True when connecting needs a password we do not have (so the client should ask for one). */
export function outputNeedsPassword(output: ProfileOutput, env: Readonly<Record<string, string | undefined>>): boolean {
  const type = outputType(output, env);
  if (type !== 'postgres' && type !== 'redshift') return false;
  const raw = output.raw.password ?? output.raw.pass;
  if (raw === undefined || raw === null || raw === '') return true;
  try {
    return String(renderProfileValue(raw, env)) === '';
  } catch {
    return true;
  }
}

/** The default target of a profile, evaluated. */
export function defaultTargetName(profile: Profile, env: Readonly<Record<string, string | undefined>>, file: string): string | undefined {
  if (profile.target === undefined || profile.target === null) return undefined;
  try {
    return String(renderProfileValue(profile.target, env));
  } catch (e) {
    throw configError(`target: ${(e as Error).message}`, file, profile.targetLine);
  }
}

export interface ResolveOptions {
  env: Readonly<Record<string, string | undefined>>;
  projectRoot: string;
  /** From the client's SecretStorage; wins over the profile. */
  password?: string;
}

/** Evaluates an output into a connectable target. Throws WarehouseError('config') pointing at the offending line. */
export function resolveOutput(output: ProfileOutput, opts: ResolveOptions): ResolvedTarget {
  const location = `${output.file}:${output.line}`;
  const value = (key: string): unknown => {
    const raw = output.raw[key];
    if (key === 'password' && opts.password !== undefined) return opts.password;
    try {
      return renderProfileValue(raw, opts.env);
    } catch (e) {
      if (e instanceof EnvVarMissing && key === 'password') {
        throw configError(
          `target "${output.target}" needs a password: set ${e.variable} or enter it when Driftwatch asks`,
          output.file,
          output.fieldLines[key],
        );
      }
      if (e instanceof TemplateError) throw configError(`${key}: ${e.message}`, output.file, output.fieldLines[key] ?? output.line);
      throw e;
    }
  };
  const str = (key: string): string | undefined => {
    const v = value(key);
    return v === undefined || v === null ? undefined : String(v);
  };
  const num = (key: string): number | undefined => {
    const v = value(key);
    if (v === undefined || v === null || v === '') return undefined;
    const n = Number(v);
    if (!Number.isFinite(n)) throw configError(`${key} must be a number, got "${v}"`, output.file, output.fieldLines[key]);
    return n;
  };
  const type = str('type');
  if (type !== 'duckdb' && type !== 'postgres' && type !== 'redshift') {
    throw configError(
      `target "${output.target}" has type "${type ?? ''}"; Driftwatch connects to duckdb, postgres and redshift`,
      output.file,
      output.fieldLines.type ?? output.line,
    );
  }
  const threads = Math.max(1, Math.min(64, Math.floor(num('threads') ?? 4)));
  const isProduction = isProductionOutput(output);
  if (type === 'duckdb') {
    let file = str('path') ?? path.join('.driftwatch', 'dev.duckdb');
    if (/^md:|^motherduck:/i.test(file)) {
      throw configError('MotherDuck paths are not supported; use a local DuckDB file', output.file, output.fieldLines.path);
    }
    if (file !== ':memory:') file = path.resolve(opts.projectRoot, file);
    return { profile: output.profile, name: output.target, type, isProduction, path: file, schema: str('schema') ?? 'main', threads, location };
  }
  return {
    profile: output.profile,
    name: output.target,
    type,
    isProduction,
    host: str('host') ?? 'localhost',
    port: num('port') ?? (type === 'redshift' ? 5439 : 5432),
    user: str('user') ?? str('username'),
    password: str('password') ?? str('pass'),
    database: str('dbname') ?? str('database'),
    schema: str('schema') ?? 'public',
    threads,
    sslmode: str('sslmode'),
    location,
  };
}
