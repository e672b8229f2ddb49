import * as assert from 'node:assert/strict';
import type { Dialect } from './api';
import { analyze, catalog } from './test_catalog';

const TYPED = catalog({
  'main.t': ['i:integer', 'b:bigint', 'd:decimal(18,2)', 'f:double', 's:varchar', 'dt:date', 'ts:timestamp', 'flag:boolean'],
});

function typesOf(items: string, dialect: Dialect = 'duckdb') {
  const a = analyze(`select ${items} from main.t`, dialect, TYPED);
  assert.deepEqual(a.errors, [], items);
  return a.columns.map((c) => c.type);
}

describe('type inference', () => {
  it('types literals as DuckDB does', () => {
    assert.deepEqual(typesOf("1 as a, 3000000000 as b, 1.5 as c, 12.50 as d, 1e3 as e, 'x' as f, true as g, null as h, date '2020-01-01' as k, interval '1 day' as l"), [
      'integer', 'bigint', 'decimal(2,1)', 'decimal(4,2)', 'double', 'varchar', 'boolean', undefined, 'date', 'interval',
    ]);
  });

  it('uses casts, normalising type synonyms per dialect', () => {
    assert.deepEqual(typesOf('i::int8 as a, cast(s as text) as b, s::varchar(20) as c, i::numeric as d, i::numeric(10, 2) as e, ts::timestamptz as f'), [
      'bigint', 'varchar', 'varchar', 'decimal(18,3)', 'decimal(10,2)', 'timestamp with time zone',
    ]);
    assert.deepEqual(typesOf('i::int as a, i::float8 as b, s::varchar(20) as c', 'postgres'), ['integer', 'double precision', 'character varying(20)']);
    assert.deepEqual(typesOf('i::int as a, s::string as b', 'snowflake'), ['number', 'varchar']);
    assert.deepEqual(typesOf('cast(i as int) as a, cast(s as string) as b', 'bigquery'), ['int64', 'string']);
  });

  it('carries upstream column types through passthroughs and CTEs', () => {
    const a = analyze('with x as (select i, s as name from main.t) select i, name from x', 'duckdb', TYPED);
    assert.deepEqual(a.columns.map((c) => c.type), ['integer', 'varchar']);
  });

  it('types aggregates: count → bigint, sum of ints, avg, min/max keep the argument type', () => {
    assert.deepEqual(typesOf('count(*) as a, count(distinct s) as b, sum(i) as c, sum(d) as d2, sum(f) as e, avg(i) as g, min(dt) as h, max(s) as k'), [
      'bigint', 'bigint', 'hugeint', 'decimal(38,2)', 'double', 'double', 'date', 'varchar',
    ]);
    assert.deepEqual(typesOf('sum(i) as c, avg(i) as g, count(*) as n', 'postgres'), ['bigint', 'numeric', 'bigint']);
  });

  it('types dates: date_trunc, current_date, now, extract, date arithmetic', () => {
    assert.deepEqual(typesOf("date_trunc('month', dt) as a, current_date as b, now() as c, extract(year from ts) as d, dt + 1 as e, datediff('day', dt, dt) as f"), [
      'timestamp', 'date', 'timestamp with time zone', 'bigint', 'date', 'bigint',
    ]);
    assert.deepEqual(typesOf("date_trunc('month', dt) as a", 'snowflake'), ['date']);
  });

  it('types string functions and concatenation as varchar, predicates as boolean', () => {
    assert.deepEqual(typesOf("s || 'x' as a, concat(s, i) as b, upper(s) as c, i > 1 as d, s like 'a%' as e, i in (1, 2) as f, not flag as g, flag and i = 1 as h, s is null as k"), [
      'varchar', 'varchar', 'varchar', 'boolean', 'boolean', 'boolean', 'boolean', 'boolean', 'boolean',
    ]);
  });

  it('types coalesce by its first known argument and CASE by its first typed branch', () => {
    assert.deepEqual(typesOf("coalesce(null, i, 0) as a, case when flag then null when i > 1 then s else 'x' end as b, case when flag then 1 end as c"), [
      'integer', 'varchar', 'integer',
    ]);
  });

  it('promotes arithmetic: int + bigint → bigint, int * double → double, int / int → double in DuckDB only', () => {
    assert.deepEqual(typesOf('i + b as a, i * f as c, i / i as d, i - 1 as e'), ['bigint', 'double', 'double', 'integer']);
    assert.deepEqual(typesOf('i / i as d', 'postgres'), ['integer']);
  });

  it('types window functions and scalar subqueries', () => {
    const a = analyze('select row_number() over (order by i) as rn, lag(s) over (order by i) as prev, (select max(dt) from main.t) as latest from main.t', 'duckdb', TYPED);
    assert.deepEqual(a.columns.map((c) => c.type), ['bigint', 'varchar', 'date']);
  });

  it('follows Postgres: sum(bigint) is numeric, length() is integer', () => {
    assert.deepEqual(typesOf('sum(b) as a, length(s) as l, count(*) as n', 'postgres'), ['numeric', 'integer', 'bigint']);
  });

  it('follows DuckDB: round(decimal, n) keeps precision and takes scale n', () => {
    assert.deepEqual(typesOf('round(d, 1) as r, round(f, 1) as g'), ['decimal(18,1)', 'double']);
  });

  it('leaves unknowable types undefined instead of guessing', () => {
    assert.deepEqual(typesOf('my_udf(i) as a, unknown_col as b, i + d as c'), [undefined, undefined, undefined]);
  });
});
