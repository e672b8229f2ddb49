/**
 * The whole-project pipeline: load the project model, resolve relations,
 * render and parse every model in dependency order (reusing memoised results
 * whose inputs are unchanged), assemble the graph with column lineage, and
 * run the diagnostic rules. Pure: file texts in, ProjectAnalysis out.
 */
import { contentHash } from '../core/hash';
import type { Diagnostic } from '../core/diagnostic';
import { buildMacroRegistry, extractStatic, renderTemplate } from '../jinja';
import type { DbtContext, MacroRegistry, Relation, StaticExtraction, TargetInfo } from '../jinja/api';
import { loadProject } from '../project/load';
import type { ColumnDecl, ModelDef, NodeConfig, Project, ProjectInput, SnapshotDef } from '../project/types';
import type { ColumnSchema, Dialect } from '../sql/api';
import { Dag } from '../lineage/graph';
import type { AnalyzedColumn, AnalyzedNode, ProjectAnalysis } from './api';
import { analyzeModel, compileModel, NO_LINEAGE, poolReusedResult, type ModelInput } from './analyze_model';
import { extractPythonModel } from './python_refs';
import { StringPool } from '../core/string_pool';
import type { ModelResult } from './model_result';
import { nodeRelation, relationDisplay, relationKeys, sameRelation, sourceRelation } from './relations';
import { namingOverrides, type NamingNode } from './custom_naming';
import { makeDiagnostic } from '../core/diagnostic';
import { RefIndex, SourceIndex } from './resolve';
import { runRules } from '../diagnostics/rules';
import { LineIndexCache } from './line_index_cache';
import { checkedNodes } from './checked_nodes';
import type { Range } from '../core/text';
import { LayeredMap } from '../core/layered_map';
import { deferLocation, deferredSpan, RangeSource } from '../core/deferred_range';

export interface AnalyzeOptions {
  dialect: Dialect;
  target: TargetInfo;
  /** --vars overrides, on top of dbt_project.yml vars. */
  vars?: Record<string, unknown>;
  /** Results of an earlier analysis (in memory or from the disk cache), keyed by unique id. */
  memo?: { get(uniqueId: string): ModelResult | undefined };
  /**
   * Called once every model is analysed, before the rules run. Most of what
   * loading and the model loop allocated is garbage by then, and V8 lets it
   * pile up until a limit far above the live heap: the language server
   * passes V8's `gc` here, which took ~15–20 MB off its peak at 10,000 models.
   */
  collectGarbage?: () => void;
  /** What the previous analysis of this project can hand over (`carryOver`): a reload replaces every definition object. */
  carry?: CarriedMemos;
}

/**
 * What a full re-analysis takes over from the one before it. A reload (any
 * YAML edit) makes a new definition object for every model, and the
 * per-definition memos below are keyed by those objects: without this, each
 * keystroke in a properties file redid the static extraction and the key hash
 * of every model, and interned every reused result again (~1.2 s of ~1.5 s
 * at 10,000 models, with the rules).
 */
export interface CarriedMemos {
  /** Unique id → what its previous definition's memos were made from, and the memos. */
  defs: Map<string, { file: string; text: string; st: StaticExtraction; key: KeyMemo | undefined }>;
  /** The previous analysis' string pool: results already interned there are not interned again. */
  strings: StringPool | undefined;
}

/** Taken from an analysis before it is let go, for the next full analysis of the same project. */
export function carryOver(analysis: ProjectAnalysisDetail): CarriedMemos {
  const defs: CarriedMemos['defs'] = new Map();
  for (const def of analysis.modelDefs.values()) {
    const st = staticMemo.get(def);
    if (st) defs.set(def.uniqueId, { file: def.file, text: st.text, st: st.st, key: keyMemo.get(def) });
  }
  return { defs, strings: poolOf.get(analysis) };
}

/**
 * The shape of ModelResult, part of every result's key: results cached on disk
 * in an older shape (e.g. lineage as [node, column] pairs) then miss and are
 * recomputed, instead of being read as the new shape.
 */
const RESULT_FORMAT = 'model-result-5'; // 4: `{{ this }}` is the relation the render's own config() decides; 5: no compiled SQL

export const DEFAULT_TARGET: TargetInfo = { name: 'dev', type: 'duckdb', schema: 'main', database: '' };

