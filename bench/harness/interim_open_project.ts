/**
 * Stand-in for `loadAndAnalyze` from server/src/workspace/open_project.ts until
 * that file exists: the same contract, implemented over ProjectSession — the
 * pipeline the language server and the CLI run today — so the benchmark can
 * report real cold/warm figures meanwhile. bench/run.mjs labels every figure
 * measured through this file as interim, and prefers the real entry as soon as
 * it is in the tree.
 */
import * as fs from 'fs';
import { cacheFile } from '../../server/src/workspace/analysis_cache';
import { openWorkspace } from '../../server/src/workspace/project_session';

export async function loadAndAnalyze(projectRoot: string, options: { cache: boolean }) {
  const hadCache = options.cache && fs.existsSync(cacheFile(projectRoot));
  const sessions = await openWorkspace(projectRoot, { cache: options.cache });
  const analyses = sessions.map((s) => s.analysis);
  const t0 = performance.now();
  // Like the server: a cache is written after an analysis without one, not on every start.
  if (options.cache && !hadCache) await Promise.all(sessions.map((s) => s.saveCache()));
  const saveMs = performance.now() - t0;
  const timings = { readMs: 0, cacheMs: 0, analyzeMs: 0, saveMs };
  for (const s of sessions) {
    timings.readMs += s.timings.readMs;
    timings.cacheMs += s.timings.cacheMs;
    timings.analyzeMs += s.timings.analyzeMs;
  }
  const stats = analyses.map((a) => a.stats);
  return { analyses, timings: { ...timings, rendered: sum(stats.map((s) => s.rendered)), reused: sum(stats.map((s) => s.reused)) } };
}

function sum(values: number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}
