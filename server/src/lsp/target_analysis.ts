/**
 * A project analysed for a profiles.yml target other than the one the editor
 * renders for: the other side of driftwatch/diff, and runChecks given a target
 * of its own. A model's relation can depend on the target (`schema='s_' ~
 * target.name`, another target schema), so it is rendered for that target, as
 * the CLI's `diff --against` does. Same texts as the editor's session (unsaved
 * buffers included); uncached, since the per-model cache holds one target.
 */
import type { ProjectAnalysisDetail } from '../analysis/analyze_project';
import { ProjectSession } from '../workspace/project_session';
import type { WorkspaceState } from './workspace_state';

export async function analysisForTarget(state: WorkspaceState, session: ProjectSession, targetName: string | undefined): Promise<ProjectAnalysisDetail> {
  if (targetName === undefined || targetName === session.target.name) return session.analysis;
  const other = await ProjectSession.open(session.root, { ...state.sessionOptions(), targetName, cache: false });
  // A target profiles.yml cannot give (unknown, or a password only the client holds) falls back to
  // DuckDB defaults: relations surely wrong, so the caller keeps what it did without this analysis.
  if (other.targetProblem) throw new Error(`cannot render the project for target '${targetName}': ${other.targetProblem}`);
  // Only buffers that differ from disk re-analyse (setOverlay ignores an unchanged text).
  for (const [abs] of state.openBuffers()) {
    const rel = state.sessionFor(abs) === session ? session.relPath(abs) : undefined;
    const text = rel === undefined ? undefined : session.fileText(rel);
    if (text !== undefined) other.setOverlay(abs, text);
  }
  return other.analysis;
}
