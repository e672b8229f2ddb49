import * as assert from 'node:assert/strict';
import { Dag } from './graph';
import { select, selectInAnalysis, SelectorError, type SelectableNode } from './selector';
import { analyzeProject, DEFAULT_TARGET } from '../analysis/analyze_project';
import { inputOf, MINIMAL_PROJECT_YML } from '../project/test_support';

const model = (name: string, version?: number, latestVersion?: number): SelectableNode => ({
  uniqueId: version === undefined ? `model.p.${name}` : `model.p.${name}.v${version}`,
  name,
  resourceType: 'model',
  file: version === undefined ? `models/${name}.sql` : `models/${name}_v${version}.sql`,
  tags: [],
  packageName: 'p',
  version,
  latestVersion,
});

// stg → dim v1, v2, v3 (latest 2); v1 → old_report, v3 → beta_report.
const NODES = [model('stg'), model('dim', 1, 2), model('dim', 2, 2), model('dim', 3, 2), model('old_report'), model('beta_report')];
const PARENTS: Record<string, string[]> = {
  'model.p.dim.v1': ['model.p.stg'],
  'model.p.dim.v2': ['model.p.stg'],
  'model.p.dim.v3': ['model.p.stg'],
  'model.p.old_report': ['model.p.dim.v1'],
  'model.p.beta_report': ['model.p.dim.v3'],
};
const DAG = new Dag({ ids: NODES.map((n) => n.uniqueId), parentsOf: (id) => PARENTS[id] ?? [] });
const sel = (s: string) => [...select(s, NODES, DAG)].sort();

describe('selecting versions of versioned models', () => {
  it('selects every version by the model’s name, and one version by name.vN or name_vN', () => {
    assert.deepEqual(sel('dim'), ['model.p.dim.v1', 'model.p.dim.v2', 'model.p.dim.v3']);
    assert.deepEqual(sel('dim.v2'), ['model.p.dim.v2']);
    assert.deepEqual(sel('dim_v2'), ['model.p.dim.v2']);
    assert.deepEqual(sel('p.dim.v2'), ['model.p.dim.v2']);
    assert.deepEqual(sel('dim.v9'), []);
  });

  it('selects by version:latest, prerelease, old and none, compared as dbt compares versions', () => {
    assert.deepEqual(sel('version:latest'), ['model.p.dim.v2']);
    assert.deepEqual(sel('version:prerelease'), ['model.p.dim.v3']);
    assert.deepEqual(sel('version:old'), ['model.p.dim.v1']);
    assert.deepEqual(sel('version:none'), ['model.p.beta_report', 'model.p.old_report', 'model.p.stg']);
    assert.throws(() => sel('version:newest'), (e: Error) => e instanceof SelectorError && /latest.*prerelease.*old.*none/.test(e.message));
  });

  it('applies graph operators to versions selected either way', () => {
    assert.deepEqual(sel('dim.v1+'), ['model.p.dim.v1', 'model.p.old_report']);
    assert.deepEqual(sel('+dim_v3'), ['model.p.dim.v3', 'model.p.stg']);
    assert.deepEqual(sel('version:old+1'), ['model.p.dim.v1', 'model.p.old_report']);
    assert.deepEqual(sel('version:prerelease,dim+'), ['model.p.dim.v3']);
  });

  it('reads each version and the latest from an analysed project', () => {
    const a = analyzeProject(
      inputOf({
        'dbt_project.yml': MINIMAL_PROJECT_YML,
        'models/dim_v1.sql': 'select 1 as id',
        'models/dim_v2.sql': 'select 1 as id',
        'models/dim_v10.sql': 'select 1 as id',
        'models/user.sql': "select * from {{ ref('dim', v=10) }}",
        'models/props.yml': 'models:\n  - name: dim\n    latest_version: 2\n    versions:\n      - v: 1\n      - v: 2\n      - v: 10\n',
      }),
      { dialect: 'duckdb', target: DEFAULT_TARGET },
    );
    const pick = (s: string) => [...selectInAnalysis(a, s)].sort();
    assert.deepEqual(pick('version:latest'), ['model.acme.dim.v2']);
    assert.deepEqual(pick('version:prerelease+'), ['model.acme.dim.v10', 'model.acme.user']);
    // Without the project (a snapshot view, the CLI's), the nodes still carry the versions and latest_version.
    const view = { nodes: a.nodes };
    assert.deepEqual([...selectInAnalysis(view, 'dim.v10')], ['model.acme.dim.v10']);
    assert.deepEqual([...selectInAnalysis(view, 'version:latest')], ['model.acme.dim.v2']);
    assert.equal(a.nodes.get('model.acme.dim.v10')!.latestVersion, 2);
  });
});
