// Entry point loaded by the extension host (extensionTestsPath). Runs every *.test.js here with mocha
// (from the repo's devDependencies) and writes a JSON report the harness reads, since the extension
// host's stdout is not visible to the harness.
const fs = require('node:fs');
const path = require('node:path');
const Mocha = require('mocha');

exports.run = async function run() {
  const out = process.env.DRIFTWATCH_E2E_RESULT;
  const mocha = new Mocha({ ui: 'bdd', timeout: 90000, color: false, reporter: 'spec', grep: process.env.DRIFTWATCH_E2E_GREP || undefined });
  // The restricted-mode pass runs its own folder; the normal pass runs the files beside this one.
  const dir = process.env.DRIFTWATCH_E2E_RESTRICTED ? path.join(__dirname, 'restricted') : __dirname;
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.test.js')).sort()) mocha.addFile(path.join(dir, f));
  const results = [];
  await new Promise((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', (t) => results.push({ name: t.fullTitle(), ok: true, ms: t.duration }));
    runner.on('fail', (t, err) => results.push({ name: t.fullTitle(), ok: false, ms: t.duration, error: String((err && err.stack) || err).split('\n').slice(0, 8).join('\n') }));
    runner.on('pending', (t) => results.push({ name: t.fullTitle(), ok: true, pending: true, ms: 0 }));
  });
  const vscode = require('vscode');
  if (out) fs.writeFileSync(out, JSON.stringify({ results, node: process.version, vscode: vscode.version, pid: process.pid }, null, 2));
};
