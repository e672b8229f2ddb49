/**
 * Drives the BUNDLED server (dist/server.js --stdio) as an editor would:
 * a JSON-RPC connection over the child's stdio, a temp copy of a project,
 * helpers to open/edit documents and wait for published diagnostics.
 * One server per describe block keeps the suites fast.
 */
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type * as JsonRpcNode from 'vscode-jsonrpc/node';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import type { StatusParams } from '../../server/src/protocol/lsp_ext';

export const REPO = path.resolve(__dirname, '..', '..');

/** What a run of the bundled CLI printed and its exit code. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the bundled CLI (dist/cli.js; call buildOnce first) without colours. */
export function runCli(...args: string[]): CliRun {
  const r = spawnSync(process.execPath, [path.join(REPO, 'dist', 'cli.js'), ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
// Loaded by file path: tsconfig 'paths' maps the package subpath to its .d.ts, which esbuild-register would try to run.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = require(path.join(REPO, 'node_modules/vscode-jsonrpc/lib/node/main.js')) as typeof JsonRpcNode;
const SERVER = path.join(REPO, 'dist', 'server.js');

let built = false;
/** `npm run build` once per test process; the server bundle must be fresher than the run. */
export function buildOnce(): void {
  if (built) return;
  const started = Date.now();
  const r = spawnSync('npm', ['run', 'build'], { cwd: REPO, encoding: 'utf8' });
  const fresh = fs.existsSync(SERVER) && fs.statSync(SERVER).mtimeMs >= started - 1000;
  // Another entry (client, CLI) failing must not hide a good server bundle, but a stale bundle must not be tested.
  if (!fresh) throw new Error(`npm run build did not produce dist/server.js:\n${r.stdout}\n${r.stderr}`);
  built = true;
}

/** A throwaway copy of an example project (without its cache), so tests may edit files freely. */
export function copyProject(name = 'shop'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `driftwatch-lsp-${name}-`));
  fs.cpSync(path.join(REPO, 'examples', name), dir, { recursive: true, filter: (src) => !/[\\/](\.driftwatch|target|logs)$/.test(src) });
  return dir;
}

/**
 * Gives every file and folder under `dir` a modification time an hour ago:
 * the analysis snapshot never trusts a file written within the last second,
 * so a fresh copy would never be served from it.
 */
export function ageTree(dir: string): void {
  const past = new Date(Date.now() - 3600_000);
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) fs.utimesSync(path.join(e.parentPath, e.name), past, past);
  fs.utimesSync(dir, past, past);
}

/**
 * A copy of an example project for one `describe` block, made before its
 * tests (after `prepare` has edited it, its files aged so the snapshot trusts
 * them) and removed after them.
 */
export function agedCopyOf(example = 'shop', prepare?: (root: string) => void): { readonly root: string } {
  const fixture = { root: '' };
  before(() => {
    buildOnce();
    fixture.root = copyProject(example);
    prepare?.(fixture.root);
    ageTree(fixture.root);
  });
  after(() => {
    if (fixture.root) fs.rmSync(fixture.root, { recursive: true, force: true });
  });
  return fixture;
}

/** Adds a second DuckDB target, `ci` (schema `cischema`, its own file), to a copy's profiles.yml. */
export function addCiTarget(root: string): void {
  fs.appendFileSync(path.join(root, 'profiles.yml'), '    ci:\n      type: duckdb\n      path: .driftwatch/ci.duckdb\n      schema: cischema\n      threads: 1\n');
}

export interface LspServer {
  conn: MessageConnection;
  proc: ChildProcess;
  root: string;
  uri(rel: string): string;
  statuses: StatusParams[];
  /** How many publishDiagnostics had arrived when each status arrived (parallel to `statuses`). */
  publishedAtStatus: number[];
  /** Every publishDiagnostics received, in order. */
  published: PublishDiagnosticsParams[];
  latest(rel: string): PublishDiagnosticsParams | undefined;
  stderr(): string;
  waitFor<T>(what: string, probe: () => T | undefined, timeoutMs?: number): Promise<T>;
  open(rel: string, text?: string): Promise<number>;
  change(rel: string, text: string): Promise<number>;
  /** Waits for diagnostics of `rel` at the document's current version. */
  diagnosticsAt(rel: string, version: number): Promise<PublishDiagnosticsParams>;
  request<R>(method: string, params: unknown): Promise<R>;
  exited(): boolean;
  stop(): Promise<void>;
}

