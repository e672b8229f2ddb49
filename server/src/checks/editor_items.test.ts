import * as assert from 'node:assert/strict';
import { buildCheckPlan } from './build_plan';
import { checkDatasets, resultDiagnostics, toResultItem } from './editor_items';
import type { CheckResult } from './model';
import { shopAnalysis } from './testing/shop_data';
import { node } from './testing/fixtures';

describe('editor shapes for checks', () => {
  it('groups the plan by dataset with kinds and locations for the Test Explorer', () => {
    const a = shopAnalysis();
    const orders = node({ name: 'orders', columns: ['order_id'], tests: [{ name: 'unique', column: 'order_id', file: 'models/_orders.yml' }] });
    (a.nodes as Map<string, unknown>).set(orders.uniqueId, orders);
    const plan = buildCheckPlan({
      analysis: a,
      checkFiles: new Map([['models/o.checks.yml', 'checks:\n  - dataset: orders\n    sla: { freshness: { column: updated_at, max_age: 1d } }\n    checks:\n      - row_count > 0: { name: not empty }\n']]),
    });
    const [d] = checkDatasets(plan.specs, (f) => `file:///p/${f}`);
    assert.equal(d.dataset, 'model.shop.orders');
    assert.equal(d.uri, 'file:///p/models/o.checks.yml');
    assert.deepEqual(
      d.checks.map((c) => [c.kind, c.label, c.uri, c.range.start.line]),
      [
        ['sla', 'sla freshness(updated_at) < 1d', 'file:///p/models/o.checks.yml', 2],
        ['check', 'not empty [row_count > 0]', 'file:///p/models/o.checks.yml', 4],
        ['dbt-test', 'unique(order_id)', 'file:///p/models/_orders.yml', 3],
      ],
    );
  });

  it('turns results into protocol items and diagnostics on the failing checks', () => {
    const r: CheckResult = {
      id: 'x', dataset: 'model.shop.orders', datasetDisplay: 'orders', check: 'row_count > 10', status: 'fail', value: 4, threshold: '> 10',
      file: 'models/o.checks.yml', range: { start: { line: 4, character: 8 }, end: { line: 4, character: 22 } }, sql: 'select 1', elapsedMs: 3, samples: [], message: 'orders: row_count = 4 (expected > 10)',
    };
    assert.equal(toResultItem(r, new Date('2024-01-01T00:00:00Z'), [1, 2]).at, '2024-01-01T00:00:00.000Z');
    const [diag] = resultDiagnostics([r, { ...r, id: 'y', status: 'pass' }, { ...r, id: 'z', file: undefined }]);
    assert.equal(diag.code, 'check-failed');
    assert.equal(diag.severity, 'error');
    assert.deepEqual(diag.range, r.range);
    assert.equal(diag.message, 'orders: row_count > 10 failed (value 4, expected > 10): orders: row_count = 4 (expected > 10)');
    assert.equal(resultDiagnostics([{ ...r, status: 'warn' }])[0].severity, 'warning');
  });
});
