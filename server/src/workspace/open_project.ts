/**
 * Open every project under a folder and analyse it, the way the server and
 * the CLI start: the entry point the benchmark times (cold: no cache; warm:
 * from `.driftwatch/cache`). A cache is written after an analysis that had
 * none, not on every start.
 */
import * as fs from 'fs';
import type { ProjectAnalysisDetail } from '../analysis/analyze_project';
import { cacheFile } from './analysis_cache';
import { openWorkspace, type SessionOptions } from './project_session';

export interface OpenTimings {
  readMs: number;
  cacheMs: number;
  analyzeMs: number;
  saveMs: number;
  rendered: number;
  reused: number;
}

export async function loadAndAnalyze(root: string, options: { cache: boolean } & Omit<SessionOptions, 'cache'>): Promise<{ analyses: ProjectAnalysisDetail[]; timings: OpenTimings }> {
  const hadCache = options.cache && fs.existsSync(cacheFile(root));
  const sessions = await openWorkspace(root, options);
  const analyses = sessions.map((s) => s.analysis);
  const t0 = performance.now();
  if (options.cache && !hadCache) await Promise.all(sessions.map((s) => s.saveCache()));
  const timings: OpenTimings = { readMs: 0, cacheMs: 0, analyzeMs: 0, saveMs: performance.now() - t0, rendered: 0, reused: 0 };
  for (const s of sessions) {
    timings.readMs += s.timings.readMs;
    timings.cacheMs += s.timings.cacheMs;
    timings.analyzeMs += s.timings.analyzeMs;
    timings.rendered += s.analysis.stats.rendered;
    timings.reused += s.analysis.stats.reused;
  }
  return { analyses, timings };
}
