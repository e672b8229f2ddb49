/**
 * Warehouse requests (targets, build, preview, diff). Until the warehouse
 * layer's session-level API is wired here, they answer a clear error.
 */
import { ResponseError, ErrorCodes, type Connection } from 'vscode-languageserver/node';
import { buildRequest, diffRequest, listTargetsRequest, previewRequest, setTargetRequest } from '../../protocol/lsp_ext';

export function registerWarehouseHandlers(connection: Connection): void {
  const notYet = (what: string) => () => {
    throw new ResponseError(ErrorCodes.MethodNotFound, `${what} is not available in this build of the Driftwatch server yet.`);
  };
  connection.onRequest(listTargetsRequest, notYet('Listing warehouse targets'));
  connection.onRequest(setTargetRequest, notYet('Choosing a warehouse target'));
  connection.onRequest(buildRequest, notYet('Building models'));
  connection.onRequest(previewRequest, notYet('Previewing a model'));
  connection.onRequest(diffRequest, notYet('Diffing against another target'));
}
