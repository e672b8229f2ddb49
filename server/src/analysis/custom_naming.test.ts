import * as assert from 'node:assert/strict';
import { analyzeProject, DEFAULT_TARGET } from './analyze_project';
import { inputOf, MINIMAL_PROJECT_YML } from '../project/test_support';
import { jinjaLiteral } from './custom_naming';

const OPTIONS = { dialect: 'duckdb' as const, target: DEFAULT_TARGET };

function analyze(files: Record<string, string>) {
  return analyzeProject(inputOf({ 'dbt_project.yml': MINIMAL_PROJECT_YML, ...files }), OPTIONS);
}

/** The override most projects write: a custom schema as written, the target's otherwise. */
const SCHEMA_AS_WRITTEN = `{% macro generate_schema_name(custom_schema_name, node) -%}
  {%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ custom_schema_name | trim }}{%- endif -%}
{%- endmacro %}`;

describe("the project's own generate_*_name macros", () => {
  it('decide the schema of models, and the SQL of their children names it there', () => {
    const a = analyze({
      'macros/naming.sql': SCHEMA_AS_WRITTEN,
      'models/marts/up.sql': "{{ config(schema='marts') }}select 1 as id",
      'models/child.sql': "select * from {{ ref('up') }}",
    });
    assert.deepEqual(a.nodes.get('model.acme.up')!.relation, { database: undefined, schema: 'marts', identifier: 'up' });
    assert.equal(a.nodes.get('model.acme.child')!.relation.schema, 'main');
    assert.match(a.compiledSql('model.acme.child')!, /from "marts"\."up"/);
    assert.deepEqual(a.diagnostics.filter((d) => d.code === 'jinja-error'), []);
  });

  it('see the node as dbt passes it: resource_type, name, fqn, config, and the target', () => {
    const a = analyze({
      'macros/naming.sql': `{% macro generate_schema_name(custom_schema_name, node) -%}
        {%- if node.resource_type == 'seed' -%}raw_{{ target.name }}
        {%- elif node.fqn[1] == 'staging' -%}stg
        {%- else -%}{{ node.config.get('schema', target.schema) }}{%- endif -%}
      {%- endmacro %}
      {% macro generate_alias_name(custom_alias_name, node) -%}
        {%- if node.version -%}{{ node.name }}__v{{ node.version }}{%- else -%}{{ custom_alias_name or node.name }}{%- endif -%}
      {%- endmacro %}`,
      'seeds/countries.csv': 'code,name\n',
      'models/staging/stg_a.sql': 'select 1 as id',
      'models/dim.sql': "{{ config(alias='dimension') }}select 1 as id",
      'models/dim_v2.sql': 'select 1 as id',
      'models/props.yml': 'version: 2\nmodels:\n  - name: dim\n    versions:\n      - v: 1\n        defined_in: dim\n      - v: 2\n',
    });
    assert.equal(a.nodes.get('seed.acme.countries')!.relation.schema, 'raw_dev');
    assert.equal(a.nodes.get('model.acme.stg_a')!.relation.schema, 'stg');
    assert.equal(a.nodes.get('model.acme.dim.v1')!.relation.identifier, 'dim__v1', 'the macro wins over the alias, as in dbt');
    assert.equal(a.nodes.get('model.acme.dim.v2')!.relation.identifier, 'dim__v2');
  });

  it('leave dbt’s default naming where a macro fails, and report it once on the macro', () => {
    const a = analyze({
      'macros/naming.sql': '{% macro generate_schema_name(custom_schema_name, node) -%}{{ no_such_macro() }}{%- endmacro %}',
      'models/one.sql': "{{ config(schema='x') }}select 1 as id",
      'models/two.sql': 'select 1 as id',
    });
    assert.equal(a.nodes.get('model.acme.one')!.relation.schema, 'main_x');
    assert.equal(a.nodes.get('model.acme.two')!.relation.schema, 'main');
    const failures = a.diagnostics.filter((d) => d.code === 'jinja-error' && d.file === 'macros/naming.sql');
    assert.equal(failures.length, 1);
    assert.match(failures[0].message, /generate_schema_name failed for model\.acme\.(one|two)/);
    assert.equal(failures[0].range.start.line, 0);
  });

  it("put a snapshot's target_schema as written, not through the schema naming", () => {
    const a = analyze({
      'macros/naming.sql': SCHEMA_AS_WRITTEN.replace('{{ target.schema }}', 'never_used'),
      'snapshots/snap.sql': "{% snapshot snap %}{{ config(target_schema='snapshots', unique_key='id', strategy='check', check_cols='all') }}select 1 as id{% endsnapshot %}",
    });
    assert.equal(a.nodes.get('snapshot.acme.snap')!.relation.schema, 'snapshots');
  });

  it("can call dbt's own generate_schema_name_for_env and default__generate_schema_name", () => {
    const files = {
      'dbt_project.yml': MINIMAL_PROJECT_YML,
      'macros/naming.sql': `{% macro generate_schema_name(custom_schema_name, node) -%}
        {%- if node.resource_type == 'seed' -%}{{ default__generate_schema_name(custom_schema_name, node) }}
        {%- else -%}{{ generate_schema_name_for_env(custom_schema_name, node) }}{%- endif -%}
      {%- endmacro %}`,
      'models/up.sql': "{{ config(schema='marts') }}select 1 as id",
      'seeds/s.csv': 'a\n',
      'seeds/props.yml': 'version: 2\nseeds:\n  - name: s\n    config:\n      schema: raw\n',
    };
    const dev = analyzeProject(inputOf(files), OPTIONS);
    assert.equal(dev.nodes.get('model.acme.up')!.relation.schema, 'main', 'outside prod: the target schema');
    assert.equal(dev.nodes.get('seed.acme.s')!.relation.schema, 'main_raw');
    const prod = analyzeProject(inputOf(files), { ...OPTIONS, target: { ...DEFAULT_TARGET, name: 'prod', schema: 'analytics' } });
    assert.equal(prod.nodes.get('model.acme.up')!.relation.schema, 'marts', 'in prod: the custom schema as written');
    assert.deepEqual([...dev.diagnostics, ...prod.diagnostics].filter((d) => d.code === 'jinja-error'), []);
  });

  it('writes values as Jinja literals', () => {
    assert.equal(jinjaLiteral({ a: [1, 'x"y', null, true] }), '{"a": [1, "x\\"y", none, true]}');
  });
});

