/**
 * The shop fixture in SQL that DuckDB and Postgres both run, so the same
 * check suite can be executed against either engine.
 */
import { analysis, node } from './fixtures';
import type { ProjectAnalysis } from '../../analysis/api';

export function portableShopSql(schema: string): string[] {
  const s = `"${schema}"`;
  const days = Array.from({ length: 30 }, (_, d) => d);
  const events = days.flatMap((d) => {
    const n = d === 29 ? 1 : 10 + (d % 3);
    return Array.from({ length: n }, (_, k) => `(${d * 100 + k}, timestamp '2024-01-01 00:00:00' + interval '${d} day' + interval '${k} minute', ${(k % 10) + (d >= 27 ? 50 : 0)})`);
  });
  return [
    `create schema ${s}`,
    `create table ${s}.customers(customer_id integer, email varchar(100), country varchar(2))`,
    `insert into ${s}.customers values (1, 'ann@example.com', 'DE'), (2, null, 'FR'), (3, 'cy@example.com', 'DE'), (4, 'dee@example.org', 'US')`,
    `create table ${s}.orders(order_id integer, customer_id integer, status varchar(20), amount numeric(10,2), order_date date, updated_at timestamp)`,
    `insert into ${s}.orders values
      (100, 1, 'placed', 20.00, date '2024-03-10', timestamp '2024-03-10 10:00:00'),
      (101, 2, 'shipped', 35.50, date '2024-03-10', timestamp '2024-03-10 11:00:00'),
      (102, 3, 'completed', 12.25, date '2024-03-11', timestamp '2024-03-11 09:00:00'),
      (103, 1, 'lost', 50.00, date '2024-03-12', timestamp '2024-03-12 08:00:00'),
      (104, 4, 'returned', 80.00, date '2024-03-12', timestamp '2024-03-12 12:00:00')`,
    `create table ${s}.payments(payment_id integer, order_id integer, amount numeric(10,2))`,
    `insert into ${s}.payments values (1, 100, 20.00), (2, 101, 35.50), (2, 101, 35.50), (3, 102, -12.25), (4, 103, 50.00), (5, 104, 80.00)`,
    `create table ${s}.products(product_id integer, name varchar(20))`,
    `insert into ${s}.products values (1, 'mug'), (2, 'tee')`,
    `create table ${s}.order_items(order_id integer, product_id integer, quantity integer)`,
    `insert into ${s}.order_items values (100, 1, 1), (101, 2, 2), (102, 9, 1), (103, 1, 3)`,
    `create table ${s}.orders_rt(id integer, status varchar(20), amount numeric(10,2))`,
    `insert into ${s}.orders_rt select order_id, status, case when order_id = 100 then 99 else amount end from ${s}.orders where order_id <> 104`,
    `create table ${s}.events(id integer, created_at timestamp, v integer)`,
    `insert into ${s}.events values ${events.join(', ')}`,
    `create table ${s}."we""ird"("a""b" integer, "it's" varchar(10))`,
    `insert into ${s}."we""ird" values (1, 'o''k'), (null, null)`,
  ];
}

export function portableShopAnalysis(schema: string): ProjectAnalysis {
  return analysis([
    node({ name: 'customers', schema, columns: ['customer_id', 'email', 'country'] }),
    node({
      name: 'orders',
      schema,
      columns: ['order_id', 'customer_id', 'status', 'amount', 'order_date', 'updated_at'],
      tests: [
        { name: 'unique', column: 'order_id' },
        { name: 'not_null', column: 'customer_id' },
        { name: 'accepted_values', column: 'status', args: { values: ['placed', 'shipped', 'completed', 'returned'] } },
        { name: 'relationships', column: 'customer_id', args: { to: "ref('customers')", field: 'customer_id' } },
        { name: 'dbt_utils.accepted_range', column: 'amount', args: { min_value: 0, max_value: 100 } },
        { name: 'dbt_utils.not_null_proportion', column: 'customer_id', args: { at_least: 0.9 } },
        { name: 'dbt_utils.expression_is_true', args: { expression: 'amount > 0' } },
        { name: 'dbt_utils.recency', args: { datepart: 'day', field: 'updated_at', interval: 1 } },
        { name: 'dbt_utils.equal_rowcount', args: { compare_model: "ref('customers')" } },
        { name: 'dbt_utils.unique_combination_of_columns', args: { combination_of_columns: ['customer_id', 'order_date'] } },
      ],
    }),
    node({ name: 'payments', schema, columns: ['payment_id', 'order_id', 'amount'], tests: [{ name: 'unique', column: 'payment_id', config: { warnIf: '> 0', errorIf: '> 5' } }] }),
    node({ type: 'seed', name: 'products', schema, columns: ['product_id', 'name'] }),
    node({ name: 'order_items', schema, columns: ['order_id', 'product_id', 'quantity'] }),
    node({ type: 'source', source: 'rt', name: 'orders', schema, identifier: 'orders_rt', columns: ['id', 'status', 'amount'] }),
    node({ name: 'events', schema, columns: ['id', 'created_at', 'v'] }),
    node({ name: 'weird', schema, identifier: 'we"ird', columns: ['a"b', "it's"] }),
  ]);
}

