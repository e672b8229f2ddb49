import type { Diagnostic, DiagnosticCode, RelatedLocation } from '../core/diagnostic';
import { makeDiagnostic } from '../core/diagnostic';
import type { Range } from '../core/text';
import type { ProjectAnalysisDetail } from '../analysis/analyze_project';
import type { LineIndexCache } from '../analysis/line_index_cache';
import type { AnalyzedNode } from '../analysis/api';
import type { ModelDef, SingularTestDef } from '../project/types';
import { extractStatic } from '../jinja/static_extract';
import type { StaticExtraction } from '../jinja/api';

/** What every rule sees: the analysed project plus helpers to place diagnostics. */
export interface RuleContext {
  analysis: ProjectAnalysisDetail;
  lines: LineIndexCache;
  /** Nodes covered by Driftwatch check files (they count as tested). */
  checkedNodes: ReadonlySet<string>;
  /** When set, report only about these nodes (a focused re-analysis). */
  only?: ReadonlySet<string>;
  /** Whether findings about this node are wanted in this run. */
  wants(id: string): boolean;
}

/** The model definitions a rule should visit: those in focus, else all. */
export function modelsToVisit(ctx: RuleContext): ModelDef[] {
  if (!ctx.only) return ctx.analysis.project.models;
  const out: ModelDef[] = [];
  for (const id of ctx.only) {
    const m = ctx.analysis.modelDefs.get(id);
    if (m) out.push(m);
  }
  return out;
}

/** The node ids a rule should visit: the focus when there is one, else every key of `all`. */
export function visit<T>(ctx: RuleContext, all: ReadonlyMap<string, T>): [string, T][] {
  if (!ctx.only) return [...all];
  const out: [string, T][] = [];
  for (const id of ctx.only) {
    const v = all.get(id);
    if (v !== undefined) out.push([id, v]);
  }
  return out;
}

export type Rule = (ctx: RuleContext) => Diagnostic[];

export function diag(code: DiagnosticCode, file: string, range: Range, message: string, extra: { related?: RelatedLocation[]; data?: Record<string, unknown> } = {}): Diagnostic {
  return makeDiagnostic(code, file, range, message, extra);
}

/** The first non-blank line of a file that is not a Jinja config()/comment, as the anchor for whole-model findings. */
export function modelAnchor(ctx: RuleContext, file: string): Range {
  // Scans lines from the top and counts them itself: the anchor is near the
  // start, and a whole-file line index per model would cost more than the rule.
  const text = ctx.lines.text(file) ?? '';
  let offset = 0;
  let line = 0;
  let fallback: Range | undefined;
  while (offset <= text.length) {
    let end = text.indexOf('\n', offset);
    if (end < 0) end = text.length;
    const raw = text.slice(offset, end).replace(/\r$/, '');
    const trimmed = raw.trim();
    if (trimmed) {
      const character = raw.indexOf(trimmed);
      const range = { start: { line, character }, end: { line, character: character + trimmed.length } };
      fallback ??= range;
      if (!/^(\{\{\s*config\(|\{#|--)/.test(trimmed)) return range;
    }
    if (end >= text.length) break;
    offset = end + 1;
    line++;
  }
  return fallback ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

/** Where a node-level finding goes: the YAML name if the node is documented there, else the model file. */
export function nodeAnchor(ctx: RuleContext, node: AnalyzedNode): { file: string; range: Range } {
  if (node.resourceType === 'source') return { file: node.file!, range: node.range! };
  return { file: node.file!, range: modelAnchor(ctx, node.file!) };
}

/** How findings name a model: a version is named with it ("dim_customers v3"), since every version shares the name. */
export function modelLabel(m: { name: string; version?: number | string }): string {
  return m.version === undefined ? m.name : `${m.name} v${m.version}`;
}

export function isStaging(node: AnalyzedNode): boolean {
  return node.resourceType === 'model' && (/(^|\/)staging\//.test(node.file ?? '') || node.name.startsWith('stg_'));
}

export function layerOf(node: AnalyzedNode): 'staging' | 'intermediate' | 'marts' | 'other' {
  if (isStaging(node)) return 'staging';
  const f = node.file ?? '';
  if (/(^|\/)intermediate\//.test(f) || node.name.startsWith('int_')) return 'intermediate';
  if (/(^|\/)marts\//.test(f) || /^(fct|dim|mart)_/.test(node.name)) return 'marts';
  return 'other';
}

/**
 * The version definitions of each versioned model, from the whole project
 * (not the focus): which version reports a finding shared by the versions
 * must not depend on which nodes a focused run visits, or it would move or
 * repeat. Build it once per run.
 */
export function versionSiblings(ctx: RuleContext): (m: ModelDef) => ModelDef[] {
  const byModel = new Map<string, ModelDef[]>();
  for (const m of ctx.analysis.project.models) {
    if (m.version === undefined) continue;
    const key = `${m.packageName}\0${m.name}`;
    const list = byModel.get(key);
    if (list) list.push(m);
    else byModel.set(key, [m]);
  }
  return (m) => byModel.get(`${m.packageName}\0${m.name}`) ?? [m];
}

/** Singular tests are read by two rules (their bad references, and the nodes they test); each is parsed once. */
const singularCallsMemo = new WeakMap<SingularTestDef, StaticExtraction>();

/** The ref()/source() calls of a singular test, with their offsets in its file. */
export function singularTestCalls(t: SingularTestDef): StaticExtraction {
  let st = singularCallsMemo.get(t);
  if (!st) singularCallsMemo.set(t, (st = extractStatic(t.rawSql)));
  return st;
}
