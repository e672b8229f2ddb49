// Runs only in the restricted-mode pass (workspace trust enabled, folder not trusted).
const assert = require('node:assert/strict');
const vscode = require('vscode');
const { open } = require('../helpers');

describe('restricted mode (untrusted workspace)', () => {
  let a;
  before(async () => {
    const ext = vscode.extensions.getExtension('driftwatch.driftwatch');
    a = await ext.activate();
    await a.whenReady(90000);
  });

  it('the workspace really is untrusted and the extension still activates', () => {
    assert.equal(vscode.workspace.isTrusted, false);
    assert.ok(a.client.isRunning());
  });

  it('still analyses: lineage answers', async () => {
    const editor = await open('models/marts/orders.sql');
    const r = await a.client.sendRequest('driftwatch/lineage', { uri: editor.document.uri.toString(), direction: 'up', depth: 1 });
    assert.ok(r.root);
  });

  it('blocks check runs, builds, previews and diffs in the client without asking the server', async () => {
    let ran = false;
    const sub = a.runner.onDidFinish(() => (ran = true));
    await open('models/staging/stg_orders.sql');
    for (const id of ['driftwatch.runChecksAll', 'driftwatch.runChecksFile', 'driftwatch.build', 'driftwatch.previewModel', 'driftwatch.diffAgainstTarget']) {
      await vscode.commands.executeCommand(id);
    }
    sub.dispose();
    assert.equal(ran, false, 'no check run happened');
    assert.deepEqual(a.commandErrors, [], 'blocked commands are not errors');
  });
});