export async function startServer(root: string, initializationOptions: Record<string, unknown> = { trusted: true }): Promise<LspServer> {
  const proc = spawn(process.execPath, [SERVER, '--stdio'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr!.on('data', (d) => (stderr += d.toString()));
  let exitCode: number | null | undefined;
  proc.on('exit', (code) => (exitCode = code));
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  const statuses: StatusParams[] = [];
  const publishedAtStatus: number[] = [];
  const published: PublishDiagnosticsParams[] = [];
  const versions = new Map<string, number>();
  conn.onNotification('driftwatch/status', (p) => {
    statuses.push(p as StatusParams);
    publishedAtStatus.push(published.length);
  });
  conn.onNotification('textDocument/publishDiagnostics', (p) => void published.push(p as PublishDiagnosticsParams));
  conn.onNotification('window/logMessage', (p) => void (stderr += `[log] ${(p as { message: string }).message}\n`));
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('workspace/configuration', () => [null]);
  conn.listen();
  const uri = (rel: string) => pathToFileURL(path.join(root, rel)).href;

  await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(root).href,
    workspaceFolders: [{ uri: pathToFileURL(root).href, name: path.basename(root) }],
    initializationOptions,
    capabilities: {
      workspace: { workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'] }, didChangeWatchedFiles: { dynamicRegistration: true }, configuration: true, workspaceFolders: true },
      textDocument: { publishDiagnostics: { versionSupport: true, relatedInformation: true }, rename: { prepareSupport: true } },
    },
  });
  await conn.sendNotification('initialized', {});

  const server: LspServer = {
    conn,
    proc,
    root,
    uri,
    statuses,
    publishedAtStatus,
    published,
    latest(rel) {
      const u = uri(rel);
      for (let i = published.length - 1; i >= 0; i--) if (published[i].uri === u) return published[i];
      return undefined;
    },
    stderr: () => stderr,
    exited: () => exitCode !== undefined,
    async waitFor(what, probe, timeoutMs = 15000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const v = probe();
        if (v !== undefined && v !== false) return v;
        if (exitCode !== undefined) throw new Error(`server exited (${exitCode}) while waiting for ${what}\n${stderr}`);
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${stderr.slice(-4000)}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    async open(rel, text) {
      const t = text ?? fs.readFileSync(path.join(root, rel), 'utf8');
      versions.set(rel, 1);
      await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(rel), languageId: rel.endsWith('.sql') ? 'jinja-sql' : 'yaml', version: 1, text: t } });
      return 1;
    },
    async change(rel, text) {
      const v = (versions.get(rel) ?? 1) + 1;
      versions.set(rel, v);
      await conn.sendNotification('textDocument/didChange', { textDocument: { uri: uri(rel), version: v }, contentChanges: [{ text }] });
      return v;
    },
    diagnosticsAt(rel, version) {
      const u = uri(rel);
      return server.waitFor(`diagnostics of ${rel} v${version}`, () => {
        for (let i = published.length - 1; i >= 0; i--) if (published[i].uri === u && published[i].version === version) return published[i];
        return undefined;
      });
    },
    request: <R>(method: string, params: unknown) => conn.sendRequest(method, params) as Promise<R>,
    async stop() {
      if (exitCode === undefined) {
        await Promise.race([conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 5000))]);
        await conn.sendNotification('exit');
        await new Promise((r) => setTimeout(r, 100));
        if (exitCode === undefined) proc.kill();
      }
      conn.dispose();
    },
  };
  await server.waitFor('status ready', () => statuses.find((s) => s.state === 'ready' || s.state === 'error'), 30000);
  return server;
}

/**
 * A server on a fresh copy of an example project, for one describe block:
 * started in a `before` hook, stopped and the copy removed in an `after` hook.
 * Read `server` and `root` inside hooks and tests (they are set by then).
 */
export function serverOnCopyOf(example = 'shop'): { readonly server: LspServer; readonly root: string } {
  const fixture = {} as { server: LspServer; root: string };
  before(async () => {
    buildOnce();
    fixture.root = copyProject(example);
    fixture.server = await startServer(fixture.root);
  });
  after(async () => {
    await fixture.server?.stop();
    if (fixture.root) fs.rmSync(fixture.root, { recursive: true, force: true });
  });
  return fixture;
}

/** Applies a WorkspaceEdit's text edits (documentChanges or changes) to files on disk; returns the touched paths. */
export function applyWorkspaceEdit(root: string, edit: { documentChanges?: unknown[]; changes?: Record<string, TextEditLike[]> }): string[] {
  const touched: string[] = [];
  const apply = (uri: string, edits: TextEditLike[]) => {
    const file = new URL(uri).pathname;
    const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    fs.writeFileSync(file, applyTextEdits(text, edits));
    touched.push(file);
  };
  for (const c of edit.documentChanges ?? []) {
    const change = c as { kind?: string; uri?: string; oldUri?: string; newUri?: string; textDocument?: { uri: string }; edits?: TextEditLike[] };
    if (change.kind === 'create') fs.writeFileSync(new URL(change.uri!).pathname, '', { flag: 'a' });
    else if (change.kind === 'rename') fs.renameSync(new URL(change.oldUri!).pathname, new URL(change.newUri!).pathname);
    else if (change.textDocument) apply(change.textDocument.uri, change.edits!);
  }
  for (const [uri, edits] of Object.entries(edit.changes ?? {})) apply(uri, edits);
  void root;
  return touched;
}

interface TextEditLike {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  newText: string;
}

export function applyTextEdits(text: string, edits: TextEditLike[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offset = (p: { line: number; character: number }) => (p.line < lineStarts.length ? lineStarts[p.line] + p.character : text.length);
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

/** Position of the n-th occurrence of `needle` in a file (plus `delta` characters). */
export function positionOf(root: string, rel: string, needle: string, delta = 0, nth = 0): { line: number; character: number } {
  const text = fs.readFileSync(path.join(root, rel), 'utf8');
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`'${needle}' not found in ${rel}`);
  }
  at += delta;
  const before = text.slice(0, at);
  const line = before.split('\n').length - 1;
  return { line, character: at - (before.lastIndexOf('\n') + 1) };
}
