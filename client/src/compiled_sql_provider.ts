/**
 * Read-only documents with a model's compiled SQL (Jinja rendered), at
 * `driftwatch-compiled:/<model path>.sql?<source uri>`. They refresh live as
 * the source is edited, so the compiled view tracks unsaved changes.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { compiledSqlRequest } from '../../server/src/protocol/lsp_ext';

export const COMPILED_SCHEME = 'driftwatch-compiled';

export class CompiledSqlProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly subs: vscode.Disposable[] = [];

  constructor(private readonly client: () => LanguageClient) {
    this.subs.push(vscode.workspace.onDidChangeTextDocument((e) => this.sourceChanged(e.document.uri)));
  }

  static uriFor(source: vscode.Uri): vscode.Uri {
    return vscode.Uri.from({ scheme: COMPILED_SCHEME, path: `${source.path.replace(/\.sql$/i, '')}.compiled.sql`, query: source.toString() });
  }

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const source = uri.query;
    try {
      const r = await this.client().sendRequest(compiledSqlRequest, { uri: source }, token);
      const header = r.errors.length ? r.errors.map((e) => `-- error: ${e.replace(/\r?\n/g, ' ')}`).join('\n') + '\n' : '';
      if (r.sql === null) return `${header}-- Driftwatch could not compile ${vscode.Uri.parse(source).path.split('/').pop()}${r.node ? ` (${r.node})` : ' (no model is defined in this file)'}.\n`;
      return header + r.sql + (r.sql.endsWith('\n') ? '' : '\n');
    } catch (e) {
      return `-- Driftwatch: compiled SQL unavailable: ${e instanceof Error ? e.message : String(e)}\n`;
    }
  }

  private sourceChanged(source: vscode.Uri): void {
    if (source.scheme !== 'file') return;
    const open = vscode.workspace.textDocuments.filter((d) => d.uri.scheme === COMPILED_SCHEME);
    if (!open.length) return;
    const src = source.toString();
    // Any open compiled view may depend on the edited file (a macro, a ref'd model's config), so refresh them all, debounced.
    for (const d of open) {
      const key = d.uri.toString();
      const prev = this.timers.get(key);
      if (prev) clearTimeout(prev);
      this.timers.set(
        key,
        setTimeout(() => {
          this.timers.delete(key);
          this.changed.fire(d.uri);
        }, d.uri.query === src ? 250 : 600),
      );
    }
  }

  /** Refreshes every open compiled view (e.g. after a server restart). */
  refreshAll(): void {
    for (const d of vscode.workspace.textDocuments) if (d.uri.scheme === COMPILED_SCHEME) this.changed.fire(d.uri);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const s of this.subs) s.dispose();
    this.changed.dispose();
  }
}
