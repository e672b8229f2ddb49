import { createTestWarehouse } from './testing/duckdb_test_warehouse';
import { analysis, node } from './testing/fixtures';
import { buildCheckPlan } from './build_plan';
import { runChecks } from './run_checks';
import { openHistory } from './history';
it('smoke', async () => {
  const w = await createTestWarehouse();
  await w.exec(`create table orders(order_id int, email varchar, status varchar, amount decimal(10,2), updated_at timestamp, country varchar)`);
  await w.exec(`insert into orders values (1,'a@x.com','placed',10,'2024-01-01 10:00','DE'),(2,null,'lost',-5,'2024-01-02','FR'),(2,'bad','shipped',30,'2024-01-03','FR')`);
  const a = analysis([node({ name: 'orders', columns: ['order_id','email','status','amount','updated_at','country'], tests: [{name:'unique', column:'order_id'}, {name:'not_null', column:'email'}, {name:'accepted_values', column:'status', args:{values:['placed','shipped']}}, {name: 'dbt_expectations.foo'}] })]);
  const text = `checks:
  - dataset: orders
    checks:
      - row_count > 0
      - row_count change < 20%
      - missing_count(email) = 0
      - duplicate_count(order_id) = 0
      - invalid_count(status) = 0: { valid_values: [placed, shipped] }
      - invalid_count(email) = 0: { valid_format: email }
      - freshness(updated_at) < 6h
      - schema: { required: [order_id], forbidden: [ssn], types: { amount: decimal } }
      - anomaly(row_count): { timestamp: updated_at }
      - distribution(amount): { reference: { where: "country = 'DE'" } }
      - metric(avg_amount) between 0 and 20: { sql: "avg(amount)", group_by: [country] }
      - failed_rows: { condition: "amount < 0" }
      - reconcile: { against: orders, key: [order_id] }
`;
  const plan = buildCheckPlan({ analysis: a, checkFiles: new Map([['models/orders.checks.yml', text]]) });
  console.log(plan.diagnostics);
  const h = await openHistory(':memory:');
  const res = await runChecks(plan.specs, w, { now: new Date('2024-01-03T12:00:00Z'), history: h });
  for (const r of res) console.log(r.status, r.check, r.value, r.message, JSON.stringify(r.samples));
  console.log(w.log.length, w.log[0]);
});
