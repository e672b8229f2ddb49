/**
 * Wires the protocol to the workspace state and the features: lifecycle and
 * indexing with status notifications, text sync into session overlays,
 * debounced-to-one-tick reanalysis, diff-only diagnostics, configuration,
 * watched files, and one handler per feature. Handlers stay thin: resolve
 * the file, call the feature, never let an exception take the server down.
 */
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type ClientCapabilities,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { compiledSqlRequest, lineageRequest, nodeAtRequest, statusNotification, type LineageResult, type StatusParams } from '../protocol/lsp_ext';
import { cachedWorkspaceViews, type ProjectSession } from '../workspace/project_session';
import { readTextFileSync } from '../io/discover';
import { uriToPath } from './convert';
import { CheckResultDiagnostics } from './check_result_diagnostics';
import { DiagnosticsPublisher } from './diagnostics_publisher';
import { codeActions, type EditHost } from './features/code_actions';
import { codeLenses } from './features/code_lens';
import { compiledSql } from './features/compiled_sql';
import { completion } from './features/completion';
import { definition } from './features/definition';
import { documentSymbols } from './features/document_symbols';
import { hover } from './features/hover';
import { EMPTY_LINEAGE, lineage } from './features/lineage';
import { nodeAt } from './features/node_at';
import { references } from './features/references';
import { prepareRename, rename, renameForFileMove } from './features/rename';
import { workspaceSymbols } from './features/workspace_symbols';
import { checkFileCompletion, checkFileDiagnostics, checkFileSpecsById, checkLenses, isCheckFile, registerCheckHandlers } from './handlers/checks';
import { registerWarehouseHandlers } from './handlers/warehouse';
import { DEFAULT_SETTINGS, settingsFromConfiguration, settingsFromInit } from './settings';
import { WorkspaceState } from './workspace_state';

