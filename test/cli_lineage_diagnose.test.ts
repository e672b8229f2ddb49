/**
 * The bundled CLI's report commands on a copy of examples/shop: the JSON
 * contract of `lineage` and `diagnose`, SARIF, selectors, exit codes, the
 * cache (a second run answers from the snapshot with the same output) and
 * clear errors for bad invocations.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { LineageJsonNode as LineageNode } from '../server/src/cli/commands/lineage';
import { agedCopyOf, runCli } from './lsp/lsp_harness';


const cli = runCli;

describe('CLI: lineage and diagnose on the example project', function () {
  this.timeout(120000);
  const shop = agedCopyOf();

  it('lineage --format json follows the contract: ids, relative files, parents, columns, column lineage, tests', () => {
    const r = cli('lineage', '--project', shop.root, '--format', 'json');
    assert.strictEqual(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { projects: { name: string; root: string }[]; nodes: LineageNode[] };
    assert.deepStrictEqual(out.projects, [{ name: 'shop', root: '.' }]);
    const byId = new Map(out.nodes.map((n) => [n.unique_id, n]));
    const orders = byId.get('model.shop.orders')!;
    assert.strictEqual(orders.resource_type, 'model');
    assert.strictEqual(orders.file, 'models/marts/orders.sql');
    assert.ok(orders.parents.includes('model.shop.stg_orders'), JSON.stringify(orders.parents));
    assert.ok(orders.columns.includes('order_id'));
    assert.ok(orders.tests.includes('unique(order_id)') && orders.tests.includes('not_null(order_id)'), JSON.stringify(orders.tests));
    const stgOrders = byId.get('model.shop.stg_orders')!;
    assert.ok(stgOrders.parents.includes('source.shop.raw.orders'), 'sources are source.<project>.<source>.<table>');
    assert.ok(Object.values(stgOrders.column_lineage).flat().some((l) => l.node === 'source.shop.raw.orders'), JSON.stringify(stgOrders.column_lineage));
    assert.strictEqual(byId.get('source.shop.raw.orders')!.resource_type, 'source');
    assert.ok(out.nodes.every((n) => n.file === null || !path.isAbsolute(n.file)), 'paths are relative to the project root');
    // Dependency order: every parent is printed before its child.
    const position = new Map(out.nodes.map((n, i) => [n.unique_id, i]));
    for (const n of out.nodes) for (const p of n.parents) assert.ok(position.get(p)! < position.get(n.unique_id)!, `${p} before ${n.unique_id}`);
  });

  it('lineage --select +orders keeps orders and its ancestors only', () => {
    const r = cli('lineage', '--project', shop.root, '--select', '+orders', '--format', 'json');
    assert.strictEqual(r.code, 0, r.stderr);
    const ids = (JSON.parse(r.stdout) as { nodes: LineageNode[] }).nodes.map((n) => n.unique_id);
    assert.ok(ids.includes('model.shop.orders') && ids.includes('model.shop.stg_orders') && ids.includes('source.shop.raw.orders'), ids.join(' '));
    assert.ok(!ids.includes('model.shop.customers'), 'a sibling is not an ancestor');
  });

  it('lineage as text names the project and shows parents and column origins', () => {
    const r = cli('lineage', '--project', shop.root, '--select', 'orders');
    assert.strictEqual(r.code, 0, r.stderr);
    assert.match(r.stdout, /^shop /m);
    assert.match(r.stdout, /^orders model · table · models\/marts\/orders\.sql/m);
    assert.match(r.stdout, /← .*stg_orders/);
  });

  it('diagnose --format json reports the deliberate faults with ranges, and exits 0 without errors', () => {
    const r = cli('diagnose', '--project', shop.root, '--format', 'json');
    assert.strictEqual(r.code, 0, r.stderr);
    const diags = JSON.parse(r.stdout) as { file: string; range: { start: { line: number; character: number } }; severity: string; code: string; message: string }[];
    const drift = diags.find((d) => d.code === 'drift-declared-not-produced')!;
    assert.strictEqual(drift.file, 'models/marts/_marts.yml');
    const line = fs.readFileSync(path.join(shop.root, drift.file), 'utf8').split('\n')[drift.range.start.line];
    assert.match(line, /lifetime_value_usd/);
    assert.ok(diags.some((d) => d.code === 'missing-tests' && d.file === 'models/intermediate/int_order_payments.sql'));
    assert.ok(diags.every((d) => ['error', 'warning', 'information', 'hint'].includes(d.severity)));
  });

  it('diagnose --format sarif is SARIF 2.1.0 with rule ids and locations', () => {
    const r = cli('diagnose', '--project', shop.root, '--format', 'sarif');
    const sarif = JSON.parse(r.stdout) as { version: string; runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    assert.strictEqual(sarif.version, '2.1.0');
    const results = sarif.runs[0].results;
    assert.ok(results.some((x) => x.ruleId === 'drift-declared-not-produced' && /_marts\.yml$/.test(x.locations[0].physicalLocation.artifactLocation.uri)));
  });

  it('a second run answers from the snapshot with the same output; --no-cache neither reads nor writes it', () => {
    const cache = path.join(shop.root, '.driftwatch', 'cache');
    fs.rmSync(cache, { recursive: true, force: true });
    const first = cli('lineage', '--project', shop.root, '--format', 'json');
    assert.ok(fs.readdirSync(cache).some((f) => /^snapshot-v\d+\.bin$/.test(f)), 'the first run wrote a snapshot');
    const second = cli('lineage', '--project', shop.root, '--format', 'json');
    assert.strictEqual(second.stdout, first.stdout);
    assert.strictEqual(cli('diagnose', '--project', shop.root, '--format', 'json').stdout, cli('diagnose', '--project', shop.root, '--format', 'json', '--no-cache').stdout);
    fs.rmSync(cache, { recursive: true, force: true });
    cli('diagnose', '--project', shop.root, '--no-cache');
    assert.ok(!fs.existsSync(cache), '--no-cache wrote nothing');
  });

  it('an error diagnostic makes diagnose exit 1; the edit is seen despite the snapshot', () => {
    const file = path.join(shop.root, 'models/marts/customers.sql');
    const original = fs.readFileSync(file, 'utf8');
    try {
      cli('diagnose', '--project', shop.root); // a snapshot of the clean project
      fs.writeFileSync(file, original.replace("ref('orders')", "ref('orderz')"));
      const r = cli('diagnose', '--project', shop.root, '--format', 'json');
      assert.strictEqual(r.code, 1, r.stdout);
      const unresolved = (JSON.parse(r.stdout) as { code: string; severity: string; message: string }[]).find((d) => d.code === 'unresolved-ref')!;
      assert.strictEqual(unresolved.severity, 'error');
      assert.match(unresolved.message, /orders/, 'with a did-you-mean');
    } finally {
      fs.writeFileSync(file, original);
    }
  });

  it('bad invocations get a clear message and exit 2', () => {
    const missing = cli('lineage', '--project', path.join(shop.root, 'no-such-folder'));
    assert.strictEqual(missing.code, 2);
    assert.match(missing.stderr, /project folder not found/);
    const empty = fs.mkdtempSync(path.join(path.dirname(shop.root), 'dw-empty-'));
    try {
      const none = cli('diagnose', '--project', empty);
      assert.strictEqual(none.code, 2);
      assert.match(none.stderr, /no dbt_project\.yml/);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
    const format = cli('diagnose', '--project', shop.root, '--format', 'xml');
    assert.strictEqual(format.code, 2);
    assert.match(format.stderr, /format/);
    const selector = cli('lineage', '--project', shop.root, '--select', 'nosuchmethod:x');
    assert.strictEqual(selector.code, 2);
    assert.match(selector.stderr, /selector|nosuchmethod/i);
  });
});
