// (b) UI tests: the installed extension in a real code-server workbench, driven by playwright-core with
// Debian's chromium. Each step waits for something a user would see and saves a screenshot under
// test/e2e/screenshots/ for a human (or an image viewer) to check.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CODE_SERVER, freePort, launchChromium, log, NODE24, PKG, REPO, sandboxEnv, SCREENSHOTS, spawnLogged, waitHttp, writeUserSettings } from './lib.mjs';

/**
 * Installs the extension (from a VSIX when given, else a copy of the repo's runtime files) into a fresh
 * extensions dir, starts code-server on `workspace` and runs the UI steps. Returns [{name, ok, error}].
 */
export async function runUiTests(tmp, workspace, { vsix } = {}) {
  const extDir = path.join(tmp, 'ui-extensions');
  const userData = path.join(tmp, 'ui-user-data');
  writeUserSettings(userData, { 'workbench.colorTheme': 'Default Dark Modern', 'window.zoomLevel': 0 });
  const env = sandboxEnv(tmp);
  const results = [];
  if (vsix) {
    const out = execFileSync(NODE24, [CODE_SERVER, '--user-data-dir', userData, '--extensions-dir', extDir, '--install-extension', vsix], { env, encoding: 'utf8', timeout: 120000 });
    const ok = /successfully installed/i.test(out);
    results.push({ name: 'VSIX installs into code-server', ok, error: ok ? undefined : out.slice(-500) });
    log('ui: installed', path.basename(vsix));
  } else {
    installUnpacked(extDir);
  }
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  fs.writeFileSync(path.join(tmp, 'cs-config.yaml'), 'auth: none\ncert: false\n');
  const port = await freePort();
  const cs = spawnLogged(NODE24, [CODE_SERVER, '--config', path.join(tmp, 'cs-config.yaml'), '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--user-data-dir', userData, '--extensions-dir', extDir, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', '--ignore-last-opened', workspace], env, path.join(tmp, 'ui-code-server.log'));
  let browser;
  try {
    await waitHttp(`http://127.0.0.1:${port}/healthz`, 60000);
    browser = await launchChromium(tmp);
    const page = browser.pages()[0] ?? (await browser.newPage());
    page.setDefaultTimeout(30000);
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
    await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
    const step = async (name, fn) => {
      const t0 = Date.now();
      try {
        await fn();
        results.push({ name, ok: true, ms: Date.now() - t0 });
        log('ui: ok  ', name);
      } catch (e) {
        results.push({ name, ok: false, ms: Date.now() - t0, error: e.message.split('\n').slice(0, 4).join('\n') });
        log('ui: FAIL', name, '-', e.message.split('\n')[0]);
        await page.screenshot({ path: path.join(SCREENSHOTS, `fail-${slug(name)}.png`) }).catch(() => {});
      }
    };
    const palette = async (title) => {
      await page.keyboard.press('Escape');
      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor();
      await input.fill(`>${title}`);
      await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
      await page.keyboard.press('Enter');
    };
    const openFile = async (name) => {
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+P');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor();
      await input.fill(name);
      await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
      await page.keyboard.press('Enter');
      await page.locator('.tab.active', { hasText: name }).first().waitFor();
    };
    const shot = (name) => page.screenshot({ path: path.join(SCREENSHOTS, name) });

    await step('status bar shows project, model count and target', async () => {
      await page.locator('.statusbar-item', { hasText: /shop · \d+ models · dev/ }).first().waitFor({ timeout: 90000 });
    });
    await step('Problems panel lists Driftwatch diagnostics (drift, missing tests)', async () => {
      await openFile('customers.sql');
      await page.keyboard.press('Control+Shift+M');
      await page.locator('.markers-panel .monaco-list-row', { hasText: 'lifetime_value' }).first().waitFor({ timeout: 60000 });
      await page.locator('.markers-panel .monaco-list-row', { hasText: /missing-tests|has no tests|no tests/ }).first().waitFor({ timeout: 30000 });
      await page.waitForTimeout(500);
      await shot('problems.png');
    });
    await step('Driftwatch sidebar shows Lineage and Checks views for the active model', async () => {
      await openFile('orders.sql');
      await page.locator('.activitybar .action-item a[aria-label^="Driftwatch"], .activitybar .action-item[aria-label^="Driftwatch"]').first().click();
      await page.locator('.pane-header', { hasText: 'Lineage' }).first().waitFor();
      await page.locator('.pane-header', { hasText: 'Checks' }).first().waitFor();
      await page.locator('.monaco-list-row', { hasText: 'stg_orders' }).first().waitFor({ timeout: 30000 });
      await page.waitForTimeout(500);
      await shot('views.png');
    });
    await step('lineage graph webview renders the neighbourhood', async () => {
      await openFile('orders.sql');
      await palette('Driftwatch: Show Lineage Graph');
      const frame = page.frameLocator('iframe.webview.ready').last().frameLocator('iframe#active-frame');
      await frame.locator('g.node').first().waitFor({ timeout: 30000 });
      const n = await frame.locator('g.node').count();
      if (n < 3) throw new Error(`only ${n} nodes drawn`);
      await frame.locator('g.node.root').first().waitFor();
      await page.waitForTimeout(800);
      await shot('graph.png');
    });
    await step('Test Explorer runs the checks and shows failures', async () => {
      await palette('View: Show Testing');
      await page.locator('.test-explorer .monaco-list-row').first().waitFor({ timeout: 30000 });
      await palette('Test: Run All Tests');
      // Real outcomes only: the example has both passing checks and deliberate failures (errored runs do not count).
      await page.locator('.test-explorer .codicon-testing-failed-icon').first().waitFor({ timeout: 120000 });
      await page.locator('.test-explorer .codicon-testing-passed-icon').first().waitFor({ timeout: 30000 });
      // Let the run finish (no spinning items left) so the screenshot shows the final state.
      await page.waitForFunction(() => !document.querySelector('.test-explorer .codicon-testing-loading-icon, .test-explorer .codicon-loading'), null, { timeout: 180000 });
      await page.waitForTimeout(1000);
      await shot('tests.png');
    });
    await step('Checks view shows failing checks first with measured values', async () => {
      await page.locator('.activitybar .action-item a[aria-label^="Driftwatch"], .activitybar .action-item[aria-label^="Driftwatch"]').first().click();
      await page.locator('.pane-header', { hasText: 'Checks' }).first().waitFor();
      await page.locator('.monaco-list-row .codicon-error').first().waitFor({ timeout: 30000 });
      await page.waitForTimeout(500);
      await shot('checks.png');
    });
  } finally {
    if (browser) await browser.close().catch(() => {});
    cs.kill();
  }
  return results;
}

/** What the VSIX would contain, copied as <publisher>.<name>-<version> (used when no VSIX is given). */
export function installUnpacked(extDir) {
  const dest = path.join(extDir, `${PKG.publisher}.${PKG.name}-${PKG.version}`);
  for (const rel of ['package.json', 'dist', 'syntaxes', 'schemas', 'client/media', 'node_modules/@duckdb', 'node_modules/detect-libc']) {
    const src = path.join(REPO, rel);
    if (fs.existsSync(src)) fs.cpSync(src, path.join(dest, rel), { recursive: true, dereference: true });
  }
}

function slug(s) {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 50);
}
