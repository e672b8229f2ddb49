/**
 * Rename a model (or seed): from its name in ref('x') or in properties YAML.
 * Edits every ref('x') in the project's own files (models, snapshots, tests,
 * analyses, macros, YAML `to: ref('x')`), the YAML `name:` entries, the
 * `dataset:` of check files, and renames the file. Renaming a model file in the explorer
 * (workspace/willRenameFiles) applies the same text edits.
 * Refuses names that are not identifiers or that another node already uses.
 */
import * as path from 'path';
import { ResponseError, ErrorCodes, type RenameFile, type TextDocumentEdit, type WorkspaceEdit, type Range as LspRange } from 'vscode-languageserver/node';
import type { AnalyzedNode } from '../../analysis/api';
import type { ProjectAnalysisDetail } from '../../analysis/analyze_project';
import { LineIndex } from '../../core/text';
import type { ProjectSession } from '../../workspace/project_session';
import { toLspRange } from '../convert';
import { findJinjaCalls } from '../locate/jinja_calls';
import { symbolAt } from '../locate/symbol_at';
import { propsOf } from '../node_facts';
import type { FileContext } from '../workspace_state';
import type { EditHost } from './code_actions';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

function renamableNode(ctx: FileContext, offset: number): { node: AnalyzedNode; range: LspRange } | undefined {
  const s = symbolAt(ctx, offset);
  if (s?.kind !== 'node' || (s.via !== 'ref' && s.via !== 'yaml')) return undefined;
  const node = ctx.analysis.nodes.get(s.nodeId);
  if (!node || (node.resourceType !== 'model' && node.resourceType !== 'seed')) return undefined;
  if (node.packageName !== ctx.analysis.project.config.name) return undefined; // installed packages are not ours to edit
  return { node, range: toLspRange(s.range) };
}

export function prepareRename(ctx: FileContext, offset: number): { range: LspRange; placeholder: string } | null {
  const hit = renamableNode(ctx, offset);
  return hit ? { range: hit.range, placeholder: hit.node.name } : null;
}

export function rename(ctx: FileContext, offset: number, newName: string, host: EditHost): WorkspaceEdit {
  const hit = renamableNode(ctx, offset);
  if (!hit) throw new ResponseError(ErrorCodes.InvalidRequest, 'Only a model or seed name (in ref() or in properties YAML) can be renamed here.');
  return renameNodeEdit(ctx.session, ctx.analysis, hit.node, newName, host, true);
}

/** The edits that rename `node` to `newName`; `moveFile` adds the RenameFile of its SQL/CSV file. */
export function renameNodeEdit(session: ProjectSession, analysis: ProjectAnalysisDetail, node: AnalyzedNode, newName: string, host: EditHost, moveFile: boolean): WorkspaceEdit {
  if (!IDENTIFIER.test(newName)) throw new ResponseError(ErrorCodes.InvalidParams, `'${newName}' is not a valid model name (letters, digits and _; not starting with a digit).`);
  if (newName === node.name) return { documentChanges: [] };
  const clash = analysis.refIndex.resolve(newName, undefined, undefined, node.packageName);
  if (clash.kind !== 'missing') throw new ResponseError(ErrorCodes.InvalidParams, `A node named '${newName}' already exists (${clash.kind === 'ok' || clash.kind === 'disabled' ? clash.uniqueId : newName}).`);
  const newFile = node.file ? path.posix.join(path.posix.dirname(node.file), newName + path.posix.extname(node.file)) : undefined;
  if (moveFile && newFile && session.fileText(newFile) !== undefined) throw new ResponseError(ErrorCodes.InvalidParams, `${newFile} already exists.`);

  const edits = new Map<string, { start: number; end: number }[]>();
  const add = (file: string, start: number, end: number) => {
    const list = edits.get(file) ?? [];
    if (!list.some((e) => e.start === start)) list.push({ start, end });
    edits.set(file, list);
  };
  for (const file of ownFiles(analysis)) {
    const text = session.fileText(file);
    if (text === undefined || !text.includes(node.name)) continue;
    for (const call of findJinjaCalls(text)) {
      if (call.kind !== 'ref' || call.name.value !== node.name) continue;
      if (call.package && call.package.value !== node.packageName) continue;
      add(file, call.name.start, call.name.end);
    }
  }
  // Check files name their datasets by model name (`dataset: stg_orders`).
  const dataset = new RegExp(`^([ \\t]*(?:-[ \\t]+)?dataset:[ \\t]*)(['"]?)${node.name}\\2[ \\t]*(?:#.*)?\\r?$`, 'gm');
  for (const [file, text] of session.checkFiles()) {
    for (const m of text.matchAll(dataset)) {
      const start = m.index! + m[1].length + m[2].length;
      add(file, start, start + node.name.length);
    }
  }
  const props = propsOf(analysis, node.uniqueId);
  if (props) {
    const text = session.fileText(props.file);
    if (text !== undefined) {
      const li = new LineIndex(text);
      add(props.file, li.offsetAt(props.nameRange.start), li.offsetAt(props.nameRange.end));
    }
  }

  const documentChanges: (TextDocumentEdit | RenameFile)[] = [];
  for (const [file, list] of edits) {
    const text = session.fileText(file)!;
    const li = new LineIndex(text);
    documentChanges.push({
      textDocument: { uri: host.uriOf(file), version: host.versionOf(file) },
      edits: list.map((e) => ({ range: toLspRange(li.rangeOf(e.start, e.end)), newText: newName })),
    });
  }
  if (moveFile && node.file && newFile) documentChanges.push({ kind: 'rename', oldUri: host.uriOf(node.file), newUri: host.uriOf(newFile), options: { overwrite: false } });
  return { documentChanges };
}

/** Files of the project's own package that can hold a ref(): SQL of every kind, macros, properties YAML. */
function ownFiles(analysis: ProjectAnalysisDetail): Set<string> {
  const p = analysis.project;
  const own = p.config.name;
  const files = new Set<string>();
  for (const m of [...p.models, ...p.disabledModels]) if (m.packageName === own) files.add(m.file);
  for (const s of p.snapshots) if (s.packageName === own) files.add(s.file);
  for (const t of p.singularTests) files.add(t.file);
  for (const a of p.analyses ?? []) files.add(a.file);
  for (const m of p.macroFiles) if (m.packageName === own) files.add(m.file);
  for (const e of p.propertyEntries) files.add(e.file);
  for (const s of p.sources) if (s.packageName === own) files.add(s.file);
  return files;
}

/** workspace/willRenameFiles: a model file renamed in the explorer renames the model everywhere. */
export function renameForFileMove(session: ProjectSession, analysis: ProjectAnalysisDetail, oldRel: string, newRel: string, host: EditHost): WorkspaceEdit | undefined {
  const id = analysis.nodeByFile.get(oldRel)?.[0];
  const node = id ? analysis.nodes.get(id) : undefined;
  if (!node || node.resourceType !== 'model' || node.packageName !== analysis.project.config.name) return undefined;
  const newName = path.posix.basename(newRel).replace(/\.sql$/i, '');
  if (!newRel.toLowerCase().endsWith('.sql') || newName === node.name || !IDENTIFIER.test(newName)) return undefined;
  try {
    return renameNodeEdit(session, analysis, node, newName, host, false);
  } catch {
    return undefined; // a clash: the file move goes ahead, the diagnostics will show the duplicate
  }
}
