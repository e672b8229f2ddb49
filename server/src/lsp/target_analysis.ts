/**
 * The editor's analysis as seen from another target (driftwatch/diff, and
 * runChecks given a target of its own): workspace/target_view.ts, with the
 * environment the editor's session renders with. Unsaved buffers are
 * included, since it is the editor's own analysis.
 */
import type { ProjectAnalysisDetail } from '../analysis/analyze_project';
import type { ProjectSession } from '../workspace/project_session';
import { analysisUnderTarget } from '../workspace/target_view';
import type { WorkspaceState } from './workspace_state';

export async function analysisForTarget(state: WorkspaceState, session: ProjectSession, targetName: string | undefined): Promise<ProjectAnalysisDetail> {
  if (targetName === undefined) return session.analysis;
  return analysisUnderTarget(session, targetName, state.sessionOptions().env ?? {});
}
