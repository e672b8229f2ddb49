/**
 * Workspace Trust. In a restricted workspace the server only analyses files
 * (told via initializationOptions.trusted=false); anything that would run SQL
 * against a warehouse or execute project code is blocked here with a clear
 * message, and hidden from menus through the `isWorkspaceTrusted` context key.
 */
import * as vscode from 'vscode';

export const RESTRICTED_MESSAGE = 'Driftwatch: this workspace is in Restricted Mode, so running checks, builds, previews and diffs is disabled. Trust the workspace to enable them.';

/** Returns true when the action may run; otherwise tells the user why not and offers to manage trust. */
export function requireTrust(action: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window.showWarningMessage(`${action} needs a trusted workspace. ${RESTRICTED_MESSAGE}`, 'Manage Workspace Trust').then((pick) => {
    if (pick) void vscode.commands.executeCommand('workbench.trust.manage');
  });
  return false;
}

/** Calls back once when the user grants trust (the server must restart to unlock its runners). */
export function onTrustGranted(context: vscode.ExtensionContext, callback: () => void): void {
  context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(callback));
}
