/**
 * The lineage graph: a webview showing the capped neighbourhood of a model
 * (or of one column's path), laid out by dagre inside the webview. The panel
 * asks the server for lineage, caps it (neighbourhood.ts) and posts the model;
 * the webview posts back clicks (open, re-centre, depth, column).
 */
import * as crypto from 'node:crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { type CheckResultItem, type LineageNode, lineageRequest } from '../../../server/src/protocol/lsp_ext';
import { openCommand } from '../views/lineage_tree';
import type { FromWebview, ToWebview } from './graph_messages';
import { capNeighbourhood } from './neighbourhood';

export interface GraphTarget {
  node?: string;
  uri?: string;
  column?: string;
}

export class GraphPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private target: GraphTarget = {};
  private depth: number;
  private nodes = new Map<string, LineageNode>();
  /** Latest pushed status per check, folded to the worst per dataset for node colours. */
  private readonly liveStatus = new Map<string, CheckResultItem>();
  private ready = false;
  private queued: ToWebview | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly client: () => LanguageClient,
    private readonly settings: () => { depth: number; maxNodes: number },
  ) {
    this.depth = settings().depth;
  }

  get isOpen(): boolean {
    return !!this.panel;
  }

  async show(target: GraphTarget): Promise<void> {
    this.target = target;
    if (!this.panel) this.create();
    else this.panel.reveal(undefined, true);
    await this.reload();
  }

  /** An open graph re-centres on the model of the newly active editor (without taking focus). */
  async follow(uri: vscode.Uri): Promise<void> {
    if (!this.panel || uri.scheme !== 'file' || !/\.sql$/i.test(uri.path)) return;
    const current = this.target.node ? this.nodes.get(this.target.node)?.uri : this.target.uri;
    if (current === uri.toString()) return;
    const previous = this.target;
    this.target = { uri: uri.toString() };
    // A macro or analysis file has no node: keep showing the last model instead of an error.
    if (!(await this.reload(true))) this.target = previous;
  }

  onCheckResult(r: CheckResultItem): void {
    this.liveStatus.set(r.id, r);
    if (!this.panel) return;
    const worst: Record<string, string> = {};
    const rank: Record<string, number> = { fail: 0, error: 1, warn: 2, skipped: 3, pass: 4 };
    for (const x of this.liveStatus.values()) {
      const cur = worst[x.dataset];
      if (cur === undefined || rank[x.status] < rank[cur]) worst[x.dataset] = x.status;
    }
    this.post({ type: 'status', statuses: worst });
  }

  /** Fetches and posts the graph; resolves false when there was nothing to show. */
  async reload(quietIfNoNode = false): Promise<boolean> {
    if (!this.panel) return false;
    const { maxNodes } = this.settings();
    try {
      const result = await this.client().sendRequest(lineageRequest, {
        node: this.target.node,
        uri: this.target.node ? undefined : this.target.uri,
        column: this.target.column,
        direction: 'both',
        depth: this.depth,
      });
      if (!result.root) {
        if (!quietIfNoNode) this.post({ type: 'error', message: 'No model is defined here. Open a model, seed, snapshot or source and try again.' });
        return false;
      }
      this.nodes = new Map(result.nodes.map((n) => [n.id, n]));
      const model = capNeighbourhood(result, maxNodes, this.target.column);
      const root = this.nodes.get(result.root);
      this.target = { node: result.root, column: this.target.column };
      this.panel.title = `Lineage: ${root?.name ?? result.root}${this.target.column ? `.${this.target.column}` : ''}`;
      this.post({ type: 'model', model, depth: this.depth, maxNodes, title: this.panel.title });
      return true;
    } catch (e) {
      if (!quietIfNoNode) this.post({ type: 'error', message: `Lineage unavailable: ${e instanceof Error ? e.message : String(e)}` });
      return false;
    }
  }

  private create(): void {
    const distRoot = vscode.Uri.joinPath(this.extensionUri, 'dist');
    this.panel = vscode.window.createWebviewPanel('driftwatch.lineageGraph', 'Lineage', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      retainContextWhenHidden: false,
      localResourceRoots: [distRoot],
    });
    this.ready = false;
    this.panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'client', 'media', 'driftwatch.svg');
    this.panel.webview.html = this.html(this.panel.webview);
    this.panel.webview.onDidReceiveMessage((m: FromWebview) => this.onMessage(m));
    this.panel.onDidDispose(() => {
      this.panel = undefined;
      this.ready = false;
    });
    // A hidden webview is torn down (no retained context); when it comes back it posts 'ready' again and gets the model.
  }

  private onMessage(m: FromWebview): void {
    switch (m.type) {
      case 'ready':
        this.ready = true;
        if (this.queued) {
          void this.panel?.webview.postMessage(this.queued);
          this.queued = undefined;
        } else void this.reload();
        return;
      case 'open': {
        const n = this.nodes.get(m.id);
        const cmd = n && openCommand(n);
        if (cmd) void vscode.commands.executeCommand(cmd.command, ...(cmd.arguments ?? []));
        else void vscode.window.showInformationMessage(`Driftwatch: ${m.id} has no file to open.`);
        return;
      }
      case 'focus':
        this.target = { node: m.id };
        void this.reload();
        return;
      case 'depth':
        this.depth = Math.max(1, Math.min(20, Math.round(m.depth)));
        void this.reload();
        return;
      case 'column':
        this.target = { node: m.id, column: m.column ?? undefined };
        void this.reload();
        return;
    }
  }

  private post(msg: ToWebview): void {
    if (!this.panel) return;
    if (!this.ready) {
      this.queued = msg;
      return;
    }
    void this.panel.webview.postMessage(msg);
  }

  private html(webview: vscode.Webview): string {
    const nonce = crypto.randomBytes(16).toString('base64');
    const script = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview', 'graph.js'));
    const csp = [`default-src 'none'`, `img-src ${webview.cspSource} data:`, `style-src ${webview.cspSource} 'nonce-${nonce}'`, `script-src 'nonce-${nonce}'`, `font-src ${webview.cspSource}`].join('; ');
    return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style nonce="${nonce}">${GRAPH_CSS}</style>
<title>Lineage</title></head>
<body>
<div id="toolbar">
  <span id="title"></span>
  <span class="spacer"></span>
  <label>Depth <button id="depth-minus" title="Fewer hops">−</button><span id="depth"></span><button id="depth-plus" title="More hops">+</button></label>
  <button id="fit" title="Fit to window">Fit</button>
  <button id="clear-column" title="Show the whole model again" hidden>Clear column</button>
</div>
<div id="notice" hidden></div>
<svg id="graph" role="img" aria-label="Lineage graph"><g id="viewport"></g></svg>
<div id="legend">click: open · double-click: centre · wheel: zoom · drag: pan · click a column: its lineage</div>
<script nonce="${nonce}" src="${script}"></script>
</body></html>`;
  }

  dispose(): void {
    this.panel?.dispose();
  }
}

const GRAPH_CSS = `
html,body{height:100%;margin:0;padding:0;overflow:hidden}
body{font-family:var(--vscode-font-family);font-size:var(--vscode-font-size);color:var(--vscode-foreground);background:var(--vscode-editor-background);display:flex;flex-direction:column}
#toolbar{display:flex;align-items:center;gap:8px;padding:4px 8px;border-bottom:1px solid var(--vscode-panel-border,#8884)}
#toolbar .spacer{flex:1}
#title{font-weight:600}
button{background:var(--vscode-button-secondaryBackground);color:var(--vscode-button-secondaryForeground);border:none;padding:2px 8px;cursor:pointer;border-radius:2px}
button:hover{background:var(--vscode-button-secondaryHoverBackground)}
#depth{display:inline-block;min-width:1.5em;text-align:center}
#notice{padding:4px 8px;color:var(--vscode-editorWarning-foreground)}
#graph{flex:1;width:100%;cursor:grab}
#graph.panning{cursor:grabbing}
#legend{padding:2px 8px;color:var(--vscode-descriptionForeground);font-size:90%}
.node rect.box{fill:var(--vscode-editorWidget-background);stroke:var(--vscode-editorWidget-border,var(--vscode-contrastBorder,#888));stroke-width:1;rx:4}
.node.root rect.box{stroke:var(--vscode-focusBorder);stroke-width:2}
.node:hover rect.box{stroke:var(--vscode-focusBorder)}
.node text{fill:var(--vscode-foreground);font-size:12px;cursor:pointer}
.node text.kind{fill:var(--vscode-descriptionForeground);font-size:10px}
.node text.col{fill:var(--vscode-textLink-foreground);font-size:11px}
.node text.col.pick{fill:var(--vscode-foreground);opacity:.8}
.node text.col.pick:hover{fill:var(--vscode-textLink-activeForeground);opacity:1;text-decoration:underline}
.node rect.stripe{rx:2}
.node.status-pass rect.stripe{fill:var(--vscode-testing-iconPassed,#388a34)}
.node.status-fail rect.stripe,.node.status-error rect.stripe{fill:var(--vscode-testing-iconFailed,#e51400)}
.node.status-warn rect.stripe{fill:var(--vscode-editorWarning-foreground,#bf8803)}
.node.status-none rect.stripe,.node.status-skipped rect.stripe{fill:transparent}
.node.kind-source rect.box{stroke-dasharray:4 2}
.more{fill:var(--vscode-descriptionForeground);font-size:10px}
.edge{fill:none;stroke:var(--vscode-editorLineNumber-foreground,#888);stroke-width:1.2}
.edge.on-path{stroke:var(--vscode-textLink-foreground);stroke-width:2.5}
.arrow{fill:var(--vscode-editorLineNumber-foreground,#888)}
.arrow-path{fill:var(--vscode-textLink-foreground)}
`;
