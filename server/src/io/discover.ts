/**
 * The disk edge of project loading: finds dbt projects in a workspace and
 * reads the files a project needs into a ProjectInput. The only I/O in the
 * project-loading path; everything after this is pure.
 *
 * File contents are read synchronously in small batches, yielding to the
 * event loop between batches: for thousands of small files this costs about
 * a quarter of the CPU of callback-based reads (no thread-pool round trip per
 * call), and the server stays responsive. Directory listings likewise.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseProjectConfig } from '../project/project_config';
import { extension, isCheckFile, isUnder, normalizeResourcePath } from '../project/paths';
import type { ProjectConfig, ProjectInput } from '../project/types';

/** Never part of a project, at any depth: tool state and environments. */
const ALWAYS_SKIPPED = new Set(['node_modules', '.git', '.driftwatch', '.venv', 'venv', '__pycache__', '.hg', '.svn']);
/**
 * At a project's root these hold build output, logs and installed packages, not
 * the project's own sources (deeper down, `models/logs/` is an ordinary folder).
 */
const PROJECT_SKIPPED = new Set(['target', 'dbt_packages', 'dbt_modules', 'logs']);

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
const BINARY_SNIFF_BYTES = 8192;
/** Files read between two yields to the event loop. */
const READ_BATCH = 256;
const MAX_DEPTH = 40;
/** Directories listed between two yields to the event loop. */
const WALK_YIELD_EVERY = 64;

/** Files at the project root that the loader or other layers read. */
const ROOT_FILES = new Set(['dbt_project.yml', 'profiles.yml', 'packages.yml', 'dependencies.yml', 'selectors.yml']);
const SOURCE_EXTENSIONS = new Set(['sql', 'py', 'csv', 'yml', 'yaml']);

/** Absolute paths of the folders holding a dbt_project.yml under `workspaceRoot`, sorted. */
export async function findProjects(workspaceRoot: string): Promise<string[]> {
  const roots: string[] = [];
  await walk(path.resolve(workspaceRoot), (dir, names) => {
    if (names.includes('dbt_project.yml')) roots.push(dir);
  }, (name) => ALWAYS_SKIPPED.has(name) || PROJECT_SKIPPED.has(name));
  return roots.sort();
}

/**
 * Reads everything a project needs: dbt_project.yml, files under its
 * model/seed/macro/snapshot/test/analysis paths, dbt_packages/<pkg>/ (their
 * dbt_project.yml, macros, models, seeds and snapshots), root files such as profiles.yml, and
 * `*.checks.yml` anywhere in the project.
 * @param env environment for env_var(); defaults to process.env
 */
export async function readProjectInput(projectRoot: string, env?: Readonly<Record<string, string>>): Promise<DiskInput> {
  const root = path.resolve(projectRoot);
  const directories = new Map<string, FileSignature>();
  const wanted = await listProjectFiles(root, directories);
  const files = new Map<string, string>();
  const signatures = new Map<string, FileSignature>();
  const unreadable: { file: string; reason: string }[] = [];
  const texts = await readInBatches(wanted.map((rel) => path.join(root, rel)));
  for (let i = 0; i < wanted.length; i++) {
    const r = texts[i];
    files.set(wanted[i], r.ok ? r.text : '');
    if (r.sig) signatures.set(wanted[i], r.sig);
    if (!r.ok) unreadable.push({ file: wanted[i], reason: r.reason });
  }
  const input: DiskInput = { root, files, env: env ?? processEnv(), signatures, directories };
  if (unreadable.length > 0) input.unreadable = unreadable;
  return input;
}

/** A ProjectInput as read from disk, with what each file looked like when read. */
export interface DiskInput extends ProjectInput {
  signatures: Map<string, FileSignature>;
  /** Every directory listed to find the files (absolute path), as it was when listed. */
  directories: Map<string, FileSignature>;
}

/**
 * What identifies a file's content without reading it: its size and
 * modification time, as git's index does. A file modified within a second of
 * being read gets no usable time (NaN never compares equal): a later edit in
 * the same clock tick with the same size would otherwise go unnoticed.
 */
export interface FileSignature {
  size: number;
  mtimeMs: number;
}

const RACY_MS = 1000;

export function signatureOf(st: { size: number; mtimeMs: number }, now = Date.now()): FileSignature {
  return { size: st.size, mtimeMs: now - st.mtimeMs < RACY_MS ? NaN : st.mtimeMs };
}

/**
 * The first file that is not as it was (its position in `rels`), or -1 when
 * all are. `rels` are relative to `root` (absolute when root is ''); `sigs`
 * is flat: size, mtimeMs per file (null or NaN never matches).
 */
