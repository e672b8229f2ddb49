/**
 * Quick fixes, driven by the `data` payload the diagnostic rules attach:
 * - unresolved ref/source, unknown YAML entry: replace with the suggestion;
 * - declared-but-not-produced column: rename the declaration to the closest produced column;
 * - missing-pk-tests / missing-tests: add unique + not_null to the primary key in YAML
 *   (adding the column entry when it is not declared yet);
 * - undeclared column: add it to the model's `columns:` with its inferred data_type
 *   (one column, or all of them at once); for a version of a versioned model,
 *   where dbt would give it to that version (column_home.ts);
 * - contract type mismatch: set the declared data_type to the produced type;
 * - a model without properties: append an entry listing its columns to the
 *   folder's properties file, or create `_<model>.yml`.
 * YAML is edited as text with the file's own indentation (see yaml_edit.ts).
 */
import * as path from 'path';
import { CodeActionKind, type CodeAction, type TextDocumentEdit, type CreateFile, type Range as LspRange } from 'vscode-languageserver/node';
import type { AnalyzedNode } from '../../analysis/api';
import type { ProjectAnalysisDetail } from '../../analysis/analyze_project';
import { didYouMean } from '../../core/did_you_mean';
import { LineIndex, type Range } from '../../core/text';
import { primaryKeyOf } from '../../diagnostics/test_coverage';
import type { NodeProperties } from '../../project/types';
import { columnHome, type ColumnHome } from '../column_home';
import { toLspDiagnostic, toLspRange } from '../convert';
import { propsOf } from '../node_facts';
import type { FileContext } from '../workspace_state';
import { addSequenceItems, appendTopLevelEntry, newPropertiesFile, setEntryScalar, type OffsetEdit } from '../yaml_edit';

export interface EditHost {
  uriOf(rel: string): string;
  /** Version of the open document, or null when it is not open. */
  versionOf(rel: string): number | null;
  /** The client accepts CreateFile operations in workspace edits. */
  canCreateFiles: boolean;
}

type FileEdit = { file: string; edit: OffsetEdit } | { file: string; create: string };

export function codeActions(ctx: FileContext, range: LspRange, only: string[] | undefined, host: EditHost): CodeAction[] {
  if (only && !only.some((k) => k === CodeActionKind.QuickFix || k.startsWith(`${CodeActionKind.QuickFix}.`) || CodeActionKind.QuickFix.startsWith(k))) return [];
  const { analysis } = ctx;
  const here = analysis.diagnostics.filter((d) => d.file === ctx.rel && overlaps(d.range, range));
  const out: CodeAction[] = [];
  const text = (rel: string) => ctx.session.fileText(rel);
  for (const d of here) {
    const lspDiag = toLspDiagnostic(d, host.uriOf);
    const push = (title: string, edits: FileEdit[] | undefined, preferred = false) => {
      if (!edits?.length) return;
      const edit = toWorkspaceEdit(edits, text, host);
      if (edit) out.push({ title, kind: CodeActionKind.QuickFix, diagnostics: [lspDiag], isPreferred: preferred, edit });
    };
    const data = (d.data ?? {}) as Record<string, unknown>;
    switch (d.code) {
      case 'unresolved-ref':
      case 'unresolved-source':
      case 'yaml-unknown-model':
        if (typeof data.suggestion === 'string') push(`Change to '${data.suggestion}'`, [replaceRange(ctx, d.range, data.suggestion)], true);
        break;
      case 'drift-declared-not-produced': {
        const produced = Array.isArray(data.produced) ? (data.produced as string[]) : [];
        const declaredName = typeof data.column === 'string' ? data.column : '';
        const suggestion = closestColumn(declaredName, produced);
        if (suggestion) push(`Rename the declaration to '${suggestion}' (the column the SQL produces)`, [replaceRange(ctx, d.range, suggestion)], true);
        break;
      }
      case 'drift-undeclared-column': {
        const node = nodeOf(analysis, data.node);
        const props = node && propsOf(analysis, node.uniqueId);
        if (!node || !props || typeof data.column !== 'string') break;
        const home = columnHome(analysis, node.uniqueId, props, data.column);
        push(`Declare '${data.column}' in ${whereLabel(node.name, home)}`, declareColumns(analysis, text, node.uniqueId, props, [{ name: data.column, type: data.type as string | undefined }]), true);
        const undeclared = node.columns.filter((c) => c.produced && !c.declared);
        if (undeclared.length > 1) push(`Declare all ${undeclared.length} undeclared columns of '${node.name}'`, declareColumns(analysis, text, node.uniqueId, props, undeclared.map((c) => ({ name: c.name, type: c.type }))));
        break;
      }
      case 'drift-type-mismatch': {
        // The SQL is the truth the warehouse will see; offer to bring the contract in line.
        const node = nodeOf(analysis, data.node);
        const col = node && typeof data.column === 'string' ? node.columns.find((c) => c.name.toLowerCase() === (data.column as string).toLowerCase()) : undefined;
        const decl = node && col ? propsOf(analysis, node.uniqueId)?.columns.find((c) => c.name.toLowerCase() === col.name.toLowerCase()) : undefined;
        const yaml = decl && text(decl.file);
        if (!col?.type || !decl || yaml === undefined) break;
        const edit = setEntryScalar(yaml, decl.nameRange, 'data_type', col.type);
        if (edit) push(`Set the contract's data_type of '${col.name}' to ${col.type}`, [{ file: decl.file, edit }]);
        break;
      }
      case 'missing-pk-tests': {
        const node = nodeOf(analysis, data.node);
        if (!node || typeof data.column !== 'string') break;
        const missing = Array.isArray(data.missing) ? (data.missing as string[]) : ['unique', 'not_null'];
        push(`Add ${missing.join(' + ')} to '${data.column}'`, addPkTests(analysis, text, node, data.column, missing), true);
        break;
      }
      case 'missing-tests': {
        const node = nodeOf(analysis, data.node);
        if (!node || node.resourceType !== 'model') break;
        const props = propsOf(analysis, node.uniqueId);
        const pk = primaryKeyOf(node, props);
        if (props && pk) push(`Add unique + not_null to '${pk.column}'`, addPkTests(analysis, text, node, pk.column, ['unique', 'not_null']), true);
        if (!props) {
          const key = primaryKeyOf(node, undefined)?.column;
          push(`Add properties for '${node.name}'${key ? ` with unique + not_null on '${key}'` : ` (${node.columns.length} columns)`}`, propertiesStub(analysis, text, node, host, true), true);
        }
        break;
      }
      case 'undocumented-model': {
        const node = nodeOf(analysis, data.node);
        if (!node || data.hasProperties !== false) break;
        push(`Add properties for '${node.name}' (${node.columns.length} columns)`, propertiesStub(analysis, text, node, host, false));
        break;
      }
      default:
        break;
    }
  }
  return out;
}