/** Extra facts the LSP needs that are not part of the public ProjectAnalysis. */
export interface ProjectAnalysisDetail extends ProjectAnalysis {
  /** Per model/snapshot: the memoisable render + parse result. */
  modelResults: ReadonlyMap<string, ModelResult>;
  /** Model/snapshot file → unique id. */
  nodeByFile: ReadonlyMap<string, string[]>;
  refIndex: RefIndex;
  sourceIndex: SourceIndex;
  macros: MacroRegistry;
  dag: Dag;
  dialect: Dialect;
  target: TargetInfo;
  lines: LineIndexCache;
  /** How many models were re-rendered (the rest came from the memo). */
  stats: { rendered: number; reused: number };
  /** Model definitions by unique id (enabled models). */
  modelDefs: ReadonlyMap<string, ModelDef>;
  /** Where each node would live under another target (relations only: no second analysis). */
  relationsFor(target: TargetInfo): (uniqueId: string) => Relation | undefined;
  /** Fast re-analysis after edits to model SQL only (see makeRefocus); undefined → run the full pipeline. */
  refocus?: Refocus;
}

export type Refocus = (project: Project, input: ProjectInput, changedModelIds: string[]) => ProjectAnalysisDetail | undefined;

/** Past this many affected models a full analysis is as cheap and simpler to trust. */
const REFOCUS_LIMIT = 500;

interface AnalysisState {
  nodes: Map<string, AnalyzedNode>;
  results: Map<string, ModelResult>;
  /** Signature of each node's relation and columns, for upstream-change detection. */
  columnSig: Map<string, string>;
  lines: LineIndexCache;
  workById: Map<string, SqlNodeWork>;
  /** Nodes covered by check files. */
  checked: Set<string>;
}

function withDefs(base: ReadonlyMap<string, ModelDef>, changed: ReadonlyMap<string, ModelDef>): ReadonlyMap<string, ModelDef> {
  const out = LayeredMap.over(base);
  for (const [id, def] of changed) out.set(id, def);
  return out;
}

/** A digest, not the text: one is kept per node for the whole session (~400 bytes of names each at 10,000 models). */
function columnSignature(n: AnalyzedNode): string {
  // The relation as written, not its lower-cased lookup key: children print it quoted, so its case is part of their SQL.
  return contentHash(`${n.uniqueId}|${relationDisplay(n.relation)}|${n.columns.map((c) => `${c.name}:${c.type ?? ''}`).join(',')}`);
}

function sameMembers(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((x) => set.has(x));
}

interface SqlNodeWork {
  def: ModelDef | SnapshotDef;
  kind: 'model' | 'snapshot';
  template: string;
  offset: number;
  config: NodeConfig;
  staticRefs: { name: string; package?: string; version?: string | number }[];
  staticSources: { source: string; table: string }[];
}

export function analyzeProject(input: ProjectInput, options: AnalyzeOptions): ProjectAnalysisDetail {
  const project = loadProject(input);
  return analyzeLoadedProject(project, input, options);
}

