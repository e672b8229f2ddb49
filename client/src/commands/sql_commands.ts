/** Compiled SQL, data preview, dev build and diff against another target. */
import * as vscode from 'vscode';
import { buildRequest, diffRequest, previewRequest } from '../../../server/src/protocol/lsp_ext';
import { CompiledSqlProvider } from '../compiled_sql_provider';
import { PREVIEW_ROW_LIMIT } from '../preview_panel';
import type { Services } from '../services';
import { requireTrust } from '../trust';
import { needFile, register, targetUri } from './register';

export function registerSqlCommands(s: Services): void {
  const reg = (id: string, fn: (...args: any[]) => unknown) => register(s.context, s.output, id, fn);

  reg('driftwatch.showCompiledSql', async (arg?: unknown) => {
    const uri = targetUri(arg);
    if (!needFile(uri, 'see its compiled SQL')) return;
    const doc = await vscode.workspace.openTextDocument(CompiledSqlProvider.uriFor(uri));
    await vscode.languages.setTextDocumentLanguage(doc, 'sql');
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
  });

  reg('driftwatch.previewModel', async (arg?: unknown) => {
    if (!requireTrust('Previewing data')) return;
    const uri = targetUri(arg);
    if (!needFile(uri, 'preview it')) return;
    const name = uri.path.split('/').pop()!.replace(/\.sql$/i, '');
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Driftwatch: previewing ${name}`, cancellable: true }, (_p, token) =>
      s.client().sendRequest(previewRequest, { uri: uri.toString(), limit: PREVIEW_ROW_LIMIT }, token),
    );
    if (result) s.preview.show(`Preview: ${name}`, result);
  });

  reg('driftwatch.build', async (preset?: unknown) => {
    if (!requireTrust('Building models')) return;
    const select = typeof preset === 'string' ? preset : undefined;
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Driftwatch: building${select ? ` ${select}` : ' the dev warehouse'}`, cancellable: true }, (_p, token) =>
      s.client().sendRequest(buildRequest, { select }, token),
    );
    if (!result) return;
    const failed = result.built.filter((b) => b.status === 'error');
    const ok = result.built.filter((b) => b.status === 'ok').length;
    for (const f of failed) s.output.error(`build ${f.node}: ${f.message ?? 'failed'}`);
    if (failed.length) {
      const pick = await vscode.window.showErrorMessage(`Driftwatch: built ${ok} model${ok === 1 ? '' : 's'}, ${failed.length} failed (${failed.slice(0, 3).map((f) => f.node.split('.').pop()).join(', ')}${failed.length > 3 ? ', …' : ''}).`, 'Show Logs');
      if (pick) s.output.show(true);
    } else void vscode.window.showInformationMessage(`Driftwatch: built ${ok} model${ok === 1 ? '' : 's'} in the dev warehouse.`);
    void s.checks.refresh();
    void s.lineage.refresh();
  });

  reg('driftwatch.diffAgainstTarget', async (arg?: unknown) => {
    if (!requireTrust('Diffing against another target')) return;
    const uri = targetUri(arg);
    if (!needFile(uri, 'diff it')) return;
    const { targets } = await s.targets.list();
    const others = targets.filter((t) => !t.active);
    if (!others.length) {
      void vscode.window.showWarningMessage('Driftwatch: there is no other target to diff against. Add a prod target to profiles.yml.');
      return;
    }
    others.sort((a, b) => Number(b.isProduction) - Number(a.isProduction) || a.name.localeCompare(b.name));
    const pick = await vscode.window.showQuickPick(
      others.map((t) => ({ label: t.name, description: `${t.type}${t.isProduction ? ' · production' : ''}`, target: t })),
      { title: 'Driftwatch: diff this model against…' },
    );
    if (!pick) return;
    const name = uri.path.split('/').pop()!.replace(/\.sql$/i, '');
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Driftwatch: diffing ${name} against ${pick.label}`, cancellable: true }, (_p, token) =>
      s.client().sendRequest(diffRequest, { uri: uri.toString(), against: pick.label }, token),
    );
    if (!result) return;
    const doc = await vscode.workspace.openTextDocument({ content: result.text, language: 'markdown' });
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  });
}
