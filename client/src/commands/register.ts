/**
 * Registers a command with one place for error handling: a failing request
 * becomes an error notification (with the logs one click away), never an
 * unhandled rejection.
 */
import * as vscode from 'vscode';

/** Failures of the last commands (newest last, at most 20): integration tests read them through the extension API. */
export const commandErrors: { id: string; message: string }[] = [];

export function register(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, id: string, fn: (...args: any[]) => unknown): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await fn(...args);
      } catch (e) {
        const msg = e instanceof Error ? e.message : String(e);
        output.error(`${id} failed: ${msg}`);
        commandErrors.push({ id, message: msg });
        if (commandErrors.length > 20) commandErrors.shift();
        // Not awaited: the command settles now, whether or not the user ever dismisses the notification.
        void vscode.window.showErrorMessage(`Driftwatch: ${msg}`, 'Show Logs').then((pick) => pick && output.show(true));
        return undefined;
      }
    }),
  );
}

/** The file a command applies to: an explicit argument (explorer / editor title menus), else the active editor. */
export function targetUri(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (arg && typeof arg === 'object' && 'resourceUri' in arg && (arg as { resourceUri?: unknown }).resourceUri instanceof vscode.Uri) return (arg as { resourceUri: vscode.Uri }).resourceUri;
  const doc = vscode.window.activeTextEditor?.document;
  return doc && doc.uri.scheme === 'file' ? doc.uri : undefined;
}

export function needFile(uri: vscode.Uri | undefined, what: string): uri is vscode.Uri {
  if (uri) return true;
  void vscode.window.showInformationMessage(`Driftwatch: open a model file first to ${what}.`);
  return false;
}