describe('relations under another target, without a second analysis', () => {
  const files = {
    'dbt_project.yml': MINIMAL_PROJECT_YML,
    'macros/naming.sql': `{% macro generate_schema_name(custom_schema_name, node) -%}
      {%- if custom_schema_name is none -%}{{ target.schema }}{%- elif target.name == 'prod' -%}{{ custom_schema_name | trim }}
      {%- else -%}{{ target.schema }}_{{ custom_schema_name | trim }}{%- endif -%}
    {%- endmacro %}`,
    'models/per_target.sql': "{{ config(schema='s_' ~ target.name) }}select 1 as id",
    'models/literal.sql': "{{ config(schema='marts', alias='lit') }}select * from {{ ref('per_target') }}",
    'models/plain.sql': "select * from {{ source('raw', 'events') }}",
    'models/dim_v2.sql': 'select 1 as id',
    'models/props.yml': 'version: 2\nmodels:\n  - name: dim\n    versions:\n      - v: 2\nsources:\n  - name: raw\n    tables:\n      - name: events\n',
    'seeds/codes.csv': 'code\n',
    'snapshots/snap.sql': "{% snapshot snap %}{{ config(target_schema='snaps_' ~ target.name, unique_key='id', strategy='check', check_cols='all') }}select 1 as id{% endsnapshot %}",
  };

  it('gives every node the relation a full analysis for that target gives it', () => {
    const prod = { name: 'prod', type: 'duckdb', schema: 'analytics', database: 'wh' };
    const dev = analyzeProject(inputOf(files), OPTIONS);
    const full = analyzeProject(inputOf(files), { ...OPTIONS, target: prod });
    const under = dev.relationsFor(prod);
    for (const id of full.nodes.keys()) assert.deepEqual(under(id), full.nodes.get(id)!.relation, id);
    assert.equal(under('model.acme.per_target')!.schema, 's_prod', 'the config rendered for prod');
    assert.equal(dev.nodes.get('model.acme.per_target')!.relation.schema, 'main_s_dev', 'the analysis itself is unchanged');
    assert.equal(under('model.acme.nope'), undefined);
  });
});
