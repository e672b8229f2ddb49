/**
 * Runs in a fresh Node process (so the JIT, module caches and RSS belong to
 * this one measurement): loads the bundled analysis entry point, times one
 * `loadAndAnalyze(projectRoot, { cache })` call and prints one JSON line.
 *
 *   node bench/harness/index_child.mjs <bundle.js> <projectRoot> <cache: true|false>
 */
import { createRequire } from 'node:module';

const [bundle, projectRoot, cacheArg] = process.argv.slice(2);
const require = createRequire(import.meta.url);

function summarize(analyses) {
  let models = 0;
  let nodes = 0;
  let columns = 0;
  let columnEdges = 0;
  let diagnostics = 0;
  for (const a of analyses) {
    diagnostics += a.diagnostics.length;
    for (const n of a.nodes.values()) {
      nodes++;
      if (n.resourceType === 'model') models++;
      for (const c of n.columns) {
        columns++;
        columnEdges += c.lineage.length;
      }
    }
  }
  return { projects: analyses.length, nodes, models, columns, columnEdges, diagnostics };
}

try {
  const api = require(bundle);
  if (typeof api.loadAndAnalyze !== 'function') throw new Error(`${bundle} does not export loadAndAnalyze`);
  const started = performance.now();
  const result = await api.loadAndAnalyze(projectRoot, { cache: cacheArg === 'true' });
  const elapsedMs = performance.now() - started;
  const maxRssKb = process.resourceUsage().maxRSS;
  const heapUsedMb = process.memoryUsage().heapUsed / 1048576;
  // Reading every node's columns: a warm start from the snapshot parses nodes on first use, so this is its deferred part.
  const readStarted = performance.now();
  const summary = summarize(result.analyses);
  const readAllMs = performance.now() - readStarted;
  process.stdout.write(
    JSON.stringify({ ok: true, elapsedMs, maxRssKb, heapUsedMb, readAllMs, timings: result.timings ?? null, ...summary }) + '\n',
  );
} catch (err) {
  process.stdout.write(JSON.stringify({ ok: false, error: err instanceof Error ? err.stack ?? err.message : String(err) }) + '\n');
  process.exitCode = 1;
}
