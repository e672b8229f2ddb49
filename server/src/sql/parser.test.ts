import * as assert from 'node:assert/strict';
import type { Query, Select } from './ast';
import { dialectRules } from './dialect';
import { parseSql } from './parser';
import { analyze, lineageOf, namesOf } from './test_catalog';

function parse(sql: string, dialect: 'duckdb' | 'postgres' | 'snowflake' | 'bigquery' = 'duckdb') {
  return parseSql(sql, dialectRules(dialect));
}

function firstSelect(sql: string): Select {
  const { statements, errors } = parse(sql);
  assert.deepEqual(errors, [], sql);
  const body = (statements[0].query as Query).body;
  assert.equal(body.kind, 'select');
  return body as Select;
}

/** Each construct must parse without errors and yield the expected output column names. */
const CONSTRUCTS: [string, string, string[]][] = [
  ['aliases with and without AS', 'select id as a, id b, "id" "C" from t', ['a', 'b', 'C']],
  ['DISTINCT ON', 'select distinct on (a) a, b from t order by a, b desc nulls last', ['a', 'b']],
  ['qualified star and columns', 'select t.*, s.x.y from s.t', ['x.y'.split('.')[1]]],
  ['CASE forms', "select case when a > 1 then 'x' else 'y' end as c1, case a when 1 then 2 end as c2 from t", ['c1', 'c2']],
  ['CAST, TRY_CAST, ::', 'select cast(a as int) as x, try_cast(b as double precision) as y, c::numeric(10, 2) as z from t', ['x', 'y', 'z']],
  ['window with frame', 'select sum(a) over (partition by b order by c rows between unbounded preceding and current row) as s from t', ['s']],
  ['named window', 'select rank() over w as r from t window w as (partition by a order by b)', ['r']],
  ['FILTER and WITHIN GROUP', 'select count(*) filter (where a) as n, percentile_cont(0.5) within group (order by b) as m from t', ['n', 'm']],
  ['interval, extract, typed literals', "select interval '1 day' as i, interval 3 day as j, extract(year from d) as y, date '2020-01-01' as dt from t", ['i', 'j', 'y', 'dt']],
  ['arrays, structs, subscripts', "select [1, 2][1] as a, {'k': 1} as s, arr[1:2] as sl, struct_col.field as f, (struct_col).inner from t", ['a', 's', 'sl', 'f', 'inner']],
  ['IN list, BETWEEN, LIKE, IS', "select a in (1, 2) as i, a not between 1 and 2 as b, a not ilike 'x%' as l, a is not distinct from b as d, a is null as n from t", ['i', 'b', 'l', 'd', 'n']],
  ['all join kinds', 'select 1 as x from a inner join b on a.i = b.i left outer join c using (i) right join d on true full join e on true cross join f natural join g join lateral (select 1) h on true asof join k on a.t >= k.t positional join m semi join n on true anti join o on true', ['x']],
  ['comma joins and table functions', "select 1 as x from a, generate_series(1, 10) as g(v), read_csv('f.csv') r", ['x']],
  ['GROUP BY ALL / ORDER BY ALL', 'select a, b from t group by all order by all desc', ['a', 'b']],
  ['GROUP BY ALL, HAVING, QUALIFY', 'select a, count(*) as n from t group by all having count(*) > 1 qualify row_number() over (order by a) = 1', ['a', 'n']],
  ['ROLLUP and GROUPING SETS', 'select a, b, sum(c) as s from t group by grouping sets ((a), (b)), rollup (a, b)', ['a', 'b', 's']],
  ['LIMIT / OFFSET / FETCH', 'select a from t order by a limit 10 offset 5', ['a']],
  ['FETCH FIRST', 'select a from t offset 2 rows fetch first 3 rows only', ['a']],
  ['set operations', 'select a from t union all select b from u intersect select c from v except select d from w', ['a']],
  ['UNION BY NAME', 'select a, b from t union all by name select b, c from u', ['a', 'b', 'c']],
  ['parenthesised set operands', '(select a from t) union (select b from u) order by 1', ['a']],
  ['FROM-first syntax', 'from t select a, b where a > 1', ['a', 'b']],
  ['function forms', "select substring(a from 1 for 2) as s, position('x' in a) as p, trim(both ' ' from a) as tr, string_agg(a, ',' order by b) as sa from t", ['s', 'p', 'tr', 'sa']],
  ['named arguments and lambdas', "select list_filter(l, x -> x > 1) as f, read_json(a := 1) as r from t", ['f', 'r']],
  ['JSON operators', "select j->>'a' as a, j->'b' as b, j #>> '{c}' as c from t", ['a', 'b', 'c']],
  ['scalar and EXISTS subqueries', 'select (select max(x) from u) as m, exists (select 1 from v) as e from t', ['m', 'e']],
  ['VALUES in FROM', "select * from (values (1, 'a'), (2, 'b')) v(id, name)", ['id', 'name']],
  ['nested WITH in a subquery', 'select * from (with x as (select 1 as one) select one from x) s', ['one']],
  ['DuckDB PIVOT clause over a table of unknown columns yields its IN values', 'select * from t pivot (sum(v) for k in (\'a\', \'b\'))', ['a', 'b']],
  ['DuckDB PIVOT clause of a subquery', "select * from (select k, v from t) pivot (sum(v) for k in ('a')) as p", ['a']],
  ['DuckDB UNPIVOT clause', 'select * from (select k, v, w from t) unpivot include nulls (val for col in (v, w))', ['k', 'col', 'val']],
  ['time travel and sampling', 'select a from t at(offset => -60) tablesample bernoulli (10)', ['a']],
  ['AT TIME ZONE and COLLATE', "select ts at time zone 'UTC' as u, name collate nocase as n from t", ['u', 'n']],
  ['unary minus and exponent', 'select -a as neg, 2 ^ 3 as p, ~b as inv from t', ['neg', 'p', 'inv']],
  ['parameters', 'select a from t where a = $1 and b = ?', ['a']],
  ['comments everywhere', 'select /* c */ a -- x\n, b /* y */ from t -- end', ['a', 'b']],
  ['DuckDB PIVOT statement with IN lists', "pivot t on k in ('a', 'b') using sum(v) as s group by g order by g limit 5", ['g', 'a_s', 'b_s']],
  ['DuckDB PIVOT as a subquery', "select * from (pivot t on k in ('a') using sum(v) group by g) p", ['g', 'a']],
  ['DuckDB UNPIVOT statement', 'unpivot include nulls t on a, b into name k value v', ['k', 'v']],
  ['DuckDB lambda keyword syntax', 'select list_transform(xs, lambda x: x + 1) as t, list_reduce(xs, lambda a, b: a + b) as r from t', ['t', 'r']],
  ['DuckDB map literal and star modifiers on qualified columns', "select map {'a': 1} as m, t.* exclude (t.a) from t", ['m']],
  ['sampling with REPEATABLE and Snowflake SAMPLE', 'select a from t using sample reservoir(100 rows) repeatable (42), u sample bernoulli (10) seed (1)', ['a']],
  ['interval of an expression', 'select d + interval (n) day as x, date_add(d, interval n day) as y from t', ['x', 'y']],
  ['Redshift APPROXIMATE and TOP', 'select top 5 approximate count(distinct a) as n from t', ['n']],
  ['DuckDB list comprehension and method chaining', 'select [x + 1 for x in xs if x > 0] as c, xs.list_transform(x -> x).len() as n from t', ['c', 'n']],
  ['TABLE statement', 'table t', []],
  ['Postgres column definitions in a function alias', 'select r.a, r.b from t cross join lateral jsonb_to_recordset(t.j) as r(a int, b text)', ['a', 'b']],
  ['Postgres SEARCH / CYCLE on a recursive CTE', 'with recursive t(n) as (select 1 union all select n + 1 from t) search depth first by n set ord cycle n set is_cycle using path select n from t', ['n']],
  ['OVERLAPS', 'select (a, b) overlaps (c, d) as o from t', ['o']],
];

