import assert from 'node:assert/strict';
import { renderTemplate } from './index';
import { testContext, type TestContextOptions } from './test_context';

/** Renders and collapses whitespace runs, so expectations read as one line of SQL. */
function sql(t: string, type: string, o: TestContextOptions = {}): string {
  const r = renderTemplate(t, testContext({ type, ...o }));
  assert.deepEqual(r.errors, [], `unexpected errors: ${JSON.stringify(r.errors)}`);
  return r.output.replace(/\s+/g, ' ').trim();
}

function both(t: string, duckdb: string, postgres: string, o: TestContextOptions = {}): void {
  assert.equal(sql(t, 'duckdb', o), duckdb, 'duckdb');
  assert.equal(sql(t, 'postgres', o), postgres, 'postgres');
}

const COLUMNS = { orders: ['id', 'customer_id', 'amount'], refunds: ['id', 'amount', 'reason'] };

describe('builtin dbt macros', () => {
  it('date_trunc', () => {
    both("{{ dbt.date_trunc('month', 'created_at') }}", "date_trunc('month', created_at)", "date_trunc('month', created_at)");
    assert.equal(sql("{{ dbt.date_trunc('month', 'created_at') }}", 'bigquery'), 'timestamp_trunc( cast(created_at as timestamp), month )');
  });

  it('dateadd', () => {
    both("{{ dbt.dateadd('day', 7, 'order_date') }}", '(order_date + cast(7 as bigint) * interval 1 day)', "order_date + ((interval '1 day') * (7))");
    assert.equal(sql("{{ dbt.dateadd('quarter', 1, 'd') }}", 'duckdb'), '(d + (cast(1 as bigint) * 3) * interval 1 month)');
    assert.equal(sql("{{ dbt.dateadd('day', 7, 'order_date') }}", 'snowflake'), 'dateadd( day, 7, order_date )');
  });

  it('datediff', () => {
    both("{{ dbt.datediff('a', 'b', 'day') }}", "(date_diff('day', a::timestamp, b::timestamp ))", '((b)::date - (a)::date)');
    assert.equal(sql("{{ dbt.datediff('a', 'b', 'month') }}", 'postgres'), "((date_part('year', (b)::date) - date_part('year', (a)::date)) * 12 + date_part('month', (b)::date) - date_part('month', (a)::date))");
    assert.equal(sql("{{ dbt.datediff('a', 'b', 'day') }}", 'redshift'), 'datediff( day, a, b )');
    const r = renderTemplate("{{ dbt.datediff('a', 'b', 'fortnight') }}", testContext({ type: 'postgres' }));
    assert.match(r.errors[0].message, /Unsupported datepart/);
  });

  it('type_* macros', () => {
    const t = '{{ dbt.type_string() }} {{ dbt.type_int() }} {{ dbt.type_bigint() }} {{ dbt.type_numeric() }} {{ dbt.type_float() }} {{ dbt.type_timestamp() }} {{ dbt.type_boolean() }}';
    both(t, 'TEXT INT bigint numeric(28,6) FLOAT TIMESTAMP BOOLEAN', 'TEXT INT bigint numeric(28,6) FLOAT TIMESTAMP BOOLEAN');
    assert.equal(sql(t, 'bigquery'), 'STRING int64 int64 numeric FLOAT64 TIMESTAMP BOOL');
  });

  it('safe_cast, concat, hash, cast_bool_to_text', () => {
    both("{{ dbt.safe_cast('x', dbt.type_int()) }}", 'cast(x as INT)', 'cast(x as INT)');
    assert.equal(sql("{{ dbt.safe_cast('x', 'int') }}", 'snowflake'), 'try_cast(x as int)');
    both("{{ dbt.concat(['a', \"'-'\", 'b']) }}", "concat(a, '-', b)", "concat(a, '-', b)");
    assert.equal(sql("{{ dbt.concat(['a', 'b']) }}", 'redshift'), 'a || b');
    both("{{ dbt.hash('email') }}", 'md5(cast(email as TEXT))', 'md5(cast(email as TEXT))');
    both("{{ dbt.cast_bool_to_text('flag') }}", 'cast(flag as TEXT)', 'cast(flag as TEXT)');
  });

  it('current_timestamp', () => {
    both('{{ dbt.current_timestamp() }}', 'now()', 'now()');
    assert.equal(sql('{{ dbt.current_timestamp() }}', 'snowflake'), "convert_timezone('UTC', current_timestamp())");
    assert.equal(sql('{{ dbt.current_timestamp() }}', 'redshift'), 'getdate()');
  });

  it('split_part', () => {
    both("{{ dbt.split_part('full_name', \"' '\", 1) }}", "coalesce(string_split(full_name, ' ')[ 1 ], '')", "split_part( full_name, ' ', 1 )");
    assert.equal(sql("{{ dbt.split_part('s', \"','\", 2) }}", 'bigquery'), "split( s, ',' )[safe_offset(1)]");
  });

  it('listagg', () => {
    both("{{ dbt.listagg('name', \"', '\", 'order by name') }}", "string_agg( name, ', ' order by name )", "string_agg( name, ', ' order by name )");
    both("{{ dbt.listagg('name', \"','\", 'order by name', 2) }}", "list_aggr( (array_agg( name order by name ))[1:2], 'string_agg', ',' )", "array_to_string( (array_agg( name order by name ))[1:2], ',' )");
    assert.equal(sql("{{ dbt.listagg('name') }}", 'snowflake'), "listagg( name, ',' )");
  });

  it('any_value and bool_or', () => {
    both("{{ dbt.any_value('x') }}", 'arbitrary(x)', 'min(x)');
    both("{{ dbt.bool_or('x > 1') }}", 'bool_or(x > 1)', 'bool_or(x > 1)');
    assert.equal(sql("{{ dbt.bool_or('x') }}", 'snowflake'), 'boolor_agg(x)');
  });

  it('string helpers: escape_single_quotes, string_literal, replace, length, right, position, cast', () => {
    both("{{ dbt.escape_single_quotes(\"it's\") }} {{ dbt.string_literal('x') }}", "it''s 'x'", "it''s 'x'");
    assert.equal(sql("{{ dbt.escape_single_quotes(\"it's\") }}", 'snowflake'), "it\\'s");
    both("{{ dbt.replace('s', \"'a'\", \"'b'\") }}", "replace( s, 'a', 'b' )", "replace( s, 'a', 'b' )");
    both("{{ dbt.length('s') }} {{ dbt.right('s', 2) }}", 'length( s ) right( s, 2 )', 'length( s ) right( s, 2 )');
    assert.equal(sql("{{ dbt.length('s') }}", 'redshift'), 'len( s )');
    both("{{ dbt.position(\"'-'\", 's') }} {{ dbt.cast('x', 'int') }}", "position( '-' in s ) cast(x as int)", "position( '-' in s ) cast(x as int)");
  });

  it('last_day composes date_trunc and dateadd', () => {
    assert.equal(sql("{{ dbt.last_day('d', 'month') }}", 'postgres'), "cast( date_trunc('month', d) + ((interval '1 month') * (1)) + ((interval '1 day') * (-1)) as date)");
  });

  it('builtins are also reachable unqualified, as dbt puts its macros in the global namespace', () => {
    both("{{ date_trunc('day', 'ts') }} {{ type_string() }}", "date_trunc('day', ts) TEXT", "date_trunc('day', ts) TEXT");
  });
});

