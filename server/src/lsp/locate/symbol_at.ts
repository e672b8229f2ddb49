/**
 * What the cursor is on, in project terms: a node (through ref/source, a
 * YAML entry), a column (an output column, `alias.column`, a YAML column),
 * or a macro. Every cursor feature (definition, references, hover, rename,
 * nodeAt) starts here, so they agree on what a position means.
 */
import type { ProjectAnalysisDetail } from '../../analysis/analyze_project';
import type { Range } from '../../core/text';
import type { MacroInfo } from '../../jinja/api';
import type { FileContext } from '../workspace_state';
import { callAt, type Literal } from './jinja_calls';
import { findAliases, findCtes, resolveQualifier, type AliasTarget, type CteText } from './sql_scopes';
import { insideComment, insideJinja, qualifierBefore, wordAt } from './words';
import { yamlEntryAt } from './yaml_entries';

export type SymbolAt =
  /** A node named by ref()/source() or a YAML entry. `literal` is the name's text, for rename. */
  | { kind: 'node'; nodeId: string; range: Range; via: 'ref' | 'source' | 'source-name' | 'yaml'; literal?: Literal }
  /** `versions`: the versions of a ref()'s model when the version it asks for is not one of them. */
  | { kind: 'unresolved'; name: string; range: Range; via: 'ref' | 'source'; version?: number | string; versions?: (number | string)[] }
  /** A column of a node. `word` is the identifier under the cursor (may differ from `column` on an output alias). */
  | { kind: 'column'; nodeId: string; column: string; word: string; range: Range; via: 'output' | 'qualified' | 'yaml' }
  /** A column defined inside this file (a CTE's select item) that no node exposes. */
  | { kind: 'local-column'; column: string; range: Range; definition: Range }
  | { kind: 'macro'; key: string; info: MacroInfo; range: Range };

type RangeOf = (start: number, end: number) => Range;

const JINJA_BUILTINS = new Set(['ref', 'source', 'config', 'var', 'env_var', 'this', 'is_incremental', 'if', 'for', 'set', 'endif', 'endfor', 'not', 'and', 'or', 'in', 'is', 'loop', 'target', 'return', 'macro', 'endmacro']);

/**
 * `preferOutput`: on `alias.col` inside one of this model's select items, answer
 * the model's own output column (nodeAt, lineage) rather than the column the
 * alias reads (definition, hover).
 */
export function symbolAt(ctx: FileContext, offset: number, preferOutput = false): SymbolAt | undefined {
  const { analysis, text, lines } = ctx;
  const rangeOf = (s: number, e: number) => lines.rangeOf(s, e);
  const currentNode = analysis.nodeByFile.get(ctx.rel)?.[0];
  const pkg = (currentNode && analysis.nodes.get(currentNode)?.packageName) ?? analysis.project.config.name;

  const call = callAt(text, offset);
  if (call) {
    const range = rangeOf(call.literal.start, call.literal.end);
    if (call.call.kind === 'ref') {
      // ref('x', v=2) is version 2's node, not the latest.
      const version = call.call.version?.value;
      const r = analysis.refIndex.resolve(call.call.name.value, call.call.package?.value, version, pkg);
      if (r.kind === 'ok' || r.kind === 'disabled') return { kind: 'node', nodeId: r.uniqueId, range, via: 'ref', literal: call.call.name };
      if (r.kind === 'bad-version') return { kind: 'unresolved', name: call.call.name.value, range, via: 'ref', version, versions: r.versions };
      return { kind: 'unresolved', name: call.call.name.value, range, via: 'ref' };
    }
    const r = analysis.sourceIndex.resolve(call.call.source.value, call.call.table.value);
    if (r.kind === 'ok') return { kind: 'node', nodeId: r.uniqueId, range, via: call.part === 'source' ? 'source-name' : 'source', literal: call.literal };
    return { kind: 'unresolved', name: `${call.call.source.value}.${call.call.table.value}`, range, via: 'source' };
  }

  if (/\.ya?ml$/i.test(ctx.rel)) {
    const hit = yamlEntryAt(analysis, ctx.rel, lines.positionAt(offset));
    if (!hit) return undefined;
    if (hit.kind === 'column') return { kind: 'column', nodeId: hit.entry.nodeId, column: hit.column.name, word: hit.column.name, range: hit.range, via: 'yaml' };
    return { kind: 'node', nodeId: hit.entry.nodeId, range: hit.range, via: hit.kind === 'source-name' ? 'source-name' : 'yaml' };
  }

  const w = wordAt(text, offset);
  if (!w || insideComment(text, offset)) return undefined;
  const range = rangeOf(w.start, w.end);

  if (insideJinja(text, offset)) {
    const q = qualifierBefore(text, w.start);
    if (JINJA_BUILTINS.has(w.word) && !q) return undefined;
    const found = findMacro(analysis, w.word, q);
    return found ? { kind: 'macro', key: found[0], info: found[1], range } : undefined;
  }
  if (!currentNode) return undefined;

  const q = qualifierBefore(text, w.start);
  const output = outputColumnAt(analysis, currentNode, offset, w.word, range);
  if (q && !(preferOutput && output)) {
    const hit = qualifiedColumn(analysis, text, rangeOf, q, w.word, w.start, range, pkg, 0);
    if (hit) return hit;
  }
  if (output) return output;
  // A bare column inside a CTE or a join condition: the single relation its FROM reads.
  return bareColumn(analysis, text, rangeOf, w.word, w.start, range, pkg);
}

