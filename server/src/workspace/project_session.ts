/**
 * One dbt project as the editor or the CLI sees it: the files on disk, the
 * editor buffers that override them, and the latest analysis. This is the
 * I/O edge around the pure core: it reads, watches and caches; the core only
 * ever receives texts.
 */
import * as fs from 'fs';
import * as path from 'path';
import { analyzeLoadedProject, carryOver, DEFAULT_TARGET, type AnalyzeOptions, type CarriedMemos, type ProjectAnalysisDetail } from '../analysis/analyze_project';
import type { ModelResult } from '../analysis/model_result';
import type { TargetInfo } from '../jinja/api';
import { LoadCache, loadProject } from '../project/load';
import type { Project, ProjectInput } from '../project/types';
import type { Dialect } from '../sql/api';
import { findProjects, readProjectFile, readProjectInput, type DiskInput, type FileSignature } from '../io/discover';
import { CachedResults, resultFingerprint, writeAnalysisCache } from './analysis_cache';
import { envFingerprint, envNamesRead, readSnapshot, snapshotKey, writeSnapshot, type SnapshotRead } from './analysis_snapshot';
import type { AnalysisView } from '../analysis/api';
import { viewOfAnalysis } from '../analysis/analysis_view';
import { patchModelText } from './patch_project';
import { analysisTarget, type AnalysisTarget } from './analysis_target';
import { LayeredMap } from '../core/layered_map';

export interface SessionOptions {
  /** Overrides the dialect of the profile's target. */
  dialect?: Dialect;
  /** Overrides the target entirely (tests, benchmarks). */
  target?: TargetInfo;
  /** The profiles.yml target to analyse for (default: the profile's default target). */
  targetName?: string;
  vars?: Record<string, unknown>;
  /** Use and refresh the on-disk cache under `<project>/.driftwatch/cache`. */
  cache?: boolean;
  env?: Record<string, string>;
  /** Collects garbage between a full analysis' models and its rules (see AnalyzeOptions). */
  collectGarbage?: () => void;
}

export interface SessionTimings {
  readMs: number;
  cacheMs: number;
  analyzeMs: number;
}

export class ProjectSession {
  private disk: Map<string, string>;
  /** Size and modification time of each disk text when it was read (for the snapshot). */
  private signatures: Map<string, FileSignature>;
  /** The directories listed to find the files, as they were then (for the snapshot). */
  private directories: Map<string, FileSignature>;
  private readonly overlays = new Map<string, string>();
  private project: Project | undefined;
  /** Parsed YAML by file text, so a reload re-parses only the files that changed. */
  private readonly loadCache = new LoadCache();
  private current: ProjectAnalysisDetail | undefined;
  /** The last analysis, kept when `current` is invalidated, as the base of the next one. */
  private lastAnalysis: ProjectAnalysisDetail | undefined;
  private memo: { get(uniqueId: string): ModelResult | undefined } | undefined;
  /** What the per-model cache file holds now (as read or last written), to skip rewriting it unchanged. */
  /** What the per-model cache on disk holds: entry id → result fingerprint, and the context it was written under. */
  private memoOnDisk: { fingerprints: ReadonlyMap<string, string>; context: string } | undefined;
  /** Files changed since the last analysis; undefined = everything. */
  private dirty: Set<string> | undefined;
  readonly timings: SessionTimings = { readMs: 0, cacheMs: 0, analyzeMs: 0 };

  private constructor(
    readonly root: string,
    private input: DiskInput,
    private options: SessionOptions,
  ) {
    this.disk = new Map(input.files);
    this.signatures = input.signatures;
    this.directories = input.directories;
  }

  static async open(root: string, options: SessionOptions = {}): Promise<ProjectSession> {
    const t0 = performance.now();
    const input = await readProjectInput(root, options.env ?? (process.env as Record<string, string>));
    const t1 = performance.now();
    const session = new ProjectSession(root, input, options);
    session.resolveTarget();
    session.timings.readMs = t1 - t0;
    if (options.cache) {
      const context = session.envContext();
      const cached = CachedResults.open(root, context);
      session.timings.cacheMs = performance.now() - t1;
      if (cached) {
        session.memo = cached;
        session.memoOnDisk = { fingerprints: cached.fingerprints, context };
        try {
          session.reanalyze();
        } finally {
          cached.close(); // the analysis took what it reuses; the session's memo is now its results
        }
        // Damaged lines were analysed again with the same keys: rewrite the file, or they would stay damaged.
        if (cached.damaged.size) session.memoOnDisk = undefined;
        return session;
      }
    }
    session.reanalyze();
    return session;
  }

