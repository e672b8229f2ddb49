/**
 * driftwatch/runChecks: plans the selected checks (check files + dbt tests),
 * opens the active target READ-ONLY, runs them with cancellation, and streams
 * each result as a driftwatch/checkResult notification. Checks never write
 * to the user's tables: the warehouse is opened read-only, and an untrusted
 * workspace runs nothing.
 */
import * as path from 'path';
import { ErrorCodes, ResponseError, type CancellationToken, type Connection } from 'vscode-languageserver/node';
import { buildCheckPlan } from '../../checks/build_plan';
import { openHistory, type HistoryStore } from '../../checks/history';
import type { CheckSpec } from '../../checks/model';
import { runChecks } from '../../checks/run_checks';
import { toResultItem } from '../../checks/editor_items';
import { checkResultNotification, type CheckResultItem, type RunChecksParams, type RunChecksResult } from '../../protocol/lsp_ext';
import { openWarehouse } from '../../warehouse/connect';
import type { ProjectSession } from '../../workspace/project_session';
import type { CheckResultDiagnostics } from '../check_result_diagnostics';
import { uriToPath } from '../convert';
import { nodeLocation } from '../node_facts';
import { selectNodes } from '../select_nodes';
import { analysisForTarget } from '../target_analysis';
import type { WorkspaceState } from '../workspace_state';

/** Where run results become diagnostics: the store, and who to tell that it changed. */
export interface CheckRunDiagnostics {
  /** Keyed by project root: results outlive the session objects a re-index replaces. */
  store: CheckResultDiagnostics<string>;
  /** Called as results arrive (the server batches the re-publish). */
  changed(session: ProjectSession): void;
}

export async function runChecksRequest(connection: Connection, state: WorkspaceState, p: RunChecksParams, token: CancellationToken, diagnostics?: CheckRunDiagnostics): Promise<RunChecksResult> {
  if (!state.settings.trusted) {
    throw new ResponseError(ErrorCodes.InvalidRequest, 'This workspace is not trusted, so Driftwatch runs no SQL. Trust the workspace to run checks.');
  }
  const abs = p.uri ? uriToPath(p.uri) : undefined;
  const sessions = abs ? state.sessions.filter((s) => s === state.sessionFor(abs)) : state.sessions;
  const abort = new AbortController();
  const sub = token.onCancellationRequested(() => abort.abort());
  const results: CheckResultItem[] = [];
  try {
    for (const session of sessions) {
      if (abort.signal.aborted) break;
      results.push(...(await runForSession(connection, state, session, p, abs, abort.signal, diagnostics)));
    }
  } finally {
    sub.dispose();
  }
  const summary = { pass: 0, warn: 0, fail: 0, error: 0 };
  for (const r of results) if (r.status in summary) summary[r.status as keyof typeof summary]++;
  return { results, summary, cancelled: abort.signal.aborted };
}

async function runForSession(connection: Connection, state: WorkspaceState, session: ProjectSession, p: RunChecksParams, abs: string | undefined, signal: AbortSignal, diagnostics: CheckRunDiagnostics | undefined): Promise<CheckResultItem[]> {
  const target = p.target ?? state.target;
  // Checks read the relations the project renders for the target they run on (schema='s_' ~ target.name):
  // a target other than the editor's is analysed for itself, as `driftwatch check --target` does. One the
  // analysis cannot resolve (a password only the client holds) keeps the editor's relations, as before.
  const analysis = await analysisForTarget(state, session, target).catch((e: Error) => {
    console.error(`driftwatch: checks on '${target}' read the editor target's relations: ${e.message}`);
    return session.analysis;
  });
  const selected = p.select ? selectNodes(analysis, p.select) : undefined;
  const plan = buildCheckPlan({ analysis, checkFiles: session.checkFiles(), select: selected ? (id) => selected!.has(id) : undefined });
  const rel = abs ? session.relPath(abs) : undefined;
  const ownNode = rel ? analysis.nodeByFile.get(rel)?.[0] : undefined;
  const ids = p.ids?.length ? new Set(p.ids) : undefined;
  const specs = plan.specs.filter((s) => (!ids || ids.has(s.id)) && (!rel || (ownNode ? s.dataset.id === ownNode : s.file === rel)));
  if (!specs.length) return [];

  const warehouse = await openWarehouse(target, {
    projectRoot: session.root,
    readOnly: true,
    env: process.env,
    password: target ? state.passwords.get(target) : undefined,
  }).catch((e: Error) => {
    throw new ResponseError(ErrorCodes.InvalidRequest, `Cannot connect to ${target ? `target '${target}'` : 'the default target'}: ${e.message}`);
  });
  let history: HistoryStore | undefined;
  if (specs.some((s) => s.body.kind === 'aggregate' && s.body.history)) {
    history = await openHistory(path.join(session.root, '.driftwatch', 'history.duckdb')).catch((e: Error) => {
      console.error(`driftwatch: metric history unavailable (${e.message}); change and anomaly checks will error`);
      return undefined;
    });
  }
  const at = new Date();
  const specById = new Map<string, CheckSpec>(specs.map((s) => [s.id, s]));
  const locate = (id: string) => {
    const node = analysis.nodes.get(id);
    return node ? nodeLocation(node) : undefined;
  };
  // What the previous run of these checks said is replaced by this run, result by result.
  if (diagnostics?.store.startRun(session.root, specById.keys())) diagnostics.changed(session);
  try {
    const results = await runChecks(specs, warehouse, {
      signal,
      history,
      concurrency: state.settings.checks.concurrency,
      timeoutMs: state.settings.checks.timeoutMs,
      onResult: (r) => {
        void connection.sendNotification(checkResultNotification, toResultItem(r, at));
        if (diagnostics?.store.record(session.root, r, specById.get(r.id), locate)) diagnostics.changed(session);
      },
    });
    return results.map((r) => toResultItem(r, at));
  } finally {
    await history?.close().catch(() => undefined);
    await warehouse.close().catch(() => undefined);
  }
}

