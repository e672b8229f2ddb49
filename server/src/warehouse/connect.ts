/**
 * The edge where a target name becomes a live connection: finds profiles.yml
 * (project root, then $DBT_PROFILES_DIR, then ~/.dbt), picks the project's
 * profile and target, and opens the right adapter.
 *
 * A project with no profiles.yml anywhere still works: it gets an implicit
 * `dev` DuckDB target at <project>/.driftwatch/dev.duckdb.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import type { TargetInfo } from '../protocol/lsp_ext';
import { WarehouseError, type DevWarehouse, type Warehouse } from './api';
import {
  defaultTargetName,
  outputIsProduction,
  outputNeedsPassword,
  outputType,
  parseProfiles,
  resolveOutput,
  type Profile,
  type ProfileOutput,
  type ResolvedTarget,
} from './profiles';

export interface TargetLookup {
  projectRoot: string;
  /** Profile name; defaults to `profile:` in dbt_project.yml, else the only profile in the file. */
  profile?: string;
  env?: Readonly<Record<string, string | undefined>>;
  /** For tests: where ~ is. */
  homeDir?: string;
}

export interface OpenOptions extends TargetLookup {
  readOnly: boolean;
  /** From the client's SecretStorage; never stored. */
  password?: string;
  connectTimeoutMs?: number;
}

/** Candidate profiles.yml files, in dbt's order of precedence. */
export function profilesCandidates(lookup: TargetLookup): string[] {
  const env = lookup.env ?? process.env;
  const out = [path.join(lookup.projectRoot, 'profiles.yml')];
  if (env.DBT_PROFILES_DIR) out.push(path.resolve(lookup.projectRoot, env.DBT_PROFILES_DIR, 'profiles.yml'));
  out.push(path.join(lookup.homeDir ?? os.homedir(), '.dbt', 'profiles.yml'));
  return out;
}

function projectProfileName(projectRoot: string): string | undefined {
  const file = path.join(projectRoot, 'dbt_project.yml');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const doc = parseDocument(text);
  const name = (doc.toJSON() as Record<string, unknown> | null)?.profile;
  return typeof name === 'string' && name ? name : undefined;
}

interface FoundProfile {
  file: string;
  profile: Profile;
}

/** The profile to use, or undefined when no profiles.yml exists at all (→ implicit DuckDB dev target). */
export function findProfile(lookup: TargetLookup): FoundProfile | undefined {
  const wanted = lookup.profile ?? projectProfileName(lookup.projectRoot);
  const searched: string[] = [];
  let anyFile = false;
  for (const file of profilesCandidates(lookup)) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    anyFile = true;
    searched.push(file);
    const parsed = parseProfiles(text, file);
    if (wanted) {
      const p = parsed.profiles.get(wanted);
      if (p) return { file, profile: p };
    } else if (parsed.profiles.size === 1) {
      return { file, profile: [...parsed.profiles.values()][0] };
    } else if (parsed.profiles.size > 1) {
      throw new WarehouseError(
        `${file}: several profiles (${[...parsed.profiles.keys()].join(', ')}) and dbt_project.yml names none — set profile: in dbt_project.yml`,
        'config',
      );
    }
  }
  if (!anyFile) return undefined;
  throw new WarehouseError(`profile "${wanted ?? ''}" not found in ${searched.join(', ')}`, 'config');
}

function implicitDevTarget(projectRoot: string): ResolvedTarget {
  return {
    profile: '(implicit)',
    name: 'dev',
    type: 'duckdb',
    isProduction: false,
    path: path.join(projectRoot, '.driftwatch', 'dev.duckdb'),
    schema: 'main',
    threads: 4,
    location: '(no profiles.yml: implicit DuckDB target)',
  };
}

function pickOutput(found: FoundProfile, target: string | undefined, env: Readonly<Record<string, string | undefined>>): ProfileOutput {
  const { profile, file } = found;
  const name = target ?? defaultTargetName(profile, env, file);
  if (!name) {
    if (profile.outputs.size === 1) return [...profile.outputs.values()][0];
    throw new WarehouseError(`${file}:${profile.line}: profile "${profile.name}" has no target: default; choose one of ${[...profile.outputs.keys()].join(', ')}`, 'config');
  }
  const output = profile.outputs.get(name);
  if (!output) {
    throw new WarehouseError(
      `${file}:${profile.targetLine ?? profile.line}: target "${name}" is not an output of profile "${profile.name}" (outputs: ${[...profile.outputs.keys()].join(', ') || 'none'})`,
      'config',
    );
  }
  return output;
}

