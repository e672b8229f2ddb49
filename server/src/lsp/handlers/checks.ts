/**
 * Check-engine requests (driftwatch/listChecks, driftwatch/runChecks). Until
 * the engine's session-level API is wired here, they answer a clear error
 * instead of silently returning nothing.
 */
import { ResponseError, ErrorCodes, type Connection } from 'vscode-languageserver/node';
import { listChecksRequest, runChecksRequest } from '../../protocol/lsp_ext';

export function registerCheckHandlers(connection: Connection): void {
  const notYet = (what: string) => () => {
    throw new ResponseError(ErrorCodes.MethodNotFound, `${what} is not available in this build of the Driftwatch server yet.`);
  };
  connection.onRequest(listChecksRequest, notYet('Listing checks'));
  connection.onRequest(runChecksRequest, notYet('Running checks'));
}