export function analyzeLoadedProject(project: Project, input: ProjectInput, options: AnalyzeOptions): ProjectAnalysisDetail {
  const { dialect, target } = options;
  const projectName = project.config.name;
  const vars = mergeVars(project.config.vars, projectName, options.vars);
  const env = input.env ?? {};
  const macros = buildMacroRegistry(project.macroFiles, projectName);
  const naming = namingOverrides(macros, project.macroFiles, projectName, { vars, env, target, dispatch: project.config.dispatch });
  /** Where a seed, model or snapshot lives with `config`, for a target and the naming macros asked with it. */
  const relationOf = (d: Omit<NamingNode, 'config' | 'resourceType'>, resourceType: string, config: NodeConfig, forTarget = target, overrides = naming): Relation =>
    nodeRelation(d.name, config, forTarget, d.version, overrides ? { overrides, node: { name: d.name, resourceType, packageName: d.packageName, uniqueId: d.uniqueId, file: d.file, version: d.version, config } } : undefined);
  const workRelation = (w: SqlNodeWork, config: NodeConfig, forTarget = target, overrides = naming): Relation =>
    relationOf(w.def, w.kind, config, forTarget, overrides); // a model's def carries its version
  const macroKey = contentHash(...project.macroFiles.map((m) => `${m.packageName}\u0001${m.file}\u0001${m.text}`));
  const globalKey = contentHash(RESULT_FORMAT, macroKey, JSON.stringify(vars), JSON.stringify(target), dialect, JSON.stringify(project.config.dispatch));

  // 1. Static pass: in-file config() and refs, cheaply, to know relations and an evaluation order.
  const work: SqlNodeWork[] = [];
  for (const m of project.models) {
    // A Python model is not rendered: its dbt.ref/source/config calls are read from the code.
    inheritMemos(m, options.carry);
    const st = m.language === 'python' ? extractPythonModel(input.files.get(m.file) ?? '') : staticOf(m, m.rawSql);
    work.push({ def: m, kind: 'model', template: m.rawSql, offset: 0, config: { ...m.config, ...normaliseConfig(st.config) }, staticRefs: st.refs, staticSources: st.sources });
  }
  for (const s of project.snapshots) {
    const st = staticOf(s, s.rawSql);
    work.push({ def: s, kind: 'snapshot', template: s.rawSql, offset: s.bodyOffset, config: { ...s.config, ...normaliseConfig(st.config) }, staticRefs: st.refs, staticSources: st.sources });
  }

  // 2. Nodes with their relations.
  const nodes = new Map<string, AnalyzedNode>();
  // Several nodes can share a relation (a seed and the source declared over it): keep them all.
  const relationIndex = new Map<string, string[]>();
  const addNode = (n: AnalyzedNode) => {
    nodes.set(n.uniqueId, n);
    for (const k of relationKeys(n.relation)) {
      const list = relationIndex.get(k);
      if (list) list.push(n.uniqueId);
      else relationIndex.set(k, [n.uniqueId]);
    }
  };
  for (const seed of project.seeds) {
    const declared = new Map((seed.props?.columns ?? []).map((c) => [c.name.toLowerCase(), c]));
    const columnTypes = (seed.config.column_types ?? {}) as Record<string, string>;
    addNode({
      uniqueId: seed.uniqueId,
      resourceType: 'seed',
      name: seed.name,
      packageName: seed.packageName,
      file: seed.file,
      range: zeroRange(),
      relation: relationOf(seed, 'seed', seed.config),
      config: seed.config,
      materialized: 'seed',
      description: seed.props?.description,
      tags: tagsOf(seed.config),
      parents: [],
      children: [],
      columns: seed.columns.map((name) => {
        const d = declared.get(name.toLowerCase());
        const type = d?.dataType ?? columnTypes[name];
        return d ? declaredColumn(name, type, d, true) : { name, type, description: undefined, declared: true, produced: true, lineage: NO_LINEAGE, location: undefined };
      }),
      tests: collectTests(seed.props),
    });
  }
  for (const src of project.sources) {
    addNode({
      uniqueId: src.uniqueId,
      resourceType: 'source',
      name: src.name,
      packageName: src.packageName,
      file: src.file,
      range: src.nameRange,
      relation: sourceRelation(src, target),
      config: { tags: src.tags },
      materialized: 'source',
      description: src.description,
      tags: src.tags,
      parents: [],
      children: [],
      columns: src.columns.map((c) => declaredColumn(c.name, c.dataType, c, true)),
      tests: [...src.tests, ...src.columns.flatMap((c) => c.tests)],
      sourceName: src.sourceName,
      loadedAtField: src.loadedAtField,
      freshness: src.freshness,
    });
  }
  for (const w of work) {
    const d = w.def;
    const version = w.kind === 'model' ? (d as ModelDef).version : undefined;
    addNode({
      uniqueId: d.uniqueId,
      resourceType: w.kind,
      name: d.name,
      packageName: d.packageName,
      file: d.file,
      range: zeroRange(),
      relation: workRelation(w, w.config),
      config: w.config,
      materialized: String(w.config.materialized ?? (w.kind === 'snapshot' ? 'snapshot' : 'view')),
      description: d.props?.description,
      tags: tagsOf(w.config),
      parents: [],
      children: [],
      columns: [],
      tests: collectTests(d.props),
      // The loader gives latest_version dbt's default (the greatest version) where the YAML sets none.
      ...(version !== undefined ? { version, latestVersion: d.props?.latestVersion } : {}),
    });
  }

  const refIndex = new RefIndex(
    [
      ...project.models.map((m) => ({ uniqueId: m.uniqueId, name: m.name, packageName: m.packageName, version: m.version, latest: m.version === undefined || String(m.props?.latestVersion ?? '') === String(m.version) })),
      ...project.seeds.map((s) => ({ uniqueId: s.uniqueId, name: s.name, packageName: s.packageName })),
      ...project.snapshots.map((s) => ({ uniqueId: s.uniqueId, name: s.name, packageName: s.packageName })),
    ],
    project.disabledModels.map((m) => ({ name: m.name, uniqueId: m.uniqueId })),
  );
  const sourceIndex = new SourceIndex(project.sources);

  // 3. Evaluation order from the static refs, so upstream columns are known when `*` needs them.
  const workById = new Map(work.map((w) => [w.def.uniqueId, w]));
  const staticDag = new Dag({
    ids: work.map((w) => w.def.uniqueId),
    parentsOf: (id) => {
      const w = workById.get(id)!;
      const ps: string[] = [];
      for (const r of w.staticRefs) {
        const res = refIndex.resolve(r.name, r.package, r.version, w.def.packageName);
        if (res.kind === 'ok') ps.push(res.uniqueId);
      }
      return ps;
    },
  });

  // The closures below read the state they run against through `S`, so a
  // focused re-analysis (refocus, below) can run them over a copy.
  let S: AnalysisState = { nodes, results: new Map(), columnSig: new Map(), lines: new LineIndexCache(input.files), workById, checked: new Set() };
  const sigOf = (id: string): string => {
    let s = S.columnSig.get(id);
    if (s === undefined) {
      const n = S.nodes.get(id);
      s = n ? columnSignature(n) : `${id}|?`;
      S.columnSig.set(id, s);
    }
    return s;
  };

  const relationFromNode = (id: string | undefined): Relation | undefined => (id ? S.nodes.get(id)?.relation : undefined);
  // The node's own column objects (read-only to the renderer and the SQL analysis): a
  // {name, type} copy per upstream column per child was ~570,000 objects at 10,000 models.
  const columnsOfNode = (id: string): readonly ColumnSchema[] | undefined => {
    const n = S.nodes.get(id);
    return n?.columns.length ? n.columns : undefined;
  };

  // Column names and types, one copy each for the whole analysis and its refocused successors.
  const strings = options.carry?.strings ?? new StringPool();
  let rendered = 0;
  let reused = 0;
  for (const id of staticDag.topologicalOrder()) {
    const w = workById.get(id)!;
    const node = nodes.get(id)!;
    const result = analyzeOne(w, node, options.memo?.get(id));
    S.results.set(id, result);
    applyModelResult(node, w, result);
    // config(alias=env_var(…)) and the like: the rendered values decide where the model lives, as in dbt.
    // Its children render later (topological order) and must find it there.
    const decided = decidedRelation(w, result.config);
    if (!sameRelation(decided, node.relation)) moveRelation(node, decided);
    S.columnSig.delete(id);
  }
  options.collectGarbage?.();

  /** Where a model lives once its render's config() values are known. */
  function decidedRelation(w: SqlNodeWork, renderedConfig: Record<string, unknown>): Relation {
    return workRelation(w, { ...w.config, ...normaliseConfig(renderedConfig) });
  }

  /** Re-files a node under the relation its render decided (this analysis' own index: a refocus never moves one). */
  function moveRelation(node: AnalyzedNode, to: Relation): void {
    for (const k of relationKeys(node.relation)) {
      const rest = (relationIndex.get(k) ?? []).filter((x) => x !== node.uniqueId);
      if (rest.length) relationIndex.set(k, rest);
      else relationIndex.delete(k);
    }
    node.relation = to;
    for (const k of relationKeys(to)) relationIndex.set(k, [...(relationIndex.get(k) ?? []), node.uniqueId]);
  }

  /** Render and parse one model, or reuse `prev` when its inputs and upstream are unchanged. */
  function analyzeOne(w: SqlNodeWork, node: AnalyzedNode, prev: ModelResult | undefined): ModelResult {
    const baseKey = baseKeyOf(w, globalKey);
    let result: ModelResult;
    if (prev && prev.baseKey === baseKey && prev.depSig === depSignature(prev, w.def.packageName)) {
      // Interned already when it was made or reused against this same pool (the previous analysis').
      result = pooledIn.get(prev) === strings ? prev : poolReusedResult(prev, strings);
      reused++;
    } else {
      let partial = render(w, node.relation, baseKey);
      // `{{ this }}` is where the model's own config() puts it (dbt parses config before it compiles):
      // when the render decided another relation than the one it was given, render again with that one.
      const decided = decidedRelation(w, partial.config);
      if (!sameRelation(decided, node.relation)) partial = render(w, decided, baseKey);
      result = { ...partial, depSig: '' };
      result.depSig = depSignature(result, w.def.packageName);
      rendered++;
    }
    pooledIn.set(result, strings);
    return result;
  }

  /** One render and parse of a model's template, with `self` as its `{{ this }}`. */
  function render(w: SqlNodeWork, self: Relation, baseKey: string): Omit<ModelResult, 'depSig'> {
    return analyzeModel(modelInput(w, self), baseKey);
  }

  /**
   * A model's compiled SQL, rendered again against `state` (the analysis it
   * is asked of: a refocused one shares this closure). The relation is the
   * one its first render decided, so `{{ this }}` agrees.
   */
  function compiledSqlIn(state: AnalysisState, id: string): string | undefined {
    const w = state.workById.get(id);
    const node = state.nodes.get(id);
    if (!w || !node) return undefined;
    return inState(state, () => compileModel(modelInput(w, node.relation)));
  }

  /** Runs `fn` with the closures above reading `state` (another analysis' copy-on-write state) instead of the current one. */
  function inState<T>(state: AnalysisState, fn: () => T): T {
    const saved = S;
    S = state;
    try {
      return fn();
    } finally {
      S = saved;
    }
  }

  /**
   * Where each node would live under another target, without analysing the
   * project for it: a model's config is rendered for that target only when
   * the static pass could not read it (`schema='s_' ~ target.name`), and the
   * project's naming macros are asked with that target. A diff against prod
   * or checks on another target need relations, not a second analysis.
   */
  function relationsIn(state: AnalysisState, other: TargetInfo): (id: string) => Relation | undefined {
    const namingOther = namingOverrides(macros, project.macroFiles, projectName, { vars, env, target: other, dispatch: project.config.dispatch });
    const sources = new Map(project.sources.map((src) => [src.uniqueId, src]));
    const memo = new Map<string, Relation | undefined>();
    const decide = (id: string): Relation | undefined => {
      const node = state.nodes.get(id);
      if (!node) return undefined;
      if (node.resourceType === 'source') {
        const src = sources.get(id);
        return src ? sourceRelation(src, other) : undefined;
      }
      const w = state.workById.get(id);
      if (!w) return relationOf({ ...node, file: node.file ?? '' }, node.resourceType, node.config, other, namingOther); // seeds (no work item)
      let config = w.config;
      if (!('language' in w.def && w.def.language === 'python') && staticOf(w.def, w.template).needsRender) {
        const rendered = inState(state, () => renderTemplate(w.template, modelInput(w, node.relation, other).ctx, { file: w.def.file }));
        config = { ...w.config, ...normaliseConfig(rendered.config) };
      }
      return workRelation(w, config, other, namingOther);
    };
    return (id) => {
      if (!memo.has(id)) memo.set(id, decide(id));
      return memo.get(id);
    };
  }

  /** What rendering `w` needs: its template and a dbt context resolving against the current state `S`. */
  function modelInput(w: SqlNodeWork, self: Relation, forTarget: TargetInfo = target): ModelInput {
    // The nodes this model's ref()/source() calls named: a rendered relation
    // shared by several nodes resolves to the one the model asked for.
    const called = new Set<string>();
    const pick = (key: string): string | undefined => {
      const ids = relationIndex.get(key);
      if (!ids) return undefined;
      if (ids.length === 1) return ids[0];
      return ids.find((x) => called.has(x)) ?? ids[0];
    };
    const ctx: DbtContext = {
      projectName,
      vars,
      env,
      target: forTarget,
      self,
      resolveRef: (name, pkg, version) => {
        const r = refIndex.resolve(name, pkg, version, w.def.packageName);
        if (r.kind !== 'ok') return undefined;
        called.add(r.uniqueId);
        return relationFromNode(r.uniqueId);
      },
      resolveSource: (source, table) => {
        const r = sourceIndex.resolve(source, table);
        if (r.kind !== 'ok') return undefined;
        called.add(r.uniqueId);
        return relationFromNode(r.uniqueId);
      },
      relationColumns: (rel) => {
        const nid = pick(relationKeys(rel)[0]);
        return nid ? columnsOfNode(nid)?.map((c) => c.name) : undefined;
      },
      relationColumnTypes: (rel) => {
        const nid = pick(relationKeys(rel)[0]);
        return nid ? columnsOfNode(nid) : undefined;
      },
      packageName: w.def.packageName,
      nodeConfig: w.config,
      macros,
      isIncremental: false,
      dispatch: project.config.dispatch,
    };
    return {
      template: w.template,
      offset: w.offset,
      file: w.def.file,
      ctx,
      dialect,
      resolveTable: (parts) => {
        const nid = pick(parts.join('.').toLowerCase());
        return nid ? { key: nid, columns: columnsOfNode(nid) } : undefined;
      },
      strings,
    };
  }

  function depSignature(r: ModelResult, pkg: string): string {
    const parts: string[] = [];
    for (const ref of r.refs) {
      const res = refIndex.resolve(ref.name, ref.package, ref.version, pkg);
      parts.push(res.kind === 'ok' ? sigOf(res.uniqueId) : `!${ref.name}`);
    }
    for (const s of r.sources) {
      const res = sourceIndex.resolve(s.source, s.table);
      parts.push(res.kind === 'ok' ? sigOf(res.uniqueId) : `!${s.source}.${s.table}`);
    }
    return contentHash(...parts);
  }

  function applyModelResult(node: AnalyzedNode, w: SqlNodeWork, r: ModelResult): void {
    // In-file config() from the full render wins over the static guess.
    if (Object.keys(r.config).length) {
      node.config = { ...node.config, ...normaliseConfig(r.config) };
      node.materialized = String(node.config.materialized ?? node.materialized);
      node.tags = tagsOf(node.config);
    }
    const parents = new Set<string>();
    for (const ref of r.refs) {
      const res = refIndex.resolve(ref.name, ref.package, ref.version, w.def.packageName);
      if (res.kind === 'ok') parents.add(res.uniqueId);
    }
    for (const s of r.sources) {
      const res = sourceIndex.resolve(s.source, s.table);
      if (res.kind === 'ok') parents.add(res.uniqueId);
    }
    // Refs the static pass saw that a failed render missed still count (the model keeps its lineage);
    // for a Python model they are all there is.
    if (r.jinjaErrors.length || ('language' in w.def && w.def.language === 'python')) {
      for (const ref of w.staticRefs) {
        const res = refIndex.resolve(ref.name, ref.package, ref.version, w.def.packageName);
        if (res.kind === 'ok') parents.add(res.uniqueId);
      }
      for (const s of w.staticSources) {
        const res = sourceIndex.resolve(s.source, s.table);
        if (res.kind === 'ok') parents.add(res.uniqueId);
      }
    }
    parents.delete(node.uniqueId);
    node.parents = [...parents];
    node.columns = mergedColumnsOf(w, r, S.lines);
  }

  // 4. The final graph, from what the renders actually referenced.
  const dag = new Dag({ ids: [...nodes.keys()], parentsOf: (id) => nodes.get(id)!.parents });
  for (const [id, kids] of dag.children) nodes.get(id)!.children = kids;

  const nodeByFile = new Map<string, string[]>();
  for (const w of work) {
    const list = nodeByFile.get(w.def.file);
    if (list) list.push(w.def.uniqueId);
    else nodeByFile.set(w.def.file, [w.def.uniqueId]);
  }

  const detail: ProjectAnalysisDetail = {
    project,
    root: input.root,
    nodes,
    diagnostics: [],
    ...accessorsOf(S),
    modelResults: S.results,
    nodeByFile,
    refIndex,
    sourceIndex,
    macros,
    dag,
    dialect,
    target,
    lines: S.lines,
    modelDefs: new Map(project.models.map((m) => [m.uniqueId, m])),
    stats: { rendered, reused },
  };
  poolOf.set(detail, strings);
  S.checked = checkedNodes(detail, input.files);
  const diagnostics: Diagnostic[] = [...project.diagnostics];
  for (const f of naming?.failures.values() ?? []) diagnostics.push(makeDiagnostic('jinja-error', f.file, S.lines.of(f.file).rangeOf(f.start, f.end), f.message));
  diagnostics.push(...runRules(detail, S.lines, S.checked));
  detail.diagnostics = diagnostics;
  detail.refocus = makeRefocus(detail, S);
  return detail;

  /**
   * The analysis' lazy readers over its state. Made here, not inline in
   * the refocus: a closure keeps its whole chain of scopes alive, and the
   * refocus scope holds the previous analysis, so each edit's readers kept
   * every earlier analysis (~0.22 MB an edit at 10,000 models) reachable.
   */
  function accessorsOf(state: AnalysisState): Pick<ProjectAnalysisDetail, 'compiledSql' | 'relationsFor'> {
    return { compiledSql: (id) => compiledSqlIn(state, id), relationsFor: (other) => relationsIn(state, other) };
  }

  /**
   * Re-analyse after an edit to the SQL of some models, touching only them and
   * the downstream models whose inputs really changed: O(edit), not O(project).
   * Returns undefined when the edit changed the graph's shape or a relation
   * (new refs, a new alias…), which needs the full pipeline.
   */
  function makeRefocus(base: ProjectAnalysisDetail, state: AnalysisState): Refocus {
    return (project2, input2, changedIds) => {
      // Copy-on-write views: copying these maps would cost more than the whole edit.
      const next: AnalysisState = {
        nodes: LayeredMap.over(state.nodes),
        results: LayeredMap.over(state.results),
        columnSig: LayeredMap.over(state.columnSig),
        lines: new LineIndexCache(input2.files),
        workById: LayeredMap.over(state.workById),
        checked: state.checked,
      };
      const defs = new Map<string, ModelDef>();
      for (const id of changedIds) {
        const def = project2.models.find((m) => m.uniqueId === id);
        if (!def) return undefined;
        defs.set(id, def);
      }
      rendered = 0;
      reused = 0;
      return inState(next, () => {
        const affected = new Set<string>();
        let queue = [...changedIds];
        while (queue.length) {
          const following: string[] = [];
          for (const id of queue) {
            if (affected.has(id)) continue;
            affected.add(id);
            if (affected.size > REFOCUS_LIMIT) return undefined;
            const before = state.nodes.get(id);
            if (!before) return undefined;
            let w = next.workById.get(id)!;
            const def = defs.get(id);
            if (def) {
              const st = staticOf(def, def.rawSql);
              w = { ...w, def, template: def.rawSql, config: { ...def.config, ...normaliseConfig(st.config) }, staticRefs: st.refs, staticSources: st.sources };
              next.workById.set(id, w);
            }
            const node: AnalyzedNode = { ...before, config: w.config, tags: tagsOf(w.config), materialized: String(w.config.materialized ?? (w.kind === 'snapshot' ? 'snapshot' : 'view')) };
            next.nodes.set(id, node);
            const r = analyzeOne(w, node, state.results.get(id));
            next.results.set(id, r);
            applyModelResult(node, w, r);
            // A new relation would have to be re-filed in the index the base analysis shares: the full pipeline does that.
            const relationSame = sameRelation(decidedRelation(w, r.config), before.relation);
            if (!relationSame || !sameMembers(node.parents, before.parents) || node.materialized !== before.materialized) return undefined;
            node.children = before.children;
            const sig = columnSignature(node);
            next.columnSig.set(id, sig);
            if (sig !== columnSignature(before)) {
              for (const c of node.children) if (next.workById.has(c)) following.push(c);
            }
          }
          queue = following;
        }
        const detail2: ProjectAnalysisDetail = {
          ...base,
          project: project2,
          nodes: next.nodes,
          modelResults: next.results,
          modelDefs: withDefs(base.modelDefs, defs),
          lines: next.lines,
          stats: { rendered, reused: base.nodes.size - rendered },
          diagnostics: [],
          ...accessorsOf(next),
        };
        // Rules re-run for the affected models and their parents (whose drift
        // messages name the children reading their columns); every other
        // diagnostic carries over, recognised by the node it is about.
        const only = new Set(affected);
        for (const id of affected) for (const p of next.nodes.get(id)!.parents) only.add(p);
        const kept = base.diagnostics.filter((d) => !only.has(d.data?.node as string));
        detail2.diagnostics = [...kept, ...runRules(detail2, next.lines, next.checked, only)];
        poolOf.set(detail2, strings);
        detail2.refocus = makeRefocus(detail2, next);
        return detail2;
      });
    };
  }
}