/** The output column of this model whose select item holds the cursor. */
function outputColumnAt(analysis: ProjectAnalysisDetail, nodeId: string, offset: number, word: string, range: Range): SymbolAt | undefined {
  const result = analysis.modelResults.get(nodeId);
  const node = analysis.nodes.get(nodeId);
  if (!result || !node) return undefined;
  for (const c of result.columns) {
    if (offset < c.start || offset > c.end || c.end - c.start === 1) continue; // a `*` item names no single column
    const col = node.columns.find((x) => x.name.toLowerCase() === c.name.toLowerCase());
    if (col) return { kind: 'column', nodeId, column: col.name, word, range, via: 'output' };
  }
  return undefined;
}

export function findMacro(analysis: ProjectAnalysisDetail, name: string, qualifier: string | undefined): [string, MacroInfo] | undefined {
  const macros = analysis.macros.macros;
  if (qualifier) {
    const info = macros.get(`${qualifier}.${name}`);
    return info ? [`${qualifier}.${name}`, info] : undefined;
  }
  const own = macros.get(`${analysis.project.config.name}.${name}`);
  if (own) return [`${analysis.project.config.name}.${name}`, own];
  for (const [key, info] of macros) if (info.name === name) return [key, info];
  return undefined;
}

export function nodeOfTarget(analysis: ProjectAnalysisDetail, target: AliasTarget, pkg: string): string | undefined {
  if (target.kind === 'ref') {
    const r = analysis.refIndex.resolve(target.name, target.package, target.version, pkg);
    return r.kind === 'ok' ? r.uniqueId : undefined;
  }
  if (target.kind === 'source') {
    const r = analysis.sourceIndex.resolve(target.source, target.table);
    return r.kind === 'ok' ? r.uniqueId : undefined;
  }
  if (target.kind === 'table') {
    // A hard-coded relation name: the analysis recorded which node it resolved to.
    for (const n of analysis.nodes.values()) if (n.name.toLowerCase() === target.name.slice(target.name.lastIndexOf('.') + 1).toLowerCase() && n.resourceType !== 'source') return n.uniqueId;
  }
  return undefined;
}

function qualifiedColumn(analysis: ProjectAnalysisDetail, text: string, rangeOf: RangeOf, qualifier: string, word: string, at: number, range: Range, pkg: string, depth: number): SymbolAt | undefined {
  const target = resolveQualifier(text, qualifier, at);
  if (!target) return undefined;
  if (target.kind === 'cte') {
    const cte = findCtes(text).find((c) => c.name.toLowerCase() === target.name.toLowerCase());
    return cte ? cteColumn(analysis, text, rangeOf, cte, word, range, pkg, depth) : undefined;
  }
  const nodeId = nodeOfTarget(analysis, target, pkg);
  if (!nodeId) return undefined;
  const col = analysis.nodes.get(nodeId)!.columns.find((c) => c.name.toLowerCase() === word.toLowerCase());
  return col ? { kind: 'column', nodeId, column: col.name, word, range, via: 'qualified' } : undefined;
}

/** A column of a CTE: its own select item if it names it (`… as word`), else the relation the CTE reads. */
function cteColumn(analysis: ProjectAnalysisDetail, text: string, rangeOf: RangeOf, cte: CteText, word: string, range: Range, pkg: string, depth: number): SymbolAt | undefined {
  if (depth > 8) return undefined; // CTE chains deeper than this are not worth following (and cannot loop forever)
  const body = text.slice(cte.bodyStart, cte.bodyEnd);
  const asMatch = new RegExp(`\\bas\\s+"?${escapeRegExp(word)}"?\\b`, 'i').exec(body);
  if (asMatch) {
    const start = cte.bodyStart + asMatch.index + asMatch[0].length - word.length - (asMatch[0].endsWith('"') ? 1 : 0);
    return { kind: 'local-column', column: word, range, definition: rangeOf(start, start + word.length) };
  }
  const froms = findAliases(text).filter((a) => a.scope?.name === cte.name);
  for (const f of froms) {
    if (f.target.kind === 'cte') {
      const inner = findCtes(text).find((c) => c.name.toLowerCase() === (f.target as { name: string }).name.toLowerCase());
      const hit = inner && cteColumn(analysis, text, rangeOf, inner, word, range, pkg, depth + 1);
      if (hit) return hit;
      continue;
    }
    const nodeId = nodeOfTarget(analysis, f.target, pkg);
    const col = nodeId && analysis.nodes.get(nodeId)!.columns.find((c) => c.name.toLowerCase() === word.toLowerCase());
    if (nodeId && col) return { kind: 'column', nodeId, column: col.name, word, range, via: 'qualified' };
  }
  return undefined;
}

function bareColumn(analysis: ProjectAnalysisDetail, text: string, rangeOf: RangeOf, word: string, at: number, range: Range, pkg: string): SymbolAt | undefined {
  const here = findCtes(text).find((c) => at >= c.bodyStart && at < c.bodyEnd);
  return here ? cteColumn(analysis, text, rangeOf, here, word, range, pkg, 0) : undefined;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
