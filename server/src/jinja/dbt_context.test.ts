import assert from 'node:assert/strict';
import { renderTemplate } from './index';
import { testContext, type TestContextOptions } from './test_context';

function render(t: string, o: TestContextOptions = {}) {
  return renderTemplate(t, testContext(o), { file: 'models/m.sql' });
}
function out(t: string, o: TestContextOptions = {}): string {
  const r = render(t, o);
  assert.deepEqual(r.errors, [], `unexpected errors: ${JSON.stringify(r.errors)}`);
  return r.output;
}

describe('dbt context', () => {
  it('ref() with one and two arguments and version kwargs renders relations and records calls', () => {
    const t = "{{ ref('orders') }} {{ ref('pkg', 'items') }} {{ ref('dim', version=2) }} {{ ref('dim', v='3') }}";
    const r = render(t);
    assert.equal(r.output, '"dw"."main"."orders" "dw"."main"."items" "dw"."main"."dim" "dw"."main"."dim"');
    assert.deepEqual(
      r.refs.map((x) => [x.name, x.package, x.version, t.slice(x.start, x.end), t.slice(x.nameStart, x.nameEnd)]),
      [
        ['orders', undefined, undefined, "ref('orders')", 'orders'],
        ['items', 'pkg', undefined, "ref('pkg', 'items')", 'items'],
        ['dim', undefined, 2, "ref('dim', version=2)", 'dim'],
        ['dim', undefined, '3', "ref('dim', v='3')", 'dim'],
      ],
    );
  });

  it('an unresolved ref renders a placeholder and is still recorded', () => {
    const r = render("select * from {{ ref('ghost') }}", { unresolved: ['ghost'] });
    assert.equal(r.output, 'select * from "dw"."main"."ghost"');
    assert.equal(r.refs[0].name, 'ghost');
    assert.deepEqual(r.errors, []);
  });

  it('source() renders and records both literals', () => {
    const t = "{{ source('raw', 'customers') }}";
    const r = render(t);
    assert.equal(r.output, '"dw"."raw"."customers"');
    const s = r.sources[0];
    assert.equal(t.slice(s.sourceStart, s.sourceEnd), 'raw');
    assert.equal(t.slice(s.tableStart, s.tableEnd), 'customers');
  });

  it('config() merges keyword arguments, renders nothing and is readable through config.get', () => {
    const r = render("{{ config(materialized='table', tags=['a']) }}{{ config(tags=['b'], unique_key='id') }}{{ config.get('materialized') }}|{{ config.get('missing', 'dflt') }}");
    assert.equal(r.output, 'table|dflt');
    assert.deepEqual(r.config, { materialized: 'table', tags: ['a', 'b'], unique_key: 'id' });
  });

  it('var() returns project vars or the default; a missing var without default is an error at the call', () => {
    assert.equal(out("{{ var('start') }} {{ var('nope', 'd') }} {{ var('nested').k }}", { vars: { start: '2020-01-01', nested: { k: 1 } } }), '2020-01-01 d 1');
    const t = "select {{ var('missing') }}";
    const r = render(t);
    assert.equal(r.errors.length, 1);
    assert.equal(t.slice(r.errors[0].start, r.errors[0].end), "var('missing')");
    assert.match(r.errors[0].message, /missing/);
  });

  it('env_var() reads the environment; missing without default is an error', () => {
    assert.equal(out("{{ env_var('SCHEMA') }}-{{ env_var('X', 'dx') }}", { env: { SCHEMA: 'prod' } }), 'prod-dx');
    const r = render("{{ env_var('NOPE') }}");
    assert.match(r.errors[0].message, /Env var required but not provided: 'NOPE'/);
  });

  it('this, target and is_incremental()', () => {
    assert.equal(out('{{ this }} {{ this.identifier }} {{ target.name }} {{ target.type }} {{ target.schema }} {{ target.database }}'), '"dw"."main"."this_model" this_model dev duckdb main dw');
    assert.equal(out('{% if is_incremental() %}inc{% else %}full{% endif %}'), 'full');
    assert.equal(out('{% if is_incremental() %}inc{% else %}full{% endif %}', { isIncremental: true }), 'inc');
    assert.equal(out('{{ dbt.is_incremental() }}', { isIncremental: true }), 'True');
  });

  it('relations support include() and attributes', () => {
    assert.equal(out("{{ ref('o').include(database=false) }} {{ ref('o').schema }} {{ ref('o').name }}"), '"main"."o" main o');
    assert.equal(out("{{ api.Relation.create(database='d', schema='s', identifier='t') }} {{ api.Relation.create(schema='s', identifier='t') }}"), '"d"."s"."t" "s"."t"');
  });

  it('adapter.quote and get_columns_in_relation use the dialect and known columns', () => {
    assert.equal(out("{{ adapter.quote('a b') }}"), '"a b"');
    assert.equal(out("{{ adapter.quote('x') }}", { type: 'bigquery' }), '`x`');
    assert.equal(out("{% for c in adapter.get_columns_in_relation(ref('o')) %}{{ c.name }}/{{ c.column }}{{ ',' if not loop.last }}{% endfor %}", { columns: { o: ['id', 'amount'] } }), 'id/id,amount/amount');
    assert.equal(out("{{ adapter.get_columns_in_relation(ref('unknown')) | length }}"), '0');
    const ctx = testContext();
    ctx.relationColumnTypes = (r) => (r.identifier === 'o' ? [{ name: 'id', type: 'integer' }, { name: 'note' }] : undefined);
    const typed = renderTemplate("{% for c in adapter.get_columns_in_relation(ref('o')) %}{{ c.name }}:{{ c.data_type }}:{{ c.is_integer() }} {% endfor %}", ctx);
    assert.equal(typed.output, 'id:integer:True note:None:False ');
  });

  it('adapter.dispatch resolves <adapter>__name, then default__name, along the search order', () => {
    const macros = [
      {
        packageName: 'shop',
        file: 'macros/d.sql',
        text: "{% macro fmt(x) %}{{ return(adapter.dispatch('fmt', 'shop')(x)) }}{% endmacro %}{% macro default__fmt(x) %}default {{ x }}{% endmacro %}{% macro postgres__fmt(x) %}pg {{ x }}{% endmacro %}",
      },
    ];
    assert.equal(out('{{ fmt(1) }}', { macros, type: 'duckdb' }), 'default 1');
    assert.equal(out('{{ fmt(1) }}', { macros, type: 'postgres' }), 'pg 1');
    // redshift falls back to postgres implementations before default ones
    assert.equal(out('{{ fmt(1) }}', { macros, type: 'redshift' }), 'pg 1');
  });

  it('legacy dispatch with packages= searches the given packages', () => {
    const macros = [{ packageName: 'lib', file: 'dbt_packages/lib/m.sql', text: '{% macro duckdb__go() %}lib-duck{% endmacro %}' }];
    assert.equal(out("{{ adapter.dispatch('go', packages=['shop', 'lib'])() }}", { macros }), 'lib-duck');
  });

  it('dispatch honours the project dispatch config search order', () => {
    const macros = [
      { packageName: 'lib', file: 'dbt_packages/lib/m.sql', text: "{% macro go() %}{{ return(adapter.dispatch('go', 'lib')()) }}{% endmacro %}{% macro default__go() %}lib{% endmacro %}" },
      { packageName: 'shop', file: 'macros/o.sql', text: '{% macro default__go() %}shop override{% endmacro %}' },
    ];
    assert.equal(out('{{ lib.go() }}', { macros }), 'lib');
    assert.equal(out('{{ lib.go() }}', { macros, dispatch: [{ macroNamespace: 'lib', searchOrder: ['shop', 'lib'] }] }), 'shop override');
  });

  it("dispatching into dbt's namespace uses our builtins, and project implementations override them", () => {
    assert.equal(out("{{ adapter.dispatch('type_string', 'dbt')() }}"), 'TEXT');
    const macros = [{ packageName: 'shop', file: 'macros/o.sql', text: '{% macro duckdb__type_string() %}VARCHAR{% endmacro %}' }];
    assert.equal(out("{{ adapter.dispatch('type_string', 'dbt')() }} {{ dbt.type_string() }}", { macros }), 'VARCHAR VARCHAR');
    const r = render("{{ adapter.dispatch('nothing_here', 'shop')() }}");
    assert.match(r.errors[0].message, /no implementation of 'nothing_here'/);
  });

  it('run_query returns an empty table during analysis and execute is true', () => {
    const t = "{% set res = run_query('select 1') %}{% if execute %}{% set vals = res.columns[0].values() %}{% else %}{% set vals = ['x'] %}{% endif %}[{{ vals | join(',') }}] {{ res.rows | length }}";
    assert.equal(out(t), '[] 0');
  });

  it('statement blocks render their body for refs but run nothing; load_result is empty', () => {
    const r = render("{% call statement('q', fetch_result=True) %}select * from {{ ref('a') }}{% endcall %}{{ load_result('q')['data'] | length }}");
    assert.deepEqual(r.errors, []);
    assert.equal(r.output, '0');
    assert.deepEqual(r.refs.map((x) => x.name), ['a']);
  });

  it('exceptions.raise_compiler_error is an error at the call; log and warn render nothing', () => {
    const t = "a{{ log('hi', info=true) }}{% do exceptions.warn('w') %}{{ exceptions.raise_compiler_error('bad input') }}b";
    const r = render(t);
    assert.equal(r.output, 'ab');
    assert.equal(r.errors[0].message, 'bad input');
    assert.equal(t.slice(r.errors[0].start, r.errors[0].end), "exceptions.raise_compiler_error('bad input')");
  });

  it('modules.datetime formats, adds timedeltas and parses', () => {
    assert.equal(
      out("{% set d = modules.datetime.datetime(2024, 1, 31, 12, 5) %}{{ d.strftime('%Y-%m-%d %H:%M') }} {{ (d + modules.datetime.timedelta(days=1)).strftime('%Y%m%d') }} {{ modules.datetime.datetime.strptime('2020-02-03', '%Y-%m-%d').day }} {{ d.date() }}"),
      '2024-01-31 12:05 20240201 3 2024-01-31',
    );
    assert.match(out("{{ modules.datetime.datetime.now().year }}"), /^\d{4}$/);
  });

  it('modules.re matches and substitutes', () => {
    assert.equal(out("{{ modules.re.sub('[^a-z]', '_', 'a-b c') }} {{ modules.re.match('(\\\\d+)', '42x').group(1) }} {{ modules.re.search('z', 'abc') is none }}"), 'a_b_c 42 True');
  });

  it('fromjson, tojson, fromyaml and toyaml round-trip', () => {
    assert.equal(out("{{ fromjson('{\"a\": [1, 2]}').a[1] }} {{ tojson({'k': 'v'}) }} {{ fromyaml('a: 1\\nb: [x]').b[0] }}"), '2 {"k":"v"} x');
  });

  it('package.macro calls reach package macros; project macros override builtins', () => {
    const macros = [
      { packageName: 'dbt_utils', file: 'dbt_packages/dbt_utils/macros/x.sql', text: '{% macro star(from) %}STAR-FROM-PACKAGE{% endmacro %}' },
      { packageName: 'shop', file: 'macros/t.sql', text: '{% macro current_timestamp() %}my_now(){% endmacro %}' },
    ];
    assert.equal(out("{{ dbt_utils.star(ref('o')) }} {{ current_timestamp() }}", { macros }), 'STAR-FROM-PACKAGE my_now()');
    // without overrides the builtins answer
    assert.equal(out('{{ current_timestamp() }}'), 'now()');
  });

  it('macros inside a package resolve their own package first', () => {
    const macros = [
      { packageName: 'lib', file: 'dbt_packages/lib/m.sql', text: '{% macro outer() %}{{ helper() }}{% endmacro %}{% macro helper() %}lib-helper{% endmacro %}' },
      { packageName: 'shop', file: 'macros/h.sql', text: '{% macro helper() %}shop-helper{% endmacro %}' },
    ];
    assert.equal(out('{{ lib.outer() }} {{ helper() }}', { macros }), 'lib-helper shop-helper');
  });

  it('relations look like dbt relations to package code (is mapping, metadata type)', () => {
    const macros = [
      {
        packageName: 'lib',
        file: 'dbt_packages/lib/macros/cols.sql',
        text:
          "{% macro check_rel(obj) %}{% if not (obj is mapping and obj.get('metadata', {}).get('type', '').endswith('Relation')) %}{% do exceptions.raise_compiler_error('not a relation: ' ~ obj) %}{% endif %}{% endmacro %}" +
          "{% macro cols(from) %}{% do lib.check_rel(from) %}{% set out = [] %}{% for c in adapter.get_columns_in_relation(from) %}{% do out.append(c.column | lower) %}{% endfor %}{{ return(out) }}{% endmacro %}",
      },
    ];
    assert.equal(out("{{ lib.cols(ref('o')) | join(',') }}", { macros, columns: { o: ['ID', 'Amount'] } }), 'id,amount');
    const r = render("{{ lib.cols('o') }}", { macros });
    assert.match(r.errors[0].message, /not a relation: o/);
  });

  it('refs inside macros are recorded at the calling tag', () => {
    const macros = [{ packageName: 'shop', file: 'macros/j.sql', text: "{% macro join_orders() %}join {{ ref('orders') }}{% endmacro %}" }];
    const t = 'select 1 {{ join_orders() }}';
    const r = render(t, { macros });
    assert.equal(r.output, 'select 1 join "dw"."main"."orders"');
    assert.equal(t.slice(r.refs[0].start, r.refs[0].end), 'join_orders()');
  });

  it('refs in macros and call blocks of the template itself keep their exact offsets', () => {
    const t = "{% macro j() %}join {{ ref('a') }}{% endmacro %}{{ j() }}{% call statement('s') %}{{ ref('b') }}{% endcall %}";
    const r = render(t);
    assert.deepEqual(r.refs.map((x) => t.slice(x.nameStart, x.nameEnd)), ['a', 'b']);
    // a template macro calling a macro file maps to the call inside the template macro
    const macros = [{ packageName: 'shop', file: 'macros/j.sql', text: "{% macro join_orders() %}join {{ ref('orders') }}{% endmacro %}" }];
    const t2 = '{% macro local() %}x {{ join_orders() }}{% endmacro %}{{ local() }}';
    const r2 = render(t2, { macros });
    assert.equal(t2.slice(r2.refs[0].start, r2.refs[0].end), 'join_orders()');
  });

  it('errors inside a macro from another file carry that file and the calling site', () => {
    const macros = [{ packageName: 'shop', file: 'macros/bad.sql', text: '{% macro bad() %}x {{ undefined_fn() }}{% endmacro %}' }];
    const t = 'select {{ bad() }}';
    const r = render(t, { macros });
    assert.equal(r.errors.length, 1);
    const e = r.errors[0];
    assert.equal(e.file, 'macros/bad.sql');
    assert.equal(macros[0].text.slice(e.start, e.end), 'undefined_fn()');
    assert.equal(t.slice(e.templateStart!, e.templateEnd!), 'bad()');
  });
});
