/**
 * Protocol test: the read-only features of the bundled server on a copy of
 * examples/shop — definition, references, hover, completion, symbols, code
 * lenses and the custom requests (lineage, compiledSql, nodeAt).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { type LspServer, positionOf, serverOnCopyOf } from './lsp_harness';

interface Loc {
  uri: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}
interface Item {
  label: string;
  sortText?: string;
}

describe('LSP: navigation, hover, completion, symbols, custom requests', function () {
  this.timeout(60000);
  let server: LspServer;
  let root: string;
  const doc = (rel: string) => ({ uri: server.uri(rel) });
  const at = (rel: string, needle: string, delta = 0, nth = 0) => ({ textDocument: doc(rel), position: positionOf(root, rel, needle, delta, nth) });
  const lineOf = (rel: string, line: number) => fs.readFileSync(path.join(root, rel), 'utf8').split('\n')[line];

  const shop = serverOnCopyOf('shop');
  before(() => ({ server, root } = shop));

  describe('definition', () => {
    it("ref('x') → the model file", async () => {
      const locs = await server.request<Loc[]>('textDocument/definition', at('models/marts/customers.sql', "ref('orders')", 6));
      assert.deepStrictEqual(locs.map((l) => l.uri), [server.uri('models/marts/orders.sql')]);
    });

    it("source('a','b') → the table's YAML entry", async () => {
      const locs = await server.request<Loc[]>('textDocument/definition', at('models/staging/stg_orders.sql', "'orders'", 2));
      assert.strictEqual(locs[0].uri, server.uri('models/staging/_sources.yml'));
      assert.match(lineOf('models/staging/_sources.yml', locs[0].range.start.line), /- name: orders/);
    });

    it('a macro call → the macro definition', async () => {
      const locs = await server.request<Loc[]>('textDocument/definition', at('models/intermediate/int_order_payments.sql', 'cents_to_dollars', 3));
      assert.strictEqual(locs[0].uri, server.uri('macros/cents_to_dollars.sql'));
      assert.match(lineOf('macros/cents_to_dollars.sql', locs[0].range.start.line), /macro cents_to_dollars/);
    });

    it('alias.column in a select item → the upstream column it derives from', async () => {
      const locs = await server.request<Loc[]>('textDocument/definition', at('models/marts/customers.sql', 'customers.email', 'customers.'.length + 1));
      assert.ok(locs.length >= 1);
      assert.strictEqual(locs[0].uri, server.uri('models/staging/stg_customers.sql'));
      assert.match(lineOf('models/staging/stg_customers.sql', locs[0].range.start.line), /email/);
    });

    it('a CTE-qualified column inside a join condition → through the CTE to the model column', async () => {
      const locs = await server.request<Loc[]>('textDocument/definition', at('models/marts/customers.sql', 'customers.customer_id = ', 'customers.'.length + 2));
      assert.strictEqual(locs[0]?.uri, server.uri('models/staging/stg_customers.sql'));
    });

    it('a model name in properties YAML → the model file', async () => {
      const locs = await server.request<Loc[]>('textDocument/definition', at('models/marts/_marts.yml', '- name: orders', 10));
      assert.deepStrictEqual(locs.map((l) => l.uri), [server.uri('models/marts/orders.sql')]);
    });
  });

  describe('references', () => {
    it('on a model file: every ref() to it and its YAML entry', async () => {
      const locs = await server.request<Loc[]>('textDocument/references', { ...at('models/staging/stg_orders.sql', 'select', 1, 1), context: { includeDeclaration: false } });
      const uris = locs.map((l) => l.uri);
      assert.ok(uris.includes(server.uri('models/marts/orders.sql')), uris.join('\n'));
      assert.ok(uris.includes(server.uri('models/staging/_staging.yml')));
      const inOrders = locs.find((l) => l.uri === server.uri('models/marts/orders.sql'))!;
      assert.match(lineOf('models/marts/orders.sql', inOrders.range.start.line), /ref\('stg_orders'\)/);
    });

    it('on a column: the downstream columns that read it', async () => {
      const locs = await server.request<Loc[]>('textDocument/references', { ...at('models/staging/stg_payments.sql', 'amount as amount_cents', 12), context: { includeDeclaration: false } });
      const uris = locs.map((l) => l.uri);
      assert.ok(uris.includes(server.uri('models/intermediate/int_order_payments.sql')), uris.join('\n'));
    });
  });

  describe('hover', () => {
    it('on a ref: kind, materialization, relation, description, columns, counts, tests', async () => {
      const h = await server.request<{ contents: { value: string } }>('textDocument/hover', at('models/marts/orders.sql', "ref('stg_orders')", 6));
      const md = h.contents.value;
      for (const part of ['stg\\_orders', 'view', 'Orders with their fulfilment status', 'order\\_id', 'upstream', 'unique(order\\_id)']) assert.ok(md.includes(part), `missing ${part} in\n${md}`);
    });

    it('on a macro: signature and file', async () => {
      const h = await server.request<{ contents: { value: string } }>('textDocument/hover', at('models/intermediate/int_order_payments.sql', 'cents_to_dollars', 2));
      assert.match(h.contents.value, /cents_to_dollars\(column_name, scale=…\)/);
      assert.ok(h.contents.value.includes('macros/cents_to_dollars.sql'));
    });

    it('on a column: type and lineage', async () => {
      const h = await server.request<{ contents: { value: string } }>('textDocument/hover', at('models/marts/customers.sql', 'customers.email', 'customers.'.length + 2));
      assert.ok(h.contents.value.includes('stg\\_customers.email') && h.contents.value.includes('Lower-cased login email'), h.contents.value);
    });

    it('nothing on a plain keyword', async () => {
      const h = await server.request<unknown>('textDocument/hover', at('models/marts/customers.sql', 'left join', 1));
      assert.strictEqual(h, null);
    });
  });

  describe('completion', () => {
    const rel = 'models/marts/customers.sql';
    let original: string;
    before(async () => {
      original = fs.readFileSync(path.join(root, rel), 'utf8');
      await server.open(rel, original);
    });
    after(async () => {
      await server.change(rel, original);
    });

    async function completeAfter(text: string, marker: string): Promise<Item[]> {
      await server.change(rel, text);
      const offset = text.indexOf(marker) + marker.length;
      const before = text.slice(0, offset);
      const position = { line: before.split('\n').length - 1, character: offset - (before.lastIndexOf('\n') + 1) };
      const r = await server.request<{ items: Item[] } | Item[]>('textDocument/completion', { textDocument: doc(rel), position });
      return Array.isArray(r) ? r : r.items;
    }

    it("model names inside ref('", async () => {
      const items = await completeAfter(original.replace("ref('orders')", "ref('stg_')"), "ref('stg_");
      const labels = items.map((i) => i.label);
      assert.ok(labels.includes('stg_orders') && labels.includes('stg_customers'), labels.join(','));
      assert.ok(!labels.includes('customers'), 'a model does not complete to itself');
    });

    it("sources inside source(' and their tables after the comma", async () => {
      const srcs = await completeAfter(original.replace("ref('orders')", "source('r"), "source('r");
      assert.deepStrictEqual(srcs.map((i) => i.label), ['raw']);
      const tables = await completeAfter(original.replace("ref('orders')", "source('raw', '"), "source('raw', '");
      assert.deepStrictEqual(new Set(tables.map((i) => i.label)), new Set(['customers', 'orders', 'payments', 'products', 'order_items']));
    });

    it('columns after alias. for a CTE alias and a ref alias', async () => {
      const cte = await completeAfter(original.replace('customer_orders.first_order_date', 'customer_orders.'), 'customer_orders.');
      const labels = cte.map((i) => i.label);
      assert.ok(labels.includes('lifetime_value') && labels.includes('number_of_orders'), labels.join(','));
      const viaStar = await completeAfter(original.replace('customers.first_name', 'customers.'), '    customers.');
      assert.ok(viaStar.map((i) => i.label).includes('email'));
      const refAlias = original.replace("select * from {{ ref('stg_customers') }}", "select c. from {{ ref('stg_customers') }} c");
      const cols = await completeAfter(refAlias, 'select c.');
      assert.ok(cols.map((i) => i.label).includes('created_at'), cols.map((i) => i.label).join(','));
    });

    it('macro names after {{ ', async () => {
      const items = await completeAfter(original.replace("{{ ref('orders') }}", '{{  }}'), '{{ ');
      const labels = items.map((i) => i.label);
      assert.ok(labels.includes('cents_to_dollars') && labels.includes('ref'), labels.join(','));
    });

    it('model and column names in properties YAML', async () => {
      const yamlRel = 'models/marts/_marts.yml';
      const yaml = fs.readFileSync(path.join(root, yamlRel), 'utf8');
      await server.open(yamlRel, yaml);
      const edited = yaml.replace('  - name: customers\n', '  - name: \n\n  - name: customers\n');
      await server.change(yamlRel, edited);
      const offset = edited.indexOf('  - name: \n') + '  - name: '.length;
      const pos = (o: number) => ({ line: edited.slice(0, o).split('\n').length - 1, character: o - (edited.lastIndexOf('\n', o - 1) + 1) });
      const models = await server.request<{ items: Item[] }>('textDocument/completion', { textDocument: doc(yamlRel), position: pos(offset) });
      const sorted = [...models.items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label));
      assert.strictEqual(sorted[0].label, 'int_order_payments', 'undocumented models first');
      const withColumn = yaml.replace('      - name: lifetime_value_usd', '      - name: lif\n      - name: lifetime_value_usd');
      await server.change(yamlRel, withColumn);
      const o2 = withColumn.indexOf('- name: lif\n') + '- name: lif'.length;
      const pos2 = { line: withColumn.slice(0, o2).split('\n').length - 1, character: o2 - (withColumn.lastIndexOf('\n', o2 - 1) + 1) };
      const cols = await server.request<{ items: Item[] }>('textDocument/completion', { textDocument: doc(yamlRel), position: pos2 });
      assert.deepStrictEqual(cols.items.map((i) => i.label), ['lifetime_value']);
      await server.change(yamlRel, yaml);
    });
  });

  describe('symbols and lenses', () => {
    it('document symbols of a model: CTEs and output columns', async () => {
      const syms = await server.request<{ name: string; children?: { name: string; detail?: string }[] }[]>('textDocument/documentSymbol', { textDocument: doc('models/marts/orders.sql') });
      assert.strictEqual(syms[0].name, 'orders');
      const names = syms[0].children!.map((c) => c.name);
      for (const n of ['payments', 'amount_by_method', 'customer_order_number', 'amount']) assert.ok(names.includes(n), names.join(','));
    });

    it('document symbols of properties YAML: models with their columns', async () => {
      const syms = await server.request<{ name: string; children?: { name: string }[] }[]>('textDocument/documentSymbol', { textDocument: doc('models/marts/_marts.yml') });
      assert.deepStrictEqual(syms.map((s) => s.name), ['orders', 'customers', 'order_items']);
      assert.ok(syms[1].children!.some((c) => c.name === 'lifetime_value_usd'));
    });

    it('workspace symbols match fuzzily, best first', async () => {
      const syms = await server.request<{ name: string }[]>('workspace/symbol', { query: 'stgord' });
      assert.strictEqual(syms[0].name, 'stg_orders');
      assert.ok(syms.some((s) => s.name === 'stg_order_items'));
      const src = await server.request<{ name: string }[]>('workspace/symbol', { query: 'raw.pay' });
      assert.strictEqual(src[0].name, 'raw.payments');
    });

    it('a code lens with up/downstream counts opens the lineage graph', async () => {
      const lenses = await server.request<{ command: { title: string; command: string; arguments: unknown[] } }[]>('textDocument/codeLens', { textDocument: doc('models/marts/orders.sql') });
      const lens = lenses.find((l) => l.command.command === 'driftwatch.showLineageGraph')!;
      assert.strictEqual(lens.command.title, '↑ 3 upstream · ↓ 1 downstream');
      assert.deepStrictEqual(lens.command.arguments, ['model.shop.orders']);
    });
  });

  describe('custom requests', () => {
    it('driftwatch/lineage: a node one hop up, truncated', async () => {
      const r = await server.request<{ root: string; nodes: { id: string; distance: number; uri?: string; columns: unknown[] }[]; edges: { from: string; to: string }[]; truncated: boolean }>('driftwatch/lineage', { node: 'model.shop.orders', direction: 'up', depth: 1 });
      assert.strictEqual(r.root, 'model.shop.orders');
      const stg = r.nodes.find((n) => n.id === 'model.shop.stg_orders')!;
      assert.strictEqual(stg.distance, -1);
      assert.strictEqual(stg.uri, server.uri('models/staging/stg_orders.sql'));
      assert.ok(stg.columns.length >= 4);
      assert.ok(r.edges.some((e) => e.from === 'model.shop.stg_orders' && e.to === 'model.shop.orders'));
      assert.ok(!r.nodes.some((n) => n.id.startsWith('source.')), 'depth 1 stops before the sources');
      assert.strictEqual(r.truncated, true);
    });

    it('driftwatch/lineage: every edge between the returned nodes, also between two parents of the root', async () => {
      // orders reads stg_payments and int_order_payments, and int_order_payments reads stg_payments:
      // both parents sit one hop up, and the edge between them is part of the picture.
      const r = await server.request<{ nodes: { id: string; distance: number }[]; edges: { from: string; to: string }[] }>('driftwatch/lineage', { node: 'model.shop.orders', direction: 'up', depth: 1 });
      const ids = new Set(r.nodes.map((n) => n.id));
      assert.ok(ids.has('model.shop.stg_payments') && ids.has('model.shop.int_order_payments'), [...ids].join(', '));
      assert.ok(r.edges.some((e) => e.from === 'model.shop.stg_payments' && e.to === 'model.shop.int_order_payments'), JSON.stringify(r.edges));
      assert.ok(r.edges.every((e) => ids.has(e.from) && ids.has(e.to)), 'no edge to a node outside the answer');
      const keys = r.edges.map((e) => `${e.from}>${e.to}`);
      assert.strictEqual(new Set(keys).size, keys.length, 'no duplicate edges');
    });

    it('driftwatch/lineage: a column followed upstream through a document URI', async () => {
      const r = await server.request<{ columnEdges: { from: { node: string; column: string }; to: { node: string; column: string } }[]; nodes: { id: string }[]; truncated: boolean }>('driftwatch/lineage', { uri: server.uri('models/marts/customers.sql'), column: 'email', direction: 'up', depth: 0 });
      assert.ok(r.columnEdges.some((e) => e.from.node === 'model.shop.stg_customers' && e.from.column === 'email' && e.to.node === 'model.shop.customers'), JSON.stringify(r.columnEdges));
      assert.ok(r.nodes.some((n) => n.id === 'source.shop.raw.customers'), 'followed to the source');
      assert.strictEqual(r.truncated, false);
    });

    it('driftwatch/compiledSql: rendered, without Jinja', async () => {
      const r = await server.request<{ node: string; sql: string; errors: string[] }>('driftwatch/compiledSql', { uri: server.uri('models/marts/customers.sql') });
      assert.strictEqual(r.node, 'model.shop.customers');
      assert.ok(!r.sql.includes('{{') && r.sql.includes('stg_customers'), r.sql);
      assert.deepStrictEqual(r.errors, []);
    });

    it('driftwatch/nodeAt: the node and the column under the cursor', async () => {
      const r = await server.request<{ node: string; column?: string }>('driftwatch/nodeAt', { uri: server.uri('models/marts/customers.sql'), position: positionOf(root, 'models/marts/customers.sql', 'customers.email', 11) });
      assert.deepStrictEqual(r, { node: 'model.shop.customers', column: 'email' });
      const whole = await server.request<{ node: string }>('driftwatch/nodeAt', { uri: server.uri('models/staging/stg_orders.sql') });
      assert.strictEqual(whole.node, 'model.shop.stg_orders');
    });
  });

  describe('check files', () => {
    const rel = 'models/staging/staging.checks.yml';

    it('driftwatch/listChecks: the checks of a check file, grouped by dataset', async () => {
      const r = await server.request<{ datasets: { dataset: string; checks: { label: string; kind: string; uri: string; range: Loc['range'] }[] }[] }>('driftwatch/listChecks', { uri: server.uri(rel) });
      const payments = r.datasets.find((d) => d.dataset === 'model.shop.stg_payments')!;
      assert.ok(payments.checks.some((c) => c.label === 'row_count > 0' && c.kind === 'check' && c.uri === server.uri(rel)), JSON.stringify(payments.checks.slice(0, 3)));
      const all = await server.request<{ datasets: { dataset: string; checks: { kind: string }[] }[] }>('driftwatch/listChecks', {});
      assert.ok(all.datasets.some((d) => d.checks.some((c) => c.kind === 'dbt-test')), 'dbt tests are listed too');
    });

    it('a run-checks lens on a model with checks', async () => {
      const lenses = await server.request<{ command: { title: string; command: string } }[]>('textDocument/codeLens', { textDocument: doc('models/staging/stg_payments.sql') });
      assert.ok(lenses.some((l) => /^▶ Run checks \(\d+\)$/.test(l.command.title) && l.command.command === 'driftwatch.runChecksModel'), JSON.stringify(lenses));
    });

    it('an unknown dataset in a check file is diagnosed; completion offers datasets', async () => {
      const original = fs.readFileSync(path.join(root, rel), 'utf8');
      await server.open(rel, original);
      const broken = original.replace('  - dataset: stg_payments', '  - dataset: stg_paymnts');
      const v = await server.change(rel, broken);
      const p = await server.diagnosticsAt(rel, v);
      assert.ok(p.diagnostics.some((d) => d.code === 'check-unknown-dataset'), JSON.stringify(p.diagnostics));
      const offset = broken.indexOf('stg_paymnts') + 'stg_pay'.length;
      const before = broken.slice(0, offset);
      const position = { line: before.split('\n').length - 1, character: offset - (before.lastIndexOf('\n') + 1) };
      const items = await server.request<{ items: Item[] }>('textDocument/completion', { textDocument: doc(rel), position });
      assert.ok(items.items.some((i) => i.label === 'stg_payments'), items.items.map((i) => i.label).join(','));
      const back = await server.change(rel, original);
      const clean = await server.diagnosticsAt(rel, back);
      assert.ok(!clean.diagnostics.some((d) => d.code === 'check-unknown-dataset'));
    });
  });
});
