import * as assert from 'node:assert/strict';
import { displayName, dialectRules, normalizeType } from './dialect';
import { analyze, catalog, lineageOf, namesOf } from './test_catalog';

describe('dialects', () => {
  it('folds unquoted identifiers to lower case and keeps quoted ones as written', () => {
    const a = analyze('select ID, "Name", "email" from main.customers');
    assert.deepEqual(namesOf(a), ['id', 'Name', 'email']);
  });

  it('Snowflake: an upper-case quoted identifier is the unquoted one, shown lower-case', () => {
    const rules = dialectRules('snowflake');
    assert.equal(displayName(rules, 'ORDER_ID', true), 'order_id');
    assert.equal(displayName(rules, 'OrderId', true), 'OrderId');
    const a = analyze('select "ID", "Mixed", NAME from MAIN.CUSTOMERS', 'snowflake');
    assert.deepEqual(namesOf(a), ['id', 'Mixed', 'name']);
    assert.deepEqual(a.tables[0].parts, ['main', 'customers']);
    assert.equal(a.tables[0].key, 'main.customers');
    // Postgres keeps the upper-case quoted identifier: it is a different column there.
    assert.deepEqual(namesOf(analyze('select "ID" from t', 'postgres')), ['ID']);
  });

  it('BigQuery: backtick identifiers with dotted paths, double-quoted strings and SELECT * EXCEPT', () => {
    const resolve = catalog({ 'proj.ds.orders': ['id', 'amount', 'secret'] });
    const a = analyze('select * except (secret), "lit" as s from `proj`.`ds`.orders', 'bigquery', resolve);
    assert.deepEqual(a.errors, []);
    assert.deepEqual(lineageOf(a), ['id <- proj.ds.orders.id [passthrough]', 'amount <- proj.ds.orders.amount [passthrough]', 's <-  [literal]']);
    assert.equal(a.columns[2].type, 'string');
  });

  it('BigQuery: a whole path in one pair of backticks is split into its parts', () => {
    const resolve = catalog({ 'proj.ds.orders': ['id'] });
    const a = analyze('select orders.id from `proj.ds.orders`', 'bigquery', resolve);
    assert.deepEqual(a.tables.map((t) => [t.parts, t.key]), [[['proj', 'ds', 'orders'], 'proj.ds.orders']]);
    assert.deepEqual(lineageOf(a), ['id <- proj.ds.orders.id [passthrough]']);
  });

  it('reports a trailing comma before FROM where the dialect rejects it', () => {
    const sql = 'select a, b, from t';
    assert.deepEqual(analyze(sql).errors, []);
    const errors = analyze(sql, 'postgres').errors;
    assert.equal(errors.length, 1);
    assert.match(errors[0].message, /Trailing comma/);
    assert.equal(sql.slice(errors[0].start, errors[0].end), ',');
    assert.deepEqual(namesOf(analyze(sql, 'postgres')), ['a', 'b']);
  });

  it('DuckDB COLUMNS(...) makes the output incomplete rather than inventing a column', () => {
    const a = analyze("select id, columns('amount_.*') from main.orders");
    assert.equal(a.complete, false);
    assert.deepEqual(namesOf(a), ['id']);
  });

  it('BigQuery: unaliased expressions are named f<index>_, date parts are not columns', () => {
    const a = analyze('select id, amount + 1, date_trunc(ts, month) as m from ds.t', 'bigquery');
    assert.deepEqual(namesOf(a), ['id', 'f1_', 'm']);
    assert.deepEqual(lineageOf(a)[2], 'm <- ds.t.ts [derived]');
  });

  it('Snowflake: datediff(day, ...) reads day as a date part and dollar strings parse', () => {
    const a = analyze("select datediff(day, a, b) as d, $$it's$$ as s from t", 'snowflake');
    assert.deepEqual(a.errors, []);
    assert.deepEqual(lineageOf(a), ['d <- t.a, t.b [derived]', 's <-  [literal]']);
  });

  it('Snowflake: semi-structured paths and LATERAL FLATTEN trace to the variant column', () => {
    const a = analyze(
      'select src:customer.name::string as customer_name, f.value:id::int as item_id from raw.events e, lateral flatten(input => e.src:items) f',
      'snowflake',
    );
    assert.deepEqual(a.errors, []);
    assert.deepEqual(lineageOf(a), ['customer_name <- raw.events.src [derived]', 'item_id <- raw.events.src [derived]']);
    assert.deepEqual(a.columns.map((c) => c.type), ['varchar', 'number']);
  });

  it('BigQuery: UNNEST yields one column named by its alias, so other names bind to the table', () => {
    const a = analyze('select order_id, item from ds.orders o left join unnest(o.items) as item', 'bigquery');
    assert.deepEqual(lineageOf(a), ['order_id <- ds.orders.order_id [passthrough]', 'item <- ds.orders.items [derived]']);
  });

  it('Postgres names unaliased expressions like Postgres does', () => {
    assert.deepEqual(namesOf(analyze('select count(*), a::int, a + 1 from t', 'postgres')), ['count', 'a', '?column?']);
  });

  it('DuckDB names unaliased expressions by their text, and count(*) count_star()', () => {
    assert.deepEqual(namesOf(analyze('select count(*), a + 1 from t')), ['count_star()', 'a + 1']);
  });

  it('normalises type spellings', () => {
    assert.equal(normalizeType(dialectRules('duckdb'), 'NUMERIC( 18 , 2 )'), 'decimal(18,2)');
    assert.equal(normalizeType(dialectRules('postgres'), 'Character   Varying(10)'), 'character varying(10)');
    assert.equal(normalizeType(dialectRules('redshift'), 'int8'), 'bigint');
    assert.equal(normalizeType(dialectRules('bigquery'), 'INTEGER'), 'int64');
  });
});
