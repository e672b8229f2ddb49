/**
 * The Lineage view: upstream and downstream of the model in the active
 * editor, expandable hop by hop (fetching more when the depth limit cut a
 * branch), with each node's columns and, under a column, its own lineage.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { type LineageNode, lineageRequest } from '../../../server/src/protocol/lsp_ext';
import {
  type ColumnIndex,
  type ColumnRef,
  columnNeighbours,
  describeNode,
  hasNeighbours,
  indexColumns,
  indexLineage,
  type LineageIndex,
  mergeLineage,
  needsFetch,
  neighbours,
  nodeTooltip,
  type Side,
} from './lineage_model';

export type LineageElement =
  | { t: 'root'; id: string }
  | { t: 'group'; id: string; side: Side }
  | { t: 'node'; id: string; side: Side }
  | { t: 'columns'; id: string }
  | { t: 'column'; id: string; column: string }
  | { t: 'colside'; ref: ColumnRef; side: Side; index: ColumnIndex }
  | { t: 'colref'; ref: ColumnRef; side: Side; index: ColumnIndex }
  | { t: 'info'; text: string };

const LINEAGE_DOC = /\.(sql|ya?ml|csv)$/i;

export class LineageTreeProvider implements vscode.TreeDataProvider<LineageElement>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<LineageElement | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private index: LineageIndex | undefined;
  private uri: vscode.Uri | undefined;
  private error: string | undefined;
  private readonly columnCache = new Map<string, ColumnIndex>();
  private generation = 0;

  constructor(private readonly client: () => LanguageClient, private readonly depth: () => number) {}

  get rootNode(): LineageNode | undefined {
    return this.index?.root ? this.index.nodes.get(this.index.root) : undefined;
  }

  node(id: string): LineageNode | undefined {
    return this.index?.nodes.get(id);
  }

  /** Follows the active editor; files outside the project keep the last model shown. */
  async follow(editor: vscode.TextEditor | undefined): Promise<void> {
    if (!editor || editor.document.uri.scheme !== 'file' || !LINEAGE_DOC.test(editor.document.uri.path)) return;
    if (this.uri?.toString() === editor.document.uri.toString() && this.index) return;
    this.uri = editor.document.uri;
    await this.refresh();
  }

  async refresh(): Promise<void> {
    const uri = this.uri;
    const gen = ++this.generation;
    if (!uri) {
      this.index = undefined;
      this.changed.fire(undefined);
      return;
    }
    try {
      const result = await this.client().sendRequest(lineageRequest, { uri: uri.toString(), direction: 'both', depth: this.depth() });
      if (gen !== this.generation) return; // a newer editor switch won
      this.index = result.root ? indexLineage(result) : undefined;
      this.error = undefined;
    } catch (e) {
      if (gen !== this.generation) return;
      this.index = undefined;
      this.error = e instanceof Error ? e.message : String(e);
    }
    this.columnCache.clear();
    void vscode.commands.executeCommand('setContext', 'driftwatch.lineage.hasRoot', !!this.index);
    this.changed.fire(undefined);
  }

  getTreeItem(el: LineageElement): vscode.TreeItem {
    const C = vscode.TreeItemCollapsibleState;
    switch (el.t) {
      case 'root':
      case 'node': {
        const n = this.index!.nodes.get(el.id)!;
        const expandable = el.t === 'root' || hasNeighbours(this.index!, el.id, el.side) || n.columns.length > 0;
        const item = new vscode.TreeItem(n.name, el.t === 'root' ? C.Expanded : expandable ? C.Collapsed : C.None);
        item.description = describeNode(n);
        item.tooltip = nodeTooltip(n);
        item.iconPath = nodeIcon(n);
        item.contextValue = 'driftwatch.node';
        item.command = openCommand(n);
        return item;
      }
      case 'group': {
        const n = this.index!.nodes.get(el.id)!;
        const count = el.side === 'up' ? n.upstreamCount : n.downstreamCount;
        const item = new vscode.TreeItem(el.side === 'up' ? `Upstream (${count})` : `Downstream (${count})`, count ? C.Expanded : C.None);
        item.iconPath = new vscode.ThemeIcon(el.side === 'up' ? 'arrow-up' : 'arrow-down');
        return item;
      }
      case 'columns': {
        const n = this.index!.nodes.get(el.id)!;
        const item = new vscode.TreeItem(`Columns (${n.columns.length})`, C.Collapsed);
        item.iconPath = new vscode.ThemeIcon('symbol-field');
        return item;
      }
      case 'column': {
        const col = this.index!.nodes.get(el.id)!.columns.find((c) => c.name === el.column);
        const item = new vscode.TreeItem(el.column, C.Collapsed);
        item.description = col?.type;
        item.tooltip = col?.description || `${el.column}: expand to see where it comes from and where it goes`;
        item.iconPath = new vscode.ThemeIcon('symbol-field');
        item.contextValue = 'driftwatch.column';
        return item;
      }
      case 'colside': {
        const count = columnNeighbours(el.index, el.ref, el.side).length;
        const item = new vscode.TreeItem(el.side === 'up' ? `Comes from (${count})` : `Feeds (${count})`, count ? C.Expanded : C.None);
        item.iconPath = new vscode.ThemeIcon(el.side === 'up' ? 'arrow-up' : 'arrow-down');
        return item;
      }
      case 'colref': {
        const n = this.index?.nodes.get(el.ref.node);
        const more = columnNeighbours(el.index, el.ref, el.side).length > 0;
        const item = new vscode.TreeItem(`${n?.name ?? el.ref.node.split('.').pop()}.${el.ref.column}`, more ? C.Collapsed : C.None);
        item.description = n?.resourceType;
        item.tooltip = `${el.ref.node} · ${el.ref.column}`;
        item.iconPath = new vscode.ThemeIcon('symbol-field');
        if (n) item.command = openCommand(n);
        return item;
      }
      case 'info':
        return new vscode.TreeItem(el.text, C.None);
    }
  }

  async getChildren(el?: LineageElement): Promise<LineageElement[]> {
    if (!el) {
      if (this.error) return [{ t: 'info', text: `Lineage unavailable: ${this.error}` }];
      if (!this.index?.root) return this.uri ? [{ t: 'info', text: 'No model is defined in this file.' }] : [];
      return [{ t: 'root', id: this.index.root }];
    }
    const idx = this.index;
    if (!idx) return [];
    switch (el.t) {
      case 'root': {
        const n = idx.nodes.get(el.id)!;
        const out: LineageElement[] = [{ t: 'group', id: el.id, side: 'up' }, { t: 'group', id: el.id, side: 'down' }];
        if (n.columns.length) out.push({ t: 'columns', id: el.id });
        return out;
      }
      case 'group':
        return (await this.neighbours(el.id, el.side)).map((n) => ({ t: 'node', id: n.id, side: el.side }));
      case 'node': {
        const out: LineageElement[] = (await this.neighbours(el.id, el.side)).map((n) => ({ t: 'node', id: n.id, side: el.side }));
        if (idx.nodes.get(el.id)!.columns.length) out.push({ t: 'columns', id: el.id });
        return out;
      }
      case 'columns':
        return idx.nodes.get(el.id)!.columns.map((c) => ({ t: 'column', id: el.id, column: c.name }));
      case 'column': {
        const ref = { node: el.id, column: el.column };
        let index: ColumnIndex;
        try {
          index = await this.columnLineage(ref);
        } catch (e) {
          return [{ t: 'info', text: `Column lineage unavailable: ${e instanceof Error ? e.message : String(e)}` }];
        }
        return [
          { t: 'colside', ref, side: 'up', index },
          { t: 'colside', ref, side: 'down', index },
        ];
      }
      case 'colside':
      case 'colref':
        return columnNeighbours(el.index, el.ref, el.side).map((ref) => ({ t: 'colref', ref, side: el.side, index: el.index }));
      case 'info':
        return [];
    }
  }

  /** Neighbours on one side, asking the server for the next hops when the depth limit cut them. */
  private async neighbours(id: string, side: Side): Promise<LineageNode[]> {
    const idx = this.index!;
    if (needsFetch(idx, id, side)) {
      try {
        const more = await this.client().sendRequest(lineageRequest, { node: id, direction: side, depth: Math.max(1, this.depth()) });
        if (this.index === idx) mergeLineage(idx, more);
      } catch {
        // Show what we have; the refresh command retries.
      }
    }
    return neighbours(idx, id, side);
  }

  private async columnLineage(ref: ColumnRef): Promise<ColumnIndex> {
    const key = `${ref.node}\u0000${ref.column}`;
    const cached = this.columnCache.get(key);
    if (cached) return cached;
    const result = await this.client().sendRequest(lineageRequest, { node: ref.node, column: ref.column, direction: 'both', depth: 0 });
    if (this.index) mergeLineage(this.index, result);
    const index = indexColumns(result.columnEdges);
    this.columnCache.set(key, index);
    return index;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export function nodeIcon(n: LineageNode): vscode.ThemeIcon {
  const colour = n.checkStatus === 'fail' || n.checkStatus === 'error' ? new vscode.ThemeColor('testing.iconFailed') : n.checkStatus === 'warn' ? new vscode.ThemeColor('testing.iconQueued') : n.checkStatus === 'pass' ? new vscode.ThemeColor('testing.iconPassed') : undefined;
  const icon = n.resourceType === 'source' ? 'database' : n.resourceType === 'seed' ? 'file' : n.resourceType === 'snapshot' ? 'history' : 'symbol-class';
  return new vscode.ThemeIcon(icon, colour);
}

export function openCommand(n: { uri?: string; range?: LineageNode['range'] }): vscode.Command | undefined {
  if (!n.uri) return undefined;
  const uri = vscode.Uri.parse(n.uri);
  const selection = n.range ? new vscode.Range(n.range.start.line, n.range.start.character, n.range.start.line, n.range.start.character) : undefined;
  return { title: 'Open definition', command: 'vscode.open', arguments: [uri, { selection, preview: true } satisfies vscode.TextDocumentShowOptions] };
}
