/** A dbt selector (`orders+`, `tag:x`) over an analysed project, with a protocol error for a bad one. */
import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';
import type { ProjectAnalysisDetail } from '../analysis/analyze_project';
import { select, SelectorError } from '../lineage/selector';
import { displayName } from './node_facts';

export function selectNodes(analysis: ProjectAnalysisDetail, selector: string): Set<string> {
  try {
    const nodes = [...analysis.nodes.values()].map((n) => ({ ...n, sourceQualifiedName: n.resourceType === 'source' ? displayName(analysis, n) : undefined }));
    return select(selector, nodes, analysis.dag);
  } catch (e) {
    if (e instanceof SelectorError) throw new ResponseError(ErrorCodes.InvalidParams, `Bad selector '${selector}': ${e.message}`);
    throw e;
  }
}
