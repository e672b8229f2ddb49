/** Run checks for the current file, the current model, a selector, or everything; cancel; refresh. */
import * as vscode from 'vscode';
import { nodeAtRequest } from '../../../server/src/protocol/lsp_ext';
import type { Services } from '../services';
import type { ChecksElement } from '../views/checks_tree';
import { needFile, register, targetUri } from './register';

export function registerCheckCommands(s: Services): void {
  const reg = (id: string, fn: (...args: any[]) => unknown) => register(s.context, s.output, id, fn);

  reg('driftwatch.runChecksFile', async (arg?: unknown) => {
    const uri = targetUri(arg);
    if (!needFile(uri, 'run its checks')) return;
    await s.runner.runWithProgress({ uri: uri.toString() }, `Driftwatch: running checks in ${uri.path.split('/').pop()}`);
  });

  reg('driftwatch.runChecksModel', async (arg?: unknown) => {
    const uri = targetUri(arg);
    if (!needFile(uri, 'run its checks')) return;
    const at = await s.client().sendRequest(nodeAtRequest, { uri: uri.toString() });
    if (!at.node) {
      void vscode.window.showInformationMessage('Driftwatch: no model is defined in this file.');
      return;
    }
    const name = at.node.split('.').pop()!;
    await s.runner.runWithProgress({ select: name }, `Driftwatch: running checks of ${name}`);
  });

  reg('driftwatch.runChecksSelector', async (preset?: unknown) => {
    const select =
      typeof preset === 'string'
        ? preset
        : await vscode.window.showInputBox({
            title: 'Driftwatch: run checks by selector',
            prompt: 'dbt selector syntax: orders, +orders, orders+, tag:nightly, path:models/marts, source:shop.*',
            placeHolder: 'orders+',
            validateInput: (v) => (v.trim() ? undefined : 'Enter a selector'),
          });
    if (!select) return;
    await s.runner.runWithProgress({ select: select.trim() }, `Driftwatch: running checks for ${select.trim()}`);
  });

  reg('driftwatch.runChecksAll', () => s.runner.runWithProgress({}, 'Driftwatch: running all checks'));

  reg('driftwatch.runCheck', async (el?: ChecksElement) => {
    if (!el || el.t === 'info') return;
    const ids = el.t === 'check' ? [el.check.id] : el.dataset.checks.map((c) => c.id);
    await s.runner.runWithProgress({ ids }, `Driftwatch: running ${ids.length === 1 ? 'a check' : `${ids.length} checks`}`);
  });

  reg('driftwatch.cancelChecks', () => s.runner.cancel());

  reg('driftwatch.refreshChecks', async () => {
    await Promise.all([s.checks.refresh(), s.tests.refresh()]);
  });
}
