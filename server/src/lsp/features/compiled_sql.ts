/** driftwatch/compiledSql: a node's rendered SQL, formatted, with its render errors. */
import type { ProjectAnalysisDetail } from '../../analysis/analyze_project';
import type { CompiledSqlResult } from '../../protocol/lsp_ext';
import { formatSql } from '../../sql';

export function compiledSql(analysis: ProjectAnalysisDetail, nodeId: string | undefined): CompiledSqlResult {
  const node = nodeId ? analysis.nodes.get(nodeId) : undefined;
  if (!node) return { node: null, sql: null, errors: nodeId ? [`No node '${nodeId}' in this project.`] : ['This file defines no model or snapshot.'] };
  const r = analysis.modelResults.get(node.uniqueId);
  if (!r) return { node: node.uniqueId, sql: null, errors: [`'${node.name}' is a ${node.resourceType}: it has no SQL of its own.`] };
  let sql = analysis.compiledSql(node.uniqueId) ?? '';
  try {
    sql = formatSql(sql, analysis.dialect);
  } catch {
    // Unformattable SQL (a failed render, a dialect quirk) is still worth showing as rendered.
  }
  return { node: node.uniqueId, sql, errors: r.jinjaErrors.map((e) => (e.file ? `${e.file}: ${e.message}` : e.message)) };
}
