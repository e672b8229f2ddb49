/**
 * loadProject: file texts in, project model out. Pure — no I/O, never
 * throws on bad input: every problem becomes a diagnostic with a range and
 * the rest of the project still loads.
 *
 * Order of work: project configs (root and dbt_packages/*) → classify files
 * → parse properties YAML (the only expensive step, memoised per file text
 * in an optional LoadCache) → assemble models, seeds, snapshots, sources
 * with their folder configs and properties.
 */
import { makeDiagnostic, type Diagnostic } from '../core/diagnostic';
import { LineIndex, ZERO_RANGE, type Range } from '../core/text';
import { deferRanges, deferredSpan } from '../core/deferred_range';
import { configForNode, folderConfig, type FolderConfig } from './config_tree';
import { parseCsvHeader } from './csv_header';
import { classifyFile, type ClassifiedFile, type PackageScope } from './file_roles';
import { mergeConfig } from './node_config';
import { baseName, packageDirOf, stem } from './paths';
import { parseProjectConfig, type ParsedProjectConfig } from './project_config';
import { readPropertiesFile, type PropertiesFile } from './properties_file';
import { StringPool } from '../core/string_pool';
import { findSnapshotBlocks } from './snapshot_blocks';
import type {
  AnalysisDef, MacroFile, ModelDef, NodeConfig, NodeProperties, Project, ProjectConfig, ProjectInput, PropertiesEntryRef,
  SeedDef, SingularTestDef, SnapshotDef, SourceTableDef,
} from './types';
import { scopeVars } from './vars_scope';

export { configForPath } from './config_tree';
export { parseDuration } from './duration';

/**
 * Remembers parsed YAML by file text, so reloading a project after one file
 * changed re-parses only that file. Safe to share across loads of the same
 * project; results are treated as immutable.
 */
export class LoadCache {
  /** Names repeated across properties files (`customer_id`, `unique`), one copy each for the session. */
  readonly strings = new StringPool();
  readonly properties = new Map<string, { text: string; packageName: string; parsed: PropertiesFile }>();
  readonly projectConfigs = new Map<string, { text: string | undefined; fallback: string; parsed: ParsedProjectConfig }>();
}

const ROOT_CONFIG = 'dbt_project.yml';

