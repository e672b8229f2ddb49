// For people with a normal VS Code download (not run in CI here: @vscode/test-electron cannot download
// VS Code on these machines). Runs the same extension-host suite in desktop VS Code against a built copy
// of examples/shop. Usage: npm run build && node test/e2e/run-electron.mjs
import path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { HERE, prepareWorkspace, REPO, tempDir } from './lib.mjs';

const tmp = tempDir('driftwatch-electron-');
const ws = prepareWorkspace(tmp);
const result = path.join(tmp, 'result.json');
try {
  await runTests({
    extensionDevelopmentPath: REPO,
    extensionTestsPath: path.join(HERE, 'suite', 'index.js'),
    launchArgs: [ws, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    extensionTestsEnv: { DRIFTWATCH_E2E_RESULT: result, DRIFTWATCH_E2E_WORKSPACE: ws },
  });
  const { results } = JSON.parse((await import('node:fs')).readFileSync(result, 'utf8'));
  for (const r of results) console.log(r.ok ? 'ok  ' : 'FAIL', r.name, r.error ? `\n${r.error}` : '');
  process.exitCode = results.some((r) => !r.ok) ? 1 : 0;
} catch (e) {
  console.error('VS Code test run failed:', e.message);
  process.exitCode = 1;
}
