/**
 * Entry point of the bundled server (dist/server.js). createConnection picks
 * the transport from the command line (--stdio, --node-ipc, --socket=…), so
 * the same bundle serves VS Code (IPC) and the protocol tests (stdio).
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

const connection = createConnection(ProposedFeatures.all);
// With --stdio, stdout is the protocol channel: anything logged must go to stderr.
console.log = (...args: unknown[]) => console.error(...args);
// A bug on one request must not end the editing session: log it and keep serving.
process.on('uncaughtException', (e) => console.error(`driftwatch: uncaught exception: ${e?.stack ?? e}`));
process.on('unhandledRejection', (e) => console.error(`driftwatch: unhandled rejection: ${(e as Error)?.stack ?? e}`));
startServer(connection);
connection.listen();
