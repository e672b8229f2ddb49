/**
 * "Preview" for the editor: the first rows a node produces. Models and
 * snapshots run their *compiled SQL* (so an unsaved edit previews as written,
 * without building anything); seeds and sources read their relation. Always
 * through the read-only `query`, always with a row limit.
 */
import type { ProjectAnalysis } from '../analysis/api';
import type { PreviewResult } from '../protocol/lsp_ext';
import type { QueryOptions, Warehouse } from './api';
import { toRelationName } from './build';
import { findNode } from './diff_node';
import { withEphemeralsInlined, withoutClosingSemicolon } from '../analysis/ephemeral';

export const DEFAULT_PREVIEW_LIMIT = 100;
const MAX_PREVIEW_LIMIT = 10_000;

/** The statement a preview runs; exported so the editor can show it. */
export function previewSql(analysis: ProjectAnalysis, wh: Warehouse, nodeRef: string, limit = DEFAULT_PREVIEW_LIMIT): string {
  const node = findNode(analysis, nodeRef);
  const n = Math.max(1, Math.min(MAX_PREVIEW_LIMIT, Math.floor(limit)));
  const compiled = node.resourceType === 'model' || node.resourceType === 'snapshot' ? analysis.compiledSql(node.uniqueId) : undefined;
  if (compiled?.trim()) {
    // The newline before ')' keeps a trailing line comment in the model from swallowing it.
    return `select * from (\n${withoutClosingSemicolon(withEphemeralsInlined(analysis, node, compiled))}\n) as dw_preview limit ${n}`;
  }
  return `select * from ${wh.relationSql(toRelationName(node))} limit ${n}`;
}

export async function previewNode(
  analysis: ProjectAnalysis,
  wh: Warehouse,
  nodeRef: string,
  opts: { limit?: number } & QueryOptions = {},
): Promise<PreviewResult> {
  const sql = previewSql(analysis, wh, nodeRef, opts.limit);
  const started = Date.now();
  const r = await wh.query(sql, { timeoutMs: opts.timeoutMs ?? 60_000, signal: opts.signal });
  const names = r.rows.length ? Object.keys(r.rows[0]) : r.columns.map((c) => c.name);
  return {
    columns: r.columns,
    rows: r.rows.map((row) => names.map((k) => row[k])),
    sql,
    elapsedMs: Date.now() - started,
  };
}