/** Resolves a target (the profile's default when `target` is undefined) without connecting. */
export function resolveTarget(target: string | undefined, opts: TargetLookup & { password?: string }): ResolvedTarget {
  const env = opts.env ?? process.env;
  const found = findProfile(opts);
  if (!found) {
    if (target && target !== 'dev') throw new WarehouseError(`no profiles.yml found (looked in ${profilesCandidates(opts).join(', ')}), so there is no target "${target}"`, 'config');
    return implicitDevTarget(opts.projectRoot);
  }
  return resolveOutput(pickOutput(found, target, env), { env, projectRoot: opts.projectRoot, password: opts.password });
}

export function listTargets(lookup: TargetLookup, active?: string): { profile: string | null; file: string | null; targets: TargetInfo[] } {
  const env = lookup.env ?? process.env;
  const found = findProfile(lookup);
  if (!found) {
    return { profile: null, file: null, targets: [{ name: 'dev', type: 'duckdb', isProduction: false, active: true, needsPassword: false }] };
  }
  let current = active;
  if (!current) {
    try {
      current = defaultTargetName(found.profile, env, found.file);
    } catch {
      current = undefined;
    }
  }
  const targets = [...found.profile.outputs.values()].map((o) => ({
    name: o.target,
    type: outputType(o, env),
    isProduction: outputIsProduction(o),
    active: o.target === current,
    needsPassword: outputNeedsPassword(o, env),
  }));
  return { profile: found.profile.name, file: found.file, targets };
}

/** Opens a resolved target. Writable opens of production targets are refused here, before any connection. */
export async function openResolved(t: ResolvedTarget, opts: { readOnly: true; connectTimeoutMs?: number }): Promise<Warehouse>;
export async function openResolved(t: ResolvedTarget, opts: { readOnly: false; connectTimeoutMs?: number }): Promise<DevWarehouse>;
export async function openResolved(t: ResolvedTarget, opts: { readOnly: boolean; connectTimeoutMs?: number }): Promise<Warehouse | DevWarehouse>;
export async function openResolved(t: ResolvedTarget, opts: { readOnly: boolean; connectTimeoutMs?: number }): Promise<Warehouse | DevWarehouse> {
  if (!opts.readOnly && t.isProduction) {
    throw new WarehouseError(
      `target "${t.name}" is marked as production (${t.location}); Driftwatch writes only to dev targets — pick a dev target, or set driftwatch: { production: false } on it if it really is not production`,
      'config',
    );
  }
  if (t.type === 'duckdb') {
    // The drivers (a native DuckDB binding, pg) load on first connection, not
    // when the language server or the CLI merely resolves a target.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load
    const { openDuckDb } = require('./duckdb') as typeof import('./duckdb');
    return openDuckDb({ path: t.path!, targetName: t.name, readOnly: opts.readOnly, isProduction: t.isProduction, threads: t.threads });
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load
  const { openPostgres } = require('./postgres') as typeof import('./postgres');
  return openPostgres({
    type: t.type,
    targetName: t.name,
    readOnly: opts.readOnly,
    isProduction: t.isProduction,
    host: t.host,
    port: t.port,
    user: t.user,
    password: t.password,
    database: t.database,
    sslmode: t.sslmode,
    threads: t.threads,
    connectTimeoutMs: opts.connectTimeoutMs,
  });
}

/**
 * Opens a target by name (undefined = the profile's default target).
 * readOnly: true → a `Warehouse` for checks, previews and diffs;
 * readOnly: false → a `DevWarehouse` for builds (refused for production targets).
 */
export async function openWarehouse(target: string | undefined, opts: OpenOptions & { readOnly: true }): Promise<Warehouse>;
export async function openWarehouse(target: string | undefined, opts: OpenOptions & { readOnly: false }): Promise<DevWarehouse>;
export async function openWarehouse(target: string | undefined, opts: OpenOptions): Promise<Warehouse | DevWarehouse>;
export async function openWarehouse(target: string | undefined, opts: OpenOptions): Promise<Warehouse | DevWarehouse> {
  const resolved = resolveTarget(target, opts);
  return openResolved(resolved, { readOnly: opts.readOnly, connectTimeoutMs: opts.connectTimeoutMs });
}
