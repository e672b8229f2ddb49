/**
 * The check engine in the editor: diagnostics of `*.checks.yml` files,
 * completion inside them, `▶ Run checks (n)` lenses, and driftwatch/listChecks.
 * driftwatch/runChecks runs them (see run_checks.ts).
 * Plans are cached per analysis: a keystroke in a model plans at most once.
 */
import { CompletionItemKind, ErrorCodes, InsertTextFormat, ResponseError, type CodeLens, type CompletionList, type Connection } from 'vscode-languageserver/node';
import type { ProjectAnalysisDetail } from '../../analysis/analyze_project';
import { buildCheckPlan, type BuiltPlan } from '../../checks/build_plan';
import { catalogFromAnalysis, type CheckCatalog } from '../../checks/catalog';
import { checkCompletions } from '../../checks/completions';
import type { CheckSpec } from '../../checks/model';
import { parseCheckFile } from '../../checks/parse_check_file';
import { planCheckFile } from '../../checks/plan_checks';
import { isCheckFile } from '../../checks/validate_checks';
import type { Diagnostic } from '../../core/diagnostic';
import type { ProjectSession } from '../../workspace/project_session';
import { listChecksRequest, runChecksRequest, type CheckDataset, type CheckItem, type ListChecksResult } from '../../protocol/lsp_ext';
import { toLspRange, uriToPath } from '../convert';
import type { FileContext, WorkspaceState } from '../workspace_state';
import type { CheckRunDiagnostics } from './run_checks';

export { isCheckFile };

const catalogs = new WeakMap<ProjectAnalysisDetail, CheckCatalog>();
const checkFilePlans = new WeakMap<ProjectAnalysisDetail, { diagnostics: Diagnostic[]; specs: CheckSpec[] }>();
const plans = new WeakMap<ProjectAnalysisDetail, BuiltPlan>();

function catalogOf(analysis: ProjectAnalysisDetail): CheckCatalog {
  let c = catalogs.get(analysis);
  if (!c) {
    c = catalogFromAnalysis(analysis);
    catalogs.set(analysis, c);
  }
  return c;
}

/** Static diagnostics of the project's check files (syntax, unknown datasets and columns). */
export function checkFileDiagnostics(session: ProjectSession, analysis: ProjectAnalysisDetail): Diagnostic[] {
  return checkFilesPlanned(session, analysis).diagnostics;
}

/** The checks of the project's check files as they stand in this analysis, by id. */
export function checkFileSpecsById(session: ProjectSession, analysis: ProjectAnalysisDetail): Map<string, CheckSpec> {
  let byId = specsById.get(analysis);
  if (!byId) {
    byId = new Map(checkFilesPlanned(session, analysis).specs.map((s) => [s.id, s]));
    specsById.set(analysis, byId);
  }
  return byId;
}
const specsById = new WeakMap<ProjectAnalysisDetail, Map<string, CheckSpec>>();

/** The check files planned once per analysis; no catalog is built when the project has none. */
function checkFilesPlanned(session: ProjectSession, analysis: ProjectAnalysisDetail): { diagnostics: Diagnostic[]; specs: CheckSpec[] } {
  let out = checkFilePlans.get(analysis);
  if (out) return out;
  out = { diagnostics: [], specs: [] };
  const files = session.checkFiles();
  if (files.size) {
    const catalog = catalogOf(analysis);
    for (const [file, text] of files) {
      try {
        const plan = planCheckFile(parseCheckFile(file, text), catalog);
        out.diagnostics.push(...plan.diagnostics);
        out.specs.push(...plan.specs);
      } catch (e) {
        // A bug in the check engine must not cost the user their other diagnostics.
        console.error(`driftwatch: checking ${file} failed: ${(e as Error)?.stack ?? e}`);
      }
    }
  }
  checkFilePlans.set(analysis, out);
  return out;
}

function planOf(session: ProjectSession, analysis: ProjectAnalysisDetail): BuiltPlan {
  let p = plans.get(analysis);
  if (!p) {
    p = buildCheckPlan({ analysis, checkFiles: session.checkFiles(), dbtTests: true });
    plans.set(analysis, p);
  }
  return p;
}

export function checkFileCompletion(ctx: FileContext, offset: number): CompletionList {
  const items = checkCompletions(ctx.text, offset, catalogOf(ctx.analysis));
  const lineStart = ctx.text.lastIndexOf('\n', offset - 1) + 1;
  const word = /[\w.:]*$/.exec(ctx.text.slice(lineStart, offset))![0];
  const range = { start: ctx.lines.positionAt(offset - word.length), end: ctx.lines.positionAt(offset) };
  const kinds = { check: CompletionItemKind.Snippet, dataset: CompletionItemKind.Module, column: CompletionItemKind.Field, setting: CompletionItemKind.Property };
  return {
    isIncomplete: false,
    items: items.map((i) => ({
      label: i.label,
      kind: kinds[i.kind],
      detail: i.detail,
      insertTextFormat: i.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
      textEdit: { range, newText: i.insertText },
    })),
  };
}

