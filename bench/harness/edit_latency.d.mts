// Types for edit_latency.mjs.
export function editSequence(original: string, count: number): string[];
export function peakRssKb(pid: number): number | null;
export interface EditLatencyResult {
  readyMs: number;
  samples: number[];
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
  serverArgs?: string[];
  /** Node flags for the server process, before the script (e.g. --cpu-prof). */
  nodeArgs?: string[];
}): Promise<EditLatencyResult>;
