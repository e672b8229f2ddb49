/**
 * End to end on the example project: read it from disk, analyse it, build it
 * into an in-memory DuckDB, then run its check files and dbt tests. The
 * checks that fail must be exactly the deliberate faults of CHECKS.md.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { readProjectInput } from '../io/discover';
import { analyzeProject, DEFAULT_TARGET } from '../analysis/analyze_project';
import { openDuckDb } from '../warehouse/duckdb';
import { buildDev } from '../warehouse/build';
import { checkCommand } from '../cli/commands/check';

const ROOT = path.resolve(__dirname, '../../../examples/shop');

describe('example shop checks (CHECKS.md)', function () {
  this.timeout(60_000);

  it('fail exactly on the seeded faults', async () => {
    const input = await readProjectInput(ROOT);
    const analysis = analyzeProject(input, { dialect: 'duckdb', target: DEFAULT_TARGET });
    const warehouse = await openDuckDb({ path: ':memory:', targetName: 'dev', readOnly: false });
    const dir = mkdtempSync(path.join(tmpdir(), 'dw-shop-'));
    try {
      const build = await buildDev(analysis, warehouse, { projectRoot: ROOT });
      assert.deepEqual(build.built.filter((b) => b.status !== 'ok'), []);
      const checkFiles = new Map([...input.files].filter(([f]) => f.endsWith('.checks.yml')));
      assert.ok(checkFiles.size >= 3);
      const out = new PassThrough();
      let json = '';
      out.on('data', (c) => (json += String(c)));
      const err = new PassThrough();
      let errText = '';
      err.on('data', (c) => (errText += String(c)));
      const code = await checkCommand({
        analysis,
        checkFiles,
        warehouse,
        format: 'json',
        historyPath: path.join(dir, 'history.duckdb'),
        out,
        err,
        isTTY: false,
        // Six hours after the seeds were loaded: fresh enough, so only the data faults fail.
        now: new Date('2024-06-30T12:00:00Z'),
      });
      assert.equal(errText, '', 'no check-file diagnostics');
      assert.equal(code, 1);
      const report = JSON.parse(json) as { results: { dataset: string; check: string; status: string; value: number; file: string }[]; summary: unknown };
      assert.deepEqual(report.summary, { pass: 71, warn: 1, fail: 11, error: 0 }, 'the counts CHECKS.md states');
      const notPassing = report.results
        .filter((r) => r.status !== 'pass')
        .map((r) => `${r.status} ${r.dataset} ${r.check} = ${r.value}`)
        .sort();
      assert.deepEqual(notPassing, [
        "fail model.shop.stg_customers missing_count(email) = 0 = 1",
        'fail model.shop.stg_customers not_null(email) = 1',
        "fail model.shop.stg_order_items reference(product_id) = 1",
        "fail model.shop.stg_order_items relationships(product_id, ref('stg_products').product_id) = 1",
        'fail model.shop.stg_orders accepted_values(status) = 1',
        'fail model.shop.stg_orders invalid_count(status) = 0 = 1',
        'fail model.shop.stg_payments dbt_utils.accepted_range(amount_cents) = 1',
        'fail model.shop.stg_payments duplicate_count(payment_id) = 0 = 2',
        'fail model.shop.stg_payments failed_rows = 1',
        'fail model.shop.stg_payments unique(payment_id) = 2',
        // The source's freshness filter uses current_date, so the 2024 data never falls inside it.
        'fail source.shop.raw.orders freshness(_loaded_at) = null',
        'warn model.shop.orders dbt_utils.expression_is_true(amount >= 0) = 1',
      ]);
      // Every check type of the language appears in the example files.
      const fromFiles = report.results.filter((r) => r.file.endsWith('.checks.yml')).map((r) => r.check);
      for (const kind of ['row_count', 'missing_count', 'missing_percent', 'duplicate_count', 'duplicate_percent', 'invalid_count', 'invalid_percent', 'min(', 'max(', 'avg(', 'sum(', 'stddev(', 'avg_length(', 'distinct_count(', 'freshness(', 'schema', 'anomaly(', 'distribution(', 'metric(', 'failed_rows', 'reconcile', 'reference(', 'change', 'sla freshness']) {
        assert.ok(fromFiles.some((c) => c.includes(kind)), `example files exercise ${kind}`);
      }
    } finally {
      await warehouse.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
