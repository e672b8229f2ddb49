/**
 * Warehouse requests. driftwatch/listTargets and driftwatch/setTarget work
 * from profiles.yml (the password from the client's SecretStorage is kept in
 * memory only). driftwatch/preview reads (read-only connection);
 * driftwatch/build writes to the dev target only (production targets are
 * refused by the warehouse layer). Nothing runs in an untrusted workspace.
 * driftwatch/diff compares a node in the active target with another, both read-only.
 */
import { ErrorCodes, ResponseError, type CancellationToken, type Connection } from 'vscode-languageserver/node';
import { buildRequest, diffRequest, listTargetsRequest, previewRequest, setTargetRequest } from '../../protocol/lsp_ext';
import type { DevWarehouse, Warehouse } from '../../warehouse/api';
// The warehouse modules load the DuckDB and pg drivers: imported on first use, not at server start.
const connect = () => import('../../warehouse/connect');
import type { ProjectSession } from '../../workspace/project_session';
import { selectNodes } from '../select_nodes';
import { analysisForTarget } from '../target_analysis';
import type { WorkspaceState } from '../workspace_state';

export function registerWarehouseHandlers(connection: Connection, state: WorkspaceState, ready: Promise<void>, targetChanged: () => void = () => undefined): void {
  const targetsOf = async () => {
    const { listTargets } = await connect();
    // The first project's profile: multi-project workspaces share the editor's one target choice.
    const session = state.sessions[state.sessions.length - 1];
    if (!session) return { profile: null, targets: [] };
    const { profile, targets } = listTargets({ projectRoot: session.root, env: process.env }, state.target);
    return { profile, targets };
  };

  connection.onRequest(listTargetsRequest, async () => {
    await ready;
    try {
      return await targetsOf();
    } catch (e) {
      throw new ResponseError(ErrorCodes.InvalidRequest, `Cannot read the warehouse profiles: ${(e as Error)?.message ?? e}`);
    }
  });

  connection.onRequest(setTargetRequest, async (p) => {
    await ready;
    let known: string[];
    try {
      known = (await targetsOf()).targets.map((t) => t.name);
    } catch (e) {
      return { ok: false, message: `Cannot read the warehouse profiles: ${(e as Error)?.message ?? e}` };
    }
    if (!p?.target || !known.includes(p.target)) return { ok: false, message: `No target '${p?.target ?? ''}' in the profile (known: ${known.join(', ') || 'none'}).` };
    state.activeTarget = p.target;
    if (p.password) state.passwords.set(p.target, p.password);
    targetChanged(); // the status bar shows the active target
    return { ok: true };
  });

  const needTrust = () => {
    if (!state.settings.trusted) throw new ResponseError(ErrorCodes.InvalidRequest, 'This workspace is not trusted, so Driftwatch runs no SQL. Trust the workspace first.');
  };
  async function open(session: ProjectSession, readOnly: true): Promise<Warehouse>;
  async function open(session: ProjectSession, readOnly: false): Promise<DevWarehouse>;
  async function open(session: ProjectSession, readOnly: boolean): Promise<Warehouse | DevWarehouse> {
    const target = state.target;
    const { openWarehouse } = await connect();
    try {
      return await openWarehouse(target, { projectRoot: session.root, readOnly, env: process.env, password: target ? state.passwords.get(target) : undefined });
    } catch (e) {
      throw new ResponseError(ErrorCodes.InvalidRequest, `Cannot open ${target ? `target '${target}'` : 'the default target'}: ${(e as Error)?.message ?? e}`);
    }
  }
  const failure = (what: string, e: unknown) => (e instanceof ResponseError ? e : new ResponseError(ErrorCodes.InternalError, `${what} failed: ${(e as Error)?.message ?? e}`));

  /** The node a request is about: its id, or the model of the document it names. */
  function nodeOf(p: { node?: string; uri?: string }, what: string): { session: ProjectSession; nodeId: string } {
    const found = p.node ? state.findNode(p.node) : undefined;
    const ctx = !found && p.uri ? state.file(p.uri) : undefined;
    const session = found?.session ?? ctx?.session;
    const nodeId = p.node ?? (ctx && ctx.analysis.nodeByFile.get(ctx.rel)?.[0]);
    if (!session || !nodeId) throw new ResponseError(ErrorCodes.InvalidParams, `No model to ${what} here.`);
    return { session, nodeId };
  }

  /** Runs `work` with an AbortSignal tied to the request's cancellation; errors become ResponseErrors named for `what`. */
  async function cancellable<T>(token: CancellationToken, what: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const abort = new AbortController();
    const sub = token.onCancellationRequested(() => abort.abort());
    try {
      return await work(abort.signal);
    } catch (e) {
      throw failure(what, e);
    } finally {
      sub.dispose();
    }
  }

  connection.onRequest(previewRequest, async (p, token) => {
    await ready;
    needTrust();
    const { session, nodeId } = nodeOf(p, 'preview');
    const wh = await open(session, true);
    try {
      return await cancellable(token, 'Preview', async (signal) => {
        const { previewNode } = await import('../../warehouse/preview');
        return previewNode(session.analysis, wh, nodeId, { limit: p.limit, signal });
      });
    } finally {
      await wh.close().catch(() => undefined);
    }
  });

  connection.onRequest(buildRequest, async (p, token) => {
    await ready;
    needTrust();
    const session = state.sessions[state.sessions.length - 1];
    if (!session) throw new ResponseError(ErrorCodes.InvalidRequest, 'No dbt project is open.');
    const analysis = session.analysis;
    const selected = p?.select ? selectNodes(analysis, p.select) : undefined;
    const wh = await open(session, false);
    try {
      return await cancellable(token, 'Build', async (signal) => {
        const { buildDev } = await import('../../warehouse/build');
        return buildDev(analysis, wh, { projectRoot: session.root, select: selected && ((id) => selected.has(id)), signal });
      });
    } finally {
      await wh.close().catch(() => undefined);
    }
  });

  connection.onRequest(diffRequest, async (p, token) => {
    await ready;
    needTrust();
    const { session, nodeId } = nodeOf(p, 'diff');
    if (!p.against) throw new ResponseError(ErrorCodes.InvalidParams, "Say which target to compare with ('against').");
    return cancellable(token, 'Diff', async (signal) => {
      // The other side is the relation the project renders for that target (schema='s_' ~ target.name),
      // as `driftwatch diff --against` finds it; without that analysis diffNode swaps the schema prefix.
      const otherAnalysis = await analysisForTarget(state, session, p.against).catch((e) => {
        console.error(`driftwatch: diff against '${p.against}' uses the dev relation renamed: ${(e as Error)?.message ?? e}`);
        return undefined;
      });
      // Both sides are opened read-only by diffNode.
      const { diffNode } = await import('../../warehouse/diff_node');
      const r = await diffNode(session.analysis, { projectRoot: session.root, node: nodeId, against: p.against, target: state.target, key: p.key, signal, env: process.env, passwords: Object.fromEntries(state.passwords), otherAnalysis });
      return { node: r.node, rowCounts: r.rowCounts, schema: r.schema, columns: r.columns, rows: r.rows, text: r.text };
    });
  });
}
