// A stand-in language server for testing the benchmark's LSP driver without
// the real one: built on vscode-languageserver so the framing is the genuine
// article. Behaviour is chosen by --mode:
//   ok     publishes versioned diagnostics ~5 ms after each change
//   stale  answers changes with an old version (the driver must time out, not mis-measure)
//   crash  exits right after `initialized`
const { createConnection, ProposedFeatures, TextDocumentSyncKind } = require('vscode-languageserver/node');

const mode = (process.argv.find((a) => a.startsWith('--mode=')) ?? '--mode=ok').slice('--mode='.length);
const connection = createConnection(ProposedFeatures.all);

connection.onInitialize(() => ({ capabilities: { textDocumentSync: TextDocumentSyncKind.Full } }));
connection.onInitialized(async () => {
  if (mode === 'crash') {
    process.stderr.write('stand-in server: crashing on purpose\n');
    process.exit(3);
  }
  await connection.workspace.getConfiguration({ section: 'driftwatch' });
  connection.sendNotification('driftwatch/status', { state: 'indexing', projects: 1, models: 0, percent: 50 });
  setTimeout(() => connection.sendNotification('driftwatch/status', { state: 'ready', projects: 1, models: 3 }), 20);
});

function publish(uri, version, text) {
  const diagnostics = text.includes('_x')
    ? [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: 'alias drifted', severity: 2, code: 'drift-undeclared-column' }]
    : [];
  setTimeout(() => connection.sendDiagnostics({ uri, version: mode === 'stale' ? 1 : version, diagnostics }), 5);
}

connection.onDidOpenTextDocument((p) => publish(p.textDocument.uri, p.textDocument.version, p.textDocument.text));
connection.onDidChangeTextDocument((p) => publish(p.textDocument.uri, p.textDocument.version, p.contentChanges[0].text));
connection.listen();