/*
 * Per-definition memos. An edit replaces one ModelDef (patch_project.ts) and
 * keeps every other object, so keying on object identity lets a re-analysis
 * skip static extraction, hashing and column merging for everything it did
 * not touch — the difference between O(project) and O(edit) work per keystroke.
 */
const staticMemo = new WeakMap<object, { text: string; st: StaticExtraction }>();
interface KeyMemo {
  globalKey: string;
  config: NodeConfig;
  key: string;
}
const keyMemo = new WeakMap<object, KeyMemo>();
/** The string pool each analysis (and its refocused successors) interns into, and the pool each result was interned into. */
const poolOf = new WeakMap<ProjectAnalysisDetail, StringPool>();
const pooledIn = new WeakMap<ModelResult, StringPool>();

/**
 * A new definition of a model inherits its predecessor's memos when it is the
 * same file with the same text (a model's text starts its file: no offset to
 * compare, unlike a snapshot's body, which is not carried); `staticOf` and
 * `baseKeyOf` still check everything else their results depend on (config, global key).
 */
function inheritMemos(def: ModelDef, carry: CarriedMemos | undefined): void {
  const was = carry?.defs.get(def.uniqueId);
  if (!was || staticMemo.has(def) || was.file !== def.file || was.text !== def.rawSql) return;
  staticMemo.set(def, { text: def.rawSql, st: was.st });
  if (was.key) keyMemo.set(def, was.key);
}
const columnsMemo = new WeakMap<ModelResult, { props: unknown; columns: AnalyzedColumn[] }>();

