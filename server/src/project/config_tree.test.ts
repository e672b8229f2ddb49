import * as assert from 'node:assert/strict';
import { configForPath } from './config_tree';
import { mergeConfig, normalizeConfig } from './node_config';

describe('resolving folder configs from dbt_project.yml', () => {
  const tree = {
    '+persist_docs': { relation: true },
    shop: {
      '+materialized': 'view',
      '+tags': 'all',
      staging: { '+tags': ['staging'], '+schema': 'stg', legacy: { '+enabled': false } },
      marts: {
        materialized: 'table', // without the + prefix, a known config is still a config
        finance: { '+meta': { owner: 'fin' }, revenue: { '+materialized': 'incremental', '+unique_key': ['a', 'b'] } },
        '+contract': { enforced: true },
      },
      tags: { '+materialized': 'ephemeral' }, // a folder named like a config, marked as a folder by its + children
    },
    other_pkg: { '+materialized': 'ephemeral' },
  };

  it('applies configs from the package down to the deepest matching folder', () => {
    assert.deepEqual(configForPath(tree, 'shop', ['staging'], 'stg_a'), {
      persist_docs: { relation: true }, materialized: 'view', tags: ['all', 'staging'], schema: 'stg',
    });
  });
  it('accumulates tags and lets deeper folders override scalars', () => {
    const c = configForPath(tree, 'shop', ['marts', 'finance'], 'x');
    assert.equal(c.materialized, 'table');
    assert.deepEqual(c.tags, ['all']);
    assert.deepEqual(c.meta, { owner: 'fin' });
    assert.equal(c.contractEnforced, true);
  });
  it('applies a config keyed by the node name', () => {
    const c = configForPath(tree, 'shop', ['marts', 'finance'], 'revenue');
    assert.equal(c.materialized, 'incremental');
    assert.deepEqual(c.uniqueKey, ['a', 'b']);
  });
  it('disables a whole folder with +enabled: false', () => {
    assert.equal(configForPath(tree, 'shop', ['staging', 'legacy', 'deeper'], 'm').enabled, false);
    assert.equal(configForPath(tree, 'shop', ['staging'], 'm').enabled, undefined);
  });
  it('keeps packages apart and ignores folders that are not in the tree', () => {
    assert.equal(configForPath(tree, 'other_pkg', ['staging'], 'm').materialized, 'ephemeral');
    assert.deepEqual(configForPath(tree, 'unknown', [], 'm'), { persist_docs: { relation: true } });
    assert.equal(configForPath(tree, 'shop', ['nowhere'], 'm').materialized, 'view');
  });
  it('treats a +tags key as a config but a folder mapping named "tags" as a folder', () => {
    assert.equal(configForPath(tree, 'shop', ['tags'], 'm').materialized, 'ephemeral');
  });
  it('normalises config spellings and merges YAML config over folder config', () => {
    const folder = normalizeConfig({ '+materialized': 'view', '+tags': ['a'], '+meta': { x: 1 } });
    const yaml = normalizeConfig({ materialized: 'table', tags: 'b', meta: { y: 2 }, enabled: 'false', contract: { enforced: true } });
    assert.deepEqual(mergeConfig(folder, yaml), { materialized: 'table', tags: ['a', 'b'], meta: { x: 1, y: 2 }, enabled: false, contractEnforced: true, contract: { enforced: true } });
  });
});
