/**
 * driftwatch/compiledSql: what a build or a preview of the node runs, formatted,
 * with its render errors. Ephemeral parents are inlined as `__dbt__cte__<name>`
 * CTEs by the same function builds use (as dbt's target/compiled shows them):
 * the bare rendered SQL names a relation an ephemeral model never has.
 */
import type { ProjectAnalysisDetail } from '../../analysis/analyze_project';
import type { CompiledSqlResult } from '../../protocol/lsp_ext';
import { formatSql } from '../../sql';
// No driver is loaded by this module (unlike the rest of warehouse/): it only rewrites SQL text.
import { inlineEphemerals } from '../../analysis/ephemeral';

export function compiledSql(analysis: ProjectAnalysisDetail, nodeId: string | undefined): CompiledSqlResult {
  const node = nodeId ? analysis.nodes.get(nodeId) : undefined;
  if (!node) return { node: null, sql: null, errors: nodeId ? [`No node '${nodeId}' in this project.`] : ['This file defines no model or snapshot.'] };
  const r = analysis.modelResults.get(node.uniqueId);
  if (!r) return { node: node.uniqueId, sql: null, errors: [`'${node.name}' is a ${node.resourceType}: it has no SQL of its own.`] };
  const errors = r.jinjaErrors.map((e) => (e.file ? `${e.file}: ${e.message}` : e.message));
  let sql = analysis.compiledSql(node.uniqueId) ?? '';
  try {
    const run = inlineEphemerals(analysis, node, sql);
    sql = run.sql;
    // A broken ephemeral parent breaks this SQL too: say where.
    for (const e of run.inlined) {
      for (const err of analysis.modelResults.get(e.uniqueId)?.jinjaErrors ?? []) errors.push(`${err.file ?? e.file ?? e.uniqueId}: ${err.message}`);
    }
  } catch (e) {
    // An ephemeral parent without SQL: show the node's own SQL, and why it cannot run as it is.
    errors.push((e as Error)?.message ?? String(e));
  }
  try {
    sql = formatSql(sql, analysis.dialect);
  } catch {
    // Unformattable SQL (a failed render, a dialect quirk) is still worth showing as rendered.
  }
  return { node: node.uniqueId, sql, errors };
}
