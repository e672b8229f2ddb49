import * as assert from 'node:assert/strict';
import type { CheckResult } from '../model';
import { jsonReport } from './json';
import { junitReport } from './junit';
import { sarifReport } from './sarif';
import { textReport } from './text';

const base: CheckResult = {
  id: 'model.shop.orders::dbt:unique(order_id)',
  dataset: 'model.shop.orders',
  datasetDisplay: 'orders',
  check: 'unique(order_id)',
  status: 'pass',
  value: 0,
  threshold: '= 0',
  file: 'models/marts/_orders.yml',
  range: { start: { line: 4, character: 10 }, end: { line: 4, character: 16 } },
  sql: 'select 1',
  elapsedMs: 12,
  samples: [],
  message: 'no duplicate order_id values',
};
const results: CheckResult[] = [
  base,
  { ...base, id: 'b', check: 'row_count > 100', status: 'warn', value: 5, threshold: '< 100', message: 'only 5 rows' },
  { ...base, id: 'c', dataset: 'model.shop.payments', datasetDisplay: 'payments', check: 'duplicate_count(payment_id) = 0', status: 'fail', value: 1, samples: [{ payment_id: 2, duplicate_rows: 2 }], message: '1 payment_id value repeated <&> "quoted"\u0001' },
  { ...base, id: 'd', dataset: 'model.shop.payments', datasetDisplay: 'payments', check: 'custom', status: 'error', value: null, file: undefined, range: undefined, message: 'Binder Error: column x not found' },
];

describe('check reporters', () => {
  it('writes the JSON contract exactly', () => {
    const parsed = JSON.parse(jsonReport(results));
    assert.deepEqual(Object.keys(parsed), ['results', 'summary']);
    assert.deepEqual(parsed.summary, { pass: 1, warn: 1, fail: 1, error: 1 });
    assert.deepEqual(parsed.results[0], {
      dataset: 'model.shop.orders',
      check: 'unique(order_id)',
      status: 'pass',
      value: 0,
      threshold: '= 0',
      file: 'models/marts/_orders.yml',
      range: { start: { line: 4, character: 10 }, end: { line: 4, character: 16 } },
      sql: 'select 1',
      elapsed_ms: 12,
      samples: [],
      message: 'no duplicate order_id values',
    });
    assert.equal(parsed.results[3].file, null);
    assert.equal(parsed.results[3].value, null);
  });

  it('writes well-formed JUnit XML with a testsuite per dataset', () => {
    const xml = junitReport(results);
    assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="driftwatch" tests="4" failures="1" errors="1"/);
    assert.equal((xml.match(/<testsuite /g) ?? []).length, 2);
    assert.match(xml, /<testsuite name="model.shop.orders" tests="2" failures="0" errors="0"/);
    assert.match(xml, /<testsuite name="model.shop.payments" tests="2" failures="1" errors="1"/);
    assert.match(xml, /<failure message="1 payment_id value repeated &lt;&amp;&gt; &quot;quoted&quot;" type="check-failed">/);
    assert.match(xml, /<error message="Binder Error: column x not found" type="check-error">/);
    assert.match(xml, /<system-out>WARNING: only 5 rows/);
    assert.ok(!xml.includes('\u0001'), 'control characters XML cannot carry are dropped');
    assertBalancedXml(xml);
  });

  it('writes SARIF 2.1.0 with located results for checks that did not pass', () => {
    const log = JSON.parse(sarifReport(results));
    assert.equal(log.version, '2.1.0');
    assert.equal(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
    const run = log.runs[0];
    assert.equal(run.tool.driver.name, 'Driftwatch');
    assert.deepEqual(run.tool.driver.rules.map((r: { id: string }) => r.id), ['check-failed', 'check-warned', 'check-error']);
    assert.deepEqual(run.results.map((r: { ruleId: string; level: string }) => [r.ruleId, r.level]), [
      ['check-warned', 'warning'],
      ['check-failed', 'error'],
      ['check-error', 'error'],
    ]);
    const failed = run.results[1];
    assert.deepEqual(failed.locations[0].physicalLocation, {
      artifactLocation: { uri: 'models/marts/_orders.yml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 5, startColumn: 11, endLine: 5, endColumn: 17 },
    });
    assert.match(failed.message.text, /^payments: duplicate_count\(payment_id\) = 0 — /);
    assert.equal(run.results[2].locations, undefined, 'no file, no location');
    assert.equal(typeof failed.partialFingerprints.driftwatchCheckId, 'string');
  });

  it('writes a readable table, coloured only for terminals', () => {
    const plain = textReport(results, { colour: false });
    assert.ok(!plain.includes('\x1b['));
    assert.match(plain, /^orders\n  PASS  unique\(order_id\)/);
    assert.match(plain, /  FAIL  duplicate_count\(payment_id\) = 0 +1  = 0 +12ms models\/marts\/_orders.yml:5/);
    assert.match(plain, /        · \{"payment_id":2,"duplicate_rows":2\}/);
    assert.match(plain, /4 checks: 1 passed, 1 warned, 1 failed, 1 errored\n$/);
    const coloured = textReport(results, { colour: true });
    assert.match(coloured, /\x1b\[31mFAIL /);
  });
});

/** A small structural check: every opened element is closed in order. */
function assertBalancedXml(xml: string) {
  const stack: string[] = [];
  const re = /<(\/?)([a-zA-Z]+)[^>]*?(\/?)>/g;
  const body = xml.replace(/<\?xml[^>]*\?>/, '');
  for (let m = re.exec(body); m; m = re.exec(body)) {
    if (m[3] === '/') continue;
    if (m[1] === '/') assert.equal(stack.pop(), m[2]);
    else stack.push(m[2]);
  }
  assert.deepEqual(stack, []);
}
