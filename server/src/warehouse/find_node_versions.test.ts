import * as assert from 'node:assert/strict';
import { findNode } from './diff_node';
import { analysis, node } from '../checks/testing/fixtures';
import type { ModelDef, Project } from '../project/types';

describe('finding the node to diff or preview, with versioned models', () => {
  const a = analysis([1, 2].map((n) => ({ ...node({ name: 'dim_customers', identifier: `dim_customers_v${n}` }), uniqueId: `model.shop.dim_customers.v${n}` })));
  const def = (n: number) => ({ uniqueId: `model.shop.dim_customers.v${n}`, name: 'dim_customers', packageName: 'shop', version: n, props: { name: 'dim_customers', latestVersion: 1 } });
  (a as { project: Project }).project = { config: { name: 'shop' }, models: [def(1), def(2)] as unknown as ModelDef[] } as Project;

  it('takes a versioned model’s name as its latest_version, as ref() does, instead of calling it ambiguous', () => {
    assert.equal(findNode(a, 'dim_customers').uniqueId, 'model.shop.dim_customers.v1');
  });

  it('takes name.vN as that version', () => {
    assert.equal(findNode(a, 'dim_customers.v2').uniqueId, 'model.shop.dim_customers.v2');
    assert.throws(() => findNode(a, 'dim_customers.v3'), /no model, seed or snapshot named "dim_customers.v3"/);
  });
});
