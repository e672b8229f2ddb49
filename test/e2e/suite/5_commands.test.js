const assert = require('node:assert/strict');
const vscode = require('vscode');
const { api, open, waitFor } = require('./helpers');

describe('commands', () => {
  let a;
  before(async () => {
    a = await api();
    a.commandErrors.length = 0;
  });
  afterEach(() => {
    const errs = a.commandErrors.splice(0);
    assert.deepEqual(errs, [], 'commands failed');
  });

  it('Show Compiled SQL opens the rendered model, without Jinja', async () => {
    await open('models/marts/orders.sql');
    await vscode.commands.executeCommand('driftwatch.showCompiledSql');
    const doc = await waitFor('compiled document', () => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'driftwatch-compiled' && /orders/.test(d.uri.path) && /select/i.test(d.getText())), 20000);
    const text = doc.getText();
    assert.ok(!/\{\{|\{%/.test(text), 'no Jinja left');
    assert.match(text, /stg_orders/);
    assert.equal(doc.languageId, 'sql');
  });

  it('Show Lineage Graph opens the graph panel', async () => {
    await open('models/marts/orders.sql');
    await vscode.commands.executeCommand('driftwatch.showLineageGraph');
    assert.ok(a.graph.isOpen);
  });

  it('Preview Model, Build and Refresh run without error', async () => {
    await open('models/staging/stg_orders.sql');
    await vscode.commands.executeCommand('driftwatch.previewModel');
    await vscode.commands.executeCommand('driftwatch.build', 'stg_orders');
    await vscode.commands.executeCommand('driftwatch.refreshLineage');
    await vscode.commands.executeCommand('driftwatch.refreshChecks');
    await vscode.commands.executeCommand('driftwatch.runChecksSelector', 'stg_orders');
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
  });

  it('Show Logs and Restart Server work, and the server comes back ready', async () => {
    await vscode.commands.executeCommand('driftwatch.showLogs');
    await vscode.commands.executeCommand('driftwatch.restartServer');
    await waitFor('server running again', () => a.client.isRunning(), 30000);
    const r = await waitFor('lineage after restart', async () => (await a.client.sendRequest('driftwatch/lineage', { node: 'model.shop.orders', direction: 'up', depth: 1 })).root, 30000);
    assert.ok(r);
  });
});
