import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { createTestWarehouse, type TestWarehouse } from '../../checks/testing/duckdb_test_warehouse';
import { loadShop, shopAnalysis } from '../../checks/testing/shop_data';
import { checkCommand, type CheckCommandOptions } from './check';

function sink() {
  const s = new PassThrough();
  let text = '';
  s.on('data', (c) => (text += String(c)));
  return { stream: s, text: () => text };
}

describe('driftwatch check command', () => {
  let w: TestWarehouse;
  let dir: string;
  before(async () => {
    w = await createTestWarehouse();
    await loadShop(w);
    dir = mkdtempSync(join(tmpdir(), 'dw-check-cli-'));
  });
  after(async () => {
    await w.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function run(files: Record<string, string>, extra: Partial<CheckCommandOptions> = {}) {
    const out = sink();
    const err = sink();
    const code = await checkCommand({
      analysis: shopAnalysis(),
      checkFiles: new Map(Object.entries(files)),
      warehouse: w,
      format: 'json',
      historyPath: join(dir, '.driftwatch', 'history.duckdb'),
      out: out.stream,
      err: err.stream,
      isTTY: false,
      now: new Date('2024-03-12T15:00:00Z'),
      ...extra,
    });
    return { code, out: out.text(), err: err.text() };
  }

  it('exits 0 when everything passes (warnings included)', async () => {
    const r = await run({ 'models/orders.checks.yml': 'checks:\n  - dataset: orders\n    checks:\n      - row_count > 0\n      - row_count > 0: { warn: "< 10" }\n      - row_count change < 50%\n' });
    assert.equal(r.code, 0, r.err);
    const json = JSON.parse(r.out);
    assert.deepEqual(json.summary, { pass: 2, warn: 1, fail: 0, error: 0 });
    assert.equal(json.results[0].file, 'models/orders.checks.yml');
  });

  it('exits 1 when a check fails, and honours select', async () => {
    const files = { 'models/all.checks.yml': 'checks:\n  - dataset: payments\n    checks:\n      - duplicate_count(payment_id) = 0\n  - dataset: orders\n    checks:\n      - row_count > 0\n' };
    const all = await run(files);
    assert.equal(all.code, 1);
    const onlyOrders = await run(files, { select: (id) => id === 'model.shop.orders' });
    assert.equal(onlyOrders.code, 0);
    assert.equal(JSON.parse(onlyOrders.out).results.length, 1);
  });

  it('exits 2 without running anything when check files have errors', async () => {
    w.log.length = 0;
    const r = await run({ 'models/bad.checks.yml': 'checks:\n  - dataset: ordrs\n    checks:\n      - row_count > 0\n' });
    assert.equal(r.code, 2);
    assert.match(r.err, /models\/bad.checks.yml:2:14: error \[check-unknown-dataset\] unknown dataset 'ordrs'; did you mean 'orders'\?/);
    assert.equal(w.log.length, 0);
    assert.equal(r.out, '');
  });

  it('writes each report format', async () => {
    const files = { 'models/o.checks.yml': 'checks:\n  - dataset: orders\n    checks:\n      - row_count > 100\n' };
    assert.match((await run(files, { format: 'junit' })).out, /^<\?xml/);
    assert.equal(JSON.parse((await run(files, { format: 'sarif' })).out).version, '2.1.0');
    assert.match((await run(files, { format: 'text' })).out, /FAIL  row_count > 100/);
  });
});