/** `▶ Run checks (n)` on a model (its check-file checks and dbt tests) and on a check file. */
export function checkLenses(ctx: FileContext): CodeLens[] {
  try {
    return runLenses(ctx);
  } catch (e) {
    // The lineage lens next to it must survive a failing planner.
    console.error(`driftwatch: check lenses failed on ${ctx.rel}: ${(e as Error)?.stack ?? e}`);
    return [];
  }
}

function runLenses(ctx: FileContext): CodeLens[] {
  const top = toLspRange(ctx.lines.rangeOf(0, 0));
  const fromFiles = checkFilesPlanned(ctx.session, ctx.analysis).specs;
  if (isCheckFile(ctx.rel)) {
    const n = fromFiles.filter((s) => s.file === ctx.rel).length;
    return n ? [{ range: top, command: { title: `▶ Run checks (${n})`, command: 'driftwatch.runChecksFile' } }] : [];
  }
  const id = ctx.analysis.nodeByFile.get(ctx.rel)?.[0];
  const node = id ? ctx.analysis.nodes.get(id) : undefined;
  if (!id || !node) return [];
  // Counted without planning the whole project: one dbt test is one check (as dbtTestSpecs plans them).
  const dbtTests = node.tests.filter((t) => t.config.enabled !== false).length;
  const n = dbtTests + fromFiles.filter((s) => s.dataset.id === id).length;
  return n ? [{ range: top, command: { title: `▶ Run checks (${n})`, command: 'driftwatch.runChecksModel' } }] : [];
}

function itemOf(spec: CheckSpec, uriOf: (rel: string) => string): CheckItem {
  const zero = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const kind: CheckItem['kind'] = spec.origin === 'dbt' ? (spec.body.kind === 'aggregate' && spec.body.metric.fn === 'freshness' ? 'sla' : 'dbt-test') : 'check';
  return {
    id: spec.id,
    dataset: spec.dataset.id,
    label: spec.name ? `${spec.name}: ${spec.check}` : spec.check,
    kind,
    uri: spec.file ? uriOf(spec.file) : '',
    range: spec.range ? toLspRange(spec.range) : zero,
  };
}

export function listChecks(state: WorkspaceState, uri: string | undefined): ListChecksResult {
  const datasets: CheckDataset[] = [];
  const abs = uri ? uriToPath(uri) : undefined;
  for (const session of state.sessions) {
    const rel = abs ? session.relPath(abs) : undefined;
    if (abs && !rel) continue;
    const analysis = session.analysis;
    const uriOf = (f: string) => state.uriOf(session, f);
    const ownNode = rel ? analysis.nodeByFile.get(rel)?.[0] : undefined;
    const byDataset = new Map<string, CheckDataset>();
    for (const spec of planOf(session, analysis).specs) {
      // A check file lists its own checks; a model file, the checks of its model.
      if (rel && (ownNode ? spec.dataset.id !== ownNode : spec.file !== rel)) continue;
      let ds = byDataset.get(spec.dataset.id);
      if (!ds) {
        const node = analysis.nodes.get(spec.dataset.id);
        ds = { dataset: spec.dataset.id, name: spec.dataset.display, uri: node?.file ? uriOf(node.file) : undefined, checks: [] };
        byDataset.set(spec.dataset.id, ds);
      }
      ds.checks.push(itemOf(spec, uriOf));
    }
    datasets.push(...byDataset.values());
  }
  return { datasets };
}

export function registerCheckHandlers(connection: Connection, state: WorkspaceState, ready: Promise<void>, results: CheckRunDiagnostics): void {
  connection.onRequest(listChecksRequest, async (p) => {
    await ready;
    try {
      return listChecks(state, p?.uri);
    } catch (e) {
      console.error(`driftwatch: listChecks failed: ${(e as Error)?.stack ?? e}`);
      throw new ResponseError(ErrorCodes.InternalError, `Listing checks failed: ${(e as Error)?.message ?? e}`);
    }
  });
  connection.onRequest(runChecksRequest, async (p, token) => {
    await ready;
    try {
      // Loaded on first use: the warehouse drivers (DuckDB, pg) cost start-up time most sessions never need.
      const { runChecksRequest: run } = await import('./run_checks');
      return await run(connection, state, p ?? {}, token, results);
    } catch (e) {
      if (e instanceof ResponseError) throw e;
      console.error(`driftwatch: runChecks failed: ${(e as Error)?.stack ?? e}`);
      throw new ResponseError(ErrorCodes.InternalError, `Running checks failed: ${(e as Error)?.message ?? e}`);
    }
  });
}
