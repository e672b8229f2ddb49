/** A dbt selector (`orders+`, `tag:x`) over an analysed project, with a protocol error for a bad one. */
import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';
import type { ProjectAnalysisDetail } from '../analysis/analyze_project';
import { selectInAnalysis, SelectorError } from '../lineage/selector';

export function selectNodes(analysis: ProjectAnalysisDetail, selector: string): Set<string> {
  try {
    return selectInAnalysis(analysis, selector, analysis.dag);
  } catch (e) {
    if (e instanceof SelectorError) throw new ResponseError(ErrorCodes.InvalidParams, `Bad selector '${selector}': ${e.message}`);
    throw e;
  }
}
