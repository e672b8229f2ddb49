import * as assert from 'node:assert/strict';
import { catalogFromAnalysis } from './catalog';
import { dbtTestSpecs } from './dbt_tests';
import { analysis, node } from './testing/fixtures';
import type { ModelDef, Project } from '../project/types';
import { analyzeProject, DEFAULT_TARGET } from '../analysis/analyze_project';
import { inputOf, MINIMAL_PROJECT_YML } from '../project/test_support';

/** dim_customers with versions 1 and 2 where latest_version is 1 (not the highest), as dbt allows. */
function versioned() {
  const v = (n: number) => ({
    ...node({ name: 'dim_customers', identifier: `dim_customers_v${n}`, columns: ['customer_id'], tests: [{ name: 'unique', column: 'customer_id' }] }),
    uniqueId: `model.shop.dim_customers.v${n}`,
    version: n,
    latestVersion: 1,
  });
  const a = analysis([v(1), v(2), node({ name: 'orders', columns: ['order_id'] })]);
  const model = (n: number) => ({ uniqueId: `model.shop.dim_customers.v${n}`, name: 'dim_customers', packageName: 'shop', version: n, props: { name: 'dim_customers', latestVersion: 1 } });
  (a as { project: Project }).project = { config: { name: 'shop' }, models: [model(1), model(2)] as unknown as ModelDef[] } as Project;
  return a;
}

describe('check catalog and versioned models', () => {
  it('resolves a bare name and ref() to the latest version, as ref() does, not to the last one listed', () => {
    const c = catalogFromAnalysis(versioned());
    assert.equal(c.resolve('dim_customers')?.id, 'model.shop.dim_customers.v1');
    assert.equal(c.resolve('model:dim_customers')?.id, 'model.shop.dim_customers.v1');
    assert.equal(c.resolve("ref('dim_customers')")?.id, 'model.shop.dim_customers.v1');
  });

  it('resolves ref(name, v=N) and name.vN to that version', () => {
    const c = catalogFromAnalysis(versioned());
    assert.equal(c.resolve("ref('dim_customers', v=2)")?.id, 'model.shop.dim_customers.v2');
    assert.equal(c.resolve('ref("dim_customers", version="2")')?.id, 'model.shop.dim_customers.v2');
    assert.equal(c.resolve("ref('shop', 'dim_customers', v=2)")?.id, 'model.shop.dim_customers.v2');
    assert.equal(c.resolve('dim_customers.v2')?.id, 'model.shop.dim_customers.v2');
    assert.equal(c.resolve("ref('dim_customers', v=3)"), undefined, 'a version that does not exist is unknown');
  });

  it('names each version in reports, so two versions’ results are told apart', () => {
    const a = versioned();
    const c = catalogFromAnalysis(a);
    assert.equal(c.resolve('model.shop.dim_customers.v2')?.display, 'dim_customers.v2');
    assert.equal(c.resolve('orders')?.display, 'orders');
    const specs = dbtTestSpecs(a, c);
    assert.deepEqual(specs.map((s) => s.dataset.display).sort(), ['dim_customers.v1', 'dim_customers.v2']);
  });

  it('runs a relationships test whose to: names a version', () => {
    const a = versioned();
    const orders = a.nodes.get('model.shop.orders')!;
    orders.tests.push({ name: 'relationships', column: 'order_id', args: { to: "ref('dim_customers', v=2)", field: 'customer_id' }, config: {}, file: 'models/schema.yml', range: orders.range! });
    const spec = dbtTestSpecs(a, catalogFromAnalysis(a), (id) => id === orders.uniqueId)[0];
    assert.match(JSON.stringify(spec), /dim_customers_v2/, 'the parent relation is version 2’s');
  });
});

describe('check catalog of an analysed project with versions', () => {
  it('takes the greatest version for a bare name when latest_version is not set, as ref() does', () => {
    const a = analyzeProject(
      inputOf({
        'dbt_project.yml': MINIMAL_PROJECT_YML,
        'models/dim_v1.sql': 'select 1 as id',
        'models/dim_v2.sql': 'select 1 as id',
        'models/dim_v10.sql': 'select 1 as id',
        'models/props.yml': 'version: 2\nmodels:\n  - name: dim\n    versions:\n      - v: 1\n      - v: 2\n      - v: 10\n',
      }),
      { dialect: 'duckdb', target: DEFAULT_TARGET },
    );
    const c = catalogFromAnalysis(a);
    assert.equal(c.resolve('dim')?.id, 'model.acme.dim.v10');
    assert.deepEqual(a.refIndex.resolve('dim', undefined, undefined, 'acme'), { kind: 'ok', uniqueId: 'model.acme.dim.v10' });
    assert.equal(c.resolve("ref('dim')")?.id, 'model.acme.dim.v10');
  });
});