export function loadProject(input: ProjectInput, cache?: LoadCache): Project {
  const diagnostics: Diagnostic[] = [];
  const files = input.files;
  const strings = cache?.strings ?? new StringPool();

  // ---- configs: root first, then each installed package
  const rootParsed = projectConfigOf(ROOT_CONFIG, files.get(ROOT_CONFIG), fallbackProjectName(input.root), cache);
  diagnostics.push(...rootParsed.diagnostics);
  const rootScope: PackageScope = { packageName: rootParsed.config.name, prefix: '', config: rootParsed.config, isRoot: true };

  const packageScopes = new Map<string, PackageScope>(); // by dbt_packages/<dir>
  const sortedFiles = [...files.keys()].sort();
  for (const file of sortedFiles) {
    const dir = packageDirOf(file);
    if (dir === undefined || packageScopes.has(dir) || file !== `dbt_packages/${dir}/dbt_project.yml`) continue;
    const parsed = projectConfigOf(file, files.get(file), dir, cache);
    diagnostics.push(...parsed.diagnostics);
    packageScopes.set(dir, { packageName: parsed.config.name, prefix: `dbt_packages/${dir}/`, config: parsed.config, isRoot: false });
  }
  const packages = [...packageScopes.values()].map((s) => s.packageName);
  const packageVars = new Map<string, Record<string, unknown>>();
  for (const s of packageScopes.values()) packageVars.set(s.packageName, s.config.vars);
  const config: ProjectConfig = { ...rootParsed.config, packageVars: scopeVars(rootParsed.config.name, rootParsed.config.vars, packageVars) };
  rootScope.config = config;

  // ---- classify
  const classified: ClassifiedFile[] = [];
  for (const file of sortedFiles) {
    const dir = packageDirOf(file);
    const scope = dir === undefined ? rootScope : packageScopes.get(dir);
    if (!scope) continue; // a dbt_packages/ folder without dbt_project.yml is not a package
    const c = classifyFile(file, scope);
    if (c) classified.push(c);
  }

  for (const u of input.unreadable ?? []) {
    diagnostics.push(makeDiagnostic('unreadable-file', u.file, ZERO_RANGE, `${u.file} was not read: ${u.reason}`));
  }

  // ---- properties YAML
  const props = new PropsIndex();
  const sources: SourceTableDef[] = [];
  const propertyEntries: PropertiesEntryRef[] = [];
  for (const c of classified) {
    if (c.role !== 'properties') continue;
    const parsed = propertiesOf(c.file, files.get(c.file) ?? '', c.scope.packageName, cache, strings);
    diagnostics.push(...parsed.diagnostics);
    for (const kind of ['models', 'seeds', 'snapshots'] as const) {
      for (const p of parsed[kind]) {
        propertyEntries.push(entryRef(kind, p));
        const first = props.add(kind, c.scope.packageName, p);
        if (first) {
          diagnostics.push(makeDiagnostic('duplicate-resource', p.file, p.nameRange, `${kind.slice(0, -1)} '${p.name}' is already described in ${first.file}; dbt accepts one properties entry per resource`, {
            related: [{ file: first.file, range: first.nameRange, message: 'first described here' }],
          }));
        }
      }
    }
    sources.push(...parsed.sources);
  }
  const uniqueSources = dedupeSources(sources, diagnostics);

  // ---- nodes
  const models: ModelDef[] = [];
  const disabledModels: ModelDef[] = [];
  const seeds: SeedDef[] = [];
  const snapshots: SnapshotDef[] = [];
  const macroFiles: MacroFile[] = [];
  const singularTests: SingularTestDef[] = [];
  const analyses: AnalysisDef[] = [];
  const refNames = new RefNamespace(diagnostics);
  const folderConfigs = new FolderConfigs(rootScope);
  const snapshotNames = new Set<string>();

  for (const c of classified) {
    const text = files.get(c.file) ?? '';
    const pkg = c.scope.packageName;
    switch (c.role) {
      case 'model':
      case 'python-model': {
        const fileStem = stem(c.file);
        const versioned = props.versionedFile(pkg, fileStem);
        const name = versioned ? versioned.props.name : fileStem;
        const p = versioned ? versioned.props : props.get('models', pkg, name);
        const nodeConfig = withProps(folderConfigs.forNode(c.scope, 'modelsConfig', c.folders, name), p);
        const model: ModelDef = {
          uniqueId: `model.${pkg}.${name}` + (versioned ? `.v${versioned.v}` : ''),
          name,
          packageName: pkg,
          file: c.file,
          rawSql: c.role === 'model' ? text : '',
          config: nodeConfig,
        };
        if (p) model.props = p;
        if (versioned) model.version = versioned.v;
        if (c.role === 'python-model') model.language = 'python';
        if (nodeConfig.enabled === false) disabledModels.push(model);
        else {
          refNames.claim(pkg, name, versioned?.v, c.file, 'model');
          models.push(model);
        }
        break;
      }
      case 'seed': {
        const name = stem(c.file);
        const header = parseCsvHeader(text);
        if (header.error) diagnostics.push(makeDiagnostic('unreadable-file', c.file, new LineIndex(text).rangeOf(0, header.end), `seed header: ${header.error}`));
        const p = props.get('seeds', pkg, name);
        const nodeConfig = withProps(folderConfigs.forNode(c.scope, 'seedsConfig', c.folders, name), p);
        if (nodeConfig.enabled === false) break;
        refNames.claim(pkg, name, undefined, c.file, 'seed');
        const seed: SeedDef = { uniqueId: `seed.${pkg}.${name}`, name, packageName: pkg, file: c.file, columns: header.columns, config: nodeConfig };
        if (p) seed.props = p;
        seeds.push(seed);
        break;
      }
      case 'snapshot': {
        const { blocks, errors } = findSnapshotBlocks(text);
        let index: LineIndex | undefined;
        const rangeOf = (s: number, e: number): Range => (index ??= new LineIndex(text)).rangeOf(s, e);
        for (const e of errors) diagnostics.push(makeDiagnostic('jinja-error', c.file, rangeOf(e.start, e.end), e.message));
        for (const b of blocks) {
          const p = props.get('snapshots', pkg, b.name);
          const nodeConfig = withProps(folderConfigs.forNode(c.scope, 'snapshotsConfig', c.folders, b.name), p);
          if (nodeConfig.enabled === false) continue;
          refNames.claim(pkg, b.name, undefined, c.file, 'snapshot', rangeOf(b.nameStart, b.nameEnd));
          snapshotNames.add(`${pkg}.${b.name}`);
          const snap: SnapshotDef = { uniqueId: `snapshot.${pkg}.${b.name}`, name: b.name, packageName: pkg, file: c.file, rawSql: b.body, bodyOffset: b.bodyOffset, config: nodeConfig };
          if (p) snap.props = p;
          snapshots.push(snap);
        }
        break;
      }
      case 'macro':
        macroFiles.push({ packageName: pkg, file: c.file, text });
        break;
      case 'singular-test':
        singularTests.push({ name: stem(c.file), file: c.file, rawSql: text });
        break;
      case 'analysis':
        analyses.push({ uniqueId: `analysis.${pkg}.${stem(c.file)}`, name: stem(c.file), packageName: pkg, file: c.file, rawSql: text });
        break;
      case 'properties':
        break;
    }
  }

  // YAML-defined snapshots (dbt ≥ 1.9): `relation:` and no SQL block of that name.
  for (const { pkg, props: p } of props.all('snapshots')) {
    if (p.relation === undefined || snapshotNames.has(`${pkg}.${p.name}`)) continue;
    const scope = [rootScope, ...packageScopes.values()].find((s) => s.packageName === pkg) ?? rootScope;
    const nodeConfig = withProps(folderConfigs.forNode(scope, 'snapshotsConfig', [], p.name), p);
    if (nodeConfig.enabled === false) continue;
    refNames.claim(pkg, p.name, undefined, p.file, 'snapshot', p.nameRange);
    const rawSql = `select * from {{ ${p.relation} }}`;
    snapshots.push({ uniqueId: `snapshot.${pkg}.${p.name}`, name: p.name, packageName: pkg, file: p.file, rawSql, bodyOffset: 0, config: nodeConfig, props: p });
  }

  return {
    config,
    configFile: ROOT_CONFIG,
    configNameRange: rootParsed.nameRange,
    models,
    disabledModels,
    seeds,
    snapshots,
    sources: uniqueSources,
    macroFiles,
    singularTests,
    analyses,
    propertyEntries,
    packages,
    diagnostics,
  };
}

