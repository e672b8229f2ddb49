/**
 * Runs checks through driftwatch/runChecks with a cancellable progress
 * notification. One run at a time from the palette and views (Test Explorer
 * runs pass their own token); "Cancel" stops it via $/cancelRequest, which the
 * server turns into interrupting the running statement.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { runChecksRequest, type RunChecksParams, type RunChecksResult } from '../../server/src/protocol/lsp_ext';
import type { ServerEvents } from './server_events';
import { requireTrust } from './trust';

export class CheckRunner implements vscode.Disposable {
  private current: vscode.CancellationTokenSource | undefined;
  private readonly finished = new vscode.EventEmitter<RunChecksResult>();
  /** Fires after every run (palette, views or Test Explorer) so views refresh. */
  readonly onDidFinish = this.finished.event;

  constructor(private readonly client: () => LanguageClient, private readonly events: ServerEvents) {}

  get isRunning(): boolean {
    return this.current !== undefined;
  }

  /** Sends the request; used directly by Test Explorer, which has its own token. */
  async request(params: RunChecksParams, token: vscode.CancellationToken): Promise<RunChecksResult> {
    const result = await this.client().sendRequest(runChecksRequest, params, token);
    this.finished.fire(result);
    return result;
  }

  /** Runs with a progress notification; resolves undefined when blocked or cancelled before an answer. */
  async runWithProgress(params: RunChecksParams, title: string): Promise<RunChecksResult | undefined> {
    if (!requireTrust('Running checks')) return undefined;
    if (this.current) {
      void vscode.window.showInformationMessage('Driftwatch: a check run is already in progress. Cancel it first or wait for it to finish.');
      return undefined;
    }
    const source = new vscode.CancellationTokenSource();
    this.current = source;
    void vscode.commands.executeCommand('setContext', 'driftwatch.checksRunning', true);
    try {
      return await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title, cancellable: true },
        async (progress, token) => {
          token.onCancellationRequested(() => source.cancel());
          let done = 0;
          const sub = this.events.onCheckResult((r) => {
            done++;
            progress.report({ message: `${done} done · ${r.check}: ${r.status}` });
          });
          try {
            const result = await this.request(params, source.token);
            void showSummary(result);
            return result;
          } catch (e) {
            if (source.token.isCancellationRequested) {
              void vscode.window.showInformationMessage('Driftwatch: check run cancelled.');
              return undefined;
            }
            throw e;
          } finally {
            sub.dispose();
          }
        },
      );
    } finally {
      this.current = undefined;
      source.dispose();
      void vscode.commands.executeCommand('setContext', 'driftwatch.checksRunning', false);
    }
  }

  cancel(): void {
    this.current?.cancel();
  }

  dispose(): void {
    this.current?.cancel();
    this.finished.dispose();
  }
}

async function showSummary(result: RunChecksResult): Promise<void> {
  const { pass, warn, fail, error } = result.summary;
  const total = pass + warn + fail + error;
  const text = `Driftwatch: ${total} check${total === 1 ? '' : 's'}${result.cancelled ? ' (cancelled)' : ''} — ${pass} passed, ${fail} failed, ${warn} warned, ${error} errored.`;
  if (total === 0) {
    void vscode.window.showInformationMessage('Driftwatch: no checks matched.');
    return;
  }
  const pick = fail + error > 0 ? await vscode.window.showWarningMessage(text, 'Show Problems', 'Open Test Results') : await vscode.window.showInformationMessage(text);
  if (pick === 'Show Problems') void vscode.commands.executeCommand('workbench.actions.view.problems');
  if (pick === 'Open Test Results') void vscode.commands.executeCommand('workbench.view.testing.focus');
}
