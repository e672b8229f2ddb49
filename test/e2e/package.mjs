// Builds the VSIX with @vscode/vsce (which needs Node >= 22, so it runs on the e2e toolchain's Node 24).
// dist/ is bundled by esbuild; the only runtime node_modules are the native DuckDB binding and its tiny
// helper, which .vscodeignore lets through, so vsce keeps its dependency detection (npm list --production) and the ignore file whitelists those two.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { E2E, NODE24, PKG, REPO } from './lib.mjs';

export function packageVsix(outDir = REPO) {
  const vsce = path.join(E2E, 'tools/node_modules/@vscode/vsce/vsce');
  if (!fs.existsSync(vsce)) throw new Error('vsce missing: run bash test/e2e/setup.sh');
  for (const f of ['dist/client.js', 'dist/server.js', 'dist/cli.js', 'dist/webview/graph.js']) {
    if (!fs.existsSync(path.join(REPO, f))) throw new Error(`${f} missing: run npm run build first`);
  }
  const out = path.join(outDir, `${PKG.name}-${PKG.version}.vsix`);
  execFileSync(NODE24, [vsce, 'package', '--allow-missing-repository', '--skip-license', '--no-rewrite-relative-links', '--out', out], { cwd: REPO, stdio: 'inherit', env: { ...process.env, PATH: `${path.dirname(NODE24)}:${process.env.PATH}` } });
  const list = execFileSync('unzip', ['-l', out], { encoding: 'utf8' });
  for (const must of ['extension/dist/server.js', 'extension/dist/webview/graph.js', 'extension/node_modules/@duckdb/node-bindings-linux-x64/duckdb.node']) {
    if (!list.includes(must)) throw new Error(`${path.basename(out)} lacks ${must}`);
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = packageVsix();
  console.log(`${out} (${(fs.statSync(out).size / 1e6).toFixed(1)} MB)`);
}
