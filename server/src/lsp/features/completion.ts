/**
 * Completion: model names inside ref('…'), source names inside source('…'),
 * table names inside source('x', '…'), columns after `alias.` (an alias of a
 * ref, source or CTE in this model), macro names after `{{ `, and in
 * properties YAML the model names under `models:` and column names under
 * `columns:`. Each context is decided from the text before the cursor.
 */
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type CompletionList } from 'vscode-languageserver/node';
import type { AnalyzedNode } from '../../analysis/api';
import type { ProjectAnalysisDetail } from '../../analysis/analyze_project';
import type { LineIndex } from '../../core/text';
import { nodeOfTarget } from '../locate/symbol_at';
import { findAliases, findCtes, resolveQualifier, type CteText } from '../locate/sql_scopes';
import { insideComment, insideJinja } from '../locate/words';
import { nodeMarkdown } from './hover';
import type { FileContext } from '../workspace_state';

/** More items than this and the list is cut (and marked incomplete, so typing asks again). */
const MAX_ITEMS = 500;

export function completion(ctx: FileContext, offset: number): CompletionList {
  const { text, analysis, lines } = ctx;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  const replace = (from: number) => ({ start: lines.positionAt(from), end: lines.positionAt(offset) });
  const own = analysis.nodeByFile.get(ctx.rel)?.[0];
  const pkg = (own && analysis.nodes.get(own)?.packageName) ?? analysis.project.config.name;

  let m = /\bref\(\s*(['"])([\w.-]*)$/.exec(before);
  if (m) {
    const partial = m[2];
    const nodes = [...analysis.nodes.values()].filter((n) => n.resourceType !== 'source' && n.uniqueId !== own);
    return list(nodes, partial, (n) => nodeItem(analysis, n, n.name, replace(offset - partial.length), lines));
  }
  m = /\bsource\(\s*(['"])(\w*)$/.exec(before);
  if (m) {
    const partial = m[2];
    const names = [...analysis.sourceIndex.sourceNames];
    return list(names, partial, (name) => ({ label: name, kind: CompletionItemKind.Folder, detail: `source · ${analysis.sourceIndex.tablesOf(name).length} tables`, textEdit: { range: replace(offset - partial.length), newText: name } }));
  }
  m = /\bsource\(\s*(['"])(\w+)\1\s*,\s*(['"])(\w*)$/.exec(before);
  if (m) {
    const source = m[2];
    const partial = m[4];
    const nodes = analysis.sourceIndex.tablesOf(source).map((t) => {
      const r = analysis.sourceIndex.resolve(source, t);
      return r.kind === 'ok' ? analysis.nodes.get(r.uniqueId) : undefined;
    });
    return list(nodes.filter((n): n is AnalyzedNode => !!n), partial, (n) => nodeItem(analysis, n, n.name, replace(offset - partial.length), lines));
  }

  if (/\.ya?ml$/i.test(ctx.rel)) return yamlCompletion(ctx, before, offset, replace);
  if (insideComment(text, offset)) return { isIncomplete: false, items: [] };

  m = /(\{\{-?|\{%-?)\s*([\w]*\.?[\w]*)$/.exec(before);
  if (m && insideJinja(text, offset)) return macroCompletion(analysis, m[2], replace(offset - m[2].length));

  m = /("?)([A-Za-z_][\w$]*)\1\.("?)([\w$]*)$/.exec(before);
  if (m && !insideJinja(text, offset)) {
    const qualifier = m[2];
    const partial = m[4];
    const names = qualifierColumns(analysis, text, qualifier, offset, pkg);
    return list(names, partial, (c) => ({ label: c.name, kind: CompletionItemKind.Field, detail: c.type, documentation: c.description, textEdit: { range: replace(offset - partial.length), newText: c.name } }));
  }
  return { isIncomplete: false, items: [] };
}

/** Filters by label first, so items (with their hover markdown) are built only for what is returned. */
function list<T extends { name: string } | string>(all: T[], partial: string, toItem: (t: T) => CompletionItem): CompletionList {
  const p = partial.toLowerCase();
  const items: CompletionItem[] = [];
  let cut = false;
  for (const t of all) {
    const label = typeof t === 'string' ? t : t.name;
    if (p && !isSubsequence(p, label.toLowerCase())) continue;
    if (items.length >= MAX_ITEMS) {
      cut = true;
      break;
    }
    items.push(toItem(t));
  }
  return { isIncomplete: cut, items };
}

function isSubsequence(p: string, s: string): boolean {
  let i = 0;
  for (let j = 0; j < s.length && i < p.length; j++) if (s.charCodeAt(j) === p.charCodeAt(i)) i++;
  return i === p.length;
}

function nodeItem(analysis: ProjectAnalysisDetail, n: AnalyzedNode, label: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }, _lines: LineIndex): CompletionItem {
  return {
    label,
    kind: n.resourceType === 'source' ? CompletionItemKind.Struct : n.resourceType === 'seed' ? CompletionItemKind.File : CompletionItemKind.Module,
    detail: `${n.resourceType}${n.resourceType === 'model' ? ` · ${n.materialized}` : ''}${n.file ? ` · ${n.file}` : ''}`,
    documentation: { kind: MarkupKind.Markdown, value: nodeMarkdown(analysis, n) },
    textEdit: { range, newText: label },
  };
}

const JINJA_FUNCTIONS: [string, string][] = [
  ['ref', "ref('${1}')"],
  ['source', "source('${1}', '${2}')"],
  ['config', 'config(${1})'],
  ['var', "var('${1}')"],
  ['env_var', "env_var('${1}')"],
  ['this', 'this'],
  ['is_incremental', 'is_incremental()'],
];

function macroCompletion(analysis: ProjectAnalysisDetail, partial: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }): CompletionList {
  const own = analysis.project.config.name;
  const items: CompletionItem[] = JINJA_FUNCTIONS.map(([label, snippet]) => ({ label, kind: CompletionItemKind.Keyword, insertTextFormat: InsertTextFormat.Snippet, textEdit: { range, newText: snippet } }));
  for (const [, info] of analysis.macros.macros) {
    const label = info.packageName === own ? info.name : `${info.packageName}.${info.name}`;
    const args = info.args.filter((a) => !a.hasDefault).map((a, i) => `\${${i + 1}:${a.name}}`);
    items.push({
      label,
      kind: CompletionItemKind.Function,
      detail: `(${info.args.map((a) => (a.hasDefault ? `${a.name}=…` : a.name)).join(', ')}) · ${info.file}`,
      documentation: info.summary,
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: { range, newText: `${label}(${args.join(', ')})` },
    });
  }
  const p = partial.toLowerCase();
  const filtered = p ? items.filter((i) => isSubsequence(p, i.label.toLowerCase())) : items;
  return { isIncomplete: filtered.length > MAX_ITEMS, items: filtered.slice(0, MAX_ITEMS) };
}

interface ColumnChoice {
  name: string;
  type?: string;
  description?: string;
}

/** Columns available through a qualifier at the cursor: a ref/source alias, or a CTE's select list. */
function qualifierColumns(analysis: ProjectAnalysisDetail, text: string, qualifier: string, offset: number, pkg: string): ColumnChoice[] {
  const target = resolveQualifier(text, qualifier, offset);
  if (!target) return [];
  if (target.kind !== 'cte') {
    const id = nodeOfTarget(analysis, target, pkg);
    return id ? analysis.nodes.get(id)!.columns : [];
  }
  const ctes = findCtes(text);
  const cte = ctes.find((c) => c.name.toLowerCase() === target.name.toLowerCase());
  return cte ? cteColumns(analysis, text, ctes, cte, pkg, 0) : [];
}

/** A CTE's columns, approximately: its `as` aliases plus, for `*`, the columns of what it reads. */
function cteColumns(analysis: ProjectAnalysisDetail, text: string, ctes: CteText[], cte: CteText, pkg: string, depth: number): ColumnChoice[] {
  if (depth > 8) return [];
  const body = text.slice(cte.bodyStart, cte.bodyEnd);
  const out = new Map<string, ColumnChoice>();
  const add = (c: ColumnChoice) => {
    if (!out.has(c.name.toLowerCase())) out.set(c.name.toLowerCase(), c);
  };
  for (const m of body.matchAll(/\bas\s+"?([A-Za-z_][\w$]*)"?\s*(?=,|\bfrom\b|$)/gim)) add({ name: m[1] });
  // Plain column names in the select list (`select a, b.c, d from`).
  const select = /\bselect\b([\s\S]*?)\bfrom\b/i.exec(body);
  if (select) {
    for (const item of select[1].split(',')) {
      const plain = /^\s*(?:[A-Za-z_][\w$]*\.)?([A-Za-z_][\w$]*)\s*$/.exec(item);
      if (plain) add({ name: plain[1] });
    }
  }
  if (/\bselect\s+(?:distinct\s+)?(?:[\w$]+\.)?\*/i.test(body)) {
    for (const f of findAliases(text, ctes).filter((a) => a.scope?.name === cte.name)) {
      if (f.target.kind === 'cte') {
        const name = f.target.name.toLowerCase();
        const inner = ctes.find((c) => c.name.toLowerCase() === name);
        if (inner) for (const c of cteColumns(analysis, text, ctes, inner, pkg, depth + 1)) add(c);
        continue;
      }
      const id = nodeOfTarget(analysis, f.target, pkg);
      if (id) for (const c of analysis.nodes.get(id)!.columns) add(c);
    }
  }
  return [...out.values()];
}

/** `- name: ` under `models:` (model names) or under a model's `columns:` (its produced columns). */
function yamlCompletion(ctx: FileContext, before: string, offset: number, replace: (from: number) => { start: { line: number; character: number }; end: { line: number; character: number } }): CompletionList {
  const m = /^(\s*)-\s+name:\s*(['"]?)([\w]*)$/.exec(before) ?? /^(\s*)name:\s*(['"]?)([\w]*)$/.exec(before);
  if (!m) return { isIncomplete: false, items: [] };
  const { analysis, text } = ctx;
  const partial = m[3];
  const indent = m[1].length;
  const lineStart = offset - before.length;
  const parent = enclosingKey(text, lineStart, indent);
  if (!parent) return { isIncomplete: false, items: [] };
  const range = replace(offset - partial.length);
  const kinds: Record<string, string> = { models: 'model', seeds: 'seed', snapshots: 'snapshot' };
  if (kinds[parent.key]) {
    const documented = new Set(analysis.project.propertyEntries.map((e) => e.name));
    const nodes = [...analysis.nodes.values()].filter((n) => n.resourceType === kinds[parent.key] && n.packageName === analysis.project.config.name);
    // Undocumented nodes first: those are the ones being added.
    nodes.sort((a, b) => Number(documented.has(a.name)) - Number(documented.has(b.name)) || a.name.localeCompare(b.name));
    return list(nodes, partial, (n) => ({ ...nodeItem(analysis, n, n.name, range, ctx.lines), sortText: `${documented.has(n.name) ? 1 : 0}${n.name}` }));
  }
  if (parent.key === 'columns') {
    const owner = enclosingKey(text, parent.lineStart, parent.indent, true);
    if (!owner?.name) return { isIncomplete: false, items: [] };
    const node = [...analysis.nodes.values()].find((n) => n.name === owner.name && n.resourceType !== 'source');
    if (!node) return { isIncomplete: false, items: [] };
    const cols = node.columns.filter((c) => c.produced);
    return list(cols, partial, (c) => ({ label: c.name, kind: CompletionItemKind.Field, detail: c.type, sortText: `${c.declared ? 1 : 0}${c.name}`, documentation: c.declared ? 'already declared' : 'produced by the SQL, not yet declared', textEdit: { range, newText: c.name } }));
  }
  return { isIncomplete: false, items: [] };
}

/**
 * The nearest line above `lineStart` with less indentation than `indent`: a
 * `key:` line (or, with `wantEntry`, the `- name: x` entry owning the key).
 */
function enclosingKey(text: string, lineStart: number, indent: number, wantEntry = false): { key: string; name?: string; indent: number; lineStart: number } | undefined {
  let end = lineStart - 1;
  while (end > 0) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end).replace(/\r$/, '');
    end = start - 1;
    if (!line.trim() || /^\s*#/.test(line)) continue;
    const lineIndent = line.length - line.trimStart().length;
    if (wantEntry) {
      // Keys of the same entry sit at `indent`; the entry's first line is `- name:` or `- …` with a smaller dash indent.
      const entry = /^(\s*)-\s+(\w+):\s*(.*)$/.exec(line);
      if (entry && entry[1].length < indent) {
        if (entry[2] === 'name') return { key: 'entry', name: entry[3].replace(/^['"]|['"]$/g, '').trim(), indent: entry[1].length, lineStart: start };
        // The entry starts with another key: look for its `name:` among the sibling lines below.
        const sibling = new RegExp(`^\\s{${indent}}name:\\s*(\\S+)`, 'm').exec(text.slice(start, lineStart));
        return { key: 'entry', name: sibling?.[1].replace(/^['"]|['"]$/g, ''), indent: entry[1].length, lineStart: start };
      }
      if (lineIndent === indent && /^\s*name:\s*\S/.test(line)) {
        return { key: 'entry', name: line.replace(/^\s*name:\s*/, '').replace(/^['"]|['"]$/g, '').trim(), indent, lineStart: start };
      }
      if (lineIndent < indent && !line.trimStart().startsWith('-')) return undefined;
      continue;
    }
    if (lineIndent < indent) {
      const key = /^\s*(?:-\s+)?([\w-]+):\s*$/.exec(line);
      return key ? { key: key[1], indent: lineIndent, lineStart: start } : undefined;
    }
  }
  return undefined;
}
