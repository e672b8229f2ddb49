const assert = require('node:assert/strict');
const vscode = require('vscode');
const { api, EXTENSION_ID } = require('./helpers');

describe('activation', () => {
  it('activates on a dbt project and the language server reports ready', async () => {
    const a = await api();
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID).isActive);
    assert.ok(a.client.isRunning(), 'language client running');
    assert.ok(a.events.isReady, 'server said ready');
  });

  it('registers every command the manifest declares', async () => {
    await api();
    const declared = vscode.extensions.getExtension(EXTENSION_ID).packageJSON.contributes.commands.map((c) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = declared.filter((c) => !registered.has(c));
    assert.deepEqual(missing, []);
  });
});
