import * as assert from 'node:assert/strict';
import { analyze, catalog, lineageOf, namesOf } from './test_catalog';

describe('column lineage', () => {
  it('follows a chain of CTEs to physical columns, classifying renames and derivations', () => {
    const a = analyze(`
      with source as (select * from main.orders),
      renamed as (
        select id as order_id, customer_id, amount * 100 as amount_cents, status from source
      ),
      final as (select * from renamed)
      select * from final`);
    assert.deepEqual(a.errors, []);
    assert.equal(a.complete, true);
    assert.deepEqual(lineageOf(a), [
      'order_id <- main.orders.id [renamed]',
      'customer_id <- main.orders.customer_id [passthrough]',
      'amount_cents <- main.orders.amount [derived]',
      'status <- main.orders.status [passthrough]',
    ]);
    assert.deepEqual(a.ctes.map((c) => c.name), ['source', 'renamed', 'final']);
    assert.deepEqual(a.tables.map((t) => t.key), ['main.orders']);
  });

  it('puts star-expanded columns at the star', () => {
    const sql = 'select * from main.customers';
    const a = analyze(sql);
    assert.deepEqual(namesOf(a), ['id', 'name', 'email', 'created_at']);
    for (const c of a.columns) assert.deepEqual([c.start, c.end], [7, 8]);
  });

  it('binds qualified columns through join aliases', () => {
    const a = analyze(`
      select o.id as order_id, c.name as customer_name, p.amount
      from main.orders as o
      left join main.customers c on o.customer_id = c.id
      join main.payments p using (id)`);
    assert.deepEqual(lineageOf(a), [
      'order_id <- main.orders.id [renamed]',
      'customer_name <- main.customers.name [renamed]',
      'amount <- main.payments.amount [passthrough]',
    ]);
    assert.deepEqual(a.tables.map((t) => [t.key, t.alias]), [['main.orders', 'o'], ['main.customers', 'c'], ['main.payments', 'p']]);
  });

  it('binds unqualified columns among several sources by their known columns', () => {
    const a = analyze('select name, method, status from main.orders o join main.customers c on 1=1 join main.payments p on 1=1');
    assert.deepEqual(lineageOf(a), [
      'name <- main.customers.name [passthrough]',
      'method <- main.payments.method [passthrough]',
      'status <- main.orders.status [passthrough]',
    ]);
  });

  it('binds an unqualified column unknown to every known source to the one source with unknown columns', () => {
    const a = analyze('select name, page from main.customers c join raw.events e on e.customer_id = c.id');
    assert.deepEqual(lineageOf(a), ['name <- main.customers.name [passthrough]', 'page <- raw.events.page [passthrough]']);
  });

  it('leaves an ambiguous column unbound rather than guessing', () => {
    const a = analyze('select page from raw.events e join raw.clicks c on e.id = c.id');
    assert.deepEqual(lineageOf(a), ['page <-  [passthrough]']);
  });

  it('names union columns by the first branch and takes sources from all branches', () => {
    const a = analyze(`
      select id, amount as value from main.orders
      union all
      select order_id, amount from main.payments
      union
      select id, null from main.customers`);
    assert.deepEqual(lineageOf(a), [
      'id <- main.orders.id, main.payments.order_id, main.customers.id [renamed]',
      'value <- main.orders.amount, main.payments.amount [renamed]',
    ]);
  });

  it('classifies aggregates and windows and keeps their inputs as sources', () => {
    const a = analyze(`
      select customer_id,
             count(*) as order_count,
             sum(amount) as revenue,
             max(ordered_at) filter (where status = 'done') as last_done,
             row_number() over (partition by customer_id order by max(ordered_at)) as rn
      from main.orders group by customer_id`);
    assert.deepEqual(lineageOf(a), [
      'customer_id <- main.orders.customer_id [passthrough]',
      'order_count <-  [aggregate]',
      'revenue <- main.orders.amount [aggregate]',
      'last_done <- main.orders.ordered_at, main.orders.status [aggregate]',
      'rn <- main.orders.customer_id, main.orders.ordered_at [window]',
    ]);
  });

  it('carries an upstream aggregate through a passthrough CTE', () => {
    const a = analyze(`
      with agg as (select customer_id, sum(amount) as revenue from main.orders group by 1)
      select customer_id, revenue, revenue * 2 as doubled from agg`);
    assert.deepEqual(lineageOf(a), [
      'customer_id <- main.orders.customer_id [passthrough]',
      'revenue <- main.orders.amount [aggregate]',
      'doubled <- main.orders.amount [derived]',
    ]);
  });

  it('expands * EXCLUDE and * REPLACE', () => {
    const a = analyze('select * exclude (email, created_at) replace (upper(name) as name) from main.customers');
    assert.deepEqual(lineageOf(a), ['id <- main.customers.id [passthrough]', 'name <- main.customers.name [derived]']);
  });

  it('drops qualified * EXCLUDE columns from lineage and keeps * REPLACE columns in place with the replacement\'s sources', () => {
    const a = analyze('select o.* exclude (o.amount, status) replace (customer_id + 1 as customer_id), c.name from main.orders o join main.customers c on c.id = o.customer_id');
    assert.deepEqual(lineageOf(a), [
      'id <- main.orders.id [passthrough]',
      'customer_id <- main.orders.customer_id [derived]',
      'ordered_at <- main.orders.ordered_at [passthrough]',
      'name <- main.customers.name [passthrough]',
    ]);
  });

  it('keeps a Snowflake * RENAME column in its place under its new name', () => {
    const a = analyze('select * exclude (amount) rename (status as order_status) from main.orders', 'snowflake');
    assert.deepEqual(lineageOf(a), [
      'id <- main.orders.id [passthrough]',
      'customer_id <- main.orders.customer_id [passthrough]',
      'order_status <- main.orders.status [renamed]',
      'ordered_at <- main.orders.ordered_at [passthrough]',
    ]);
  });

  it('filters * by a LIKE / ILIKE name pattern and leaves GLOB patterns unknown', () => {
    assert.deepEqual(namesOf(analyze("select * like 'a%' from main.orders")), ['amount']);
    assert.deepEqual(namesOf(analyze("select * not ilike '%ID' from main.orders")), ['amount', 'status', 'ordered_at']);
    assert.deepEqual(namesOf(analyze("select * ilike '%\\_id' from main.orders", 'snowflake')), ['customer_id']);
    const glob = analyze("select * glob 'a*' from main.orders");
    assert.equal(glob.complete, false);
    assert.deepEqual(namesOf(glob), []);
  });

  it('marks COLUMNS(...) inside an expression incomplete instead of naming one column', () => {
    const a = analyze('select id, max(columns(* exclude (id))) from main.orders');
    assert.equal(a.complete, false);
    assert.deepEqual(namesOf(a), ['id']);
  });

  it('gives a DuckDB PIVOT with IN lists its group columns and one aggregate column per value', () => {
    const a = analyze("pivot main.orders on status in ('paid', 'open') using sum(amount) as total, count(*) as n group by customer_id");
    assert.equal(a.complete, true);
    assert.deepEqual(lineageOf(a), [
      'customer_id <- main.orders.customer_id [passthrough]',
      'paid_total <- main.orders.amount, main.orders.status [aggregate]',
      'paid_n <- main.orders.status [aggregate]',
      'open_total <- main.orders.amount, main.orders.status [aggregate]',
      'open_n <- main.orders.status [aggregate]',
    ]);
    // Without GROUP BY every column not used by ON or USING groups; several ON columns combine their values.
    const b = analyze("with o as (select id, customer_id, status, amount from main.orders) pivot o on status in ('a', 'b'), customer_id in (1, 2) using sum(amount)");
    assert.deepEqual(namesOf(b), ['id', 'a_1', 'a_2', 'b_1', 'b_2']);
  });

  it('reads a DuckDB PIVOT / UNPIVOT clause in FROM as the statement; other dialects leave its columns unknown', () => {
    const sql = "select p.* from main.orders pivot (sum(amount) as total for status in ('paid') group by customer_id) as p";
    assert.deepEqual(lineageOf(analyze(sql)), ['customer_id <- main.orders.customer_id [passthrough]', 'paid_total <- main.orders.amount, main.orders.status [aggregate]']);
    const u = analyze('select * from main.payments unpivot ((v1, v2) for col in ((id, order_id) as ids, (amount, amount) as amts))');
    assert.deepEqual(namesOf(u), ['method', 'col', 'v1', 'v2']);
    const sf = analyze(sql, 'snowflake');
    assert.equal(sf.complete, false);
    assert.deepEqual(sf.errors, []);
  });

  it('marks a PIVOT incomplete when its values come from the data', () => {
    const a = analyze('select * from (pivot main.orders on status using sum(amount) group by customer_id) p');
    assert.equal(a.complete, false);
    assert.deepEqual(namesOf(a), ['customer_id']);
    assert.deepEqual(a.errors, []);
  });

  it('gives a DuckDB UNPIVOT the remaining columns, then the name and value columns fed by the unpivoted ones', () => {
    const a = analyze('unpivot main.payments on id, order_id into name kind value v');
    assert.deepEqual(lineageOf(a), [
      'amount <- main.payments.amount [passthrough]',
      'method <- main.payments.method [passthrough]',
      'kind <-  [literal]',
      'v <- main.payments.id, main.payments.order_id [derived]',
    ]);
    assert.equal(a.columns[3].type, 'integer');
    const b = analyze('unpivot main.payments on columns(* exclude (id, order_id))');
    assert.deepEqual(lineageOf(b), [
      'id <- main.payments.id [passthrough]',
      'order_id <- main.payments.order_id [passthrough]',
      'name <-  [literal]',
      'value <- main.payments.amount, main.payments.method [derived]',
    ]);
  });

  it('adds the BigQuery WITH OFFSET column to UNNEST and keeps interval amounts in lineage', () => {
    const a = analyze('select tag, pos, date_add(ordered_at, interval customer_id day) as due from `main.orders` o, unnest(o.tags) as tag with offset as pos', 'bigquery');
    assert.deepEqual(lineageOf(a), ['tag <- main.orders.tags [derived]', 'pos <-  [derived]', 'due <- main.orders.ordered_at, main.orders.customer_id [derived]']);
    assert.equal(a.columns[1].type, 'int64');
  });

  it('reads a TABLE statement as SELECT * and a list comprehension as a lambda over its list', () => {
    assert.deepEqual(namesOf(analyze('table main.payments')), ['id', 'order_id', 'amount', 'method']);
    const a = analyze('select [x || status for x in [status] if x is not null] as xs from main.orders');
    assert.deepEqual(lineageOf(a), ['xs <- main.orders.status [derived]']);
  });

  it('traces Postgres record columns declared with types in a function alias', () => {
    const a = analyze('select r.a from raw.events e cross join lateral jsonb_to_recordset(e.payload) as r(a int, b text)', 'postgres');
    assert.deepEqual(lineageOf(a), ['a <- raw.events.payload [derived]']);
  });

  it('expands alias.* for one relation only and shows USING columns once in *', () => {
    const a = analyze('select c.*, o.status from main.customers c join main.orders o on o.customer_id = c.id');
    assert.deepEqual(namesOf(a), ['id', 'name', 'email', 'created_at', 'status']);
    const b = analyze('select * from main.orders join main.payments using (id)');
    assert.deepEqual(namesOf(b), ['id', 'customer_id', 'amount', 'status', 'ordered_at', 'order_id', 'amount', 'method']);
  });

  it('marks the result incomplete when * cannot be expanded, but still traces named columns', () => {
    const a = analyze(`
      with events as (select * from raw.events),
      typed as (select *, event_id::bigint as id from events)
      select * from typed`);
    assert.equal(a.complete, false);
    assert.deepEqual(lineageOf(a), ['id <- raw.events.event_id [derived]']);
    const b = analyze('with events as (select * from raw.events) select user_id, page as page_name from events');
    assert.equal(b.complete, true);
    assert.deepEqual(lineageOf(b), ['user_id <- raw.events.user_id [passthrough]', 'page_name <- raw.events.page [renamed]']);
  });

  it('treats unresolved tables as physical tables named by their dotted text', () => {
    const a = analyze('select x.a from some_db.some_table as x');
    assert.deepEqual(lineageOf(a), ['a <- some_db.some_table.a [passthrough]']);
    assert.deepEqual(a.tables, [{ parts: ['some_db', 'some_table'], key: undefined, alias: 'x', start: 16, end: 34 }]);
  });

  it('traces through subqueries in FROM, scalar subqueries and column alias lists', () => {
    const a = analyze(`
      select t.a, t.b, (select max(amount) from main.payments p where p.order_id = t.a) as max_paid
      from (select id, status from main.orders) as t(a, b)`);
    assert.deepEqual(lineageOf(a), [
      'a <- main.orders.id [renamed]',
      'b <- main.orders.status [renamed]',
      'max_paid <- main.payments.amount [derived]',
    ]);
    assert.deepEqual(a.tables.map((t) => t.key), ['main.orders', 'main.payments']);
  });

  it('excludes CTE names from tables but includes tables of unused CTEs and of WHERE subqueries', () => {
    const a = analyze(`
      with unused as (select * from main.payments), o as (select * from main.orders)
      select id from o where customer_id in (select id from main.customers) and exists (select 1 from raw.clicks)`);
    assert.deepEqual(a.tables.map((t) => t.key), ['main.payments', 'main.orders', 'main.customers', 'raw.clicks']);
  });

  it('resolves correlated references to the outer query', () => {
    const a = analyze(`
      select o.id, (select max(p.amount) + o.amount from main.payments p where p.order_id = o.id) as n
      from main.orders o`);
    assert.deepEqual(lineageOf(a)[1], 'n <- main.payments.amount, main.orders.amount [derived]');
  });

  it('lets a CTE named like a table read the physical table inside its own body', () => {
    const a = analyze('with orders as (select id, status from main.orders) select * from orders');
    assert.deepEqual(a.tables.map((t) => t.key), ['main.orders']);
    const b = analyze('with orders as (select id from orders) select id from orders', 'duckdb', catalog({ orders: ['id'] }));
    assert.deepEqual(b.tables.map((t) => [t.parts, t.key]), [[['orders'], 'orders']]);
    assert.deepEqual(lineageOf(b), ['id <- orders.id [passthrough]']);
  });

  it('lets a later select item use an earlier alias (lateral column alias)', () => {
    const a = analyze('select amount * 2 as doubled, doubled + 1 as plus_one from main.orders');
    assert.deepEqual(lineageOf(a), ['doubled <- main.orders.amount [derived]', 'plus_one <- main.orders.amount [derived]']);
  });

  it('handles recursive CTEs without looping', () => {
    const a = analyze(`
      with recursive nums as (select 1 as n union all select n + 1 from nums where n < 10)
      select n from nums`);
    assert.deepEqual(a.errors, []);
    assert.deepEqual(lineageOf(a), ['n <-  [derived]']);
  });

  it('gives VALUES columns dialect names and alias lists their names', () => {
    assert.deepEqual(namesOf(analyze('select * from (values (1, \'a\')) as v(id, label)')), ['id', 'label']);
    assert.deepEqual(namesOf(analyze('values (1, 2)')), ['col0', 'col1']);
    assert.deepEqual(namesOf(analyze('values (1, 2)', 'postgres')), ['column1', 'column2']);
  });

  it('traces table functions and lambdas without binding lambda parameters to columns', () => {
    const a = analyze(`select u.tag, list_transform(tags, x -> upper(x)) as up from raw.events e, unnest(e.tags) as u(tag)`);
    assert.deepEqual(lineageOf(a), ['tag <- raw.events.tags [derived]', 'up <- raw.events.tags [derived]']);
  });

  it('uses the resolver key, not the written name, as the source table', () => {
    const resolve = catalog({ 'model.shop.stg_orders': ['order_id'] });
    const a = analyze('select order_id from "analytics"."main"."stg_orders"', 'duckdb', (parts) =>
      parts[parts.length - 1] === 'stg_orders' ? resolve(['stg_orders']) : undefined,
    );
    assert.deepEqual(lineageOf(a), ['order_id <- model.shop.stg_orders.order_id [passthrough]']);
    assert.deepEqual(a.tables[0].parts, ['analytics', 'main', 'stg_orders']);
  });

  it('asks the resolver once per distinct table name and survives a throwing resolver', () => {
    let calls = 0;
    analyze('select * from main.orders a join main.orders b on a.id = b.id join main.orders c on 1=1', 'duckdb', (p) => {
      calls++;
      return { key: p.join('.') };
    });
    assert.equal(calls, 1);
    const a = analyze('select id from main.orders', 'duckdb', () => {
      throw new Error('boom');
    });
    assert.deepEqual(lineageOf(a), ['id <- main.orders.id [passthrough]']);
  });
});
