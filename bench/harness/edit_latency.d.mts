// Types for edit_latency.mjs.
export function editSequence(original: string, count: number): string[];
export function peakRssKb(pid: number): number | null;
export interface EditLatencyResult {
  readyMs: number;
  /** Latencies of the answered edits. */
  samples: number[];
  /** Edits sent (fewer than asked after three consecutive timeouts or when the time budget ran out). */
  attempted: number;
  /** Percentiles over answered edits plus timed-out ones counted as the timeout: lower bounds when timeouts > 0. */
  p50: number;
  p95: number;
  max: number;
  timeouts: number;
  unversioned: number;
  serverPeakRssKb: number | null;
  models: number | null;
  /** Diagnostics the server had published when it became ready (latest per document). */
  atReady: { documents: number; byCode: Record<string, number> };
}
export function summarizeDiagnostics(latestByUri: Map<string, { code?: unknown }[]>): { documents: number; byCode: Record<string, number> };
export function measureEditLatency(options: {
  serverPath: string;
  projectDir: string;
  editTarget: string;
  edits: number;
  readyTimeoutMs?: number;
  editTimeoutMs?: number;
  /** Stop sending edits once this much time has been spent on them (default 180 s). */
  editBudgetMs?: number;
  serverArgs?: string[];
  /** Node flags for the server process, before the script (e.g. --cpu-prof). */
  nodeArgs?: string[];
  /** Added to this process' environment for the server. */
  env?: Record<string, string>;
}): Promise<EditLatencyResult>;
/** Several servers' results as one: latencies pooled, start-up times and peak RSS as medians. */
export function poolServerRuns(
  runs: (EditLatencyResult & { firstDiagnosticsMs?: number | null; snapshotNote?: string | null })[],
  editTimeoutMs: number,
): EditLatencyResult & { firstDiagnosticsMs: number | null; snapshotNote: string | null };