function staticOf(def: object, text: string): StaticExtraction {
  const hit = staticMemo.get(def);
  if (hit && hit.text === text) return hit.st;
  const st = extractStatic(text);
  staticMemo.set(def, { text, st });
  return st;
}

function baseKeyOf(w: SqlNodeWork, globalKey: string): string {
  const hit = keyMemo.get(w.def);
  const configJson = JSON.stringify(w.config);
  if (hit && hit.globalKey === globalKey && JSON.stringify(hit.config) === configJson && staticMemo.get(w.def)?.text === w.template) return hit.key;
  const key = contentHash(globalKey, w.template, String(w.offset), configJson, w.def.packageName, w.def.file);
  keyMemo.set(w.def, { globalKey, config: w.config, key });
  return key;
}

function mergedColumnsOf(w: SqlNodeWork, r: ModelResult, lines: LineIndexCache): AnalyzedColumn[] {
  // A result is tied to one file text, so its column ranges never change; only the YAML side can.
  const hit = columnsMemo.get(r);
  if (hit && hit.props === w.def.props) return hit.columns;
  const columns = mergeColumns(w, r, new RangeSource(lines.text(w.def.file) ?? '', w.def.file));
  columnsMemo.set(r, { props: w.def.props, columns });
  return columns;
}

/** `modelText` is the model's whole file (named by its `file`): column offsets are file offsets (snapshot bodies included). */
function mergeColumns(w: SqlNodeWork, r: ModelResult, modelText: RangeSource): AnalyzedColumn[] {
  const declared = w.def.props?.columns ?? [];
  const declaredByName = new Map(declared.map((c) => [c.name.toLowerCase(), c]));
  const out: AnalyzedColumn[] = [];
  const seen = new Set<string>();
  for (const c of r.columns) {
    const key = c.name.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    const d = declaredByName.get(key);
    const name = d?.name ?? c.name;
    const type = c.type ?? d?.dataType;
    if (c.range) {
      out.push({ name, type, description: d?.description, declared: !!d, produced: true, lineage: c.lineage, location: { file: w.def.file, range: c.range } });
      continue;
    }
    // Deferred: ~190,000 select-item locations at 10,000 models, read one at a time by hover and navigation.
    out.push(deferLocation(newColumn(name, type, d?.description, !!d, true, c.lineage), modelText, c.start, c.end));
  }
  if (w.kind === 'snapshot') {
    for (const meta of ['dbt_scd_id', 'dbt_updated_at', 'dbt_valid_from', 'dbt_valid_to']) {
      if (!seen.has(meta)) {
        seen.add(meta);
        out.push({ name: meta, type: meta === 'dbt_scd_id' ? 'varchar' : 'timestamp', declared: declaredByName.has(meta), produced: true, lineage: NO_LINEAGE });
      }
    }
  }
  for (const d of declared) {
    if (seen.has(d.name.toLowerCase())) continue;
    // Declared but not produced: kept (it is what consumers were promised), flagged by the drift rule.
    out.push(declaredColumn(d.name, d.dataType, d, false));
  }
  return out.slice(); // exact size: kept per node for the session, a pushed-to array has up to ~50% spare slots
}