describe('parser', () => {
  for (const [what, sql, names] of CONSTRUCTS) {
    it(`parses ${what}`, () => {
      const a = analyze(sql);
      assert.deepEqual(a.errors, [], `${sql}\n${JSON.stringify(a.errors)}`);
      assert.deepEqual(namesOf(a), names, sql);
    });
  }

  it('parses WITH RECURSIVE and CTE column lists', () => {
    const { statements, errors } = parse('with recursive r(n) as (select 1 union all select n + 1 from r) select n from r');
    assert.deepEqual(errors, []);
    const q = statements[0].query!;
    assert.equal(q.recursive, true);
    assert.deepEqual(q.ctes.map((c) => [c.name.name, c.columns.map((x) => x.name)]), [['r', ['n']]]);
  });

  it('parses every join of a FROM clause with its type and condition', () => {
    const s = firstSelect('select 1 from a left join b on a.x = b.x cross join c natural full outer join d join e using (k, l)');
    assert.deepEqual(
      s.from[0].joins.map((j) => [j.type, j.natural, !!j.on, j.using.map((u) => u.name)]),
      [
        ['left', false, true, []],
        ['cross', false, false, []],
        ['full', true, false, []],
        ['inner', false, false, ['k', 'l']],
      ],
    );
  });

  it('keeps item offsets: alias included, surrounding spaces excluded', () => {
    const sql = 'select  a + 1  as  b , c from t';
    const a = analyze(sql);
    assert.equal(sql.slice(a.columns[0].start, a.columns[0].end), 'a + 1  as  b');
    assert.equal(sql.slice(a.columns[1].start, a.columns[1].end), 'c');
  });

  it('flattens long operator chains so that walkers stay shallow', () => {
    const s = firstSelect(`select ${Array.from({ length: 50000 }, (_, i) => `a${i}`).join(' + ')} as total from t`);
    const e = s.items[0].expr;
    assert.equal(e.kind, 'chain');
    if (e.kind === 'chain') assert.equal(e.operands.length, 50000);
  });

  it('analyses the last query of several statements and skips other statements silently', () => {
    const a = analyze("set threads = 4; create table x as select 1; select a from t; select b, c from main.orders;");
    assert.deepEqual(a.errors, []);
    assert.deepEqual(namesOf(a), ['b', 'c']);
    assert.deepEqual(a.tables.map((t) => t.parts.join('.')), ['t', 'main.orders']);
  });

  it('passes placeholder identifiers from unresolved refs through as tables', () => {
    const a = analyze('select x.id from __dw_unresolved__.missing_model as x');
    assert.deepEqual(a.errors, []);
    assert.deepEqual(lineageOf(a), ['id <- __dw_unresolved__.missing_model.id [passthrough]']);
  });
});
