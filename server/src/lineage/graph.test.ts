import * as assert from 'assert';
import { Dag } from './graph';
import { select, SelectorError, type SelectableNode } from './selector';

function dagOf(edges: Record<string, string[]>): Dag {
  const ids = Object.keys(edges);
  return new Dag({ ids, parentsOf: (id) => edges[id] ?? [] });
}

describe('Dag', () => {
  const dag = dagOf({ a: [], b: ['a'], c: ['b'], d: ['b', 'a'], e: ['d', 'missing'] });

  it('walks upstream and downstream with hop distances and a depth limit', () => {
    assert.deepStrictEqual([...dag.walk('e', 'up')], [['e', 0], ['d', 1], ['b', 2], ['a', 2]]);
    assert.deepStrictEqual([...dag.walk('a', 'down', 1).keys()].sort(), ['a', 'b', 'd']);
  });

  it('ignores parents that are not nodes', () => {
    assert.deepStrictEqual(dag.parents.get('e'), ['d']);
  });

  it('orders parents before children', () => {
    const order = dag.topologicalOrder();
    for (const [id, ps] of dag.parents) for (const p of ps) assert.ok(order.indexOf(p) < order.indexOf(id), `${p} before ${id}`);
  });

  it('finds cycles, including self loops, and none in a DAG', () => {
    assert.deepStrictEqual(dag.cycles(), []);
    const cyclic = dagOf({ a: ['c'], b: ['a'], c: ['b'], d: ['d'], e: [] });
    const cycles = cyclic.cycles().map((c) => [...c].sort());
    assert.deepStrictEqual(cycles.sort(), [['a', 'b', 'c'], ['d']]);
  });

  it('handles a 20,000-node chain without overflowing the stack', () => {
    const edges: Record<string, string[]> = {};
    for (let i = 0; i < 20000; i++) edges[`n${i}`] = i ? [`n${i - 1}`] : [`n19999`];
    const cycles = dagOf(edges).cycles();
    assert.strictEqual(cycles.length, 1);
    assert.strictEqual(cycles[0].length, 20000);
  });
});

describe('select', () => {
  const edges = {
    'source.p.raw.orders': [],
    'model.p.stg_orders': ['source.p.raw.orders'],
    'model.p.stg_payments': [],
    'model.p.orders': ['model.p.stg_orders', 'model.p.stg_payments'],
    'model.p.report': ['model.p.orders'],
  };
  const dag = dagOf(edges);
  const nodes: SelectableNode[] = [
    { uniqueId: 'source.p.raw.orders', name: 'orders', resourceType: 'source', tags: [], packageName: 'p', sourceQualifiedName: 'raw.orders', file: 'models/staging/_sources.yml' },
    { uniqueId: 'model.p.stg_orders', name: 'stg_orders', resourceType: 'model', tags: ['staging'], packageName: 'p', file: 'models/staging/stg_orders.sql' },
    { uniqueId: 'model.p.stg_payments', name: 'stg_payments', resourceType: 'model', tags: ['staging'], packageName: 'p', file: 'models/staging/stg_payments.sql' },
    { uniqueId: 'model.p.orders', name: 'orders', resourceType: 'model', tags: ['mart'], packageName: 'p', file: 'models/marts/orders.sql' },
    { uniqueId: 'model.p.report', name: 'report', resourceType: 'model', tags: [], packageName: 'p', file: 'models/marts/report.sql' },
  ];
  const sel = (s: string) => [...select(s, nodes, dag)].sort();

  it('selects by name, with ancestors and descendants', () => {
    assert.deepStrictEqual(sel('stg_orders'), ['model.p.stg_orders']);
    assert.deepStrictEqual(sel('stg_orders+'), ['model.p.orders', 'model.p.report', 'model.p.stg_orders']);
    assert.deepStrictEqual(sel('+orders'), ['model.p.orders', 'model.p.stg_orders', 'model.p.stg_payments', 'source.p.raw.orders']);
  });

  it('limits graph operators by depth', () => {
    assert.deepStrictEqual(sel('1+report'), ['model.p.orders', 'model.p.report']);
    assert.deepStrictEqual(sel('stg_orders+1'), ['model.p.orders', 'model.p.stg_orders']);
  });

  it('selects by tag, path, source and resource type; unions and intersections', () => {
    assert.deepStrictEqual(sel('tag:staging'), ['model.p.stg_orders', 'model.p.stg_payments']);
    assert.deepStrictEqual(sel('path:models/marts'), ['model.p.orders', 'model.p.report']);
    assert.deepStrictEqual(sel('source:raw.orders+1'), ['model.p.stg_orders', 'source.p.raw.orders']);
    assert.deepStrictEqual(sel('tag:staging report'), ['model.p.report', 'model.p.stg_orders', 'model.p.stg_payments']);
    assert.deepStrictEqual(sel('tag:staging,stg_p*'), ['model.p.stg_payments']);
    assert.deepStrictEqual(sel('resource_type:source'), ['source.p.raw.orders']);
  });

  it('matches names of models, not of sources that share them', () => {
    assert.deepStrictEqual(sel('orders'), ['model.p.orders']);
  });

  it('rejects malformed selectors with a clear error', () => {
    assert.throws(() => sel('bogus:x'), SelectorError);
    assert.throws(() => sel('+'), SelectorError);
  });
});
