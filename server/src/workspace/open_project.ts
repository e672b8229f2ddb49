/**
 * Open every project under a folder and analyse it, the way the CLI's
 * reports start: the entry point the benchmark times (cold: no cache; warm:
 * from `.driftwatch/cache`). Warm, an up-to-date snapshot answers without
 * running the pipeline; otherwise the project is analysed (reusing per-model
 * results) and its caches are written, so the next start is warm.
 */
import type { AnalysisView } from '../analysis/api';
import { viewOfAnalysis } from '../analysis/analysis_view';
import { openWorkspace, workspaceViews, type SessionOptions } from './project_session';

export interface OpenTimings {
  readMs: number;
  cacheMs: number;
  analyzeMs: number;
  saveMs: number;
  rendered: number;
  reused: number;
  /** Projects answered from their snapshot, without running the pipeline. */
  fromSnapshot: number;
}

export async function loadAndAnalyze(root: string, options: { cache: boolean } & Omit<SessionOptions, 'cache'>): Promise<{ analyses: AnalysisView[]; timings: OpenTimings }> {
  const opened = options.cache
    ? await workspaceViews(root, options)
    : (await openWorkspace(root, options)).map((session) => ({ view: viewOfAnalysis(session.analysis), session }));
  const timings: OpenTimings = { readMs: 0, cacheMs: 0, analyzeMs: 0, saveMs: 0, rendered: 0, reused: 0, fromSnapshot: 0 };
  const t0 = performance.now();
  for (const { session } of opened) {
    if (!session) {
      timings.fromSnapshot++;
      continue;
    }
    if (options.cache) await session.saveCache();
    timings.readMs += session.timings.readMs;
    timings.cacheMs += session.timings.cacheMs;
    timings.analyzeMs += session.timings.analyzeMs;
    timings.rendered += session.analysis.stats.rendered;
    timings.reused += session.analysis.stats.reused;
  }
  timings.saveMs = performance.now() - t0;
  return { analyses: opened.map((o) => o.view), timings };
}