describe('builtin dbt_utils macros', () => {
  it('star lists known columns, honours except/relation_alias/prefix/suffix, and falls back to *', () => {
    both("{{ dbt_utils.star(ref('orders')) }}", '"id", "customer_id", "amount"', '"id", "customer_id", "amount"', { columns: COLUMNS });
    assert.equal(sql("{{ dbt_utils.star(from=ref('orders'), except=['AMOUNT'], relation_alias='o', prefix='p_') }}", 'duckdb', { columns: COLUMNS }), 'o."id" as "p_id", o."customer_id" as "p_customer_id"');
    assert.equal(sql("{{ dbt_utils.star(ref('orders')) }}", 'duckdb'), '*');
    assert.equal(sql("{{ dbt_utils.star(ref('orders')) }}", 'bigquery', { columns: COLUMNS }), '`id`, `customer_id`, `amount`');
    const r = renderTemplate("{{ dbt_utils.star('orders') }}", testContext());
    assert.match(r.errors[0].message, /expected a Relation/);
  });

  it('generate_surrogate_key and legacy surrogate_key', () => {
    const nullMark = "'_dbt_utils_surrogate_key_null_'";
    const expected = `md5(cast(concat(coalesce(cast(a as TEXT), ${nullMark}), '-', coalesce(cast(b as TEXT), ${nullMark})) as TEXT))`;
    both("{{ dbt_utils.generate_surrogate_key(['a', 'b']) }}", expected, expected);
    assert.equal(sql("{{ dbt_utils.generate_surrogate_key(['a']) }}", 'duckdb', { vars: { surrogate_key_treat_nulls_as_empty_strings: true } }), "md5(cast(concat(coalesce(cast(a as TEXT), '')) as TEXT))");
    assert.equal(sql("{{ dbt_utils.generate_surrogate_key(['a', 'b']) }}", 'redshift'), `md5(cast(coalesce(cast(a as TEXT), ${nullMark}) || '-' || coalesce(cast(b as TEXT), ${nullMark}) as TEXT))`);
    const legacy = "md5(cast(concat(coalesce(cast(a as TEXT), ''), '-', coalesce(cast(b as TEXT), '')) as TEXT))";
    both("{{ dbt_utils.surrogate_key(['a', 'b']) }}", legacy, legacy);
    both("{{ dbt_utils.surrogate_key('a', 'b') }}", legacy, legacy);
  });

  it('union_relations aligns columns across relations with a source column', () => {
    const out = sql("{{ dbt_utils.union_relations(relations=[ref('orders'), ref('refunds')]) }}", 'duckdb', { columns: COLUMNS });
    assert.equal(
      out,
      `( select cast('"dw"."main"."orders"' as TEXT) as "_dbt_source_relation", "id" as "id", "customer_id" as "customer_id", "amount" as "amount", null as "reason" from "dw"."main"."orders" ) ` +
        `union all ( select cast('"dw"."main"."refunds"' as TEXT) as "_dbt_source_relation", "id" as "id", null as "customer_id", "amount" as "amount", "reason" as "reason" from "dw"."main"."refunds" )`,
    );
    const excluded = sql("{{ dbt_utils.union_relations(relations=[ref('orders')], exclude=['amount'], source_column_name='src') }}", 'postgres', { columns: COLUMNS });
    assert.equal(excluded, `( select cast('"dw"."main"."orders"' as TEXT) as "src", "id" as "id", "customer_id" as "customer_id" from "dw"."main"."orders" )`);
  });

  it('pivot renders one aggregate per value', () => {
    both(
      "{{ dbt_utils.pivot('status', ['paid', \"o'k\"]) }}",
      `sum( case when status = 'paid' then 1 else 0 end ) as "paid", sum( case when status = 'o''k' then 1 else 0 end ) as "o'k"`,
      `sum( case when status = 'paid' then 1 else 0 end ) as "paid", sum( case when status = 'o''k' then 1 else 0 end ) as "o'k"`,
    );
    assert.equal(sql("{{ dbt_utils.pivot('s', ['A b'], agg='max', quote_identifiers=false, prefix='n_') }}", 'duckdb'), 'max( case when s = \'A b\' then 1 else 0 end ) as n_a_b');
  });

  it('date helpers forward to dbt.*', () => {
    both("{{ dbt_utils.date_trunc('week', 'd') }} {{ dbt_utils.type_string() }}", "date_trunc('week', d) TEXT", "date_trunc('week', d) TEXT");
  });

  it('get_column_values returns the default (or []) without a warehouse', () => {
    both("{{ dbt_utils.get_column_values(ref('orders'), 'status') | length }}", '0', '0');
    both("{% for v in dbt_utils.get_column_values(ref('orders'), 'status', default=['a', 'b']) %}{{ v }}{% endfor %}", 'ab', 'ab');
  });

  it('deduplicate is adapter-specific', () => {
    assert.equal(sql("{{ dbt_utils.deduplicate(ref('orders'), 'id', 'updated_at desc') }}", 'duckdb'), 'select * from "dw"."main"."orders" qualify row_number() over ( partition by id order by updated_at desc ) = 1');
    assert.equal(sql("{{ dbt_utils.deduplicate(ref('orders'), 'id', 'updated_at desc') }}", 'postgres'), 'select distinct on (id) * from "dw"."main"."orders" order by id, updated_at desc');
  });

  it('get_filtered_columns_in_relation and slugify', () => {
    both("{{ dbt_utils.get_filtered_columns_in_relation(ref('orders'), except=['ID']) }}", "['customer_id', 'amount']", "['customer_id', 'amount']", { columns: COLUMNS });
    both("{{ dbt_utils.slugify('1st Place-Team!') }}", '_1st_place_team', '_1st_place_team');
  });

  it('group_by, safe_add, safe_divide', () => {
    both('{{ dbt_utils.group_by(3) }}', 'group by 1,2,3', 'group by 1,2,3');
    both("{{ dbt_utils.safe_add(['a', 'b']) }} / {{ dbt_utils.safe_divide('x', 'y') }}", 'coalesce(a, 0) + coalesce(b, 0) / ( x ) / nullif( ( y ), 0)', 'coalesce(a, 0) + coalesce(b, 0) / ( x ) / nullif( ( y ), 0)');
  });
});
