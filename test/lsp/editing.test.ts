/**
 * Protocol test: quick fixes and rename on a copy of examples/shop. Every
 * YAML-editing fix is applied to the file text and the result must parse and
 * contain the change; a rename is applied to disk, announced as watched-file
 * changes, and must leave the project without unresolved refs.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { applyTextEdits, applyWorkspaceEdit, type LspServer, positionOf, serverOnCopyOf } from './lsp_harness';

interface Diag {
  code: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  message: string;
  data?: unknown;
}
interface TextEdit {
  range: Diag['range'];
  newText: string;
}
interface Action {
  title: string;
  kind: string;
  isPreferred?: boolean;
  edit: { documentChanges: ({ textDocument: { uri: string }; edits: TextEdit[] } | { kind: string; uri?: string; oldUri?: string; newUri?: string })[] };
}

describe('LSP: quick fixes and rename', function () {
  this.timeout(60000);
  let server: LspServer;
  let root: string;
  const read = (rel: string) => fs.readFileSync(path.join(root, rel), 'utf8');

  const shop = serverOnCopyOf('shop');
  before(() => ({ server, root } = shop));

  async function actionsFor(rel: string, code: string): Promise<{ diag: Diag; actions: Action[] }> {
    const published = await server.waitFor(`a ${code} diagnostic in ${rel}`, () => {
      const p = server.latest(rel);
      return p?.diagnostics.some((d) => d.code === code) ? p : undefined;
    });
    const diag = published.diagnostics.find((d) => d.code === code) as unknown as Diag;
    const actions = await server.request<Action[]>('textDocument/codeAction', { textDocument: { uri: server.uri(rel) }, range: diag.range, context: { diagnostics: [diag], only: ['quickfix'] } });
    return { diag, actions };
  }

  /** The edited text of `rel` after applying an action's edits for it (in memory). */
  function editedText(action: Action, rel: string, base = read(rel)): string {
    const change = action.edit.documentChanges.find((c) => 'textDocument' in c && c.textDocument.uri === server.uri(rel)) as { edits: TextEdit[] } | undefined;
    assert.ok(change, `${action.title}: no edit for ${rel}`);
    return applyTextEdits(base, change!.edits);
  }

  it('declares an undeclared column in the model YAML with its inferred type', async () => {
    const { actions } = await actionsFor('models/marts/customers.sql', 'drift-undeclared-column');
    const fix = actions.find((a) => a.title.startsWith("Declare 'lifetime_value'"));
    assert.ok(fix, actions.map((a) => a.title).join('\n'));
    const doc = parse(editedText(fix!, 'models/marts/_marts.yml'));
    const customers = doc.models.find((m: { name: string }) => m.name === 'customers');
    const col = customers.columns.find((c: { name: string }) => c.name === 'lifetime_value');
    assert.ok(col, 'column added');
    assert.ok(typeof col.data_type === 'string' && col.data_type.length > 0, JSON.stringify(col));
    assert.strictEqual(doc.models.length, 3, 'other models untouched');
  });

  it('renames a stale YAML declaration to the produced column', async () => {
    const { actions } = await actionsFor('models/marts/_marts.yml', 'drift-declared-not-produced');
    const fix = actions.find((a) => a.title.includes("'lifetime_value'"))!;
    assert.ok(fix, actions.map((a) => a.title).join('\n'));
    const text = editedText(fix, 'models/marts/_marts.yml');
    const customers = parse(text).models.find((m: { name: string }) => m.name === 'customers');
    assert.ok(customers.columns.some((c: { name: string }) => c.name === 'lifetime_value'));
    assert.ok(!text.includes('lifetime_value_usd\n'));
  });

  it('adds unique + not_null to the primary key of a model covered only by a check file', async () => {
    const { actions } = await actionsFor('models/staging/_staging.yml', 'missing-pk-tests');
    const fix = actions.find((a) => a.title === "Add unique + not_null to 'product_id'");
    assert.ok(fix, actions.map((a) => a.title).join('\n'));
    const doc = parse(editedText(fix!, 'models/staging/_staging.yml'));
    const products = doc.models.find((m: { name: string }) => m.name === 'stg_products');
    assert.deepStrictEqual(products.columns.find((c: { name: string }) => c.name === 'product_id').data_tests, ['unique', 'not_null']);
  });

  it('adds the one missing pk test to an existing tests list', async () => {
    const rel = 'models/marts/_marts.yml';
    const original = read(rel);
    const withoutNotNull = original.replace('        description: Primary key.\n        data_tests:\n          - unique\n          - not_null\n      - name: first_name', '        description: Primary key.\n        data_tests:\n          - unique\n      - name: first_name');
    assert.notStrictEqual(withoutNotNull, original);
    await server.open(rel, original);
    const v = await server.change(rel, withoutNotNull);
    await server.diagnosticsAt(rel, v);
    const { actions } = await actionsFor(rel, 'missing-pk-tests');
    const fix = actions.find((a) => a.title === "Add not_null to 'customer_id'");
    assert.ok(fix, actions.map((a) => a.title).join('\n'));
    const doc = parse(editedText(fix!, rel, withoutNotNull));
    const customers = doc.models.find((m: { name: string }) => m.name === 'customers');
    assert.deepStrictEqual(customers.columns[0].data_tests, ['unique', 'not_null']);
    const back = await server.change(rel, original);
    await server.diagnosticsAt(rel, back);
  });

  it('brings a contract data_type in line with the produced type', async () => {
    const rel = 'models/marts/_marts.yml';
    const original = read(rel);
    const wrong = original.replace('      - name: order_date\n        data_type: date', '      - name: order_date\n        data_type: varchar');
    assert.notStrictEqual(wrong, original);
    await server.open(rel, original);
    await server.change(rel, wrong);
    const { diag, actions } = await actionsFor('models/marts/order_items.sql', 'drift-type-mismatch');
    const fix = actions.find((a) => a.title.startsWith("Set the contract's data_type of 'order_date'"));
    assert.ok(fix, `${diag.message}: ${actions.map((a) => a.title).join('\n')}`);
    const doc = parse(editedText(fix!, rel, wrong));
    const col = doc.models.find((m: { name: string }) => m.name === 'order_items').columns.find((c: { name: string }) => c.name === 'order_date');
    assert.strictEqual(col.data_type, 'date');
    assert.ok(fix!.title.endsWith(` to ${col.data_type}`));
    const back = await server.change(rel, original);
    await server.diagnosticsAt(rel, back);
  });

  it('creates a properties file for a model that has none', async () => {
    const { actions } = await actionsFor('models/intermediate/int_order_payments.sql', 'undocumented-model');
    const fix = actions.find((a) => a.title.startsWith("Add properties for 'int_order_payments'"));
    assert.ok(fix, actions.map((a) => a.title).join('\n'));
    const create = fix!.edit.documentChanges.find((c) => 'kind' in c && c.kind === 'create') as { uri: string };
    assert.strictEqual(create.uri, server.uri('models/intermediate/_int_order_payments.yml'));
    const doc = parse(editedText(fix!, 'models/intermediate/_int_order_payments.yml', ''));
    assert.strictEqual(doc.version, 2);
    assert.strictEqual(doc.models[0].name, 'int_order_payments');
    const names = doc.models[0].columns.map((c: { name: string }) => c.name);
    assert.ok(names.includes('order_id') && names.includes('paid_amount'), names.join(','));
  });

  it("replaces a misspelt ref with the suggestion", async () => {
    const rel = 'models/marts/orders.sql';
    const original = read(rel);
    await server.open(rel, original);
    const broken = original.replace("ref('stg_orders')", "ref('stg_ordrs')");
    const v = await server.change(rel, broken);
    await server.diagnosticsAt(rel, v);
    const { actions } = await actionsFor(rel, 'unresolved-ref');
    const fix = actions.find((a) => a.title === "Change to 'stg_orders'")!;
    assert.ok(fix?.isPreferred);
    assert.strictEqual(editedText(fix, rel, broken), original);
    const back = await server.change(rel, original);
    await server.diagnosticsAt(rel, back);
  });

  describe('rename', () => {
    it('prepareRename on a ref name gives its range and the current name', async () => {
      const pos = positionOf(root, 'models/marts/orders.sql', "ref('stg_payments')", 8);
      const r = await server.request<{ range: Diag['range']; placeholder: string }>('textDocument/prepareRename', { textDocument: { uri: server.uri('models/marts/orders.sql') }, position: pos });
      assert.strictEqual(r.placeholder, 'stg_payments');
      assert.strictEqual(r.range.end.character - r.range.start.character, 'stg_payments'.length);
      const none = await server.request<unknown>('textDocument/prepareRename', { textDocument: { uri: server.uri('models/marts/orders.sql') }, position: positionOf(root, 'models/marts/orders.sql', 'left join', 1) });
      assert.strictEqual(none, null);
    });

    it('refuses a name that exists or is not an identifier', async () => {
      const params = { textDocument: { uri: server.uri('models/marts/orders.sql') }, position: positionOf(root, 'models/marts/orders.sql', "ref('stg_payments')", 8) };
      await assert.rejects(server.request('textDocument/rename', { ...params, newName: 'stg_orders' }), /already exists/);
      await assert.rejects(server.request('textDocument/rename', { ...params, newName: 'bad-name' }), /not a valid model name/);
    });

    it('renames refs, YAML entries, check datasets and the file; the project stays resolved', async () => {
      const params = { textDocument: { uri: server.uri('models/staging/_staging.yml') }, position: positionOf(root, 'models/staging/_staging.yml', '- name: stg_products', 10), newName: 'stg_catalogue' };
      const edit = await server.request<Action['edit']>('textDocument/rename', params);
      const renames = edit.documentChanges.filter((c) => 'kind' in c && c.kind === 'rename') as { oldUri: string; newUri: string }[];
      assert.deepStrictEqual(renames, [{ kind: 'rename', oldUri: server.uri('models/staging/stg_products.sql'), newUri: server.uri('models/staging/stg_catalogue.sql'), options: { overwrite: false } }]);
      const edited = new Set(edit.documentChanges.filter((c) => 'textDocument' in c).map((c) => (c as { textDocument: { uri: string } }).textDocument.uri));
      for (const rel of ['models/marts/order_items.sql', 'models/staging/_staging.yml', 'models/staging/staging.checks.yml']) assert.ok(edited.has(server.uri(rel)), `no edit for ${rel}`);
      applyWorkspaceEdit(root, edit);
      const staging = read('models/staging/_staging.yml');
      assert.ok(staging.includes("to: ref('stg_catalogue')") && staging.includes('- name: stg_catalogue') && !staging.includes('stg_products'));
      parse(staging);
      assert.ok(!read('models/staging/staging.checks.yml').includes('stg_products'));
      const changes = [
        { uri: server.uri('models/staging/stg_products.sql'), type: 3 },
        { uri: server.uri('models/staging/stg_catalogue.sql'), type: 1 },
        { uri: server.uri('models/marts/order_items.sql'), type: 2 },
        { uri: server.uri('models/staging/_staging.yml'), type: 2 },
      ];
      const before = server.published.length;
      await server.conn.sendNotification('workspace/didChangeWatchedFiles', { changes });
      await server.waitFor('republish after the rename', () => server.published.length > before || undefined);
      await new Promise((r) => setTimeout(r, 300));
      const unresolved = server.published.slice(before).flatMap((p) => p.diagnostics.filter((d) => d.code === 'unresolved-ref' || d.code === 'yaml-unknown-model'));
      assert.deepStrictEqual(unresolved, []);
      const lens = await server.request<{ command: { title: string } }[]>('textDocument/codeLens', { textDocument: { uri: server.uri('models/staging/stg_catalogue.sql') } });
      assert.match(lens[0].command.title, /↓ 1 downstream/);
    });

    it('follows a model file renamed in the explorer (willRenameFiles)', async () => {
      const edit = await server.request<Action['edit'] | null>('workspace/willRenameFiles', { files: [{ oldUri: server.uri('models/staging/stg_payments.sql'), newUri: server.uri('models/staging/stg_payment_events.sql') }] });
      assert.ok(edit);
      const uris = edit!.documentChanges.map((c) => ('textDocument' in c ? c.textDocument.uri : ''));
      for (const rel of ['models/marts/orders.sql', 'models/intermediate/int_order_payments.sql', 'models/staging/_staging.yml']) assert.ok(uris.includes(server.uri(rel)), `no edit for ${rel}`);
      assert.ok(!edit!.documentChanges.some((c) => 'kind' in c), 'the client moves the file itself');
    });
  });
});
