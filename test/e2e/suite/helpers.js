// Shared helpers for the extension-host tests (CommonJS: the extension host loads them with require).
const path = require('node:path');
const vscode = require('vscode');

const EXTENSION_ID = 'driftwatch.driftwatch';
const WS = process.env.DRIFTWATCH_E2E_WORKSPACE || (vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0].uri.fsPath);

let apiPromise;
/** Activates the extension once and waits until the server reported `ready`. */
function api() {
  apiPromise ??= (async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    if (!ext) throw new Error(`extension ${EXTENSION_ID} is not installed in this host`);
    const a = await ext.activate();
    await a.whenReady(90000);
    return a;
  })();
  return apiPromise;
}

function file(rel) {
  return vscode.Uri.file(path.join(WS, rel));
}

async function open(rel) {
  const doc = await vscode.workspace.openTextDocument(file(rel));
  return vscode.window.showTextDocument(doc, { preview: false });
}

/** Polls `fn` until it returns a truthy value; fails with `what` and the last value after `ms`. */
async function waitFor(what, fn, ms = 30000, every = 250) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, every));
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}; last: ${last instanceof Error ? last.message : JSON.stringify(last)?.slice(0, 500)}`);
}

function codeOf(d) {
  return typeof d.code === 'object' && d.code !== null ? String(d.code.value) : String(d.code);
}

function driftwatchDiagnostics(uri) {
  return vscode.languages.getDiagnostics(uri).filter((d) => /driftwatch/i.test(d.source || ''));
}

module.exports = { api, file, open, waitFor, codeOf, driftwatchDiagnostics, WS, EXTENSION_ID };
