import * as assert from 'node:assert/strict';
import { makeCatalog } from './catalog';
import { parseCheckFile } from './parse_check_file';
import { planCheckFile } from './plan_checks';
import { parseThreshold } from './threshold';
import { parseDuration } from './duration';
import { validateChecks } from './validate_checks';
import type { Range } from '../core/text';

const catalog = makeCatalog([
  { id: 'model.shop.orders', kind: 'model', name: 'orders', display: 'orders', relation: { schema: 'main', name: 'orders' }, columns: ['order_id', 'status', 'amount', 'updated_at'] },
  { id: 'seed.shop.raw_payments', kind: 'seed', name: 'raw_payments', display: 'raw_payments', relation: { schema: 'main', name: 'raw_payments' }, columns: [] },
  { id: 'source.shop.raw.orders', kind: 'source', name: 'orders', display: 'source:raw.orders', relation: { schema: 'raw', name: 'orders' }, columns: ['order_id'] },
]);

const r = (sl: number, sc: number, el: number, ec: number): Range => ({ start: { line: sl, character: sc }, end: { line: el, character: ec } });

describe('check file language', () => {
  it('parses checks into an AST with ranges for names, arguments and thresholds', () => {
    const text = `checks:
  - dataset: orders
    where: "amount > 0"
    checks:
      - row_count > 0
      - missing_percent(status) < 1%: { name: few missing }
      - anomaly(missing_percent(status))
`;
    const ast = parseCheckFile('m.checks.yml', text);
    assert.deepEqual(ast.diagnostics, []);
    const [block] = ast.datasets;
    assert.deepEqual(block.dataset, { value: 'orders', range: r(1, 13, 1, 19) });
    assert.equal(block.where?.value, 'amount > 0');
    const [count, missing, anomaly] = block.checks;
    assert.equal(count.metric.value, 'row_count');
    assert.deepEqual(count.threshold?.range, r(4, 18, 4, 21));
    assert.deepEqual(missing.args, [{ value: 'status', range: r(5, 24, 5, 30) }]);
    assert.equal(missing.threshold?.value.kind === 'compare' && missing.threshold.value.unit, 'percent');
    assert.deepEqual(missing.config.get('name')?.valueRange, r(5, 46, 5, 57));
    assert.deepEqual(anomaly.args.map((a) => a.value), ['missing_percent(status)']);
  });

  it('reports bad YAML, unknown checks and bad thresholds with exact ranges', () => {
    const bad = parseCheckFile('x.checks.yml', 'checks:\n  - dataset: orders\n    checks: [row_count > 0\n');
    assert.equal(bad.diagnostics[0].code, 'check-syntax');
    assert.match(bad.diagnostics[0].message, /^YAML: /);
    assert.equal(bad.diagnostics[0].range.start.line, 3);

    const text = `checks:
  - dataset: orders
    checks:
      - row_cont > 0
      - row_count >> 5
      - missing_count(status = 0
      - min(amount) > 0: { warn: "~ 3", colour: red }
      - "freshness(updated_at) < 10"
`;
    const diags = validateChecks('x.checks.yml', text, catalog);
    const brief = diags.map((d) => [d.code, d.message, d.range]);
    assert.deepEqual(brief, [
      ['check-syntax', "unknown check 'row_cont'; did you mean 'row_count'?", r(3, 8, 3, 16)],
      ['check-syntax', "'>> 5' is not a threshold; write e.g. '> 0', '< 5%', '< 6h' or 'between 1 and 10'", r(4, 18, 4, 22)],
      ['check-syntax', "unclosed '(' in 'missing_count(status = 0'", r(5, 21, 5, 32)],
      ['check-syntax', "bad warn threshold: '~ 3' is not a threshold; write e.g. '> 0', '< 5%', '< 6h' or 'between 1 and 10'", r(6, 33, 6, 38)],
      ['check-syntax', "unknown setting 'colour' for min; expected one of name, warn, fail, where, samples", r(6, 40, 6, 46)],
      ['check-syntax', 'freshness thresholds are durations, e.g. freshness(updated_at) < 6h', r(7, 31, 7, 35)],
    ]);
  });

  it('reports unknown datasets and columns with did-you-mean', () => {
    const text = `checks:
  - dataset: order
    checks:
      - row_count > 0
  - dataset: orders
    checks:
      - missing_count(stauts) = 0
      - duplicate_count(order_id, amount) = 0
  - dataset: source:raw.orders
    checks:
      - reconcile: { against: ordes, key: [order_id] }
`;
    const diags = validateChecks('x.checks.yml', text, catalog);
    assert.deepEqual(
      diags.map((d) => [d.code, d.severity, d.message, d.range.start.line, d.data]),
      [
        ['check-unknown-dataset', 'error', "unknown dataset 'order'; did you mean 'orders'?", 1, { suggestions: ['orders'] }],
        ['check-unknown-column', 'warning', "'orders' has no column 'stauts'; did you mean 'status'?", 6, { suggestions: ['status'] }],
        ['check-unknown-dataset', 'error', "unknown dataset 'ordes'; did you mean 'orders'?", 10, { suggestions: ['orders'] }],
      ],
    );
  });

  it('resolves every way of naming a dataset', () => {
    for (const name of ['orders', 'model:orders', 'model.shop.orders', "ref('orders')"]) assert.equal(catalog.resolve(name)?.id, 'model.shop.orders', name);
    for (const name of ['source:raw.orders', "source('raw', 'orders')", 'source.shop.raw.orders']) assert.equal(catalog.resolve(name)?.id, 'source.shop.raw.orders', name);
    assert.equal(catalog.resolve('seed:raw_payments')?.id, 'seed.shop.raw_payments');
  });

  it("accepts Soda's 'checks for' form and never throws on junk", () => {
    const ast = parseCheckFile('s.checks.yml', 'checks for orders:\n  - row_count > 0\n');
    assert.deepEqual(ast.diagnostics, []);
    assert.equal(ast.datasets[0].dataset.value, 'orders');
    assert.deepEqual(ast.datasets[0].dataset.range, r(0, 11, 0, 17));
    const plan = planCheckFile(ast, catalog);
    assert.equal(plan.specs[0].id, 'model.shop.orders::row_count > 0');
    for (const junk of ['', '42', '- a\n- b', 'checks: 5', 'checks:\n  - 5\n  - dataset: [x]\n', 'checks:\n  - dataset: orders\n    checks:\n      - {a: 1, b: 2}\n      - [1]\n      - "("\n', '\u0000\uFFFF: [', 'checks:\n  - dataset: orders\n    checks:\n      - row_count between 5 and 1\n']) {
      const d = validateChecks('j.checks.yml', junk, catalog);
      assert.ok(Array.isArray(d), junk);
      for (const x of d) assert.ok(x.range.start.line >= 0 && x.message.length > 0);
    }
    assert.match(validateChecks('j.checks.yml', 'checks:\n  - dataset: orders\n    checks:\n      - row_count between 5 and 1\n', catalog)[0].message, /lower bound 5 is above the upper bound 1/);
  });

  it('resolves YAML anchors and aliases', () => {
    const text = 'x-statuses: &statuses [placed, shipped]\nchecks:\n  - dataset: orders\n    checks:\n      - &nonempty row_count > 0\n      - invalid_count(status) = 0: { valid_values: *statuses }\n';
    const ast = parseCheckFile('a.checks.yml', text);
    const plan = planCheckFile(ast, catalog);
    assert.deepEqual(plan.diagnostics, [], 'x-… keys hold anchors');
    const body = plan.specs[1].body;
    assert.deepEqual(body.kind === 'aggregate' && body.metric.fn === 'invalid_count' && body.metric.validity, [{ kind: 'values', values: ['placed', 'shipped'] }]);
  });

  it('requires what each check needs', () => {
    const text = `checks:
  - dataset: orders
    checks:
      - invalid_count(status) = 0
      - failed_rows
      - metric(x) > 1
      - avg(amount)
      - distribution(amount)
      - reconcile: { against: orders }
      - row_count change < 10%: { where: "x" }
`;
    const msgs = validateChecks('x.checks.yml', text, catalog).map((d) => d.message);
    assert.deepEqual(msgs, [
      'invalid_count needs a validity rule: valid_values, valid_regex, valid_min, valid_max, valid_format or valid_length',
      "failed_rows needs 'condition:', a SQL condition true for bad rows",
      "metric needs 'sql:', an aggregate expression such as avg(amount)",
      "avg needs a threshold, e.g. 'avg(amount) > 0' or { fail: \"> 0\" }",
      "distribution needs 'reference:', e.g. { days_back: 28 } (with 'timestamp:'), { dataset: seed:orders_baseline } or { where: \"...\" }",
      "reconcile needs 'key:', the column(s) identifying a row",
    ]);
  });

  it('parses thresholds and durations', () => {
    assert.deepEqual(parseThreshold('between 20 and 80'), { ok: true, threshold: { kind: 'between', negated: false, low: 20, high: 80, unit: undefined, text: 'between 20 and 80' } });
    assert.deepEqual(parseThreshold('when >= 1.5%'), { ok: true, threshold: { kind: 'compare', op: '>=', value: 1.5, unit: 'percent', text: '>= 1.5%' } });
    assert.deepEqual(parseThreshold('<> 0'), { ok: true, threshold: { kind: 'compare', op: '!=', value: 0, unit: undefined, text: '!= 0' } });
    assert.equal(parseThreshold('<').ok, false);
    assert.equal(parseDuration('6h'), 21600);
    assert.equal(parseDuration('1d12h'), 129600);
    assert.equal(parseDuration('90 minutes'), 5400);
    assert.equal(parseDuration('6 parsecs'), undefined);
  });
});
