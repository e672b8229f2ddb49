/**
 * Protocol test: bad input never takes the server down. A binary .sql file,
 * malformed YAML, unclosed Jinja and a 5 MB model each get an answer (a
 * diagnostic where one is due) and the server keeps serving requests.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { type LspServer, serverOnCopyOf } from './lsp_harness';

describe('LSP: bad input', function () {
  this.timeout(120000);
  let server: LspServer;
  let root: string;

  const shop = serverOnCopyOf('shop');
  before(() => ({ server, root } = shop));

  /** After each case: alive, and still answering a real question correctly. */
  afterEach(async () => {
    assert.ok(!server.exited(), `server exited:\n${server.stderr()}`);
    const syms = await server.request<{ name: string }[]>('workspace/symbol', { query: 'stg_orders' });
    assert.strictEqual(syms[0]?.name, 'stg_orders');
  });

  it('a binary .sql file on disk and in an editor', async () => {
    const rel = 'models/binary_junk.sql';
    const bytes = Buffer.alloc(4096);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 131 + 7) & 0xff;
    fs.writeFileSync(path.join(root, rel), bytes);
    await server.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: server.uri(rel), type: 1 }] });
    const v = await server.open(rel, bytes.toString('latin1'));
    await server.diagnosticsAt(rel, v);
    await server.request('textDocument/hover', { textDocument: { uri: server.uri(rel) }, position: { line: 0, character: 3 } });
    await server.request('textDocument/documentSymbol', { textDocument: { uri: server.uri(rel) } });
    await server.request('textDocument/completion', { textDocument: { uri: server.uri(rel) }, position: { line: 2, character: 1 } });
  });

  it('malformed YAML gets a yaml-syntax diagnostic on its document version', async () => {
    const rel = 'models/marts/_marts.yml';
    const original = fs.readFileSync(path.join(root, rel), 'utf8');
    await server.open(rel, original);
    const v = await server.change(rel, 'version: 2\nmodels:\n  - name: [unclosed\n    columns: : :\n\t- tab\n');
    const p = await server.diagnosticsAt(rel, v);
    assert.ok(p.diagnostics.some((d) => d.code === 'yaml-syntax'), JSON.stringify(p.diagnostics));
    await server.request('textDocument/documentSymbol', { textDocument: { uri: server.uri(rel) } });
    await server.request('textDocument/completion', { textDocument: { uri: server.uri(rel) }, position: { line: 2, character: 12 } });
    const back = await server.change(rel, original);
    const clean = await server.diagnosticsAt(rel, back);
    assert.ok(!clean.diagnostics.some((d) => d.code === 'yaml-syntax'));
  });

  it('unclosed Jinja gets a jinja-error and the rest of the features still answer', async () => {
    const rel = 'models/marts/customers.sql';
    const original = fs.readFileSync(path.join(root, rel), 'utf8');
    await server.open(rel, original);
    const v = await server.change(rel, original.replace("{{ ref('orders') }}", "{{ ref('orders') ").replace('{%- endfor -%}', ''));
    const p = await server.diagnosticsAt(rel, v);
    assert.ok(p.diagnostics.some((d) => d.code === 'jinja-error'), JSON.stringify(p.diagnostics.map((d) => d.code)));
    const h = await server.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri: server.uri(rel) }, position: { line: 2, character: 26 } });
    assert.ok(h === null || typeof h.contents.value === 'string');
    await server.request('driftwatch/compiledSql', { uri: server.uri(rel) });
    await server.request('driftwatch/lineage', { uri: server.uri(rel), direction: 'both', depth: 0 });
    const back = await server.change(rel, original);
    await server.diagnosticsAt(rel, back);
  });

  it('a 5 MB model is analysed and answered', async () => {
    const rel = 'models/marts/huge_model.sql';
    const lines = ["select order_id, amount from {{ ref('orders') }}", 'where order_id > 0'];
    let size = 0;
    for (let i = 0; size < 5 * 1024 * 1024; i++) {
      const line = `   or (customer_id = ${i} and status <> 'status_${i}')`;
      lines.push(line);
      size += line.length + 1;
    }
    const text = lines.join('\n');
    fs.writeFileSync(path.join(root, rel), text);
    await server.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: server.uri(rel), type: 1 }] });
    const started = Date.now();
    const v = await server.open(rel, text);
    await server.diagnosticsAt(rel, v);
    const elapsed = Date.now() - started;
    const syms = await server.request<{ name: string; children: { name: string }[] }[]>('textDocument/documentSymbol', { textDocument: { uri: server.uri(rel) } });
    assert.deepStrictEqual(syms[0].children.map((c) => c.name), ['order_id', 'amount']);
    const hover = await server.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri: server.uri(rel) }, position: { line: 0, character: 40 } });
    assert.ok(hover.contents.value.includes('orders'));
    console.log(`      (5 MB model: diagnostics after ${elapsed} ms)`);
  });

  it('requests for unknown documents and impossible positions answer empty', async () => {
    const outside = 'file:///nonexistent/dir/model.sql';
    assert.deepStrictEqual(await server.request('textDocument/definition', { textDocument: { uri: outside }, position: { line: 0, character: 0 } }), []);
    assert.strictEqual(await server.request('textDocument/hover', { textDocument: { uri: 'untitled:Untitled-1' }, position: { line: 0, character: 0 } }), null);
    const far = { textDocument: { uri: server.uri('models/marts/orders.sql') }, position: { line: 99999, character: 99999 } };
    await server.request('textDocument/hover', far);
    await server.request('textDocument/completion', far);
    await server.request('textDocument/references', { ...far, context: { includeDeclaration: true } });
    const lineage = await server.request<{ root: null }>('driftwatch/lineage', { node: 'model.nope.nothing', direction: 'both', depth: 2 });
    assert.strictEqual(lineage.root, null);
  });
});