function overlaps(a: Range, b: LspRange): boolean {
  const before = (x: { line: number; character: number }, y: { line: number; character: number }) => x.line < y.line || (x.line === y.line && x.character < y.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

function nodeOf(analysis: ProjectAnalysisDetail, id: unknown): AnalyzedNode | undefined {
  return typeof id === 'string' ? analysis.nodes.get(id) : undefined;
}

function replaceRange(ctx: FileContext, r: Range, newText: string): FileEdit {
  return { file: ctx.rel, edit: { start: ctx.lines.offsetAt(r.start), end: ctx.lines.offsetAt(r.end), newText } };
}

/** The produced column a stale declaration most likely became (`lifetime_value_usd` → `lifetime_value`). */
function closestColumn(declared: string, produced: string[]): string | undefined {
  const lower = declared.toLowerCase();
  const direct = didYouMean(declared, produced);
  if (direct) return direct;
  // A prefix/suffix change (`_usd` dropped, `_id` added) is beyond edit distance but unambiguous.
  const hits = produced.filter((p) => {
    const q = p.toLowerCase();
    return q.length >= 3 && (lower.startsWith(q) || q.startsWith(lower) || lower.endsWith(q) || q.endsWith(lower));
  });
  return hits.length === 1 ? hits[0] : undefined;
}

function yamlTestsKey(text: string): string[] {
  // Follow the file's habit: `tests:` in older projects, `data_tests:` since dbt 1.8.
  const old = (text.match(/^\s*tests:/gm) ?? []).length;
  const now = (text.match(/^\s*data_tests:/gm) ?? []).length;
  return old > now ? ['tests', 'data_tests'] : ['data_tests', 'tests'];
}

function whereLabel(model: string, home: ColumnHome): string {
  if (home.version !== undefined) return `version ${home.version} of '${model}' (${home.file})`;
  if (home.sharedBy) return `${home.file}, for ${home.sharedBy.length > 1 ? 'versions' : 'version'} ${home.sharedBy.join(', ')}`;
  return home.file;
}

/** Column entries, each where it belongs (column_home.ts): a version's own entry and the base may both get some. */
function declareColumns(analysis: ProjectAnalysisDetail, text: (rel: string) => string | undefined, nodeId: string, props: NodeProperties, cols: { name: string; type?: string }[]): FileEdit[] | undefined {
  return addColumnEntries(analysis, text, nodeId, props, cols.map((c) => ({ name: c.name, lines: [`name: ${c.name}`, ...(c.type ? [`data_type: ${c.type}`] : [])] })));
}

function addColumnEntries(analysis: ProjectAnalysisDetail, text: (rel: string) => string | undefined, nodeId: string, props: NodeProperties, entries: { name: string; lines: string[] }[]): FileEdit[] | undefined {
  const yaml = text(props.file);
  if (yaml === undefined) return undefined;
  const groups = new Map<string, { home: ColumnHome; items: string[][] }>();
  for (const e of entries) {
    const home = columnHome(analysis, nodeId, props, e.name);
    const key = home.anchorKey;
    const group = groups.get(key) ?? groups.set(key, { home, items: [] }).get(key)!;
    group.items.push(e.lines);
  }
  // The version's entry first: when neither has `columns:` yet, both insert at the end of the
  // model's entry, and the version's lines must come before the base's new key.
  const edits: FileEdit[] = [];
  for (const g of [groups.get('v'), groups.get('name')]) {
    if (!g) continue;
    const edit = addSequenceItems(yaml, g.home.anchor, ['columns'], g.items, g.home.anchorKey);
    if (!edit) return undefined; // a flow-style block: no half-done fix
    edits.push({ file: g.home.file, edit });
  }
  return edits;
}

function addPkTests(analysis: ProjectAnalysisDetail, text: (rel: string) => string | undefined, node: AnalyzedNode, column: string, missing: string[]): FileEdit[] | undefined {
  const props = propsOf(analysis, node.uniqueId);
  if (!props) return undefined;
  const yaml = text(props.file);
  if (yaml === undefined) return undefined;
  const keys = yamlTestsKey(yaml);
  const decl = props.columns.find((c) => c.name.toLowerCase() === column.toLowerCase());
  if (decl) {
    const have = new Set(decl.tests.map((t) => t.name));
    const add = missing.filter((t) => !have.has(t));
    const edit = add.length ? addSequenceItems(yaml, decl.nameRange, keys, add.map((t) => [t])) : undefined;
    return edit && [{ file: props.file, edit }];
  }
  const type = node.columns.find((c) => c.name.toLowerCase() === column.toLowerCase())?.type;
  const entry = [`name: ${column}`, ...(type ? [`data_type: ${type}`] : []), `${keys[0]}:`, ...missing.map((t) => `  - ${t}`)];
  return addColumnEntries(analysis, text, node.uniqueId, props, [{ name: column, lines: entry }]);
}

/** A `models:` entry for a node without properties: in the folder's properties file, else a new `_<model>.yml`. */
function propertiesStub(analysis: ProjectAnalysisDetail, text: (rel: string) => string | undefined, node: AnalyzedNode, host: EditHost, withPkTests: boolean): FileEdit[] | undefined {
  if (!node.file) return undefined;
  const pk = withPkTests ? primaryKeyOf(node, undefined) : undefined;
  const columns = node.columns.filter((c) => c.produced);
  const snippet = [`name: ${node.name}`, 'description: ""'];
  if (columns.length) {
    snippet.push('columns:');
    for (const c of columns) {
      snippet.push(`  - name: ${c.name}`);
      if (c.type) snippet.push(`    data_type: ${c.type}`);
      if (pk && pk.column === c.name) snippet.push('    data_tests:', '      - unique', '      - not_null');
    }
  }
  const dir = path.posix.dirname(node.file);
  const sibling = analysis.project.propertyEntries.find((e) => e.kind === 'models' && path.posix.dirname(e.file) === dir)?.file;
  if (sibling) {
    const yaml = text(sibling);
    const edit = yaml !== undefined ? appendTopLevelEntry(yaml, 'models', snippet) : undefined;
    if (edit) return [{ file: sibling, edit }];
  }
  if (!host.canCreateFiles) return undefined;
  const file = `${dir === '.' ? '' : `${dir}/`}_${node.name}.yml`;
  if (text(file) !== undefined) return undefined; // never overwrite a file we did not recognise as properties
  return [{ file, create: newPropertiesFile(snippet) }];
}

function toWorkspaceEdit(edits: FileEdit[], text: (rel: string) => string | undefined, host: EditHost) {
  const documentChanges: (TextDocumentEdit | CreateFile)[] = [];
  let open: TextDocumentEdit | undefined; // the last edit of an existing file, which the next edit of that file joins
  for (const e of edits) {
    const uri = host.uriOf(e.file);
    if ('create' in e) {
      open = undefined;
      documentChanges.push({ kind: 'create', uri, options: { overwrite: false, ignoreIfExists: true } });
      documentChanges.push({ textDocument: { uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: e.create }] });
      continue;
    }
    const t = text(e.file);
    if (t === undefined) return undefined;
    const li = new LineIndex(t);
    const textEdit = { range: toLspRange(li.rangeOf(e.edit.start, e.edit.end)), newText: e.edit.newText };
    // Edits of one file go in one TextDocumentEdit: a second one would be applied to the text the first produced.
    if (open?.textDocument.uri === uri) open.edits.push(textEdit);
    else documentChanges.push((open = { textDocument: { uri, version: host.versionOf(e.file) }, edits: [textEdit] }));
  }
  return { documentChanges };
}

