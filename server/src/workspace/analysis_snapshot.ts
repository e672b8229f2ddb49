/**
 * A whole-project analysis on disk (`.driftwatch/cache/snapshot-v<N>.bin`), so
 * reopening an unchanged project costs a directory walk, one stat per file
 * and one small JSON parse, instead of reading, rendering and parsing every
 * model again (the per-model cache in analysis_cache.ts still has to feed the
 * whole pipeline).
 *
 * Trust: the snapshot lists every file the analysis read with its size and
 * modification time, the environment variables the project's Jinja reads,
 * and a key made of the analysis options and the build of the analysis code.
 * Any difference and it is not used; the caller then runs the pipeline, so a
 * stale snapshot is merely slower, never wrong.
 *
 * Layout: `[node records][diagnostics JSON][head JSON][u32 LE head length]`
 * (the head last, so records are written as they are made). The head holds
 * what validation needs, every diagnostic and an index of the records; each
 * node is a JSON record of its own, read and parsed when first asked for. A
 * warm start neither reads nor parses the ~100 MB of nodes, columns and
 * compiled SQL of a 10,000-model project until they are looked at.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { AnalysisView, AnalyzedNode } from '../analysis/api';
import type { Diagnostic } from '../core/diagnostic';
import { contentHash } from '../core/hash';
import { firstChangedFile, listProjectFiles, type FileSignature } from '../io/discover';
import { writeFileAtomically } from './atomic_file';

const SNAPSHOT_VERSION = 2;

declare const __DRIFTWATCH_BUILD__: string | undefined;

/**
 * The build of the analysis code (set by the bundler from a hash of the
 * server sources). Run from sources, every process is its own build: a
 * snapshot is then reused only within the process that wrote it.
 */
export const ANALYSIS_BUILD: string =
  typeof __DRIFTWATCH_BUILD__ === 'string' ? __DRIFTWATCH_BUILD__ : `source-${process.pid}-${Date.now()}`;

export function snapshotFile(projectRoot: string): string {
  return path.join(projectRoot, '.driftwatch', 'cache', `snapshot-v${SNAPSHOT_VERSION}.bin`);
}

/** Everything besides the files that decides the analysis: options and code. */
export function snapshotKey(parts: { dialect: string; target: unknown; vars?: unknown }): string {
  return contentHash(ANALYSIS_BUILD, parts.dialect, JSON.stringify(parts.target), JSON.stringify(parts.vars ?? null));
}

/** Plain arrays and one joined string: the head is parsed on every warm start. */
interface Head {
  version: number;
  key: string;
  projectName: string;
  /** Project-relative paths, sorted as listProjectFiles returns them, joined by newlines. */
  files: string;
  /** size, mtimeMs, size, mtimeMs, … per file (null: a time that cannot be trusted). */
  sigs: (number | null)[];
  /** The directories listed to find the files (absolute), joined by newlines, and their signatures. */
  dirs: string;
  dirSigs: (number | null)[];
  /** Listed directories holding a dbt project of their own (outside dbt_packages/). */
  nested: string[];
  /** Environment variables the project reads, with a fingerprint of the value the analysis saw (null: unset). */
  env: [string, string | null][];
  /** Node ids in the analysis' own order; node i's record is body[offsets[i], offsets[i+1]). */
  ids: string[];
  offsets: number[];
  /** Positions in `ids`, in dependency order. */
  order: number[];
  /** The diagnostics' JSON is file[offsets[ids.length], diagnosticsEnd). */
  diagnosticsEnd: number;
}

export interface SnapshotInput {
  view: AnalysisView;
  /** The texts the analysis read (disk, no editor buffers), by project-relative path. */
  files: ReadonlyMap<string, string>;
  signatures: ReadonlyMap<string, FileSignature>;
  directories: ReadonlyMap<string, FileSignature>;
  /** The environment variables the project reads, with envFingerprint of each value. */
  envFingerprints: [string, string | null][];
  key: string;
}

/**
 * Writes the snapshot; returns false (and removes any older one) when a file
 * has no trustworthy signature, since such a snapshot could never be used.
 */