/**
 * A plain object (prototype Object.prototype, so it compares and serialises as
 * the literal it replaces), built by a constructor so that V8 gives it room
 * in the object for the deferred location's private fields: a literal has
 * exactly its own fields in-object, and the 3 stamped later would cost an
 * out-of-object store (~16 bytes more per column, ~190,000 columns).
 */
function ColumnShape(this: AnalyzedColumn, name: string, type: string | undefined, description: string | undefined, declared: boolean, produced: boolean, lineage: AnalyzedColumn['lineage']) {
  this.name = name;
  this.type = type;
  this.description = description;
  this.declared = declared;
  this.produced = produced;
  this.lineage = lineage;
}
ColumnShape.prototype = Object.prototype;
const newColumn = (name: string, type: string | undefined, description: string | undefined, declared: boolean, produced: boolean, lineage: AnalyzedColumn['lineage']) =>
  new (ColumnShape as unknown as new (...args: Parameters<typeof ColumnShape>) => AnalyzedColumn)(name, type, description, declared, produced, lineage);

/** A column as its YAML declares it, located at its `name:` (deferred like the declaration's own range). */
function declaredColumn(name: string, type: string | undefined, d: ColumnDecl, produced: boolean): AnalyzedColumn {
  const span = deferredSpan(d, 'nameRange');
  if (!span || span.source.file !== d.file) return { name, type, description: d.description, declared: true, produced, lineage: NO_LINEAGE, location: { file: d.file, range: d.nameRange } };
  return deferLocation(newColumn(name, type, d.description, true, produced, NO_LINEAGE), span.source, span.start, span.end);
}

