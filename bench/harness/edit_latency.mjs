/**
 * Keystroke → republished diagnostics, measured the way an editor sees it:
 * spawn the real server (`node dist/server.js --stdio`), speak LSP over
 * stdio, wait for `driftwatch/status` ready, open a mid-DAG model, then send
 * full-text `didChange`s one at a time and time each until the server's
 * `publishDiagnostics` for that document carries the new version.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from './lsp_client.mjs';
import { max, median, percentile } from './stats.mjs';

/**
 * The edit sequence: even steps toggle a column alias (changes the model's
 * columns, so drift and lineage must be recomputed), odd steps type one more
 * character into a comment (the text changes, the meaning does not).
 * @returns {string[]} `count` successive full texts
 */
export function editSequence(original, count) {
  const alias = /\) as (\w+)/.exec(original) ?? / as (\w+),?\n/.exec(original);
  if (!alias) throw new Error('edit target has no column alias to toggle');
  const aliasAt = alias.index + alias[0].indexOf(alias[1]);
  const aliasName = alias[1];
  const comment = /^-- .*$/m.exec(original);
  const commentEnd = comment ? comment.index + comment[0].length : -1;
  const texts = [];
  let typed = '';
  let toggled = false;
  for (let i = 0; i < count; i++) {
    if (i % 2 === 0) toggled = !toggled;
    else typed += 'x';
    const text = original.slice(0, aliasAt) + (toggled ? `${aliasName}_x` : aliasName) + original.slice(aliasAt + aliasName.length);
    // Typing happens before the alias, so the alias offset stays valid; without such a comment, type at the end.
    texts.push(commentEnd >= 0 && commentEnd < aliasAt ? text.slice(0, commentEnd) + typed + text.slice(commentEnd) : text + (typed ? `\n-- ${typed}` : ''));
  }
  return texts;
}

/** Counts by diagnostic code over the latest publish of every document. */
export function summarizeDiagnostics(latestByUri) {
  const byCode = {};
  let documents = 0;
  for (const diagnostics of latestByUri.values()) {
    if (diagnostics.length > 0) documents++;
    for (const d of diagnostics) {
      const code = typeof d.code === 'string' || typeof d.code === 'number' ? String(d.code) : '(no code)';
      byCode[code] = (byCode[code] ?? 0) + 1;
    }
  }
  return { documents, byCode };
}