export async function writeSnapshot(input: SnapshotInput): Promise<boolean> {
  const file = snapshotFile(input.view.root);
  const files = [...input.files.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const sigs: number[] = [];
  for (const rel of files) {
    const sig = input.signatures.get(rel);
    if (!sig || Number.isNaN(sig.mtimeMs)) {
      await fs.promises.rm(file, { force: true });
      return false;
    }
    sigs.push(sig.size, sig.mtimeMs);
  }
  const dirs = [...input.directories.keys()];
  const dirSigs: (number | null)[] = [];
  for (const dir of dirs) {
    const sig = input.directories.get(dir)!;
    dirSigs.push(sig.size, Number.isNaN(sig.mtimeMs) ? null : sig.mtimeMs);
  }
  const ids: string[] = [];
  const offsets: number[] = [0];
  const position = new Map<string, number>();
  await writeFileAtomically(file, async (out) => {
    // Records first, the head last: each record is written as it is made, never all held at once.
    for (const [id, node] of input.view.nodes) {
      await out.write(JSON.stringify(node));
      position.set(id, ids.length);
      ids.push(id);
      offsets.push(out.offset);
    }
    await out.write(JSON.stringify(input.view.diagnostics));
    const head: Head = {
      version: SNAPSHOT_VERSION,
      key: input.key,
      projectName: input.view.projectName,
      files: files.join('\n'),
      sigs,
      dirs: dirs.join('\n'),
      dirSigs,
      nested: nestedProjects(input.view.root, dirs),
      env: input.envFingerprints,
      ids,
      offsets,
      order: input.view.order.map((id) => position.get(id)!),
      diagnosticsEnd: out.offset,
    };
    const headLength = await out.write(JSON.stringify(head));
    const len = Buffer.alloc(4);
    len.writeUInt32LE(headLength, 0);
    await out.write(len);
  }, /^snapshot-v\d+\.bin$/);
  return true;
}

/**
 * A usable snapshot, or why there is none (for the log: a slow start should
 * say why). `unlisted`: every directory was as when listed, so nothing was
 * added anywhere, and `nested` are the project roots inside this one.
 */
export type SnapshotRead = { view: AnalysisView; unlisted: boolean; nested: string[] } | { stale: string };

/**
 * The cached analysis of a project, if the snapshot was made by this build
 * with these options from exactly the files on disk now. Only the head is
 * read here; node records are read when first asked for.
 */
export async function readSnapshot(projectRoot: string, key: string, env: Readonly<Record<string, string | undefined>>): Promise<SnapshotRead> {
  const root = path.resolve(projectRoot);
  let fd: number;
  try {
    fd = fs.openSync(snapshotFile(root), 'r');
  } catch {
    return { stale: 'no snapshot yet' };
  }
  let keepOpen = false;
  try {
    const head = readHead(fd);
    if (head?.version !== SNAPSHOT_VERSION) return { stale: 'snapshot of another format' };
    if (head.key !== key) return { stale: 'made by another build of Driftwatch or with other analysis options' };
    for (const [name, value] of head.env) if (envFingerprint(env[name]) !== value) return { stale: `environment variable ${name} changed` };
    // Unchanged directories hold the same entries: no need to list them again.
    const files = head.files.split('\n');
    const unlisted = firstChangedFile('', head.dirs.split('\n'), head.dirSigs) < 0;
    if (!unlisted) {
      const onDisk = await listProjectFiles(root);
      if (onDisk.join('\n') !== head.files) return { stale: 'files were added, removed or renamed' };
    }
    const changed = firstChangedFile(root, files, head.sigs);
    if (changed >= 0) return { stale: `${files[changed]} changed` };
    const start = head.bodyStart + head.offsets[head.ids.length];
    const diagnostics = JSON.parse(readText(fd, start, head.bodyStart + head.diagnosticsEnd - start)) as Diagnostic[];
    keepOpen = true;
    const nodes = new SnapshotNodes(fd, head.bodyStart, head.ids, head.offsets);
    const view = { root, projectName: head.projectName, nodes, diagnostics, order: head.order.map((i) => head.ids[i]) };
    return { view, unlisted, nested: head.nested };
  } catch (e) {
    return { stale: `unreadable snapshot (${(e as Error).message})` };
  } finally {
    if (!keepOpen) fs.closeSync(fd);
  }
}

function nestedProjects(root: string, dirs: readonly string[]): string[] {
  const packages = path.join(root, 'dbt_packages') + path.sep;
  return dirs.filter((d) => d !== root && !d.startsWith(packages) && fs.existsSync(path.join(d, 'dbt_project.yml')));
}

/** The head is at the end: `[head JSON][u32 LE head length]`. */
function readHead(fd: number): (Head & { bodyStart: number }) | undefined {
  const size = fs.fstatSync(fd).size;
  if (size < 4) return undefined;
  const len = Buffer.alloc(4);
  if (fs.readSync(fd, len, 0, 4, size - 4) !== 4) return undefined;
  const headLength = len.readUInt32LE(0);
  if (headLength > size - 4) return undefined;
  return { ...(JSON.parse(readText(fd, size - 4 - headLength, headLength)) as Head), bodyStart: 0 };
}

/** `length` bytes at `position` as UTF-8; a short read means a truncated file. */
function readText(fd: number, position: number, length: number): string {
  const buf = Buffer.allocUnsafe(length);
  if (fs.readSync(fd, buf, 0, length, position) !== length) throw new Error('truncated snapshot');
  return buf.toString('utf8');
}

/** Closes a snapshot's file once nothing can read its nodes any more. */
const openSnapshots = new FinalizationRegistry<number>((fd) => fs.close(fd, () => undefined));

/**
 * The nodes of a snapshot, each read and parsed from the file on first use
 * (the file stays open, so a newer snapshot renamed over it changes nothing
 * here). Iterating reads them all.
 */
class SnapshotNodes implements ReadonlyMap<string, AnalyzedNode> {
  /** Node id → its position in `offsets`. */
  private readonly at = new Map<string, number>();
  private readonly parsed = new Map<string, AnalyzedNode>();

  constructor(
    private readonly fd: number,
    private readonly bodyStart: number,
    ids: string[],
    private readonly offsets: number[],
  ) {
    for (let i = 0; i < ids.length; i++) this.at.set(ids[i], i);
    openSnapshots.register(this, fd);
  }

  get size(): number {
    return this.at.size;
  }

  has(id: string): boolean {
    return this.at.has(id);
  }

  get(id: string): AnalyzedNode | undefined {
    const known = this.parsed.get(id);
    if (known) return known;
    const i = this.at.get(id);
    if (i === undefined) return undefined;
    const start = this.offsets[i];
    const node = JSON.parse(readText(this.fd, this.bodyStart + start, this.offsets[i + 1] - start)) as AnalyzedNode;
    this.parsed.set(id, node);
    return node;
  }

  keys(): MapIterator<string> {
    return this.at.keys();
  }

  *values(): MapIterator<AnalyzedNode> {
    for (const id of this.at.keys()) yield this.get(id)!;
  }

  *entries(): MapIterator<[string, AnalyzedNode]> {
    for (const id of this.at.keys()) yield [id, this.get(id)!];
  }

  [Symbol.iterator](): MapIterator<[string, AnalyzedNode]> {
    return this.entries();
  }

  forEach(fn: (value: AnalyzedNode, key: string, map: ReadonlyMap<string, AnalyzedNode>) => void): void {
    for (const [id, node] of this.entries()) fn(node, id, this);
  }
}

/**
 * A hash of an environment variable's value, never the value: profiles.yml
 * reads passwords through env_var(), and a cache file must not hold them.
 */
export function envFingerprint(value: string | undefined): string | null {
  return value === undefined ? null : contentHash('env', value);
}

/**
 * Names of the environment variables a project's files read with
 * `env_var('NAME')`. Names built at render time are not seen; such a project
 * still gets a correct analysis when files change, only not when the variable does.
 */
export function envNamesRead(files: ReadonlyMap<string, string>): string[] {
  const names = new Set<string>();
  const re = /env_var\(\s*['"]([^'"]+)['"]/g;
  for (const text of files.values()) {
    if (!text.includes('env_var')) continue;
    for (const m of text.matchAll(re)) names.add(m[1]);
  }
  return [...names].sort();
}
