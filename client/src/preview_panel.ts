/**
 * Shows the first rows of a model (driftwatch/preview) in a read-only grid.
 * The webview runs no script; the HTML is built and escaped by preview_html.ts.
 */
import * as crypto from 'node:crypto';
import * as vscode from 'vscode';
import type { PreviewResult } from '../../server/src/protocol/lsp_ext';
import { previewHtml } from './preview_html';

export const PREVIEW_ROW_LIMIT = 100;

export class PreviewPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;

  show(title: string, result: PreviewResult): void {
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel('driftwatch.preview', title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: false, localResourceRoots: [] });
      this.panel.onDidDispose(() => (this.panel = undefined));
    } else {
      this.panel.title = title;
      this.panel.reveal(undefined, true);
    }
    const nonce = crypto.randomBytes(16).toString('base64');
    this.panel.webview.html = previewHtml(title, result, nonce, this.panel.webview.cspSource);
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