  get analysis(): ProjectAnalysisDetail {
    return this.current ?? this.reanalyze();
  }

  private profileTarget: AnalysisTarget | undefined;

  get dialect(): Dialect {
    return this.options.dialect ?? this.profileTarget?.dialect ?? 'duckdb';
  }

  /** The Jinja `target` the analysis renders for. */
  get target(): TargetInfo {
    return this.options.target ?? { ...(this.profileTarget?.target ?? DEFAULT_TARGET), type: this.dialect };
  }

  /** Why profiles.yml could not be used for the analysis target, if it could not. */
  get targetProblem(): string | undefined {
    return this.profileTarget?.problem;
  }

  private resolveTarget(): void {
    if (this.options.target) return;
    this.profileTarget = analysisTarget(this.root, this.options.targetName, this.options.env ?? process.env);
  }

  setOptions(options: Partial<SessionOptions>): void {
    this.options = { ...this.options, ...options };
    this.resolveTarget();
    this.dirty = undefined;
    this.current = undefined;
  }

  relPath(abs: string): string | undefined {
    const rel = path.relative(this.root, abs);
    if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
    return rel.split(path.sep).join('/');
  }

  absPath(rel: string): string {
    return path.join(this.root, ...rel.split('/'));
  }

  /** The text the analysis sees for a file: the editor buffer if open, else the disk. */
  fileText(rel: string): string | undefined {
    return this.overlays.get(rel) ?? this.disk.get(rel);
  }

  /** Is this file part of what the project reads? (a model, YAML, seed, macro, check file, …) */
  owns(abs: string): boolean {
    const rel = this.relPath(abs);
    if (!rel) return false;
    if (this.disk.has(rel) || this.overlays.has(rel)) return true;
    return /\.(sql|ya?ml|csv)$/i.test(rel) && !/^(target|logs|node_modules|\.driftwatch)\//.test(rel);
  }

  /** An editor buffer for a file (undefined when closed: the disk version applies again). */
  setOverlay(abs: string, text: string | undefined): boolean {
    const rel = this.relPath(abs);
    if (!rel || !this.owns(abs)) return false;
    if (text === undefined) this.overlays.delete(rel);
    else {
      if (this.fileText(rel) === text && this.current) return true;
      this.overlays.set(rel, text);
    }
    this.markDirty(rel);
    return true;
  }

  /** A file was created, changed or deleted on disk. */
  async fileChanged(abs: string, kind: 'created' | 'changed' | 'deleted'): Promise<void> {
    const rel = this.relPath(abs);
    if (!rel) return;
    let unreadable = false;
    this.checkFilePaths = undefined;
    this.envNames = undefined;
    if (kind === 'deleted') {
      this.disk.delete(rel);
      this.signatures.delete(rel);
    } else {
      // The same reader as at start-up: BOM stripped, binary and huge files refused.
      const read = await readProjectFile(this.root, rel);
      if (read.ok) this.disk.set(rel, read.text);
      else unreadable = true;
      if (read.sig) this.signatures.set(rel, read.sig);
      else this.signatures.delete(rel);
    }
    // A new folder layout (dbt_project.yml), new or unreadable files: read the project again.
    if (rel === 'profiles.yml') this.resolveTarget();
    if (rel === 'dbt_project.yml' || kind !== 'changed' || unreadable) {
      const input = await readProjectInput(this.root, this.options.env ?? (process.env as Record<string, string>));
      this.input = input;
      this.disk = new Map(input.files);
      this.signatures = input.signatures;
      this.directories = input.directories;
      this.dirty = undefined;
    } else this.markDirty(rel);
    this.current = undefined;
  }

  private markDirty(rel: string): void {
    if (this.dirty) this.dirty.add(rel);
    this.current = undefined;
  }