/** Peak resident set of a live process in KB (Linux), or null. */
export function peakRssKb(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/**
 * Stops early after three consecutive timeouts or once `editBudgetMs` is spent (`attempted` says how many were sent);
 * p50/p95/max count timed-out edits as `editTimeoutMs`, so they are lower bounds when `timeouts > 0`.
 * @param {{ serverPath: string, projectDir: string, editTarget: string, edits: number, readyTimeoutMs?: number, editTimeoutMs?: number,
 *   editBudgetMs?: number, serverArgs?: string[], nodeArgs?: string[], env?: Record<string, string> }} options  `nodeArgs` go before the
 *   script (e.g. --cpu-prof); `env` is added to this process' environment
 * @returns {Promise<{ readyMs: number, samples: number[], attempted: number, p50: number, p95: number, max: number, timeouts: number, unversioned: number,
 *   serverPeakRssKb: number | null, models: number | null, atReady: { documents: number, byCode: Record<string, number> } }>}
 */
export async function measureEditLatency(options) {
  const { serverPath, projectDir, editTarget, edits } = options;
  const readyTimeoutMs = options.readyTimeoutMs ?? 180000;
  const editTimeoutMs = options.editTimeoutMs ?? 10000;
  const editBudgetMs = options.editBudgetMs ?? 180000;
  const started = performance.now();
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), serverPath, ...(options.serverArgs ?? ['--stdio'])], {
    cwd: projectDir,
    env: { ...process.env, ...(options.env ?? {}) },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => {
    if (stderr.length < 20000) stderr += d.toString();
  });
  const client = new LspClient(child);
  try {
    const rootUri = pathToFileURL(projectDir).href;
    let lastStatus = null;
    client.on('driftwatch/status', (p) => (lastStatus = p));
    // The latest diagnostics per document, to summarise what the server found before the edits.
    const published = new Map();
    client.on('textDocument/publishDiagnostics', (p) => published.set(p.uri, p.diagnostics ?? []));
    const ready = client.waitFor('driftwatch/status', (p) => p && (p.state === 'ready' || p.state === 'error'), readyTimeoutMs);
    ready.catch(() => {}); // awaited below; this only keeps an early failure of `initialize` from also being reported as unhandled
    // What the user sees first: diagnostics (from the snapshot when it is up to date, else after the full analysis).
    // The server says why it could not start from its snapshot (window/logMessage); the report repeats it.
    const log = [];
    client.on('window/logMessage', (p) => log.length < 20 && log.push(String(p?.message ?? '')));
    let firstDiagnosticsAt = null;
    client.on('textDocument/publishDiagnostics', (_p, at) => (firstDiagnosticsAt ??= at));
    await client.request('initialize', {
      processId: process.pid,
      clientInfo: { name: 'driftwatch-bench' },
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: path.basename(projectDir) }],
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true },
        textDocument: { publishDiagnostics: { versionSupport: true, relatedInformation: true }, synchronization: { didSave: true } },
        window: { workDoneProgress: true },
      },
      initializationOptions: {},
    });
    client.notify('initialized', {});
    const status = await ready;
    if (status.params.state === 'error') throw new Error(`server reported an error while indexing: ${status.params.message ?? ''}`);
    const readyMs = status.at - started;
    // Let the first wave of diagnostics for every file drain before measuring.
    await client.settle(500, 60000);

    const atReady = summarizeDiagnostics(published);

    const abs = path.join(projectDir, editTarget);
    const uri = pathToFileURL(abs).href;
    const original = fs.readFileSync(abs, 'utf8');
    const opened = client.waitFor('textDocument/publishDiagnostics', (p) => p.uri === uri, editTimeoutMs).catch(() => null);
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'sql', version: 1, text: original } });
    await opened;
    await client.settle(200, 5000);

    const samples = [];
    let timeouts = 0;
    let unversioned = 0;
    let consecutiveTimeouts = 0;
    let attempted = 0;
    const texts = editSequence(original, edits);
    const editsStarted = performance.now();
    for (let i = 0; i < texts.length; i++) {
      if (performance.now() - editsStarted > editBudgetMs) break;
      attempted++;
      const version = i + 2;
      const published = client.waitFor(
        'textDocument/publishDiagnostics',
        (p) => p.uri === uri && (p.version === version || p.version === undefined || p.version === null),
        editTimeoutMs,
      );
      const sentAt = performance.now();
      client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text: texts[i] }] });
      try {
        const got = await published;
        if (got.params.version !== version) unversioned++;
        samples.push(got.at - sentAt);
        consecutiveTimeouts = 0;
      } catch (err) {
        if (client.closed) throw err;
        timeouts++;
        if (++consecutiveTimeouts >= 3) break;
      }
    }
    const serverPeakRssKb = peakRssKb(child.pid);
    // A timed-out edit took at least the timeout: counting it as exactly that keeps the
    // percentiles honest lower bounds instead of silently dropping the slowest edits.
    const censored = samples.concat(new Array(timeouts).fill(editTimeoutMs));
    return {
      readyMs,
      firstDiagnosticsMs: firstDiagnosticsAt === null ? null : firstDiagnosticsAt - started,
      snapshotNote: log.find((l) => l.includes('no cached analysis')) ?? null,
      samples,
      attempted,
      p50: percentile(censored, 50),
      p95: percentile(censored, 95),
      max: max(censored),
      timeouts,
      unversioned,
      serverPeakRssKb,
      models: lastStatus?.models ?? null,
      atReady,
    };
  } catch (err) {
    const tail = stderr.trim().split('\n').slice(-8).join('\n');
    throw new Error(`${err instanceof Error ? err.message : String(err)}${tail ? `\n  server stderr:\n  ${tail.replace(/\n/g, '\n  ')}` : ''}`);
  } finally {
    await shutdown(client, child);
  }
}

async function shutdown(client, child) {
  if (child.exitCode === null && !client.closed) {
    try {
      await client.request('shutdown', null, 5000);
      client.notify('exit', null);
    } catch {
      // fall through to the kill below
    }
  }
  const exited = new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)));
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/**
 * Several servers' edit measurements as one: edit latencies pooled (a timed-out
 * edit counts as the timeout, as in one run), start-up times and peak RSS as
 * medians, what was found at ready from the first run.
 */
export function poolServerRuns(runs, editTimeoutMs) {
  const samples = runs.flatMap((r) => r.samples);
  const timeouts = runs.reduce((n, r) => n + r.timeouts, 0);
  const censored = samples.concat(new Array(timeouts).fill(editTimeoutMs));
  const medianOf = (values) => {
    const v = values.filter((x) => x !== null && x !== undefined);
    return v.length ? median(v) : null;
  };
  return {
    readyMs: medianOf(runs.map((r) => r.readyMs)),
    firstDiagnosticsMs: medianOf(runs.map((r) => r.firstDiagnosticsMs)),
    snapshotNote: runs.map((r) => r.snapshotNote).find((x) => x) ?? null,
    samples,
    attempted: runs.reduce((n, r) => n + r.attempted, 0),
    p50: percentile(censored, 50),
    p95: percentile(censored, 95),
    max: max(censored),
    timeouts,
    unversioned: runs.reduce((n, r) => n + r.unversioned, 0),
    serverPeakRssKb: medianOf(runs.map((r) => r.serverPeakRssKb)),
    models: runs[0]?.models ?? null,
    atReady: runs[0]?.atReady,
  };
}
