import * as assert from 'node:assert/strict';
import { analyzeProject, DEFAULT_TARGET } from './analyze_project';
import { inputOf, MINIMAL_PROJECT_YML } from '../project/test_support';
import type { ModelResult } from './model_result';

const OPTIONS = { dialect: 'duckdb' as const, target: DEFAULT_TARGET };

function analyze(files: Record<string, string>, env: Record<string, string> = {}, memo?: ReadonlyMap<string, ModelResult>) {
  return analyzeProject(inputOf({ 'dbt_project.yml': MINIMAL_PROJECT_YML + 'vars:\n  suffix: from_var\n', ...files }, { env }), { ...OPTIONS, memo });
}

const CHILD = "select * from {{ ref('up') }}";

describe('relations decided by config() values known only after rendering', () => {
  it('takes alias=env_var(...) from the render, for the model, its {{ this }} and the SQL of its children', () => {
    const a = analyze({
      'models/up.sql': "{{ config(alias=env_var('UP_ALIAS', 'up_default')) }}select 1 as id, '{{ this }}' as me",
      'models/child.sql': CHILD,
    }, { UP_ALIAS: 'up_from_env' });
    const up = a.nodes.get('model.acme.up')!;
    assert.equal(up.relation.identifier, 'up_from_env');
    assert.match(a.compiledSql('model.acme.up')!, /'"main"\."up_from_env"' as me/);
    assert.match(a.compiledSql('model.acme.child')!, /from "main"\."up_from_env"/);
    assert.deepEqual(a.nodes.get('model.acme.child')!.columns.map((c) => c.name), ['id', 'me']);
  });

  it('takes alias=var(...), schema=… ~ target.name and database=… from the render', () => {
    const a = analyze({
      'models/up.sql': "{{ config(alias='up_' ~ var('suffix'), schema='s_' ~ target.name, database=var('db', 'warehouse')) }}select 1 as id",
      'models/child.sql': CHILD,
    });
    assert.deepEqual(a.nodes.get('model.acme.up')!.relation, { database: 'warehouse', schema: 'main_s_dev', identifier: 'up_from_var' });
    assert.match(a.compiledSql('model.acme.child')!, /from "warehouse"\."main_s_dev"\."up_from_var"/);
  });

  it('lets a child that names the rendered relation directly, without ref(), find its columns', () => {
    const a = analyze({
      'models/up.sql': "{{ config(alias=env_var('UP_ALIAS', 'up_default')) }}select 1 as id, 2 as amount",
      // Written literally: only the relation index connects it to `up`.
      'models/child.sql': "-- depends_on: {{ ref('up') }}\nselect * from main.up_from_env",
    }, { UP_ALIAS: 'up_from_env' });
    const child = a.nodes.get('model.acme.child')!;
    assert.deepEqual(child.columns.map((c) => c.name), ['id', 'amount']);
    assert.deepEqual(child.columns[0].lineage, [{ node: 'model.acme.up', column: 'id' }]);
  });

  it('keeps a literal alias and the default relation as they were', () => {
    const a = analyze({
      'models/up.sql': "{{ config(alias='fixed') }}select 1 as id",
      'models/plain.sql': 'select 1 as id',
    });
    assert.equal(a.nodes.get('model.acme.up')!.relation.identifier, 'fixed');
    assert.deepEqual(a.nodes.get('model.acme.plain')!.relation, { database: undefined, schema: 'main', identifier: 'plain' });
  });

  it('re-renders a child reused from the memo when its parent’s rendered relation changed', () => {
    const files = { 'models/up.sql': "{{ config(alias='up_' ~ 'one') }}select 1 as id", 'models/child.sql': CHILD };
    const first = analyze(files);
    assert.match(first.compiledSql('model.acme.child')!, /"up_one"/);
    const same = analyze(files, {}, first.modelResults);
    assert.deepEqual(same.stats, { rendered: 0, reused: 2 });
    assert.match(same.compiledSql('model.acme.child')!, /"up_one"/);
    const second = analyze({ ...files, 'models/up.sql': "{{ config(alias='up_' ~ 'two') }}select 1 as id" }, {}, first.modelResults);
    assert.deepEqual(second.stats, { rendered: 2, reused: 0 });
    assert.match(second.compiledSql('model.acme.child')!, /"up_two"/);
  });

  it('re-renders a child reused from the memo when its parent’s alias changed only in case (children print it quoted)', () => {
    const files = { 'models/up.sql': "{{ config(alias='Up_' ~ 'One') }}select 1 as id", 'models/child.sql': CHILD };
    const first = analyze(files);
    const second = analyze({ ...files, 'models/up.sql': "{{ config(alias='up_' ~ 'one') }}select 1 as id" }, {}, first.modelResults);
    assert.match(second.compiledSql('model.acme.child')!, /"up_one"/);
  });
});