  /**
   * Re-analyse. When only model texts changed, the loaded project is patched
   * instead of re-read, and the analysis is refocused on the edited models and
   * what their edit affects; anything structural runs the full pipeline.
   */
  reanalyze(): ProjectAnalysisDetail {
    const t0 = performance.now();
    // A layer over the disk texts: copying 10,000 entries would cost more than the edit.
    const files = LayeredMap.over(this.disk);
    for (const [k, v] of this.overlays) files.set(k, v);
    const input: ProjectInput = { ...this.input, files };
    let project: Project | undefined;
    const changed: string[] = [];
    if (this.project && this.dirty) {
      project = this.project;
      for (const rel of this.dirty) {
        project = project && patchModelText(project, rel, files.get(rel));
        if (!project) break;
        const id = project.models.find((m) => m.file === rel)?.uniqueId;
        if (id) changed.push(id);
      }
    }
    let next = this.refocused(project, input, changed);
    if (!next) {
      // The previous analysis is not needed to build the next one, only its per-model results:
      // letting it go first keeps a full re-analysis from holding two whole analyses at once.
      const { memo, carry } = this.letPreviousGo();
      project ??= loadProject(input, this.loadCache);
      next = analyzeLoadedProject(project, input, { dialect: this.dialect, target: this.target, vars: this.options.vars, memo, carry, collectGarbage: this.options.collectGarbage });
    }
    this.project = project;
    this.current = next;
    this.lastAnalysis = next;
    this.memo = next.modelResults;
    this.dirty = new Set();
    this.timings.analyzeMs = performance.now() - t0;
    return next;
  }

  /**
   * Lets the previous analysis go, keeping what the next full analysis reuses
   * of it: its per-model results and its carried memos. (A local holding the
   * analysis would keep it alive while the next one is built.)
   */
  private letPreviousGo(): { memo: AnalyzeOptions['memo']; carry: CarriedMemos | undefined } {
    const previous = this.current ?? this.lastAnalysis;
    this.current = this.lastAnalysis = undefined;
    return { memo: previous?.modelResults ?? this.memo, carry: previous && carryOver(previous) };
  }

  /** The previous analysis refocused on the edited models, when only model texts changed. */
  private refocused(project: Project | undefined, input: ProjectInput, changed: string[]): ProjectAnalysisDetail | undefined {
    const previous = this.current ?? this.lastAnalysis;
    if (!project || !previous?.refocus || previous.project !== this.project) return undefined;
    return changed.length ? previous.refocus(project, input, changed) : { ...previous, project };
  }

  /** The check files of the project (project-relative path → text, buffers winning). */
  checkFiles(): Map<string, string> {
    // The server asks on every publish: scanning 10,000 paths each keystroke cost ~4 ms.
    this.checkFilePaths ??= [...this.disk.keys()].filter(isCheckFilePath);
    const out = new Map<string, string>();
    for (const rel of this.checkFilePaths) out.set(rel, this.fileText(rel)!);
    for (const [rel, text] of this.overlays) if (isCheckFilePath(rel)) out.set(rel, text);
    return out;
  }

  /** Check-file paths on disk, kept until the disk's file list changes. */
  private checkFilePaths: string[] | undefined;

  /**
   * Writes the per-model cache and, when the analysis is of the disk texts
   * alone (no unsaved editor buffer differs), the whole-analysis snapshot.
   */
  async saveCache(parts: { snapshot: boolean } = { snapshot: true }): Promise<void> {
    const analysis = this.current;
    if (!analysis) return;
    const context = this.envContext();
    // A start that reused every cached result has nothing new to write (~0.5 s and 55 MB at 10,000 models).
    if (!this.memoOnDisk || this.memoOnDisk.context !== context || !sameResults(this.memoOnDisk.fingerprints, analysis.modelResults)) {
      await writeAnalysisCache(this.root, analysis.modelResults, context);
      this.memoOnDisk = { fingerprints: fingerprintsOf(analysis.modelResults), context };
    }
    if (!parts.snapshot) return;
    for (const [rel, text] of this.overlays) if (this.disk.get(rel) !== text) return;
    await writeSnapshot({
      view: viewOfAnalysis(analysis),
      files: this.disk,
      signatures: this.signatures,
      directories: this.directories,
      envFingerprints: this.envFingerprints(),
      key: this.snapshotKey(),
    });
  }

  private env(): Readonly<Record<string, string | undefined>> {
    return this.options.env ?? process.env;
  }

  /** Names of the env_vars the disk texts read: a scan of every text (~30 MB at 10,000 models), so once per disk state. */
  private envNames: string[] | undefined;

