const assert = require('node:assert/strict');
const vscode = require('vscode');
const { api, open, waitFor } = require('./helpers');

describe('lineage', () => {
  let a;
  before(async () => {
    a = await api();
  });

  it('answers driftwatch/lineage for the orders model with its staging parents', async () => {
    const editor = await open('models/marts/orders.sql');
    const r = await a.client.sendRequest('driftwatch/lineage', { uri: editor.document.uri.toString(), direction: 'both', depth: 2 });
    assert.ok(r.root && /orders$/.test(r.root), `root ${r.root}`);
    const names = r.nodes.map((n) => n.name);
    assert.ok(names.includes('stg_orders'), `nodes: ${names}`);
    assert.ok(r.edges.some((e) => /stg_orders$/.test(e.from) && e.to === r.root));
    const root = r.nodes.find((n) => n.id === r.root);
    assert.equal(root.distance, 0);
    assert.ok(root.upstreamCount >= 2);
  });

  it('the Lineage view follows the active editor and lists upstream models', async () => {
    await open('models/marts/orders.sql');
    const top = await waitFor('lineage tree root', async () => {
      const kids = await a.lineage.getChildren(undefined);
      return kids.length && kids[0].t === 'root' && /orders$/.test(kids[0].id) ? kids : null;
    }, 20000);
    const groups = await a.lineage.getChildren(top[0]);
    const up = groups.find((g) => g.t === 'group' && g.side === 'up');
    assert.ok(up, 'has an Upstream group');
    const upstream = await a.lineage.getChildren(up);
    const labels = upstream.map((el) => a.lineage.getTreeItem(el).label);
    assert.ok(labels.includes('stg_orders'), `upstream: ${labels}`);
    // Expanding a staging model reaches its source (fetched beyond the initial depth when needed).
    const stg = upstream.find((el) => a.lineage.getTreeItem(el).label === 'stg_orders');
    const further = await a.lineage.getChildren(stg);
    assert.ok(further.some((el) => el.t === 'node'), 'stg_orders has its own upstream (the raw source)');
    const item = a.lineage.getTreeItem(stg);
    assert.equal(item.command.command, 'vscode.open');
  });

  it('follows a column to where it comes from', async () => {
    await open('models/marts/orders.sql');
    const r = await a.client.sendRequest('driftwatch/lineage', { node: (await a.lineage.getChildren(undefined))[0].id, column: 'order_id', direction: 'up', depth: 0 });
    assert.ok(Array.isArray(r.columnEdges) && r.columnEdges.length > 0, 'column edges present');
    assert.ok(r.columnEdges.some((e) => /stg_orders$/.test(e.from.node)), JSON.stringify(r.columnEdges).slice(0, 300));
  });

  it('expands a column in the Lineage view into where it comes from', async () => {
    await open('models/marts/orders.sql');
    const [root] = await a.lineage.getChildren(undefined);
    const columnsGroup = (await a.lineage.getChildren(root)).find((el) => el.t === 'columns');
    assert.ok(columnsGroup, 'orders lists its columns');
    const cols = await a.lineage.getChildren(columnsGroup);
    const orderId = cols.find((el) => el.column === 'order_id');
    assert.ok(orderId, `columns: ${cols.map((c) => c.column)}`);
    const [up] = await a.lineage.getChildren(orderId);
    assert.equal(up.t, 'colside');
    const sources = await a.lineage.getChildren(up);
    const labels = sources.map((el) => a.lineage.getTreeItem(el).label);
    assert.ok(labels.some((l) => /^stg_orders\./.test(l)), `order_id comes from ${labels}`);
  });
});
