import type { ProjectAnalysisDetail } from './analyze_project';
import type { AnalysisView } from './api';

/** The public view of a live analysis. */
export function viewOfAnalysis(a: ProjectAnalysisDetail): AnalysisView {
  return { root: a.root, projectName: a.project.config.name, nodes: a.nodes, diagnostics: a.diagnostics, order: a.dag.topologicalOrder() };
}
