// `npm run demo:editor`: opens a built copy of examples/shop in code-server with the extension installed,
// on 127.0.0.1, and prints the URL. The copy lives in test/e2e/.e2e/demo/ so the repo stays clean; Ctrl+C stops it.
import fs from 'node:fs';
import path from 'node:path';
import { CODE_SERVER, E2E, NODE24, prepareWorkspace, requireToolchain, sandboxEnv, spawnLogged, waitHttp, writeUserSettings } from './lib.mjs';
import { installUnpacked } from './ui.mjs';

requireToolchain();
const dir = path.join(E2E, 'demo');
fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(dir, { recursive: true });
const ws = prepareWorkspace(dir);
const extDir = path.join(dir, 'extensions');
installUnpacked(extDir);
const userData = path.join(dir, 'user-data');
writeUserSettings(userData, { 'workbench.colorTheme': 'Default Dark Modern' });
fs.writeFileSync(path.join(dir, 'config.yaml'), 'auth: none\ncert: false\n');
const port = Number(process.env.PORT || 8765);
const cs = spawnLogged(NODE24, [CODE_SERVER, '--config', path.join(dir, 'config.yaml'), '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--user-data-dir', userData, '--extensions-dir', extDir, '--disable-telemetry', '--disable-update-check', '--disable-getting-started-override', ws], sandboxEnv(dir), path.join(dir, 'code-server.log'));
await waitHttp(`http://127.0.0.1:${port}/healthz`, 60000);
console.log(`\nDriftwatch demo: http://127.0.0.1:${port}/?folder=${encodeURIComponent(ws)}\n(workspace ${ws}; log ${cs.logFile}; Ctrl+C to stop)`);
process.on('SIGINT', () => { cs.kill(); process.exit(0); });
process.on('SIGTERM', () => { cs.kill(); process.exit(0); });
await new Promise(() => {});