/** One check file exercising every kind, and what each must yield on any engine. */
export const PORTABLE_CHECKS = `checks:
  - dataset: customers
    checks:
      - row_count = 4
      - missing_count(email) = 0
      - missing_percent(email) < 50%
      - invalid_count(email) = 0: { valid_format: email }
      - invalid_count(email) = 0: { valid_regex: "[a-z]+@example[.]com", name: regex }
      - invalid_count(country) = 0: { valid_values: [DE, FR] }
      - invalid_count(customer_id) = 0: { valid_min: 1, valid_max: 3, name: range }
      - invalid_count(country) = 0: { valid_length: 2, name: length }
      - distinct_count(country) = 3
      - avg_length(country) = 2
      - duplicate_count(country) = 0
  - dataset: orders
    where: "order_id > 0"
    checks:
      - min(amount) >= 0
      - max(amount) <= 100
      - avg(amount) between 30 and 50
      - sum(amount) > 1000
      - stddev(amount) < 100
      - freshness(updated_at) < 1d
      - freshness(order_date) < 12h: { name: date freshness }
      - row_count between 1 and 3: { where: "status in ('placed', 'shipped')" }
      - metric(big) = 1: { sql: "sum(case when amount >= 80 then 1 else 0 end)" }
      - metric(avg_amount) between 10 and 60: { sql: "avg(amount)", group_by: [customer_id] }
      - failed_rows: { condition: "status = 'lost'" }
      - schema: { required: [order_id, status], forbidden: [ssn], types: { amount: decimal, order_id: integer, order_date: date, status: varchar, updated_at: timestamp } }
      - reconcile: { against: "source:rt.orders", key: [order_id], against_key: [id], columns: [status, amount] }
      - row_count change < 20%
      - distribution(status): { categorical: true, reference: { where: "order_id < 102" }, where: "order_id >= 102", max: 100 }
  - dataset: payments
    checks:
      - duplicate_count(payment_id) = 0
      - duplicate_percent(payment_id, order_id) < 10%
  - dataset: order_items
    checks:
      - reference(product_id): { dataset: "seed:products", column: product_id }
  - dataset: events
    checks:
      - anomaly(row_count): { timestamp: created_at }
      - distribution(v) < 0.3: { reference: { where: "created_at < timestamp '2024-01-20'" }, where: "created_at >= timestamp '2024-01-20'" }
      - distribution(v): { method: psi, max: 0.5, reference: { where: "created_at < timestamp '2024-01-20'" }, where: "created_at >= timestamp '2024-01-28'", name: late psi }
  - dataset: weird
    checks:
      - 'missing_count(a"b) = 0'
      - "invalid_count(it's) = 0": { valid_values: ["o'k", "'); drop table orders; --"] }
`;

export const PORTABLE_NOW = new Date('2024-03-12T15:00:00Z');

/** [check (or name), status, value] in result order: checks file first, then dbt tests. */
export const PORTABLE_EXPECTED: [string, string, number | null][] = [
  ['row_count = 4', 'pass', 4],
  ['missing_count(email) = 0', 'fail', 1],
  ['missing_percent(email) < 50%', 'pass', 25],
  ['invalid_count(email) = 0', 'pass', 0],
  ['regex', 'fail', 1],
  ['invalid_count(country) = 0', 'fail', 1],
  ['range', 'fail', 1],
  ['length', 'pass', 0],
  ['distinct_count(country) = 3', 'pass', 3],
  ['avg_length(country) = 2', 'pass', 2],
  ['duplicate_count(country) = 0', 'fail', 1],
  ['min(amount) >= 0', 'pass', 12.25],
  ['max(amount) <= 100', 'pass', 80],
  ['avg(amount) between 30 and 50', 'pass', 39.55],
  ['sum(amount) > 1000', 'fail', 197.75],
  ['stddev(amount) < 100', 'pass', 26.87610463],
  ['freshness(updated_at) < 1d', 'pass', 3 * 3600],
  ['date freshness', 'fail', 15 * 3600],
  ['row_count between 1 and 3', 'pass', 2],
  ['metric(big) = 1', 'pass', 1],
  ['metric(avg_amount) between 10 and 60', 'fail', 1],
  ['failed_rows', 'fail', 1],
  ['schema', 'pass', 0],
  ['reconcile', 'fail', 2],
  ['row_count change < 20%', 'pass', 0],
  ['distribution(status)', 'pass', null],
  ['duplicate_count(payment_id) = 0', 'fail', 1],
  ['duplicate_percent(payment_id, order_id) < 10%', 'fail', 16.66666667],
  ['reference(product_id)', 'fail', 1],
  ['anomaly(row_count)', 'fail', 1],
  ['distribution(v) < 0.3', 'pass', null],
  ['late psi', 'fail', null],
  ['missing_count(a"b) = 0', 'fail', 1],
  ["invalid_count(it's) = 0", 'pass', 0],
  ['unique(order_id)', 'pass', 0],
  ['not_null(customer_id)', 'pass', 0],
  ['accepted_values(status)', 'fail', 1],
  ["relationships(customer_id, ref('customers').customer_id)", 'pass', 0],
  ['dbt_utils.accepted_range(amount)', 'pass', 0],
  ['dbt_utils.not_null_proportion(customer_id)', 'pass', 1],
  ['dbt_utils.expression_is_true(amount > 0)', 'pass', 0],
  ['dbt_utils.recency(updated_at 1 day)', 'pass', 3 * 3600],
  ["dbt_utils.equal_rowcount(ref('customers'))", 'fail', 1],
  ['dbt_utils.unique_combination_of_columns(customer_id, order_date)', 'pass', 0],
  ['unique(payment_id)', 'warn', 1],
];
