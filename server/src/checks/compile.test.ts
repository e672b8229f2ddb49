import * as assert from 'node:assert/strict';
import { buildCheckPlan } from './build_plan';
import { compileBatch, compileOnePerCheck } from './compile';
import type { SqlTarget } from './dialect_sql';
import { literal } from './dialect_sql';
import { analysis, node } from './testing/fixtures';

const target = (type: SqlTarget['type']): SqlTarget => ({
  type,
  quoteIdent: (n) => '"' + n.replace(/"/g, '""') + '"',
  relationSql: (r) => [r.schema, r.name].map((p) => '"' + p.replace(/"/g, '""') + '"').join('.'),
});

const a = analysis([
  node({
    name: 'orders',
    columns: ['order_id', 'email', 'status', 'amount'],
    tests: [
      { name: 'not_null', column: 'email' },
      { name: 'unique', column: 'order_id' },
    ],
  }),
]);
const checks = `checks:
  - dataset: orders
    checks:
      - row_count > 0
      - missing_count(email) = 0
      - invalid_count(status) = 0: { valid_values: [a, "b'c"], where: "amount > 0" }
      - avg(amount) between 1 and 2: { where: "status = 'a'" }
      - duplicate_count(order_id) = 0
`;
const plan = buildCheckPlan({ analysis: a, checkFiles: new Map([['c.checks.yml', checks]]) });

describe('compiling checks to SQL', () => {
  it('shares one scan between check files and dbt tests, with identical metrics once', () => {
    const b = compileBatch(plan.specs, target('duckdb'));
    assert.equal(b.scans.length, 1);
    assert.equal(b.singles.size, 2, 'duplicate_count and dbt unique run their own statement');
    const sql = b.scans[0].sql;
    assert.equal((sql.match(/"email" is null/g) ?? []).length, 1, 'missing_count(email) and not_null(email) share a column');
    assert.equal(b.scans[0].slots.size, 5);
    assert.equal(new Set(b.scans[0].slots.values()).size, 4);
    assert.match(sql, /count\(\*\) filter \(where \(amount > 0\) and \("status" is not null and not \("status" in \('a', 'b''c'\)\)\)\)/);
    assert.match(sql, /avg\("amount"\) filter \(where \(status = 'a'\)\)/);
  });

  it('spells conditional aggregates with CASE for Redshift', () => {
    const b = compileBatch(plan.specs, target('redshift'));
    const all = [b.scans[0].sql, ...b.singles.values()].join('\n');
    assert.ok(!/filter \(where/.test(all), all);
    assert.match(all, /sum\(case when "email" is null then 1 else 0 end\)/);
    assert.match(all, /avg\(case when \(status = 'a'\) then "amount" end\)/);
    assert.match(all, /sum\(case when \(amount > 0\) and \("status" is not null and not \("status" in \('a', 'b''c'\)\)\) then 1 else 0 end\)/);
  });

  it('can compile one statement per check for comparisons', () => {
    const naive = compileOnePerCheck(plan.specs, target('postgres'));
    assert.equal(naive.scans.length, 5);
    assert.equal(naive.singles.size, 2);
  });

  it('escapes literals and refuses non-finite numbers', () => {
    assert.equal(literal("it's"), "'it''s'");
    assert.equal(literal('a\u0000b'), "'ab'");
    assert.equal(literal(-1.5), '-1.5');
    assert.equal(literal(true), 'true');
    assert.throws(() => literal(Infinity));
  });
});
