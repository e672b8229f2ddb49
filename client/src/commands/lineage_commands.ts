/** Show the lineage graph (for the active model, a tree node, or a column) and refresh the Lineage view. */
import * as vscode from 'vscode';
import { nodeAtRequest } from '../../../server/src/protocol/lsp_ext';
import type { Services } from '../services';
import type { LineageElement } from '../views/lineage_tree';
import { needFile, register, targetUri } from './register';

export function registerLineageCommands(s: Services): void {
  const reg = (id: string, fn: (...args: any[]) => unknown) => register(s.context, s.output, id, fn);

  reg('driftwatch.showLineageGraph', async (arg?: unknown) => {
    // The server's lineage code lens passes the node's unique id.
    if (typeof arg === 'string' && arg) return s.graph.show({ node: arg });
    const el = arg as LineageElement | undefined;
    if (el && typeof el === 'object' && 't' in el) {
      if (el.t === 'node' || el.t === 'root') return s.graph.show({ node: el.id });
      if (el.t === 'column') return s.graph.show({ node: el.id, column: el.column });
      if (el.t === 'colref') return s.graph.show({ node: el.ref.node, column: el.ref.column });
    }
    const uri = targetUri(arg);
    if (!needFile(uri, 'see its lineage')) return;
    // On a column name, show that column's path; elsewhere the model's neighbourhood.
    const editor = vscode.window.activeTextEditor;
    const position = editor && editor.document.uri.toString() === uri.toString() ? editor.selection.active : undefined;
    const at = await s.client().sendRequest(nodeAtRequest, { uri: uri.toString(), position: position && { line: position.line, character: position.character } });
    if (!at.node) {
      void vscode.window.showInformationMessage('Driftwatch: no model is defined in this file.');
      return;
    }
    await s.graph.show({ node: at.node, column: at.column });
  });

  reg('driftwatch.refreshLineage', async () => {
    await s.lineage.refresh();
    if (s.graph.isOpen) await s.graph.reload();
  });
}
