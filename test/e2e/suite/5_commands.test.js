const assert = require('node:assert/strict');
const vscode = require('vscode');
const { api, open, waitFor } = require('./helpers');

describe('commands', () => {
  let a;
  before(async () => {
    a = await api();
    a.commandErrors.length = 0;
  });
  // Commands report failures as notifications; the extension also records them so tests can see them.
  const noCommandErrors = () => assert.deepEqual(a.commandErrors.splice(0), [], 'commands failed');

  it('Show Compiled SQL opens the rendered model, without Jinja', async () => {
    await open('models/marts/orders.sql');
    await vscode.commands.executeCommand('driftwatch.showCompiledSql');
    const doc = await waitFor('compiled document', () => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'driftwatch-compiled' && /orders/.test(d.uri.path) && /select/i.test(d.getText())), 20000);
    const text = doc.getText();
    assert.ok(!/\{\{|\{%/.test(text), 'no Jinja left');
    assert.match(text, /stg_orders/);
    assert.equal(doc.languageId, 'sql');
    noCommandErrors();
  });

  it("the server's code lenses invoke client commands that exist and work", async () => {
    const editor = await open('models/marts/orders.sql');
    const lenses = await waitFor('code lenses', async () => {
      const ls = await vscode.commands.executeCommand('vscode.executeCodeLensProvider', editor.document.uri, 10);
      return ls && ls.some((l) => l.command && l.command.command.startsWith('driftwatch.')) ? ls : null;
    }, 20000);
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const l of lenses.filter((x) => x.command && x.command.command.startsWith('driftwatch.'))) assert.ok(registered.has(l.command.command), l.command.command);
    const graphLens = lenses.find((l) => l.command && l.command.command === 'driftwatch.showLineageGraph');
    assert.ok(graphLens, 'lineage lens');
    await vscode.commands.executeCommand(graphLens.command.command, ...(graphLens.command.arguments || []));
    assert.ok(a.graph.isOpen);
    noCommandErrors();
  });

  it('Show Lineage Graph opens the graph panel', async () => {
    await open('models/marts/orders.sql');
    await vscode.commands.executeCommand('driftwatch.showLineageGraph');
    assert.ok(a.graph.isOpen);
    noCommandErrors();
  });

  for (const [id, arg] of [['driftwatch.previewModel'], ['driftwatch.build', 'stg_orders'], ['driftwatch.refreshLineage'], ['driftwatch.refreshChecks'], ['driftwatch.runChecksSelector', 'stg_orders']]) {
    it(`${id} runs without error`, async () => {
      await open('models/staging/stg_orders.sql');
      await vscode.commands.executeCommand(id, ...(arg ? [arg] : []));
      noCommandErrors();
    });
  }

  it('Diff against prod shows a report', async () => {
    await open('models/staging/stg_orders.sql');
    const r = await a.client.sendRequest('driftwatch/diff', { uri: vscode.window.activeTextEditor.document.uri.toString(), against: 'prod' });
    assert.equal(typeof r.text, 'string');
    assert.ok(r.rowCounts.dev >= 0);
  });

  it('lists warehouse targets (dev and the production prod)', async () => {
    const r = await a.client.sendRequest('driftwatch/listTargets', {});
    const names = r.targets.map((t) => t.name);
    assert.ok(names.includes('dev') && names.includes('prod'), names.join(','));
    assert.ok(r.targets.find((t) => t.name === 'prod').isProduction);
    // The quick pick waits for the user: open it, then dismiss it.
    const pending = vscode.commands.executeCommand('driftwatch.selectTarget');
    await new Promise((r) => setTimeout(r, 800));
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await pending;
    noCommandErrors();
  });

  it('Show Logs and Restart Server work, and the server comes back ready', async () => {
    await vscode.commands.executeCommand('driftwatch.showLogs');
    await vscode.commands.executeCommand('driftwatch.restartServer');
    await waitFor('server running again', () => a.client.isRunning(), 30000);
    const editor = await open('models/marts/orders.sql');
    const r = await waitFor('lineage after restart', async () => (await a.client.sendRequest('driftwatch/lineage', { uri: editor.document.uri.toString(), direction: 'up', depth: 1 })).root, 30000);
    assert.ok(r);
    noCommandErrors();
  });
});