export function firstChangedFile(root: string, rels: readonly string[], sigs: readonly (number | null)[]): number {
  if (sigs.length !== rels.length * 2) return 0;
  const prefix = root === '' || root.endsWith(path.sep) ? root : root + path.sep;
  for (let i = 0; i < rels.length; i++) {
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(prefix + rels[i], { throwIfNoEntry: false });
    } catch {
      return i;
    }
    if (!st || st.size !== sigs[2 * i] || st.mtimeMs !== sigs[2 * i + 1]) return i;
  }
  return -1;
}

/**
 * The project-relative POSIX paths of every file a project reads (see
 * readProjectInput), sorted, without reading them: what a cached analysis is
 * checked against. With `directories`, each directory listed is recorded
 * there with its signature, taken before it is listed: while no directory's
 * modification time changes, no file was added, removed or renamed.
 */
export async function listProjectFiles(projectRoot: string, directories?: Map<string, FileSignature>): Promise<string[]> {
  const root = path.resolve(projectRoot);
  const wanted: string[] = [];
  const config = await readConfig(root, path.basename(root));
  const isWanted = projectFileFilter(config);
  await walk(root, (dir, names, fileNames) => {
    const relDir = toPosix(path.relative(root, dir));
    for (const name of fileNames) {
      const rel = relDir === '' ? name : `${relDir}/${name}`;
      if (isWanted(rel)) wanted.push(rel);
    }
  }, (name, depth) => ALWAYS_SKIPPED.has(name) || (depth === 1 && PROJECT_SKIPPED.has(name)), true, directories);
  await collectPackages(root, wanted, directories);
  return wanted.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Whether a file change under the project should trigger a reload (for the
 * file watcher). Pass the loaded config when known; dbt's default paths are
 * assumed otherwise.
 */
export function isProjectFile(projectRoot: string, absPath: string, config?: ProjectConfig): boolean {
  const rel = toProjectPath(projectRoot, absPath);
  if (rel === undefined) return false;
  const first = rel.split('/', 1)[0];
  if (first === 'dbt_packages') return SOURCE_EXTENSIONS.has(extension(rel)) && !rel.split('/').some((s) => ALWAYS_SKIPPED.has(s));
  if (PROJECT_SKIPPED.has(first) || rel.split('/').some((s) => ALWAYS_SKIPPED.has(s))) return false;
  return projectFileFilter(config ?? parseProjectConfig('dbt_project.yml', undefined, 'project').config)(rel);
}

/** Project-relative POSIX path of an absolute path, or undefined when it lies outside the project. */
export function toProjectPath(projectRoot: string, absPath: string): string | undefined {
  const rel = path.relative(path.resolve(projectRoot), path.resolve(absPath));
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return toPosix(rel);
}

/** Reads one project file the way readProjectInput does (for incremental updates from the watcher). */
export async function readProjectFile(projectRoot: string, relPath: string): Promise<ReadResult> {
  return readTextFile(path.join(path.resolve(projectRoot), relPath));
}

export type ReadResult = ({ ok: true; text: string } | { ok: false; reason: string }) & { sig?: FileSignature };

/** Which project-relative paths of the root project are worth reading. */
export function projectFileFilter(config: ProjectConfig): (rel: string) => boolean {
  const resourceDirs = [
    ...config.modelPaths, ...config.seedPaths, ...config.macroPaths, ...config.snapshotPaths, ...config.testPaths, ...config.analysisPaths,
  ].map(normalizeResourcePath);
  return (rel) => {
    if (ROOT_FILES.has(rel) || isCheckFile(rel)) return true;
    if (!SOURCE_EXTENSIONS.has(extension(rel))) return false;
    for (const d of resourceDirs) if (isUnder(rel, d)) return true;
    return false;
  };
}

// ------------------------------------------------------------------ internals

async function readConfig(dir: string, fallbackName: string): Promise<ProjectConfig> {
  const r = await readTextFile(path.join(dir, 'dbt_project.yml'));
  // On any problem parseProjectConfig falls back to dbt's default paths; the loader reports it.
  return parseProjectConfig('dbt_project.yml', r.ok ? r.text : undefined, fallbackName).config;
}

const PACKAGE_CODE_EXTENSIONS = ['sql', 'py', 'yml', 'yaml'];

/** dbt_packages/<dir>/: its dbt_project.yml, and sources under its model, macro, snapshot, seed and generic-test paths. */
async function collectPackages(root: string, wanted: string[], directories?: Map<string, FileSignature>): Promise<void> {
  const pkgRoot = path.join(root, 'dbt_packages');
  let dirs: fs.Dirent[];
  try {
    if (directories) directories.set(pkgRoot, signatureOf(fs.statSync(pkgRoot)));
    dirs = await fs.promises.readdir(pkgRoot, { withFileTypes: true });
  } catch {
    return; // no packages installed
  }
  await Promise.all(dirs.map(async (d) => {
    const dirPath = path.join(pkgRoot, d.name);
    // `local:` packages are installed as symlinks.
    if (!d.isDirectory() && !(d.isSymbolicLink() && (await isDirectory(dirPath)))) return;
    const prefix = `dbt_packages/${d.name}`;
    if (!(await exists(path.join(dirPath, 'dbt_project.yml')))) return;
    wanted.push(`${prefix}/dbt_project.yml`);
    const config = await readConfig(dirPath, d.name);
    // Seeds and snapshots of a package are nodes a ref() can name, like its models; CSV only under its seed paths.
    const exts = new Map<string, Set<string>>();
    const want = (dirs: string[], kinds: string[]) => {
      for (const sub of dirs.map(normalizeResourcePath)) {
        const set = exts.get(sub) ?? new Set<string>();
        for (const k of kinds) set.add(k);
        exts.set(sub, set);
      }
    };
    want([...config.modelPaths, ...config.macroPaths, ...config.snapshotPaths, ...config.testPaths.map((t) => (t === '' ? 'generic' : `${t}/generic`))], PACKAGE_CODE_EXTENSIONS);
    want(config.seedPaths, ['csv', 'yml', 'yaml']);
    for (const [sub, kinds] of exts) {
      await walk(path.join(dirPath, sub), (dir, _names, fileNames) => {
        const relDir = toPosix(path.relative(root, dir));
        for (const name of fileNames) {
          if (kinds.has(extension(name)) && !isCheckFile(name)) wanted.push(`${relDir}/${name}`);
        }
      }, (name, depth) => ALWAYS_SKIPPED.has(name) || (sub === '' && depth === 1 && PROJECT_SKIPPED.has(name)), false, directories);
    }
  }));
  // Packages may overlap (e.g. model-paths: ["."]); read each file once.
  const unique = [...new Set(wanted)];
  wanted.length = 0;
  wanted.push(...unique);
}

/**
 * Depth-first directory walk. `visit` gets each directory's entry names and
 * its regular-file names; `skip(name, depth)` prunes subdirectories.
 * Symlinked directories are followed once (by real path), so link cycles
 * cannot hang the walk. Listings are synchronous, yielding to the event loop
 * every few dozen directories: a promise per readdir cost three times as
 * much on a 10,000-file project, and a warm start waits on this walk.
 */
async function walk(
  start: string,
  visit: (dir: string, names: string[], fileNames: string[]) => void,
  skip: (name: string, depth: number) => boolean,
  stopAtNestedProjects = false,
  directories?: Map<string, FileSignature>,
): Promise<void> {
  const seenReal = new Set<string>();
  const stack: { dir: string; depth: number }[] = [{ dir: start, depth: 0 }];
  let listed = 0;
  while (stack.length > 0) {
    const { dir, depth } = stack.pop()!;
    if (++listed % WALK_YIELD_EVERY === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    let entries: fs.Dirent[];
    try {
      if (directories) directories.set(dir, signatureOf(fs.statSync(dir)));
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue; // vanished or not permitted: nothing to read there
    }
    // A sub-folder holding its own dbt_project.yml is a separate project, loaded on its own.
    if (stopAtNestedProjects && depth > 0 && entries.some((e) => e.name === 'dbt_project.yml')) continue;
    const names: string[] = [];
    const fileNames: string[] = [];
    for (const e of entries) {
      names.push(e.name);
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        const target = path.join(dir, e.name);
        try {
          const st = fs.statSync(target);
          isDir = st.isDirectory();
          isFile = st.isFile();
          if (isDir) {
            const real = fs.realpathSync(target);
            if (seenReal.has(real)) continue;
            seenReal.add(real);
          }
        } catch {
          continue; // dangling link
        }
      }
      if (isFile) fileNames.push(e.name);
      else if (isDir && depth < MAX_DEPTH && !skip(e.name, depth + 1)) stack.push({ dir: path.join(dir, e.name), depth: depth + 1 });
    }
    visit(dir, names, fileNames);
  }
}

async function readInBatches(files: string[]): Promise<ReadResult[]> {
  const out: ReadResult[] = new Array(files.length);
  for (let i = 0; i < files.length; i++) {
    out[i] = readTextFileSync(files[i]);
    if (i % READ_BATCH === READ_BATCH - 1) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return out;
}

/** Reads one file as text; binary, oversized and unreadable files become reasons instead. */
export function readTextFileSync(file: string): ReadResult {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (err) {
    return { ok: false, reason: describeError(err as NodeJS.ErrnoException) };
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return { ok: false, reason: 'not a regular file' };
    if (st.size > MAX_FILE_BYTES) {
      if (!isCsv(file)) return { ok: false, reason: tooLarge(st.size) };
      const head = Buffer.allocUnsafe(SEED_HEAD_BYTES);
      return { ...decode(wholeLines(head.subarray(0, fs.readSync(fd, head, 0, head.length, 0)))), sig: signatureOf(st) };
    }
    const buf = Buffer.allocUnsafe(st.size);
    let n = 0;
    while (n < buf.length) {
      const got = fs.readSync(fd, buf, n, buf.length - n, n);
      if (got === 0) break; // the file shrank while reading
      n += got;
    }
    return { ...decode(n === buf.length ? buf : buf.subarray(0, n)), sig: signatureOf(st) };
  } catch (err) {
    return { ok: false, reason: describeError(err as NodeJS.ErrnoException) };
  } finally {
    fs.closeSync(fd);
  }
}

function decode(data: Buffer): ReadResult {
  if (data.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return { ok: false, reason: 'binary file (contains NUL bytes)' };
  let text = data.toString('utf8');
  // Editors drop the BOM from document text; doing the same keeps disk and buffer offsets equal.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { ok: true, text };
}

/**
 * A seed over the size limit is read as far as its first lines: the analysis
 * needs only its header (the build loads the file itself), and a big seed,
 * often a package's, is no fault to report.
 */
const SEED_HEAD_BYTES = 64 * 1024;

function isCsv(file: string): boolean {
  return extension(file) === 'csv';
}

/** The data up to its last line break (a head of whole lines), or all of it when it has none. */
function wholeLines(data: Buffer): Buffer {
  const nl = data.lastIndexOf(10);
  return nl >= 0 ? data.subarray(0, nl + 1) : data;
}

function tooLarge(size: number): string {
  return `file is ${(size / 1048576).toFixed(1)} MB, over the ${MAX_FILE_BYTES / 1048576} MB limit`;
}

/** Asynchronous variant for single files (watcher updates). */
function readTextFile(file: string): Promise<ReadResult> {
  return new Promise((resolve) => {
    fs.open(file, 'r', (err, fd) => {
      if (err) return resolve({ ok: false, reason: describeError(err) });
      const done = (r: ReadResult): void => fs.close(fd, () => resolve(r));
      fs.fstat(fd, (err2, st) => {
        if (err2) return done({ ok: false, reason: describeError(err2) });
        if (!st.isFile()) return done({ ok: false, reason: 'not a regular file' });
        if (st.size > MAX_FILE_BYTES && !isCsv(file)) return done({ ok: false, reason: tooLarge(st.size) });
        const whole = st.size <= MAX_FILE_BYTES;
        const buf = Buffer.allocUnsafe(whole ? st.size : SEED_HEAD_BYTES);
        readFully(fd, buf, 0, (err3, n) => {
          if (err3) return done({ ok: false, reason: describeError(err3) });
          const data = n === buf.length ? buf : buf.subarray(0, n);
          done({ ...decode(whole ? data : wholeLines(data)), sig: signatureOf(st) });
        });
      });
    });
  });
}

function readFully(fd: number, buf: Buffer, offset: number, cb: (err: NodeJS.ErrnoException | null, n: number) => void): void {
  if (offset >= buf.length) return cb(null, offset);
  fs.read(fd, buf, offset, buf.length - offset, offset, (err, n) => {
    if (err) return cb(err, offset);
    if (n === 0) return cb(null, offset); // file shrank while reading
    readFully(fd, buf, offset + n, cb);
  });
}

function describeError(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'EACCES':
    case 'EPERM': return 'permission denied';
    case 'ENOENT': return 'file not found';
    case 'EISDIR': return 'is a directory';
    default: return err.message;
  }
}

async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await fs.promises.stat(p)).isDirectory();
  } catch {
    return false;
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.promises.access(p);
    return true;
  } catch {
    return false;
  }
}

function toPosix(p: string): string {
  return path.sep === '/' ? p : p.split(path.sep).join('/');
}

function processEnv(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) out[k] = v;
  return out;
}
