import * as assert from 'node:assert/strict';
import type { Dialect } from './api';
import { analyzeSql } from './analyze';
import { analyze, lineageOf, namesOf } from './test_catalog';

function errorTexts(sql: string) {
  return analyze(sql).errors.map((e) => ({ message: e.message, text: sql.slice(e.start, e.end) }));
}

describe('analyzeSql error recovery', () => {
  it('reports a missing FROM target at the next keyword and still yields columns and the WHERE', () => {
    const sql = 'select id, status from where amount > 1';
    const a = analyze(sql);
    assert.equal(a.errors.length, 1);
    assert.match(a.errors[0].message, /Expected a table, subquery or table function, found 'where'/);
    assert.equal(sql.slice(a.errors[0].start, a.errors[0].end), 'where');
    assert.deepEqual(namesOf(a), ['id', 'status']);
  });

  it('reports an unclosed parenthesis at the parenthesis and keeps the FROM', () => {
    const sql = 'select (amount + 1 as x, status from main.orders';
    const a = analyze(sql);
    assert.equal(a.errors.length, 1);
    assert.match(a.errors[0].message, /Missing '\)'/);
    assert.deepEqual([a.errors[0].start, a.errors[0].end], [7, 8]);
    assert.deepEqual(a.tables.map((t) => t.key), ['main.orders']);
    assert.ok(a.columns.length >= 1);
  });

  it('reports an unclosed string from the quote to the end and keeps earlier columns', () => {
    const sql = "select id, 'abc as label from main.orders";
    const a = analyze(sql);
    assert.equal(a.errors.length, 1);
    assert.match(a.errors[0].message, /Unclosed string/);
    assert.deepEqual([a.errors[0].start, a.errors[0].end], [11, sql.length]);
    assert.equal(a.columns[0].name, 'id');
  });

  it('skips a garbage clause and resumes at the next clause keyword', () => {
    const sql = 'select id from main.orders o oops oops where o.status = 1 group by id';
    const a = analyze(sql);
    assert.deepEqual(errorTexts(sql).map((e) => e.text), ['oops']);
    assert.deepEqual(lineageOf(a), ['id <- main.orders.id [passthrough]']);
  });

  it('reports a missing THEN/END in CASE at the CASE keyword', () => {
    const sql = 'select case when a then 1 as x from t';
    assert.deepEqual(errorTexts(sql), [{ message: 'CASE without END: add END', text: 'case' }]);
  });

  it('reports errors in an earlier statement and still analyses the last query', () => {
    const sql = 'select from from; select id from main.orders';
    const a = analyze(sql);
    assert.ok(a.errors.length >= 1);
    assert.ok(a.errors.every((e) => e.end <= 16));
    assert.deepEqual(lineageOf(a), ['id <- main.orders.id [passthrough]']);
  });

  it('reports an unmatched closing parenthesis and text after the query', () => {
    assert.deepEqual(errorTexts('select a from t) select'), [
      { message: "Expected the end of the statement, found ')'", text: ')' },
      { message: 'Expected a column expression after SELECT, found end of SQL', text: '' },
    ]);
  });

  it('reports a non-query statement start and an empty select list', () => {
    assert.deepEqual(errorTexts('frobnicate the table'), [{ message: "Expected a query (SELECT, WITH or VALUES), found 'frobnicate'", text: 'frobnicate' }]);
    assert.deepEqual(errorTexts('select from t').map((e) => e.text), ['from']);
  });

  it('reports a missing CTE body parenthesis and a missing CTE AS', () => {
    const a = analyze('with x select 1 as one');
    assert.ok(a.errors.length >= 1);
    assert.deepEqual(namesOf(analyze('with x as select 1 as one) select one from x')).length, 1);
  });

  it('reports a JOIN without ON/USING except where the dialect allows it', () => {
    assert.deepEqual(errorTexts('select a from t left join u where x'), [{ message: 'LEFT JOIN needs ON or USING', text: 'u' }]);
    assert.deepEqual(errorTexts('select a from t cross join u natural join v'), []);
    assert.deepEqual(analyze('select a from t join u', 'snowflake').errors, []);
  });

  it('does not let an unfinished call swallow the FROM clause', () => {
    const a = analyze('select count( from main.orders');
    assert.ok(a.errors.length >= 1);
    assert.deepEqual(a.tables.map((t) => t.key), ['main.orders']);
  });

  it('reports an empty IN list on its parentheses', () => {
    assert.deepEqual(errorTexts('select a from t where x in ()'), [{ message: 'Empty IN list: no warehouse accepts IN ()', text: '()' }]);
  });

  it('reports unrendered Jinja instead of parsing it as a struct', () => {
    assert.deepEqual(errorTexts("select {{ ref('x') }} from t").map((e) => [e.message, e.text]), [['Unrendered Jinja in SQL', '{{']]);
  });

  it('reports the end of input precisely when a query stops mid-expression', () => {
    const sql = 'select a + from t';
    const errors = analyze(sql).errors;
    assert.equal(errors.length, 1);
    assert.equal(sql.slice(errors[0].start, errors[0].end), 'from');
  });
});