  /** The environment variables the project's files read, each with a hash of its value: results depend on them. */
  private envFingerprints(): [string, string | null][] {
    this.envNames ??= envNamesRead(this.disk);
    const env = this.env();
    return this.envNames.map((name) => [name, envFingerprint(env[name])]);
  }

  private envContext(): string {
    return JSON.stringify(this.envFingerprints());
  }

  private snapshotKey(): string {
    return snapshotKey({ dialect: this.dialect, target: this.target, vars: this.options.vars });
  }

  /**
   * The cached analysis of a project from its snapshot, when nothing it was
   * made from has changed: no file read, rendered or parsed. Undefined when
   * there is none or it is out of date; open a session then.
   */
  static async cachedView(root: string, options: SessionOptions = {}): Promise<AnalysisView | undefined> {
    const read = await ProjectSession.readSnapshot(root, options);
    return 'view' in read ? read.view : undefined;
  }

  /** The snapshot, or why it cannot be used. */
  static async readSnapshot(root: string, options: SessionOptions = {}): Promise<SnapshotRead> {
    if (!options.cache) return { stale: 'the cache is off' };
    const probe = new ProjectSession(root, { root, files: new Map(), signatures: new Map(), directories: new Map() }, options);
    probe.resolveTarget();
    return readSnapshot(root, probe.snapshotKey(), probe.env());
  }
}

/** Whether `results` are what the cache on disk holds (a result is determined by the keys its fingerprint is made of). */
function sameResults(onDisk: ReadonlyMap<string, string>, results: ReadonlyMap<string, ModelResult>): boolean {
  if (onDisk.size !== results.size) return false;
  for (const [id, r] of results) if (onDisk.get(id) !== resultFingerprint(r)) return false;
  return true;
}

function fingerprintsOf(results: ReadonlyMap<string, ModelResult>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [id, r] of results) out.set(id, resultFingerprint(r));
  return out;
}

function isCheckFilePath(rel: string): boolean {
  return /\.checks\.ya?ml$/.test(rel);
}

/**
 * Every dbt project under a workspace folder as its public analysis: from the
 * snapshot where it is up to date, else from a session opened for it (also
 * returned, so the caller can save its cache).
 */
export async function workspaceViews(folder: string, options: SessionOptions = {}): Promise<{ view: AnalysisView; session?: ProjectSession }[]> {
  const out: { view: AnalysisView; session?: ProjectSession }[] = [];
  for (const [root, read] of await snapshotsOfWorkspace(folder, options)) {
    if ('view' in read) out.push({ view: read.view });
    else {
      const session = await ProjectSession.open(root, options);
      out.push({ view: viewOfAnalysis(session.analysis), session });
    }
  }
  return out;
}

/**
 * The projects under a workspace folder whose snapshot is up to date, as
 * their cached analysis; `stale` hears about the others and why.
 */
export async function cachedWorkspaceViews(folder: string, options: SessionOptions, stale: (root: string, why: string) => void = () => undefined): Promise<AnalysisView[]> {
  const views: AnalysisView[] = [];
  for (const [root, read] of await snapshotsOfWorkspace(folder, options)) {
    if ('view' in read) views.push(read.view);
    else stale(root, read.stale);
  }
  return views;
}

/**
 * Each project root under a folder with its snapshot. When the folder is
 * itself a project whose snapshot holds, whose directories are all as they
 * were and which has no project inside it, the folder is the only project:
 * no walk of the workspace (a tenth of a warm start at 10,000 models).
 */
async function snapshotsOfWorkspace(folder: string, options: SessionOptions): Promise<[string, SnapshotRead][]> {
  const top = path.resolve(folder);
  let own: SnapshotRead | undefined;
  if (options.cache && fs.existsSync(path.join(top, 'dbt_project.yml'))) {
    own = await ProjectSession.readSnapshot(top, options);
    if ('view' in own && own.unlisted && own.nested.length === 0) return [[top, own]];
  }
  const out: [string, SnapshotRead][] = [];
  for (const root of await findProjects(folder)) out.push([root, root === top && own ? own : await ProjectSession.readSnapshot(root, options)]);
  return out;
}

/** Every dbt project under a workspace folder, opened. */
export async function openWorkspace(folder: string, options: SessionOptions = {}): Promise<ProjectSession[]> {
  const roots = await findProjects(folder);
  const sessions: ProjectSession[] = [];
  for (const root of roots) sessions.push(await ProjectSession.open(root, options));
  return sessions;
}
