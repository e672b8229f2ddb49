/**
 * The status bar item: indexing progress from driftwatch/status, then the
 * project, model count and target. Clicking it selects the warehouse target.
 */
import * as vscode from 'vscode';
import type { StatusParams } from '../../server/src/protocol/lsp_ext';
import { statusView } from './status_text';

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('driftwatch.status', vscode.StatusBarAlignment.Left, 10);
  private last: StatusParams = { state: 'starting', projects: 0, models: 0 };

  constructor(private readonly fallbackProject: string) {
    this.item.name = 'Driftwatch';
    this.render();
    this.item.show();
  }

  get status(): StatusParams {
    return this.last;
  }

  update(status: StatusParams): void {
    this.last = status;
    this.render();
  }

  private render(): void {
    const view = statusView(this.last, this.fallbackProject, vscode.workspace.isTrusted);
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    this.item.command = view.isError ? 'driftwatch.showLogs' : 'driftwatch.selectTarget';
    this.item.backgroundColor = view.isError ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  }

  dispose(): void {
    this.item.dispose();
  }
}
