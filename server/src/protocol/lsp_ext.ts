/**
 * Driftwatch's extensions to the Language Server Protocol, typed once and
 * imported by both the client and the server (like rust-analyzer's lsp_ext).
 * Only plain JSON types here; both sides depend on vscode-languageserver-protocol
 * through their own libraries, so this file imports nothing but the message-type
 * constructors from vscode-jsonrpc (re-exported by both LSP libraries).
 */
import { NotificationType, RequestType } from 'vscode-jsonrpc';

// ---------------------------------------------------------------- lineage

export type LineageDirection = 'up' | 'down' | 'both';

export interface LineageParams {
  /** A node's unique id (model.shop.orders) — or a document URI, meaning the node defined there. */
  node?: string;
  uri?: string;
  /** Follow one column instead of the whole node. */
  column?: string;
  direction: LineageDirection;
  /** How many hops from the root; 0 = unlimited. */
  depth: number;
}

export type ResourceKind = 'model' | 'seed' | 'snapshot' | 'source';

export interface LineageNode {
  id: string;
  name: string;
  resourceType: ResourceKind;
  /** File URI and the range of the definition (model file, or the YAML entry for sources). */
  uri?: string;
  range?: { start: { line: number; character: number }; end: { line: number; character: number } };
  materialized?: string;
  columns: { name: string; type?: string; description?: string }[];
  /** Hops from the root: negative upstream, positive downstream, 0 root. */
  distance: number;
  /** Worst status of this node's checks at the last run, if any. */
  checkStatus?: CheckStatus;
  upstreamCount: number;
  downstreamCount: number;
}

export interface LineageEdge {
  from: string;
  to: string;
}

export interface ColumnEdge {
  from: { node: string; column: string };
  to: { node: string; column: string };
}

export interface LineageResult {
  root: string | null;
  nodes: LineageNode[];
  edges: LineageEdge[];
  /** Present when a column was asked for: the column-level path. */
  columnEdges?: ColumnEdge[];
  /** True when depth cut the graph short. */
  truncated: boolean;
}

export const lineageRequest = new RequestType<LineageParams, LineageResult, void>('driftwatch/lineage');

// ---------------------------------------------------------------- compiled SQL

export interface CompiledSqlParams {
  uri?: string;
  node?: string;
}

export interface CompiledSqlResult {
  node: string | null;
  sql: string | null;
  /** Render errors, when the SQL could not be produced in full. */
  errors: string[];
}

export const compiledSqlRequest = new RequestType<CompiledSqlParams, CompiledSqlResult, void>('driftwatch/compiledSql');

// ---------------------------------------------------------------- node at a position

export interface NodeAtParams {
  uri: string;
  position?: { line: number; character: number };
}

export interface NodeAtResult {
  node: string | null;
  /** The column under the cursor, when the position is on one. */
  column?: string;
}

export const nodeAtRequest = new RequestType<NodeAtParams, NodeAtResult, void>('driftwatch/nodeAt');

// ---------------------------------------------------------------- status

export interface StatusParams {
  state: 'starting' | 'indexing' | 'ready' | 'error';
  message?: string;
  projects: number;
  models: number;
  /** Name of the (first) dbt project, from dbt_project.yml; the status bar shows it. */
  project?: string;
  /** The active warehouse target, when one is configured. */
  target?: string;
  /** 0..100 while indexing. */
  percent?: number;
}

export const statusNotification = new NotificationType<StatusParams>('driftwatch/status');

// ---------------------------------------------------------------- checks

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'error' | 'skipped';

export interface CheckItem {
  /** Stable identity: file + dataset + check text (dbt tests: their generated name). */
  id: string;
  dataset: string; // node unique id
  label: string; // unique(order_id), row_count > 0, …
  kind: 'check' | 'dbt-test' | 'sla';
  uri: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  last?: CheckResultItem;
}

export interface CheckDataset {
  dataset: string;
  name: string;
  uri?: string;
  checks: CheckItem[];
}

export interface ListChecksResult {
  datasets: CheckDataset[];
}

export const listChecksRequest = new RequestType<{ uri?: string }, ListChecksResult, void>('driftwatch/listChecks');

export interface CheckResultItem {
  id: string;
  dataset: string;
  check: string;
  status: CheckStatus;
  value: number | string | null;
  threshold: string | null;
  message: string;
  sql: string | null;
  elapsedMs: number;
  samples: Record<string, unknown>[];
  /** ISO time of the run. */
  at: string;
  /** Recent measured values, oldest first, for sparklines. */
  history?: number[];
}

export interface RunChecksParams {
  /** Check ids to run; empty/absent with no selector = all. */
  ids?: string[];
  /** dbt selector (`orders+`, `tag:x`). */
  select?: string;
  /** Only the checks of this document (a check file or a model). */
  uri?: string;
  target?: string;
}

export interface RunChecksResult {
  results: CheckResultItem[];
  summary: { pass: number; warn: number; fail: number; error: number };
  cancelled: boolean;
}

/** Supports $/cancelRequest (stops the running statement) and work-done progress. */
export const runChecksRequest = new RequestType<RunChecksParams, RunChecksResult, void>('driftwatch/runChecks');

/** Pushed after each check completes during a run, so views update live. */
export const checkResultNotification = new NotificationType<CheckResultItem>('driftwatch/checkResult');

// ---------------------------------------------------------------- warehouse

export interface TargetInfo {
  name: string;
  type: string;
  isProduction: boolean;
  active: boolean;
  /** True when the target needs a password that is not configured (the client asks and sends it via setTarget). */
  needsPassword: boolean;
}

export const listTargetsRequest = new RequestType<{}, { profile: string | null; targets: TargetInfo[] }, void>('driftwatch/listTargets');

export interface SetTargetParams {
  target: string;
  /** From the client's SecretStorage; never persisted by the server. */
  password?: string;
}

export const setTargetRequest = new RequestType<SetTargetParams, { ok: boolean; message?: string }, void>('driftwatch/setTarget');

export interface BuildParams {
  select?: string;
}

export interface BuildResult {
  built: { node: string; status: 'ok' | 'error' | 'skipped'; message?: string; elapsedMs: number }[];
  ok: boolean;
}

export const buildRequest = new RequestType<BuildParams, BuildResult, void>('driftwatch/build');

export interface PreviewParams {
  node?: string;
  uri?: string;
  limit?: number;
}

export interface PreviewResult {
  columns: { name: string; type: string }[];
  rows: unknown[][];
  sql: string;
  elapsedMs: number;
}

export const previewRequest = new RequestType<PreviewParams, PreviewResult, void>('driftwatch/preview');

export interface DiffParams {
  node?: string;
  uri?: string;
  against: string; // target name, e.g. prod
  key?: string[];
}

export interface DiffResult {
  node: string;
  rowCounts: { dev: number; other: number };
  schema: { added: string[]; removed: string[]; typeChanged: { column: string; dev: string; other: string }[] };
  columns: { column: string; dev: Record<string, unknown>; other: Record<string, unknown> }[];
  rows?: { key: string[]; added: number; removed: number; changed: number; samples: Record<string, unknown>[] };
  text: string;
}

export const diffRequest = new RequestType<DiffParams, DiffResult, void>('driftwatch/diff');
