// Types for index_runs.mjs.
export interface IndexRun {
  ok: true;
  elapsedMs: number;
  maxRssKb: number;
  heapUsedMb: number;
  timings: Record<string, unknown> | null;
  projects: number;
  nodes: number;
  models: number;
  columns: number;
  columnEdges: number;
  diagnostics: number;
}
/** Bundles server/src/workspace/open_project.ts with esbuild; null when it is not in the tree. */
export function bundleAnalysisEntry(repoRoot: string, outDir: string): Promise<string | null>;
export function measureIndex(
  bundle: string,
  projectDir: string,
  options: { cache: boolean; runs: number; nodeArgs?: string[] },
): { runs: IndexRun[]; elapsedMs: number; maxRssKb: number; last: IndexRun };
