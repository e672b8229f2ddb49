/**
 * Fans the server's notifications out as VS Code events. The JSON-RPC
 * connection keeps one handler per method, so every view subscribes here
 * instead of registering its own handler.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { checkResultNotification, type CheckResultItem, statusNotification, type StatusParams } from '../../server/src/protocol/lsp_ext';

export class ServerEvents implements vscode.Disposable {
  private readonly status = new vscode.EventEmitter<StatusParams>();
  private readonly checkResult = new vscode.EventEmitter<CheckResultItem>();
  /** Fires when the server enters the ready state (first index, after a restart or a re-index): views refetch then. */
  private readonly ready = new vscode.EventEmitter<void>();
  readonly onStatus = this.status.event;
  readonly onCheckResult = this.checkResult.event;
  readonly onReady = this.ready.event;
  private wasReady = false;
  private readonly subs: vscode.Disposable[] = [];

  constructor(client: LanguageClient) {
    this.subs.push(
      client.onNotification(statusNotification, (s) => {
        this.status.fire(s);
        const isReady = s.state === 'ready';
        // Only the transition into ready refetches views; a server repeating 'ready' must not cause refresh storms.
        const becameReady = isReady && !this.wasReady;
        this.wasReady = isReady;
        if (becameReady) this.ready.fire();
      }),
      client.onNotification(checkResultNotification, (r) => this.checkResult.fire(r)),
    );
  }

  get isReady(): boolean {
    return this.wasReady;
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
    this.status.dispose();
    this.checkResult.dispose();
    this.ready.dispose();
  }
}