/** A PropertiesEntryRef whose range stays deferred when the entry's is (every entry the YAML reader made). */
function entryRef(kind: PropertiesEntryRef['kind'], p: NodeProperties): PropertiesEntryRef {
  const span = deferredSpan(p, 'nameRange');
  if (!span) return { kind, name: p.name, file: p.file, nameRange: p.nameRange };
  const ref = new (EntryRefShape as unknown as new (...args: Parameters<typeof EntryRefShape>) => PropertiesEntryRef)(kind, p.name, p.file);
  return deferRanges(ref, span.source, 'nameRange', span.start, span.end);
}

function EntryRefShape(this: PropertiesEntryRef, kind: PropertiesEntryRef['kind'], name: string, file: string) {
  this.kind = kind;
  this.name = name;
  this.file = file;
}
EntryRefShape.prototype = Object.prototype;

type TreeName = 'modelsConfig' | 'seedsConfig' | 'snapshotsConfig';

/**
 * Folder configs for nodes: the package's own dbt_project.yml tree, overridden
 * by the root project's. Memoised per folder, since every node in a folder
 * shares it (10,000 models usually live in a few hundred folders).
 */
class FolderConfigs {
  private readonly memo = new Map<string, { own?: FolderConfig; root: FolderConfig }>();
  constructor(private readonly root: PackageScope) {}

  forNode(scope: PackageScope, tree: TreeName, folders: string[], name: string): NodeConfig {
    const key = `${tree}/${scope.prefix}/${folders.join('/')}`;
    let entry = this.memo.get(key);
    if (!entry) {
      entry = { root: folderConfig(this.root.config[tree], scope.packageName, folders) };
      if (!scope.isRoot) entry.own = folderConfig(scope.config[tree], scope.packageName, folders);
      this.memo.set(key, entry);
    }
    const fromRoot = configForNode(entry.root, name);
    // A fresh object per node: the analysis merges in-file config() into it, and must not touch the neighbours.
    return entry.own ? mergeConfig(configForNode(entry.own, name), fromRoot) : { ...fromRoot };
  }
}

function withProps(base: NodeConfig, props: NodeProperties | undefined): NodeConfig {
  return props ? mergeConfig(base, props.config) : base;
}

function projectConfigOf(file: string, text: string | undefined, fallback: string, cache: LoadCache | undefined): ParsedProjectConfig {
  const hit = cache?.projectConfigs.get(file);
  if (hit && hit.text === text && hit.fallback === fallback) return hit.parsed;
  const parsed = parseProjectConfig(file, text, fallback);
  cache?.projectConfigs.set(file, { text, fallback, parsed });
  return parsed;
}

function propertiesOf(file: string, text: string, packageName: string, cache: LoadCache | undefined, strings: StringPool): PropertiesFile {
  const hit = cache?.properties.get(file);
  if (hit && hit.text === text && hit.packageName === packageName) return hit.parsed;
  const parsed = readPropertiesFile(file, text, packageName, strings);
  cache?.properties.set(file, { text, packageName, parsed });
  return parsed;
}

