/**
 * Driftwatch's VS Code entry point. Starts the language server and wires the
 * thin presentation layer (status bar, Lineage and Checks views, graph and
 * preview webviews, Test Explorer, commands) to its requests. All analysis
 * happens in the server; nothing here parses SQL or YAML.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CheckRunner } from './check_runner';
import { registerCheckCommands } from './commands/check_commands';
import { commandErrors } from './commands/register';
import { registerLineageCommands } from './commands/lineage_commands';
import { registerServerCommands } from './commands/server_commands';
import { registerSqlCommands } from './commands/sql_commands';
import { COMPILED_SCHEME, CompiledSqlProvider } from './compiled_sql_provider';
import { GraphPanel } from './graph/graph_panel';
import { PreviewPanel } from './preview_panel';
import { createServerClient, findProjectRoots, SETTINGS_SECTION } from './server_client';
import { ServerEvents } from './server_events';
import type { Services } from './services';
import { StatusBar } from './status_bar';
import { Targets } from './targets';
import { ChecksTestController } from './testing/test_controller';
import { onTrustGranted } from './trust';
import { ChecksTreeProvider } from './views/checks_tree';
import { LineageTreeProvider } from './views/lineage_tree';

/** Returned from activate() for integration tests and other extensions. */
export interface DriftwatchApi {
  readonly client: LanguageClient;
  readonly lineage: LineageTreeProvider;
  readonly checks: ChecksTreeProvider;
  readonly tests: ChecksTestController;
  readonly graph: GraphPanel;
  readonly events: ServerEvents;
  readonly runner: CheckRunner;
  /** Commands that failed (id and message), newest last. */
  readonly commandErrors: readonly { id: string; message: string }[];
  /** Resolves when the server has reported `ready` at least once (or rejects after timeoutMs). */
  whenReady(timeoutMs?: number): Promise<void>;
}

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<DriftwatchApi> {
  const output = vscode.window.createOutputChannel('Driftwatch', { log: true });
  context.subscriptions.push(output);
  const roots = await findProjectRoots();
  output.info(`Driftwatch ${context.extension.packageJSON.version}: ${roots.length ? `dbt projects at ${roots.join(', ')}` : 'no dbt_project.yml found in the workspace'}; workspace ${vscode.workspace.isTrusted ? 'trusted' : 'restricted'}`);
  const c = createServerClient(context, output, roots);
  client = c;
  const getClient = () => c;
  const cfg = () => vscode.workspace.getConfiguration(SETTINGS_SECTION);

  const events = new ServerEvents(c);
  const statusBar = new StatusBar(roots.length ? path.basename(roots[0]) : vscode.workspace.name ?? 'Driftwatch');
  const runner = new CheckRunner(getClient, events);
  const lineage = new LineageTreeProvider(getClient, () => cfg().get('lineage.defaultDepth', 2));
  const checks = new ChecksTreeProvider(getClient);
  const tests = new ChecksTestController(getClient, runner, events);
  const graph = new GraphPanel(context.extensionUri, getClient, () => ({ depth: cfg().get('lineage.defaultDepth', 2) || 2, maxNodes: cfg().get('graph.maxNodes', 120) }));
  const compiled = new CompiledSqlProvider(getClient);
  const preview = new PreviewPanel();
  const targets = new Targets(context, getClient);
  const lineageView = vscode.window.createTreeView('driftwatch.lineage', { treeDataProvider: lineage, showCollapseAll: true });
  const checksView = vscode.window.createTreeView('driftwatch.checks', { treeDataProvider: checks, showCollapseAll: true });
  checks.attach(checksView);
  context.subscriptions.push(events, statusBar, runner, lineage, checks, tests, graph, compiled, preview, lineageView, checksView);
  context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(COMPILED_SCHEME, compiled));

  const refreshAll = async () => {
    await Promise.allSettled([lineage.refresh(), checks.refresh(), tests.refresh(), graph.reload(), targets.restore()]);
    compiled.refreshAll();
  };
  const services: Services = {
    context,
    client: getClient,
    output,
    runner,
    lineage,
    checks,
    tests,
    graph,
    compiled,
    preview,
    targets,
    restart: async () => {
      statusBar.update({ state: 'starting', projects: 0, models: 0 });
      await c.restart();
    },
  };
  registerCheckCommands(services);
  registerLineageCommands(services);
  registerSqlCommands(services);
  registerServerCommands(services);

  context.subscriptions.push(
    events.onStatus((s) => statusBar.update(s)),
    events.onReady(() => void refreshAll()),
    events.onCheckResult((r) => {
      checks.onResult(r);
      graph.onCheckResult(r);
    }),
    runner.onDidFinish(() => void checks.refresh()),
    vscode.window.onDidChangeActiveTextEditor((e) => {
      void lineage.follow(e);
      if (e) void graph.follow(e.document.uri);
    }),
    vscode.workspace.onDidSaveTextDocument(debounce((doc: vscode.TextDocument) => {
      // Saving a model or a property/check file can change lineage and the set of checks.
      if (/\.(sql|ya?ml)$/i.test(doc.uri.path)) void Promise.allSettled([lineage.refresh(), checks.refresh(), tests.refresh()]);
    }, 400)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('driftwatch.lineage.defaultDepth')) void lineage.refresh();
      if (e.affectsConfiguration('driftwatch.graph.maxNodes')) void graph.reload();
    }),
  );
  // The server learns trust only at start (initializationOptions), so granting trust restarts it.
  onTrustGranted(context, () => void services.restart().then(() => statusBar.update(statusBar.status)));
  void vscode.commands.executeCommand('setContext', 'driftwatch.active', true);

  let startError: string | undefined;
  const whenReady = (timeoutMs = 60000) =>
    new Promise<void>((resolve, reject) => {
      if (events.isReady) return resolve();
      if (startError) return reject(new Error(`Driftwatch server failed to start: ${startError}`));
      const subs = [
        events.onReady(() => done()),
        events.onStatus((s) => s.state === 'error' && done(new Error(`Driftwatch server error: ${s.message ?? 'unknown'}`))),
      ];
      const timer = setTimeout(() => done(new Error(`Driftwatch server not ready after ${timeoutMs} ms`)), timeoutMs);
      function done(err?: Error) {
        clearTimeout(timer);
        for (const s of subs) s.dispose();
        if (err) reject(err);
        else resolve();
      }
    });

  try {
    await c.start();
  } catch (e) {
    startError = e instanceof Error ? e.message : String(e);
    output.error(`language server failed to start: ${startError}`);
    statusBar.update({ state: 'error', projects: 0, models: 0, message: startError });
  }
  void lineage.follow(vscode.window.activeTextEditor);

  return { client: c, lineage, checks, tests, graph, events, runner, commandErrors, whenReady };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

function debounce<A>(fn: (a: A) => void, ms: number): (a: A) => void {
  let t: ReturnType<typeof setTimeout> | undefined;
  return (a: A) => {
    if (t) clearTimeout(t);
    t = setTimeout(() => fn(a), ms);
  };
}
