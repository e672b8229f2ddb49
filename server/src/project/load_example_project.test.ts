import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { readProjectInput } from '../io/discover';
import { loadProject } from './load';
import type { Project } from './types';

const SHOP = path.resolve(__dirname, '../../../examples/shop');

describe('loading the example project examples/shop', () => {
  let project: Project;
  before(async () => {
    project = loadProject(await readProjectInput(SHOP, {}));
  });

  it('loads without diagnostics', () => {
    assert.deepEqual(project.diagnostics, []);
  });

  it('reads the project config', () => {
    assert.equal(project.config.name, 'shop');
    assert.equal(project.config.profile, 'shop');
    assert.equal(project.config.version, '1.0.0');
    assert.deepEqual(project.config.modelPaths, ['models']);
    assert.deepEqual(project.config.vars.payment_methods, ['credit_card', 'coupon', 'bank_transfer', 'gift_card']);
    assert.equal(project.configFile, 'dbt_project.yml');
    assert.deepEqual(project.configNameRange, { start: { line: 2, character: 6 }, end: { line: 2, character: 10 } });
  });

  it('scopes the package var revenue_statuses to the shop package', () => {
    const vars = project.config.packageVars!.shop;
    assert.deepEqual(vars.revenue_statuses, ['shipped', 'completed']);
    assert.deepEqual(vars.payment_methods, ['credit_card', 'coupon', 'bank_transfer', 'gift_card']);
    assert.equal('shop' in vars, false);
  });

  it('finds every model, seed, snapshot, source, macro, singular test and analysis', () => {
    assert.deepEqual(project.models.map((m) => m.name).sort(), [
      'customers', 'int_order_payments', 'order_items', 'orders', 'stg_customers', 'stg_order_items', 'stg_orders', 'stg_payments', 'stg_products',
    ]);
    assert.deepEqual(project.seeds.map((s) => s.name).sort(), ['raw_customers', 'raw_order_items', 'raw_orders', 'raw_payments', 'raw_products']);
    assert.deepEqual(project.snapshots.map((s) => s.uniqueId), ['snapshot.shop.customers_snapshot']);
    assert.deepEqual(project.sources.map((s) => s.uniqueId).sort(), [
      'source.shop.raw.customers', 'source.shop.raw.order_items', 'source.shop.raw.orders', 'source.shop.raw.payments', 'source.shop.raw.products',
    ]);
    assert.deepEqual(project.macroFiles.map((m) => m.file), ['macros/cents_to_dollars.sql']);
    assert.deepEqual(project.singularTests.map((t) => t.name), ['assert_order_amount_not_negative']);
    assert.deepEqual(project.analyses?.map((a) => a.uniqueId), ['analysis.shop.monthly_revenue']);
    assert.deepEqual(project.disabledModels, []);
    assert.deepEqual(project.packages, []);
  });

  it('gives every node a unique id of the form <type>.<package>.<name>', () => {
    const ids = [...project.models, ...project.seeds, ...project.snapshots, ...project.sources].map((n) => n.uniqueId);
    assert.equal(new Set(ids).size, ids.length);
    assert.ok(project.models.every((m) => m.uniqueId === `model.shop.${m.name}` && m.packageName === 'shop'));
  });

  it('resolves folder configs: staging views, marts tables, tags per folder', () => {
    const byName = new Map(project.models.map((m) => [m.name, m]));
    assert.equal(byName.get('stg_orders')!.config.materialized, 'view');
    assert.deepEqual(byName.get('stg_orders')!.config.tags, ['staging']);
    assert.equal(byName.get('orders')!.config.materialized, 'table');
    assert.deepEqual(byName.get('orders')!.config.tags, ['marts']);
    assert.equal(byName.get('int_order_payments')!.config.materialized, 'view');
    assert.equal(project.snapshots[0].config.target_schema, 'snapshots');
  });

  it('merges properties config: the contract on order_items is enforced', () => {
    const items = project.models.find((m) => m.name === 'order_items')!;
    assert.equal(items.config.contractEnforced, true);
    assert.equal(items.config.materialized, 'table');
    const id = items.props!.columns.find((c) => c.name === 'order_item_id')!;
    assert.deepEqual(id.constraints.map((c) => c.type), ['not_null', 'primary_key']);
    assert.equal(id.dataType, 'bigint');
  });

  it('reads seed columns from the CSV headers', () => {
    const payments = project.seeds.find((s) => s.name === 'raw_payments')!;
    assert.deepEqual(payments.columns, ['id', 'order_id', 'payment_method', 'amount', 'created_at', '_loaded_at']);
    assert.deepEqual(project.seeds.find((s) => s.name === 'raw_products')!.config.column_types, { price: 'bigint' });
  });

  it('reads tests in every form: string, mapping, data_tests, arguments:, config:, namespaced', () => {
    const payments = project.models.find((m) => m.name === 'stg_payments')!.props!;
    const tests = payments.columns.flatMap((c) => c.tests.map((t) => ({ name: t.name, column: t.column, args: t.args, config: t.config })));
    assert.deepEqual(tests, [
      { name: 'unique', column: 'payment_id', args: {}, config: {} },
      { name: 'not_null', column: 'payment_id', args: {}, config: {} },
      { name: 'not_null', column: 'order_id', args: {}, config: {} },
      { name: 'relationships', column: 'order_id', args: { to: "ref('stg_orders')", field: 'order_id' }, config: {} },
      { name: 'accepted_values', column: 'payment_method', args: { values: ['credit_card', 'coupon', 'bank_transfer', 'gift_card'] }, config: { severity: 'warn' } },
      { name: 'dbt_utils.accepted_range', column: 'amount_cents', args: { min_value: 0, inclusive: true }, config: {} },
    ]);
    const orders = project.models.find((m) => m.name === 'orders')!.props!;
    assert.deepEqual(orders.tests.map((t) => [t.name, t.args, t.config]), [['dbt_utils.expression_is_true', { expression: 'amount >= 0' }, { severity: 'warn' }]]);
    const quantity = project.models.find((m) => m.name === 'stg_order_items')!.props!.columns.find((c) => c.name === 'quantity')!;
    assert.deepEqual(quantity.tests[1].config, { where: 'order_id is not null' });
  });

  it('keeps the range of each test name and column name', () => {
    const status = project.models.find((m) => m.name === 'stg_orders')!.props!.columns.find((c) => c.name === 'status')!;
    // models/staging/_staging.yml:  "      - name: status" (line 43, 0-based) and "          - accepted_values:" (line 47)
    assert.deepEqual(status.nameRange, { start: { line: 43, character: 14 }, end: { line: 43, character: 20 } });
    assert.deepEqual(status.tests[0].range, { start: { line: 47, character: 12 }, end: { line: 47, character: 27 } });
  });

  it('keeps the deliberate drift: customers declares lifetime_value_usd', () => {
    const customers = project.models.find((m) => m.name === 'customers')!;
    const names = customers.props!.columns.map((c) => c.name);
    assert.ok(names.includes('lifetime_value_usd'));
    assert.ok(!names.includes('lifetime_value'));
    assert.match(customers.rawSql, /as lifetime_value\n/);
  });

  it('leaves the deliberately untested models without tests', () => {
    const products = project.models.find((m) => m.name === 'stg_products')!;
    assert.equal(products.props!.columns.flatMap((c) => c.tests).length + products.props!.tests.length, 0);
    assert.equal(project.models.find((m) => m.name === 'int_order_payments')!.props, undefined);
  });

  it('inherits source settings into tables and applies per-table overrides', () => {
    const byName = new Map(project.sources.map((s) => [s.name, s]));
    const customers = byName.get('customers')!;
    assert.equal(customers.schema, 'main');
    assert.equal(customers.identifier, 'raw_customers');
    assert.equal(customers.loadedAtField, '_loaded_at');
    assert.deepEqual(customers.freshness, { warnAfter: { count: 12, period: 'hour' }, errorAfter: { count: 24, period: 'hour' } });
    // orders overrides warn_after and adds a filter, error_after is inherited
    assert.deepEqual(byName.get('orders')!.freshness, {
      warnAfter: { count: 6, period: 'hour' }, errorAfter: { count: 24, period: 'hour' }, filter: 'order_date >= current_date - interval 30 day',
    });
    // freshness: null disables it
    assert.equal(byName.get('products')!.freshness, undefined);
    assert.equal(byName.get('order_items')!.loadedAtField, undefined);
    assert.deepEqual(customers.columns[0].tests.map((t) => t.name), ['unique', 'not_null']);
    assert.deepEqual(customers.sourceNameRange, { start: { line: 3, character: 10 }, end: { line: 3, character: 13 } });
  });

  it('lists every properties entry with its name range', () => {
    assert.equal(project.propertyEntries.length, 11);
    assert.ok(project.propertyEntries.some((e) => e.kind === 'snapshots' && e.name === 'customers_snapshot'));
    assert.ok(project.propertyEntries.some((e) => e.kind === 'seeds' && e.name === 'raw_products'));
  });

  it('cuts the snapshot block body and keeps its offset in the file', () => {
    const snap = project.snapshots[0];
    assert.ok(snap.rawSql.includes("strategy='check'"));
    assert.ok(!snap.rawSql.includes('endsnapshot'));
    assert.equal(snap.props?.description, 'History of customer names and emails (check strategy).');
  });
});