describe('analyzeSql robustness', () => {
  it('survives 10,000 nested parentheses with a depth error and no crash', () => {
    const sql = `select ${'('.repeat(10000)}1${')'.repeat(10000)} as x from t`;
    const a = analyze(sql);
    assert.ok(a.errors.some((e) => /Nesting too deep/.test(e.message)));
    assert.deepEqual(a.tables.map((t) => t.parts.join('.')), ['t']);
    const unclosed = analyze(`select ${'('.repeat(10000)}`);
    assert.ok(unclosed.errors.length > 0);
  });

  it('survives deeply nested subqueries, NOT chains and unary minus chains', () => {
    for (const sql of [
      `select * from ${'(select * from '.repeat(5000)}t${')'.repeat(5000)}`,
      `select ${'not '.repeat(10000)} true as x`,
      `select ${'- '.repeat(10000)}1 as x`,
      `select ${'case when a then '.repeat(5000)}1 as x`,
      `select ${'f('.repeat(10000)}`,
    ]) {
      const a = analyze(sql);
      assert.ok(a.errors.length > 0, sql.slice(0, 40));
    }
  });

  it('analyses a 5 MB query in linear time', function () {
    this.timeout(120000);
    const item = (i: number) => `  coalesce(o.amount, 0) * ${i} + case when o.status = 'x${i}' then 1 else 0 end as c${i},\n`;
    const build = (size: number) => {
      const parts: string[] = [];
      let length = 0;
      for (let i = 0; length < size; i++) {
        parts.push(item(i));
        length += parts[i].length;
      }
      return `with o as (select * from main.orders)\nselect\n${parts.join('')}  o.id\nfrom o`;
    };
    const time = (sql: string) => {
      const started = performance.now();
      const a = analyze(sql);
      return { a, ms: performance.now() - started };
    };
    time(build(200_000)); // warm up the JIT so that the small run is not dominated by compilation
    const small = time(build(500_000));
    const big = time(build(5_000_000));
    assert.deepEqual(big.a.errors, []);
    assert.ok(big.a.columns.length > 50000);
    // Linear: 10x the input costs about 10x the time (quadratic would be 100x). Generous for noisy shared machines.
    assert.ok(big.ms < small.ms * 30, `5 MB took ${big.ms} ms, 0.5 MB took ${small.ms} ms`);
    assert.ok(big.ms < 60000, `took ${big.ms} ms`);
  });

  it('returns within bounds for 5 MB of binary garbage', function () {
    this.timeout(20000);
    let seed = 42;
    const chars: string[] = [];
    for (let i = 0; i < 5_000_000; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      chars.push(String.fromCharCode(seed % 256));
    }
    const started = performance.now();
    const a = analyze(chars.join(''));
    assert.ok(performance.now() - started < 10000);
    assert.ok(a.errors.length > 0 && a.errors.length <= 200);
  });

  it('stays linear for one expression reading 50,000 columns and a union of 5,000 branches', () => {
    const started = performance.now();
    const wide = analyze(`select ${Array.from({ length: 50000 }, (_, i) => `a${i}`).join(' + ')} as total from raw.events`);
    assert.equal(wide.columns[0].sources.length, 50000);
    const union = analyze(Array.from({ length: 5000 }, (_, i) => `select c${i} as c from raw.events`).join(' union all '));
    assert.equal(union.columns[0].sources.length, 5000);
    assert.ok(performance.now() - started < 10000);
  });

  it('stays fast when * of unknown upstreams fans out through self-joined CTEs', () => {
    const ctes = ['a0 as (select * from raw.events)'];
    for (let i = 1; i <= 40; i++) ctes.push(`a${i} as (select * from a${i - 1} x join a${i - 1} y using (id))`);
    const started = performance.now();
    const a = analyze(`with ${ctes.join(', ')} select id, page from a40`);
    assert.ok(performance.now() - started < 2000);
    assert.equal(a.columns.length, 2);
  });

  it('reports no syntax error on valid warehouse-specific SQL dbt models use', () => {
    const valid: [Dialect, string][] = [
      ['duckdb', "pivot main.orders on status in ('paid') using sum(amount) group by customer_id"],
      ['duckdb', 'unpivot main.payments on columns(* exclude (id, order_id)) into name k value v'],
      ['duckdb', 'select * from (pivot main.orders on status using sum(amount)) p'],
      ['duckdb', 'select min(columns(* exclude (id))) from main.orders'],
      ['duckdb', "select * not ilike '%id' from main.orders"],
      ['duckdb', 'select id from main.orders using sample 10 percent (bernoulli) repeatable (7)'],
      ['snowflake', 'select f.value:id::int as id from raw.events e, table(flatten(input => e.payload:items, outer => true)) f'],
      ['snowflake', "select $1 as a, $2::varchar as b from @my_stage/path/file.csv (file_format => 'csv') s"],
      ['snowflake', 'select * exclude (amount) rename (status as order_status) from main.orders sample (10)'],
      ['redshift', 'select approximate count(distinct customer_id) as n from main.orders'],
      ['bigquery', "select struct<a int64, b string>(1, 'x') as t, array<int64>[1, 2] as arr from `main.orders`"],
      ['bigquery', 'select tag, offset from `raw.events` e cross join unnest(e.tags) as tag with offset'],
      ['bigquery', 'select array_agg(distinct id ignore nulls order by id limit 10) as ids from `main.orders`'],
      ['bigquery', 'select id from `main.orders` where customer_id = @cust and status = @@dataset_id'],
      ['duckdb', 'select #1, #2 from main.orders'],
      ['snowflake', 'select o.id from main.orders o asof join main.payments p match_condition (o.ordered_at >= p.id) on o.id = p.order_id'],
      ['snowflake', 'select * from main.orders match_recognize (partition by customer_id order by ordered_at measures count(*) as n one row per match pattern (a b+) define b as amount > 0)'],
      ['snowflake', 'select t.$1:a::string as a, metadata$filename as f from @stg t'],
    ];
    for (const [dialect, sql] of valid) assert.deepEqual(analyze(sql, dialect).errors, [], `${dialect}: ${sql}`);
  });

  it('never throws on odd inputs', () => {
    for (const sql of ['', ';;;', ')', '(', "'", '"', '/*', '$$', 'select', 'with', 'with x as (', 'select * from (', 'select a.', 'select *.*', 'select 1 from t join', 'select 1 from t join u on', 'values', 'select [', 'select {', 'select cast(', 'select interval', '(((select 1))', 'select 1 union', 'select * exclude']) {
      const a = analyzeSql(sql, { dialect: 'duckdb', resolveTable: () => undefined });
      assert.ok(Array.isArray(a.columns), sql);
    }
  });
});
