/**
 * Cold and warm indexing, each run in its own child process. Cold runs pass
 * `cache: false`; warm runs pass `cache: true` after one unmeasured run has
 * written `.driftwatch/cache/` under the project. The OS page cache is warm in
 * both (the generator just wrote the files), as it is for a user reopening VS Code.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './stats.mjs';
import { buildId } from '../../scripts/build_id.mjs';

const childScript = path.join(path.dirname(fileURLToPath(import.meta.url)), 'index_child.mjs');

/** esbuild options for a Node bundle of server sources the way scripts/build.mjs bundles the server (native and editor modules stay external). */
export const SERVER_BUNDLE_OPTIONS = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: false,
  logLevel: 'error',
  external: ['vscode', '@duckdb/node-api', '@duckdb/node-bindings', '@duckdb/node-bindings-*', 'pg-native'],
};

/**
 * Bundles the analysis entry point the way scripts/build.mjs bundles the server,
 * so the benchmark times production-shaped code, not a TypeScript loader.
 * @returns {Promise<string | null>} the bundle path, or null when the entry is not in the tree
 */
export async function bundleAnalysisEntry(repoRoot, outDir) {
  const entry = path.join(repoRoot, 'server/src/workspace/open_project.ts');
  if (!fs.existsSync(entry)) return null;
  const esbuild = await import('esbuild');
  const outfile = path.join(outDir, 'open_project.js');
  await esbuild.build({
    ...SERVER_BUNDLE_OPTIONS,
    entryPoints: [entry],
    outfile,
    define: { __DRIFTWATCH_BUILD__: JSON.stringify(buildId(repoRoot)) },
  });
  return outfile;
}

function runChild(bundle, projectDir, cache, nodeArgs) {
  let out;
  try {
    out = execFileSync(process.execPath, [...nodeArgs, childScript, bundle, projectDir, String(cache)], {
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
      timeout: 600000,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (err) {
    out = String(err.stdout ?? '');
    if (!out.trim()) throw new Error(`index child failed: ${String(err.stderr ?? err.message).trim().split('\n').slice(-6).join('\n')}`);
  }
  const line = out.trim().split('\n').pop();
  const result = JSON.parse(line);
  if (!result.ok) throw new Error(`loadAndAnalyze failed: ${result.error}`);
  return result;
}

/**
 * @param {{ cache: boolean, runs: number, nodeArgs?: string[] }} options  `nodeArgs` for the measured children (e.g. --cpu-prof)
 * @returns {{ runs: object[], elapsedMs: number, maxRssKb: number, last: object }}  medians over `runs` children
 */
export function measureIndex(bundle, projectDir, { cache, runs, nodeArgs = [] }) {
  if (cache) {
    runChild(bundle, projectDir, true, []); // populate the on-disk cache; not measured
  } else {
    fs.rmSync(path.join(projectDir, '.driftwatch', 'cache'), { recursive: true, force: true });
  }
  const results = [];
  for (let i = 0; i < runs; i++) results.push(runChild(bundle, projectDir, cache, nodeArgs));
  return {
    runs: results,
    elapsedMs: median(results.map((r) => r.elapsedMs)),
    readAllMs: median(results.map((r) => r.readAllMs ?? 0)),
    maxRssKb: median(results.map((r) => r.maxRssKb)),
    last: results[results.length - 1],
  };
}
