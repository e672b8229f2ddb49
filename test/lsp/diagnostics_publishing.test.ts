/**
 * Protocol test: the bundled server indexes a copy of examples/shop, reports
 * status, publishes the project's deliberate findings, and follows edits
 * (an introduced misspelt ref gets a did-you-mean; fixing it clears it) with
 * the edited document's version.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { type LspServer, serverOnCopyOf } from './lsp_harness';

describe('LSP: status and diagnostics (bundled server over stdio)', function () {
  this.timeout(60000);
  let server: LspServer;
  let root: string;

  const shop = serverOnCopyOf('shop');
  before(() => ({ server, root } = shop));

  it('reports starting → indexing → ready with project and model counts', () => {
    const states = server.statuses.map((s) => s.state);
    assert.ok(states.indexOf('indexing') < states.indexOf('ready'), states.join(','));
    const ready = server.statuses.find((s) => s.state === 'ready')!;
    assert.strictEqual(ready.projects, 1);
    assert.ok(ready.models >= 9, `models: ${ready.models}`);
    assert.strictEqual(ready.project, 'shop');
  });

  it('publishes the deliberate drift on the YAML line that declares it', async () => {
    const yaml = await server.waitFor('marts YAML diagnostics', () => server.latest('models/marts/_marts.yml'));
    const text = fs.readFileSync(path.join(root, 'models/marts/_marts.yml'), 'utf8').split('\n');
    const drift = yaml.diagnostics.find((d) => d.code === 'drift-declared-not-produced');
    assert.ok(drift, JSON.stringify(yaml.diagnostics.map((d) => d.code)));
    assert.ok(text[drift!.range.start.line].includes('- name: lifetime_value_usd'));
    assert.ok(String(drift!.message).includes('lifetime_value_usd'));
    const undeclared = server.latest('models/marts/customers.sql')?.diagnostics.find((d) => d.code === 'drift-undeclared-column');
    assert.ok(undeclared && String(undeclared.message).includes('lifetime_value'));
  });

  it('publishes missing-tests for the models without tests, counts check files as tests, and nothing for clean ones', async () => {
    // stg_products has no dbt tests but a check file watches it: tested, yet its key lacks unique + not_null.
    const staging = await server.waitFor('_staging.yml diagnostics', () => server.latest('models/staging/_staging.yml'));
    assert.ok(staging.diagnostics.some((d) => d.code === 'missing-pk-tests' && String(d.message).includes("'product_id'")), JSON.stringify(staging.diagnostics));
    const products = server.latest('models/staging/stg_products.sql');
    assert.ok(!products || !products.diagnostics.some((d) => d.code === 'missing-tests'), JSON.stringify(products?.diagnostics));
    const intPayments = await server.waitFor('int_order_payments diagnostics', () => server.latest('models/intermediate/int_order_payments.sql'));
    assert.ok(intPayments.diagnostics.some((d) => d.code === 'missing-tests'));
    const orders = server.latest('models/marts/orders.sql');
    assert.ok(!orders || !orders.diagnostics.some((d) => d.code === 'missing-tests'));
    for (const p of server.published) for (const d of p.diagnostics) assert.strictEqual(d.source, 'driftwatch');
  });

  it('an unresolved ref typed into a buffer gets a did-you-mean, and fixing it clears it', async () => {
    const rel = 'models/marts/orders.sql';
    const original = fs.readFileSync(path.join(root, rel), 'utf8');
    await server.open(rel, original);
    const broken = await server.change(rel, original.replace("ref('stg_orders')", "ref('stg_ordrs')"));
    const withError = await server.diagnosticsAt(rel, broken);
    const unresolved = withError.diagnostics.find((d) => d.code === 'unresolved-ref');
    assert.ok(unresolved, JSON.stringify(withError.diagnostics));
    assert.match(String(unresolved!.message), /Did you mean 'stg_orders'\?/);
    const line = original.split('\n')[unresolved!.range.start.line];
    assert.ok(line.includes('ref('), line);
    const fixed = await server.change(rel, original);
    const clean = await server.diagnosticsAt(rel, fixed);
    assert.ok(!clean.diagnostics.some((d) => d.code === 'unresolved-ref'));
  });

  it('publishes only files whose diagnostics changed on an edit', async () => {
    const rel = 'models/marts/orders.sql';
    const text = fs.readFileSync(path.join(root, rel), 'utf8');
    const before = server.published.length;
    const v = await server.change(rel, text + '\n-- a comment changes nothing\n');
    await server.diagnosticsAt(rel, v);
    await new Promise((r) => setTimeout(r, 200));
    const sent = server.published.slice(before).map((p) => p.uri);
    assert.deepStrictEqual(sent, [server.uri(rel)], `republished: ${sent.join(', ')}`);
  });

  it('applies severity overrides from the configuration', async () => {
    await server.conn.sendNotification('workspace/didChangeConfiguration', { settings: { driftwatch: { diagnostics: { severity: { 'missing-tests': 'off', 'undocumented-model': 'hint' } } } } });
    const p = await server.waitFor('missing-tests turned off', () => {
      const latest = server.latest('models/intermediate/int_order_payments.sql');
      return latest && !latest.diagnostics.some((d) => d.code === 'missing-tests') ? latest : undefined;
    });
    assert.ok(p);
    const intPayments = server.latest('models/intermediate/int_order_payments.sql')!;
    const undocumented = intPayments.diagnostics.find((d) => d.code === 'undocumented-model');
    if (undocumented) assert.strictEqual(undocumented.severity, 4);
  });
});
