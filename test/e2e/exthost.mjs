// (a) Extension-host tests: mocha runs INSIDE code-server's real extension host (Node 24, real `vscode` API),
// the equivalent of @vscode/test-electron. The VS Code server bundled in code-server accepts
// --enable-smoke-test-driver, which lets the built workbench honour ?payload= extensionDevelopmentPath /
// extensionTestsPath. The extension loads straight from the repo (package.json + dist/), no VSIX.
import fs from 'node:fs';
import path from 'node:path';
import { freePort, launchChromium, log, REPO, sandboxEnv, SERVER_MAIN, NODE24, sleep, spawnLogged, waitHttp, writeUserSettings, HERE } from './lib.mjs';

/** Runs test/e2e/suite against `workspace`; resolves {passed, failed, results}. */
export async function runExtensionHostTests(tmp, workspace, { grep, restricted = false } = {}) {
  const tag = restricted ? 'exthost-restricted' : 'exthost';
  const resultFile = path.join(tmp, `${tag}-result.json`);
  const userData = path.join(tmp, `${tag}-user-data`);
  // Restricted pass: trust enabled, never prompted, so the folder opens untrusted.
  writeUserSettings(userData, restricted ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.untrustedFiles': 'open' } : {});
  const port = await freePort();
  const server = spawnLogged(NODE24, [SERVER_MAIN, '--host', '127.0.0.1', '--port', String(port), '--without-connection-token', '--accept-server-license-terms', '--enable-smoke-test-driver', '--disable-telemetry', ...(restricted ? [] : ['--disable-workspace-trust']), '--user-data-dir', userData, '--server-data-dir', path.join(tmp, `${tag}-server-data`), '--extensions-dir', path.join(tmp, `${tag}-extensions`)],
    sandboxEnv(tmp, { DRIFTWATCH_E2E_RESULT: resultFile, DRIFTWATCH_E2E_WORKSPACE: workspace, DRIFTWATCH_E2E_GREP: grep ?? '', DRIFTWATCH_E2E_RESTRICTED: restricted ? '1' : '' }), path.join(tmp, `${tag}-server.log`));
  let browser;
  try {
    await waitHttp(`http://127.0.0.1:${port}/`, 60000);
    const auth = `127.0.0.1:${port}`;
    const payload = [['extensionDevelopmentPath', `vscode-remote://${auth}${REPO}`], ['extensionTestsPath', `vscode-remote://${auth}${path.join(HERE, 'suite')}`]];
    browser = await launchChromium(tmp);
    const page = browser.pages()[0] ?? (await browser.newPage());
    const consoleErrors = [];
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text().slice(0, 400)); });
    await page.goto(`http://${auth}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    log(`${tag}: workbench opened, tests running in the extension host`);
    // The workbench ends the extension host when run() settles; stop waiting then, or after 6 minutes.
    const exited = () => /Extension Host Process exited/.test(fs.readFileSync(server.logFile, 'utf8'));
    const deadline = Date.now() + 360000;
    while (!fs.existsSync(resultFile) && !exited() && Date.now() < deadline) await sleep(250);
    await sleep(300);
    if (!fs.existsSync(resultFile)) {
      for (const e of consoleErrors.slice(-10)) log('[browser]', e);
      throw new Error(`extension-host tests produced no result file (suite failed to load or run() crashed); logs in ${tmp}`);
    }
    return JSON.parse(fs.readFileSync(resultFile, 'utf8'));
  } finally {
    if (browser) await browser.close().catch(() => {});
    server.kill();
  }
}
