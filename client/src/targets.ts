/**
 * Warehouse targets: a quick pick from driftwatch/listTargets, a password
 * prompt kept in SecretStorage (never in settings), and driftwatch/setTarget.
 * The chosen target is remembered per workspace and re-sent after a restart.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { listTargetsRequest, setTargetRequest, type TargetInfo } from '../../server/src/protocol/lsp_ext';

const STATE_KEY = 'driftwatch.target';

export class Targets {
  constructor(private readonly context: vscode.ExtensionContext, private readonly client: () => LanguageClient) {}

  async list(): Promise<{ profile: string | null; targets: TargetInfo[] }> {
    return this.client().sendRequest(listTargetsRequest, {});
  }

  /** The palette command: pick, ask for a password when needed, switch. */
  async select(): Promise<void> {
    const { profile, targets } = await this.list();
    if (!targets.length) {
      void vscode.window.showWarningMessage('Driftwatch: no warehouse targets found. Add one to profiles.yml (or driftwatch.yml); the embedded DuckDB target works without any setup.');
      return;
    }
    const pick = await vscode.window.showQuickPick(
      targets.map((t) => ({
        label: t.name,
        description: [t.type, t.active ? 'active' : '', t.isProduction ? 'production' : ''].filter(Boolean).join(' · '),
        detail: t.needsPassword ? 'Needs a password (stored in VS Code secret storage, never in settings)' : undefined,
        picked: t.active,
        target: t,
      })),
      { title: `Driftwatch: warehouse target${profile ? ` (profile ${profile})` : ''}`, placeHolder: 'Target for checks, builds and previews' },
    );
    if (!pick) return;
    if (pick.target.isProduction) {
      const ok = await vscode.window.showWarningMessage(`"${pick.target.name}" is a production target. Checks only read, but builds and previews will query it. Switch anyway?`, { modal: true }, 'Switch');
      if (ok !== 'Switch') return;
    }
    await this.activate(profile, pick.target, true);
  }

  /** Re-applies the remembered target after the server (re)starts. */
  async restore(): Promise<void> {
    const name = this.context.workspaceState.get<string>(STATE_KEY);
    if (!name) return;
    const { profile, targets } = await this.list();
    const t = targets.find((x) => x.name === name);
    if (t && !t.active) await this.activate(profile, t, false);
  }

  private async activate(profile: string | null, target: TargetInfo, interactive: boolean): Promise<void> {
    const key = `driftwatch.password.${profile ?? '_'}.${target.name}`;
    let password: string | undefined;
    if (target.needsPassword) {
      password = await this.context.secrets.get(key);
      if (!password && interactive) {
        password = await vscode.window.showInputBox({ title: `Password for target "${target.name}"`, password: true, ignoreFocusOut: true, prompt: 'Stored in VS Code secret storage for this machine.' });
        if (password === undefined) return;
      }
      if (!password) return;
    }
    const res = await this.client().sendRequest(setTargetRequest, { target: target.name, password });
    if (!res.ok) {
      if (password) await this.context.secrets.delete(key);
      if (interactive) void vscode.window.showErrorMessage(`Driftwatch: could not switch to "${target.name}": ${res.message ?? 'unknown error'}`);
      return;
    }
    if (password) await this.context.secrets.store(key, password);
    await this.context.workspaceState.update(STATE_KEY, target.name);
    if (interactive) void vscode.window.setStatusBarMessage(`Driftwatch: target ${target.name}`, 3000);
  }
}
