/**
 * Warehouse requests. driftwatch/listTargets and driftwatch/setTarget work
 * from profiles.yml (the password from the client's SecretStorage is kept in
 * memory only). Build, preview and diff are not wired to the editor yet and
 * answer a clear error (the CLI has them: `driftwatch build|diff`).
 */
import { ErrorCodes, ResponseError, type Connection } from 'vscode-languageserver/node';
import { buildRequest, diffRequest, listTargetsRequest, previewRequest, setTargetRequest } from '../../protocol/lsp_ext';
import { listTargets } from '../../warehouse/connect';
import type { WorkspaceState } from '../workspace_state';

export function registerWarehouseHandlers(connection: Connection, state: WorkspaceState, ready: Promise<void>): void {
  const targetsOf = () => {
    // The first project's profile: multi-project workspaces share the editor's one target choice.
    const session = state.sessions[state.sessions.length - 1];
    if (!session) return { profile: null, targets: [] };
    const { profile, targets } = listTargets({ projectRoot: session.root, env: process.env }, state.target);
    return { profile, targets };
  };

  connection.onRequest(listTargetsRequest, async () => {
    await ready;
    try {
      return targetsOf();
    } catch (e) {
      throw new ResponseError(ErrorCodes.InvalidRequest, `Cannot read the warehouse profiles: ${(e as Error)?.message ?? e}`);
    }
  });

  connection.onRequest(setTargetRequest, async (p) => {
    await ready;
    let known: string[];
    try {
      known = targetsOf().targets.map((t) => t.name);
    } catch (e) {
      return { ok: false, message: `Cannot read the warehouse profiles: ${(e as Error)?.message ?? e}` };
    }
    if (!p?.target || !known.includes(p.target)) return { ok: false, message: `No target '${p?.target ?? ''}' in the profile (known: ${known.join(', ') || 'none'}).` };
    state.activeTarget = p.target;
    if (p.password) state.passwords.set(p.target, p.password);
    return { ok: true };
  });

  const notYet = (what: string) => () => {
    throw new ResponseError(ErrorCodes.MethodNotFound, `${what} is not available in the editor in this build of the Driftwatch server yet (use the CLI).`);
  };
  connection.onRequest(buildRequest, notYet('Building models'));
  connection.onRequest(previewRequest, notYet('Previewing a model'));
  connection.onRequest(diffRequest, notYet('Diffing against another target'));
}