/** Cache writes wait for a quiet moment: a burst of edits writes once. */
const CACHE_SAVE_DELAY_MS = 5000;
/** How often streamed check results refresh the published diagnostics. */
const CHECK_PUBLISH_MS = 100;

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const state = new WorkspaceState(DEFAULT_SETTINGS);
  let capabilities: ClientCapabilities = {};
  let folders: string[] = [];
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  let isReady = false;

  const versionOfPath = (abs: string): number | undefined => {
    for (const [path, uri] of state.openBuffers()) if (path === abs) return documents.get(uri)?.version;
    return undefined;
  };
  // Results of check runs, shown with each file's static diagnostics until those checks run again.
  const checkResults = new CheckResultDiagnostics<string>(); // by project root
  const publisher = new DiagnosticsPublisher(connection, { uriOf: (abs) => state.uriOfPath(abs), versionOf: versionOfPath }, (s, analysis) => {
    const fromFiles = checkFileDiagnostics(s, analysis);
    // A failed check's diagnostic follows its check through edits of the check file.
    const fromRuns = checkResults.all(s.root, (id) => {
      const spec = checkFileSpecsById(s, analysis).get(id);
      return spec ? { file: spec.file, range: spec.range } : null;
    });
    return fromRuns.length ? [...fromFiles, ...fromRuns] : fromFiles;
  });
  /** Results stream in one by one: re-publish at most every CHECK_PUBLISH_MS, not per result. */
  const checkPublishTimers = new Map<ProjectSession, NodeJS.Timeout>();
  const checkDiagnosticsChanged = (s: ProjectSession) => {
    if (checkPublishTimers.has(s)) return;
    checkPublishTimers.set(
      s,
      setTimeout(() => {
        checkPublishTimers.delete(s);
        if (!state.sessions.includes(s)) return;
        publisher.invalidate(s);
        schedule(s);
      }, CHECK_PUBLISH_MS),
    );
  };

  const status = (p: Omit<StatusParams, 'projects' | 'models' | 'project'> & Partial<StatusParams>) => {
    const models = state.sessions.reduce((n, s) => n + (isReady ? s.analysis.project.models.length : 0), 0);
    const first = isReady ? state.sessions[state.sessions.length - 1] : undefined;
    const project = first?.analysis.project.config.name;
    // The editor's choice (setTarget or settings), else the profile's default target the project renders for.
    const target = first ? state.target ?? first.target.name : undefined;
    void connection.sendNotification(statusNotification, { projects: state.sessions.length, models, project, target, ...p });
  };

  // ------------------------------------------------------------ analysis scheduling

  /** Files whose diagnostics must be (re)sent even if unchanged: the documents just edited. */
  const forced = new Map<ProjectSession, Set<string>>();
  let scheduled = false;
  let cacheTimer: NodeJS.Timeout | undefined;

  const schedule = (session?: ProjectSession, rel?: string) => {
    if (session) {
      state.dirty.add(session);
      if (rel) {
        const set = forced.get(session) ?? new Set<string>();
        set.add(rel);
        forced.set(session, set);
      }
    }
    if (scheduled || !isReady) return;
    scheduled = true;
    // One tick: edits already queued behind this one are folded into a single analysis.
    setImmediate(analyzeAndPublish);
  };

  function analyzeAndPublish(): void {
    scheduled = false;
    const sessions = [...state.dirty];
    state.dirty.clear();
    for (const s of sessions) {
      const force = forced.get(s) ?? new Set<string>();
      forced.delete(s);
      try {
        publisher.publish(s, state.settings.severity, force);
      } catch (e) {
        reportError(`analysing ${s.root}`, e);
      }
    }
    scheduleCacheSave();
  }

  function scheduleCacheSave(): void {
    if (cacheTimer) clearTimeout(cacheTimer);
    cacheTimer = setTimeout(() => void saveCaches(), CACHE_SAVE_DELAY_MS);
    cacheTimer.unref();
  }

  /** The save in progress: saves run one after another (the one after indexing was still writing when shutdown began another). */
  let saving: Promise<void> = Promise.resolve();

  /**
   * The per-model cache follows edits (debounced). The whole-analysis snapshot
   * (~100 MB at 10,000 models) is written when a project was indexed without
   * an up-to-date one and at shutdown, not after every pause in typing.
   */
  function saveCaches(snapshotFor: (s: ProjectSession) => boolean = () => false): Promise<void> {
    if (cacheTimer) clearTimeout(cacheTimer);
    cacheTimer = undefined;
    const run = saving.then(() => writeCaches(snapshotFor));
    saving = run.catch(() => undefined);
    return run;
  }

  async function writeCaches(snapshotFor: (s: ProjectSession) => boolean): Promise<void> {
    // Trusted or not, the cache holds only our own analysis results, under the project's .driftwatch/.
    await Promise.all(
      state.sessions.map((s) => s.saveCache({ snapshot: snapshotFor(s) }).catch((e) => console.error(`driftwatch: cache not saved for ${s.root}: ${e}`))),
    );
  }

  function reportError(what: string, e: unknown): void {
    console.error(`driftwatch: error ${what}: ${(e as Error)?.stack ?? e}`);
    status({ state: 'error', message: `Error ${what}: ${(e as Error)?.message ?? e}` });
  }

  async function indexWorkspace(): Promise<void> {
    status({ state: 'indexing', percent: 0 });
    const old = state.sessions;
    isReady = false;
    // An up-to-date snapshot shows the last analysis' diagnostics at once; the sessions, which edits need, follow.
    if (!old.length) {
      await publishCachedDiagnostics();
      if (snapshotRoots.size) status({ state: 'indexing', percent: 0, message: 'Diagnostics from the last analysis are shown while the project is opened; edits and queries wait until it is.' });
    }
    await state.open(folders, (done, total) => status({ state: 'indexing', percent: Math.round((done / Math.max(1, total)) * 100) }));
    for (const s of old) {
      if (state.sessions.includes(s)) continue;
      if (state.sessions.some((n) => n.root === s.root)) {
        // The same project, re-read: its diagnostics are diffed, its check results kept (keyed by root).
        publisher.handOver(s);
      } else {
        publisher.clear(s);
        checkResults.forget(s.root);
      }
    }
    for (const doc of documents.all()) state.setBuffer(doc.uri, doc.getText());
    isReady = true;
    markReady();
    for (const s of state.sessions) {
      try {
        publisher.publish(s, state.settings.severity, openRels(s));
      } catch (e) {
        reportError(`analysing ${s.root}`, e);
      }
    }
    publisher.dropCached();
    state.dirty.clear();
    status({ state: 'ready' });
    void saveCaches((s) => !snapshotRoots.has(s.root));
  }

  /** Absolute paths of open documents whose text differs from the file on disk (restored unsaved edits). */
  function unsavedBuffers(): Set<string> {
    const out = new Set<string>();
    for (const doc of documents.all()) {
      const abs = uriToPath(doc.uri);
      if (!abs) continue;
      // The reader the projects use: BOM dropped, binary and oversized files refused.
      const disk = readTextFileSync(abs);
      if (!disk.ok || disk.text !== doc.getText()) out.add(abs);
    }
    return out;
  }

  /** Roots whose snapshot was up to date when the workspace was indexed. */
  const snapshotRoots = new Set<string>();

  async function publishCachedDiagnostics(): Promise<void> {
    for (const folder of folders) {
      try {
        const stale = (root: string, why: string) => console.error(`driftwatch: ${root}: no cached analysis shown at start (${why})`);
        for (const view of await cachedWorkspaceViews(folder, state.sessionOptions(), stale)) {
          publisher.publishCached(view, state.settings.severity, unsavedBuffers());
          snapshotRoots.add(view.root);
        }
      } catch (e) {
        console.error(`driftwatch: cached diagnostics not shown for ${folder}: ${(e as Error).stack ?? e}`);
      }
    }
  }

  function openRels(s: ProjectSession): Set<string> {
    const out = new Set<string>();
    for (const [abs] of state.openBuffers()) if (state.sessionFor(abs) === s) out.add(s.relPath(abs)!);
    return out;
  }

  // ------------------------------------------------------------ lifecycle

  connection.onInitialize((params): InitializeResult => {
    capabilities = params.capabilities;
    state.settings = settingsFromInit(params.initializationOptions);
    folders = (params.workspaceFolders ?? []).map((f) => uriToPath(f.uri)).filter((p): p is string => !!p);
    if (!folders.length && params.rootUri) {
      const root = uriToPath(params.rootUri);
      if (root) folders = [root];
    }
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        definitionProvider: true,
        referencesProvider: true,
        hoverProvider: true,
        completionProvider: { triggerCharacters: ["'", '"', '.', '{', ' '] },
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        codeLensProvider: { resolveProvider: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        renameProvider: { prepareProvider: true },
        workspace: {
          workspaceFolders: { supported: true, changeNotifications: true },
          fileOperations: { willRename: { filters: [{ scheme: 'file', pattern: { glob: '**/*.sql' } }] } },
        },
      },
      serverInfo: { name: 'driftwatch' },
    };
  });

  connection.onInitialized(() => {
    status({ state: 'starting' });
    if (capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/*.{sql,yml,yaml,csv}' }],
      });
    }
    if (capabilities.workspace?.didChangeConfiguration?.dynamicRegistration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'driftwatch' });
    }
    if (capabilities.workspace?.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        const removed = new Set(e.removed.map((f) => uriToPath(f.uri)));
        folders = [...folders.filter((f) => !removed.has(f)), ...e.added.map((f) => uriToPath(f.uri)).filter((p): p is string => !!p)];
        void indexWorkspace().catch((err) => reportError('re-indexing the workspace', err));
      });
    }
    void indexWorkspace().catch((e) => {
      reportError('indexing the workspace', e);
      isReady = true;
      markReady(); // requests get answers (empty) rather than hang forever
    });
  });

  connection.onShutdown(async () => {
    await saveCaches(() => true);
  });

  // ------------------------------------------------------------ text sync and files

  documents.onDidChangeContent((e) => {
    if (!isReady) return; // applied in bulk when indexing finishes
    const s = state.setBuffer(e.document.uri, e.document.getText());
    const abs = uriToPath(e.document.uri);
    if (s && abs) schedule(s, s.relPath(abs));
  });

  documents.onDidClose((e) => {
    if (!isReady) return;
    const s = state.setBuffer(e.document.uri, undefined);
    if (s) schedule(s);
  });

  connection.onDidChangeWatchedFiles(async (params) => {
    await ready;
    let reindex = false;
    const touched = new Set<ProjectSession>();
    for (const change of params.changes) {
      const abs = uriToPath(change.uri);
      if (!abs) continue;
      const kind = change.type === FileChangeType.Created ? 'created' : change.type === FileChangeType.Deleted ? 'deleted' : 'changed';
      const s = state.sessionFor(abs);
      // A project appearing or disappearing changes which sessions exist.
      if (/(^|[\\/])dbt_project\.yml$/.test(abs) && (kind !== 'changed' || !s)) reindex = true;
      if (!s) continue;
      try {
        await s.fileChanged(abs, kind);
        touched.add(s);
      } catch (e) {
        reportError(`reading ${abs}`, e);
      }
    }
    if (reindex) return indexWorkspace().catch((e) => reportError('re-indexing the workspace', e));
    for (const s of touched) schedule(s);
  });

  connection.onDidChangeConfiguration(async (params) => {
    await ready;
    let section = (params.settings as { driftwatch?: unknown } | undefined)?.driftwatch;
    if (section === undefined && capabilities.workspace?.configuration) {
      section = await connection.workspace.getConfiguration('driftwatch').catch(() => undefined);
    }
    const before = state.settings;
    state.settings = settingsFromConfiguration(section, before);
    if (state.settings.dialect !== before.dialect || state.settings.target !== before.target) {
      for (const s of state.sessions) s.setOptions({ dialect: state.settings.dialect, targetName: state.target });
    }
    for (const s of state.sessions) schedule(s);
    if (state.settings.target !== before.target) status({ state: 'ready' });
  });

  // ------------------------------------------------------------ features

  const host = (s: ProjectSession): EditHost => ({
    uriOf: (rel) => state.uriOf(s, rel),
    versionOf: (rel) => versionOfPath(s.absPath(rel)) ?? null,
    canCreateFiles: !!capabilities.workspace?.workspaceEdit?.resourceOperations?.includes('create'),
  });

  /** Runs a feature on a document; errors are logged and answered with the fallback, never thrown at the client. */
  function onFile<T>(what: string, uri: string, fallback: T, run: (ctx: NonNullable<ReturnType<WorkspaceState['file']>>) => T): Promise<T> {
    return ready.then(() => {
      try {
        const ctx = state.file(uri);
        return ctx ? run(ctx) : fallback;
      } catch (e) {
        if (e instanceof ResponseError) throw e;
        console.error(`driftwatch: ${what} failed on ${uri}: ${(e as Error)?.stack ?? e}`);
        return fallback;
      }
    });
  }

  connection.onDefinition((p) => onFile('definition', p.textDocument.uri, [], (ctx) => definition(ctx, ctx.lines.offsetAt(p.position), (rel) => state.uriOf(ctx.session, rel))));
  connection.onReferences((p) => onFile('references', p.textDocument.uri, [], (ctx) => references(ctx, ctx.lines.offsetAt(p.position), p.context.includeDeclaration, (rel) => state.uriOf(ctx.session, rel))));
  connection.onHover((p) => onFile('hover', p.textDocument.uri, null, (ctx) => hover(ctx, ctx.lines.offsetAt(p.position))));
  connection.onCompletion((p) => onFile('completion', p.textDocument.uri, { isIncomplete: false, items: [] }, (ctx) => {
    const offset = ctx.lines.offsetAt(p.position);
    return isCheckFile(ctx.rel) ? checkFileCompletion(ctx, offset) : completion(ctx, offset);
  }));
  connection.onDocumentSymbol((p) => onFile('document symbols', p.textDocument.uri, [], (ctx) => documentSymbols(ctx)));
  connection.onCodeLens((p) => onFile('code lenses', p.textDocument.uri, [], (ctx) => [...codeLenses(ctx), ...checkLenses(ctx)]));
  connection.onCodeAction((p) => onFile('code actions', p.textDocument.uri, [], (ctx) => codeActions(ctx, p.range, p.context.only, host(ctx.session))));
  connection.onPrepareRename((p) => onFile('prepare rename', p.textDocument.uri, null, (ctx) => prepareRename(ctx, ctx.lines.offsetAt(p.position))));
  connection.onRenameRequest((p) => onFile('rename', p.textDocument.uri, null, (ctx) => rename(ctx, ctx.lines.offsetAt(p.position), p.newName, host(ctx.session))));

  connection.onWorkspaceSymbol(async (p) => {
    await ready;
    try {
      return workspaceSymbols(state.sessions.map((s) => ({ analysis: s.analysis, uriOf: (rel: string) => state.uriOf(s, rel) })), p.query);
    } catch (e) {
      console.error(`driftwatch: workspace symbols failed: ${(e as Error)?.stack ?? e}`);
      return [];
    }
  });

  connection.workspace.onWillRenameFiles(async (p) => {
    await ready;
    const changes: NonNullable<ReturnType<typeof renameForFileMove>>['documentChanges'] = [];
    for (const f of p.files) {
      const oldAbs = uriToPath(f.oldUri);
      const newAbs = uriToPath(f.newUri);
      const s = oldAbs ? state.sessionFor(oldAbs) : undefined;
      if (!s || !oldAbs || !newAbs) continue;
      const newRel = s.relPath(newAbs);
      if (!newRel) continue;
      try {
        const edit = renameForFileMove(s, s.analysis, s.relPath(oldAbs)!, newRel, host(s));
        if (edit?.documentChanges) changes!.push(...edit.documentChanges);
      } catch (e) {
        console.error(`driftwatch: rename of ${f.oldUri} not followed: ${(e as Error)?.stack ?? e}`);
      }
    }
    return changes!.length ? { documentChanges: changes } : null;
  });

  // ------------------------------------------------------------ custom requests

  connection.onRequest(lineageRequest, async (p): Promise<LineageResult> => {
    await ready;
    try {
      if (p.node) {
        const found = state.findNode(p.node);
        return found ? lineage(found.analysis, p.node, p.direction ?? 'both', p.depth ?? 0, p.column, (rel) => state.uriOf(found.session, rel)) : EMPTY_LINEAGE;
      }
      if (!p.uri) return EMPTY_LINEAGE;
      const ctx = state.file(p.uri);
      const root = ctx?.analysis.nodeByFile.get(ctx.rel)?.[0];
      return ctx && root ? lineage(ctx.analysis, root, p.direction ?? 'both', p.depth ?? 0, p.column, (rel) => state.uriOf(ctx.session, rel)) : EMPTY_LINEAGE;
    } catch (e) {
      console.error(`driftwatch: lineage failed: ${(e as Error)?.stack ?? e}`);
      return EMPTY_LINEAGE;
    }
  });

  connection.onRequest(compiledSqlRequest, async (p) => {
    await ready;
    if (p.node) {
      const found = state.findNode(p.node);
      return found ? compiledSql(found.analysis, p.node) : { node: null, sql: null, errors: [`No node '${p.node}' in the workspace.`] };
    }
    const ctx = p.uri ? state.file(p.uri) : undefined;
    if (!ctx) return { node: null, sql: null, errors: ['This file is not part of a dbt project.'] };
    return compiledSql(ctx.analysis, ctx.analysis.nodeByFile.get(ctx.rel)?.[0]);
  });

  connection.onRequest(nodeAtRequest, (p) =>
    onFile('nodeAt', p.uri, { node: null }, (ctx) => nodeAt(ctx, p.position ? ctx.lines.offsetAt(p.position) : undefined)),
  );

  registerCheckHandlers(connection, state, ready, { store: checkResults, changed: checkDiagnosticsChanged });
  registerWarehouseHandlers(connection, state, ready, () => {
    // Models render for the new target (`target.name`, schema): analyse again and republish.
    for (const s of state.sessions) {
      s.setOptions({ targetName: state.target });
      schedule(s);
    }
    status({ state: 'ready' });
  });
  documents.listen(connection);
}
