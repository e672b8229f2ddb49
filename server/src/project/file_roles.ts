/**
 * Decides what each project file is (model, seed, snapshot, macro file,
 * properties YAML, singular test, analysis) from the resource paths of the
 * project or installed package it belongs to. Pure string work, linear in
 * the number of files.
 */
import { containingPath, extension, foldersBetween, isCheckFile, PROPERTIES_EXTENSIONS } from './paths';
import type { ProjectConfig } from './types';

export type FileRole = 'model' | 'python-model' | 'seed' | 'snapshot' | 'macro' | 'properties' | 'singular-test' | 'analysis';

/** A project or an installed package: where its files live and how it is configured. */
export interface PackageScope {
  packageName: string;
  /** `` for the root project, `dbt_packages/<dir>/` for an installed package. */
  prefix: string;
  config: ProjectConfig;
  isRoot: boolean;
}

export interface ClassifiedFile {
  /** Project-relative path (as in ProjectInput.files). */
  file: string;
  role: FileRole;
  scope: PackageScope;
  /** Folders between the resource path and the file, for folder configs. */
  folders: string[];
}

type Kind = 'macro' | 'snapshot' | 'test' | 'analysis' | 'seed' | 'model';
/** On overlapping paths the deepest one wins; on a tie, the earlier kind (more specific) wins. */
const KIND_ORDER: Kind[] = ['macro', 'snapshot', 'test', 'analysis', 'seed', 'model'];

function pathsOf(config: ProjectConfig, kind: Kind): string[] {
  switch (kind) {
    case 'macro': return config.macroPaths;
    case 'snapshot': return config.snapshotPaths;
    case 'test': return config.testPaths;
    case 'analysis': return config.analysisPaths;
    case 'seed': return config.seedPaths;
    case 'model': return config.modelPaths;
  }
}

/** Classifies one file relative to its scope; undefined when the project does not use it. */
export function classifyFile(file: string, scope: PackageScope): ClassifiedFile | undefined {
  const rel = file.slice(scope.prefix.length);
  if (scope.isRoot && (rel.startsWith('dbt_packages/') || rel.startsWith('target/'))) return undefined;
  const ext = extension(rel);
  if (ext !== 'sql' && ext !== 'py' && ext !== 'csv' && !PROPERTIES_EXTENSIONS.has(ext)) return undefined;
  if (isCheckFile(rel)) return undefined;

  let bestKind: Kind | undefined;
  let bestDir = '';
  for (const kind of KIND_ORDER) {
    const dir = containingPath(rel, pathsOf(scope.config, kind));
    if (dir !== undefined && (bestKind === undefined || dir.length > bestDir.length)) {
      bestKind = kind;
      bestDir = dir;
    }
  }
  if (!bestKind) return undefined;
  const folders = foldersBetween(rel, bestDir);
  const role = roleFor(bestKind, ext, folders, scope.isRoot);
  return role ? { file, role, scope, folders } : undefined;
}

function roleFor(kind: Kind, ext: string, folders: string[], isRoot: boolean): FileRole | undefined {
  if (PROPERTIES_EXTENSIONS.has(ext)) {
    // Properties may sit beside models, seeds and snapshots (and, in dbt ≥ 1.9, define snapshots).
    return kind === 'model' || kind === 'seed' || kind === 'snapshot' ? 'properties' : undefined;
  }
  switch (kind) {
    case 'model': return ext === 'sql' ? 'model' : ext === 'py' ? 'python-model' : undefined;
    case 'seed': return ext === 'csv' ? 'seed' : undefined;
    case 'snapshot': return ext === 'sql' ? 'snapshot' : undefined;
    case 'macro': return ext === 'sql' ? 'macro' : undefined;
    case 'test':
      if (ext !== 'sql') return undefined;
      // tests/generic/*.sql hold {% test %} definitions, which are macros.
      if (folders[0] === 'generic') return 'macro';
      return isRoot ? 'singular-test' : undefined;
    case 'analysis': return ext === 'sql' && isRoot ? 'analysis' : undefined;
  }
}