function collectTests(props: { tests: import('../project/types').TestDecl[]; columns: { tests: import('../project/types').TestDecl[] }[] } | undefined) {
  if (!props) return [];
  return [...props.tests, ...props.columns.flatMap((c) => c.tests)];
}

function normaliseConfig(config: Record<string, unknown>): NodeConfig {
  const out: NodeConfig = { ...config };
  if (typeof out.tags === 'string') out.tags = [out.tags];
  const contract = config.contract as { enforced?: boolean } | undefined;
  if (contract && typeof contract === 'object' && 'enforced' in contract) out.contractEnforced = !!contract.enforced;
  if (config.unique_key !== undefined) out.uniqueKey = config.unique_key as string | string[];
  return out;
}

function tagsOf(config: NodeConfig): string[] {
  const t = config.tags;
  if (Array.isArray(t)) return t.map(String);
  if (typeof t === 'string') return [t];
  return [];
}

function mergeVars(projectVars: Record<string, unknown>, projectName: string, overrides?: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(projectVars)) {
    // Package-scoped vars (`vars: {shop: {x: 1}}`) apply to that package only.
    if (k === projectName && v && typeof v === 'object' && !Array.isArray(v)) continue;
    out[k] = v;
  }
  const scoped = projectVars[projectName];
  if (scoped && typeof scoped === 'object' && !Array.isArray(scoped)) Object.assign(out, scoped);
  if (overrides) Object.assign(out, overrides);
  return out;
}

/** The start of the file, shared (and frozen) by every model, seed and snapshot node: 13,000 copies cost ~1.5 MB. */
const FILE_START: Range = Object.freeze({ start: Object.freeze({ line: 0, character: 0 }), end: Object.freeze({ line: 0, character: 0 }) });

function zeroRange(): Range {
  return FILE_START;
}
