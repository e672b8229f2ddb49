// The real-editor test run: build, copy examples/shop and build its dev warehouse, then
//   (a) extension-host tests (mocha inside code-server's extension host, real vscode API),
//   (b) package the VSIX, install it into a fresh code-server and drive the UI with chromium.
// (a') the same in an untrusted workspace (restricted mode).
// Env: SKIP_BUILD=1, ONLY=exthost|restricted|ui, GREP=<mocha grep for (a)>, KEEP_TMP=1, NO_VSIX=1 (UI test from an unpacked copy).
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { runExtensionHostTests } from './exthost.mjs';
import { log, prepareWorkspace, REPO, requireToolchain, tempDir } from './lib.mjs';
import { packageVsix } from './package.mjs';
import { runUiTests } from './ui.mjs';

const T_START = Date.now();
requireToolchain();
if (!process.env.SKIP_BUILD) {
  log('building');
  execFileSync(process.execPath, [path.join(REPO, 'scripts/build.mjs')], { cwd: REPO, stdio: 'inherit' });
}
const tmp = tempDir('driftwatch-e2e-');
const rows = [];
const only = process.env.ONLY;

if (!only || only === 'exthost') {
  const ws = prepareWorkspace(path.join(tmp, 'a'));
  try {
    const res = await runExtensionHostTests(tmp, ws, { grep: process.env.GREP });
    for (const r of res.results) rows.push({ suite: 'exthost', ...r });
    log(`exthost ran in node ${res.node}, VS Code ${res.vscode}`);
  } catch (e) {
    rows.push({ suite: 'exthost', name: 'extension-host suite', ok: false, error: e.message });
  }
}

if (!only || only === 'restricted') {
  const ws = prepareWorkspace(path.join(tmp, 'r'));
  try {
    const res = await runExtensionHostTests(tmp, ws, { restricted: true });
    for (const r of res.results) rows.push({ suite: 'restricted', ...r });
  } catch (e) {
    rows.push({ suite: 'restricted', name: 'restricted-mode suite', ok: false, error: e.message });
  }
}

if (!only || only === 'ui') {
  let vsix;
  if (!process.env.NO_VSIX) {
    try {
      vsix = packageVsix(tmp);
      rows.push({ suite: 'package', name: 'npm run package produces a VSIX with dist/ and the DuckDB binding', ok: true });
    } catch (e) {
      rows.push({ suite: 'package', name: 'npm run package produces a VSIX with dist/ and the DuckDB binding', ok: false, error: e.message });
    }
  }
  const ws = prepareWorkspace(path.join(tmp, 'b'));
  try {
    for (const r of await runUiTests(tmp, ws, { vsix })) rows.push({ suite: 'ui', ...r });
  } catch (e) {
    rows.push({ suite: 'ui', name: 'UI suite', ok: false, error: e.message });
  }
}

console.log('\n' + '-'.repeat(72));
for (const r of rows) console.log(`${r.ok ? (r.pending ? 'skip' : 'ok  ') : 'FAIL'} [${r.suite}] ${r.name}${r.ms ? ` (${r.ms} ms)` : ''}${r.error ? `\n       ${r.error.replace(/\n/g, '\n       ')}` : ''}`);
const failed = rows.filter((r) => !r.ok).length;
console.log(`${rows.length - failed} passed, ${failed} failed, total ${((Date.now() - Number(process.env.E2E_T0 || T_START)) / 1000) | 0}s`);
process.exitCode = failed ? 1 : 0;