/** The folder name as a project name when dbt_project.yml has none. */
function fallbackProjectName(root: string): string {
  const name = baseName(root.replace(/\\/g, '/').replace(/\/+$/, '')).replace(/[^A-Za-z0-9_]/g, '_');
  return /^[A-Za-z_]/.test(name) ? name : 'project';
}

/** A two-level map (package → name → value): avoids building a composite string key per lookup. */
class ByPackage<T> {
  private readonly byPkg = new Map<string, Map<string, T>>();

  get(pkg: string, name: string): T | undefined {
    return this.byPkg.get(pkg)?.get(name);
  }

  set(pkg: string, name: string, value: T): void {
    let inner = this.byPkg.get(pkg);
    if (!inner) this.byPkg.set(pkg, (inner = new Map()));
    inner.set(name, value);
  }

  *entries(): Generator<[string, T]> {
    for (const [pkg, inner] of this.byPkg) for (const v of inner.values()) yield [pkg, v];
  }
}

/** Properties entries by kind, package and name, plus the file stems of versioned models. */
class PropsIndex {
  private readonly byKind = { models: new ByPackage<NodeProperties>(), seeds: new ByPackage<NodeProperties>(), snapshots: new ByPackage<NodeProperties>() };
  private readonly versionFiles = new ByPackage<{ props: NodeProperties; v: number | string }>();

  /** Returns the earlier entry when this one is a duplicate (and keeps the first). */
  add(kind: keyof PropsIndex['byKind'], pkg: string, p: NodeProperties): NodeProperties | undefined {
    const index = this.byKind[kind];
    const prev = index.get(pkg, p.name);
    if (prev) return prev;
    index.set(pkg, p.name, p);
    if (kind === 'models') {
      // Each version's file gets that version's own properties (columns, tests, config).
      (p.versions ?? []).forEach((v, i) => this.versionFiles.set(pkg, v.definedIn ?? `${p.name}_v${v.v}`, { props: p.versionProps?.[i] ?? p, v: v.v }));
    }
    return undefined;
  }

  get(kind: keyof PropsIndex['byKind'], pkg: string, name: string): NodeProperties | undefined {
    return this.byKind[kind].get(pkg, name);
  }

  versionedFile(pkg: string, fileStem: string): { props: NodeProperties; v: number | string } | undefined {
    return this.versionFiles.get(pkg, fileStem);
  }

  *all(kind: keyof PropsIndex['byKind']): Generator<{ pkg: string; props: NodeProperties }> {
    for (const [pkg, props] of this.byKind[kind].entries()) yield { pkg, props };
  }
}

/** Models, seeds and snapshots share one name space per package (ref() cannot tell them apart). */
class RefNamespace {
  private readonly seen = new ByPackage<{ file: string; kind: string; range: Range }>();
  constructor(private readonly diagnostics: Diagnostic[]) {}

  claim(pkg: string, name: string, version: number | string | undefined, file: string, kind: string, range: Range = ZERO_RANGE): void {
    const key = version === undefined ? name : `${name}\0v${version}`;
    const prev = this.seen.get(pkg, key);
    if (!prev) {
      this.seen.set(pkg, key, { file, kind, range });
      return;
    }
    const what = version === undefined ? `'${name}'` : `'${name}' v${version}`;
    this.diagnostics.push(makeDiagnostic('duplicate-resource', file, range, `${kind} ${what} is defined twice in package '${pkg}': here and in ${prev.file} (as a ${prev.kind}); ref('${name}') would be ambiguous`, {
      related: [{ file: prev.file, range: prev.range, message: `${prev.kind} ${what} first defined here` }],
      data: { name, package: pkg, other: prev.file },
    }));
  }
}

function dedupeSources(sources: SourceTableDef[], diagnostics: Diagnostic[]): SourceTableDef[] {
  const seen = new Map<string, SourceTableDef>();
  const out: SourceTableDef[] = [];
  for (const s of sources) {
    const prev = seen.get(s.uniqueId);
    if (prev) {
      diagnostics.push(makeDiagnostic('duplicate-resource', s.file, s.nameRange, `source table '${s.sourceName}.${s.name}' is declared twice (also in ${prev.file})`, {
        related: [{ file: prev.file, range: prev.nameRange, message: 'first declared here' }],
      }));
      continue;
    }
    seen.set(s.uniqueId, s);
    out.push(s);
  }
  return out;
}
