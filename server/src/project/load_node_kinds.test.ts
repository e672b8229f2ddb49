import * as assert from 'node:assert/strict';
import { LoadCache, loadProject } from './load';
import { inputOf, MINIMAL_PROJECT_YML } from './test_support';

describe('loading versioned, python, YAML-defined and package nodes', () => {
  it('names versioned model files after their YAML entry and version', () => {
    const p = loadProject(inputOf({
      'dbt_project.yml': MINIMAL_PROJECT_YML,
      'models/dim_customers_v1.sql': 'select 1 as id',
      'models/dim_customers_v2.sql': 'select 1 as id, 2 as x',
      'models/dim_customers_legacy.sql': 'select 0 as id',
      'models/props.yml': [
        'version: 2',
        'models:',
        '  - name: dim_customers',
        '    latest_version: 2',
        '    versions:',
        '      - v: 1',
        '      - v: 2',
        '      - v: 0',
        '        defined_in: dim_customers_legacy',
      ].join('\n'),
    }));
    assert.deepEqual(p.diagnostics, []);
    assert.deepEqual(p.models.map((m) => [m.uniqueId, m.name, m.version]), [
      ['model.acme.dim_customers.v0', 'dim_customers', 0],
      ['model.acme.dim_customers.v1', 'dim_customers', 1],
      ['model.acme.dim_customers.v2', 'dim_customers', 2],
    ]);
    assert.equal(p.models[0].props?.latestVersion, 2);
    assert.deepEqual(p.models[0].props?.versions?.map((v) => v.v), [1, 2, 0]);
  });

  it('records python models with no SQL', () => {
    const p = loadProject(inputOf({ 'dbt_project.yml': MINIMAL_PROJECT_YML, 'models/py_model.py': 'def model(dbt, session):\n    return dbt.ref("a")\n' }));
    assert.deepEqual(p.models.map((m) => [m.name, m.language, m.rawSql]), [['py_model', 'python', '']]);
  });

  it('creates YAML-defined snapshots from `relation:`', () => {
    const p = loadProject(inputOf({
      'dbt_project.yml': MINIMAL_PROJECT_YML,
      'snapshots/snaps.yml': "snapshots:\n  - name: orders_snapshot\n    relation: ref('orders')\n    config:\n      unique_key: id\n      strategy: timestamp\n",
    }));
    assert.equal(p.snapshots.length, 1);
    assert.equal(p.snapshots[0].rawSql, "select * from {{ ref('orders') }}");
    assert.equal(p.snapshots[0].config.uniqueKey, 'id');
    assert.equal(p.snapshots[0].file, 'snapshots/snaps.yml');
  });

  it('reads the test_name form and legacy inline config', () => {
    const p = loadProject(inputOf({
      'dbt_project.yml': MINIMAL_PROJECT_YML,
      'models/m.sql': 'select 1 as id',
      'models/m.yml': [
        'models:',
        '  - name: m',
        '    tests:',
        '      - name: m_has_rows',
        '        test_name: dbt_utils.at_least_one',
        '        column_name: id',
        '    columns:',
        '      - name: id',
        '        tests:',
        '          - not_null: {severity: WARN, where: "id > 0", warn_if: ">10", error_if: ">100", enabled: true}',
        '          - unique:',
      ].join('\n'),
    }));
    assert.deepEqual(p.diagnostics, []);
    const props = p.models[0].props!;
    assert.deepEqual(props.tests.map((t) => [t.name, t.args, t.config]), [['dbt_utils.at_least_one', { column_name: 'id' }, { name: 'm_has_rows' }]]);
    assert.deepEqual(props.columns[0].tests.map((t) => [t.name, t.config]), [
      ['not_null', { severity: 'warn', where: 'id > 0', warnIf: '>10', errorIf: '>100', enabled: true }],
      ['unique', {}],
    ]);
  });

  it('puts seeds, snapshots and generic tests where dbt expects them', () => {
    const p = loadProject(inputOf({
      'dbt_project.yml': MINIMAL_PROJECT_YML + 'seeds:\n  acme:\n    lookups:\n      +schema: ref_data\n',
      'seeds/lookups/countries.csv': 'code,name\r\nDE,Germany\r\n',
      'tests/generic/positive.sql': '{% test positive(model, column_name) %}select 1{% endtest %}',
      'tests/check_x.sql': 'select 1 where false',
      'models/notes.md': '{% docs x %}{% enddocs %}',
      'models/data.checks.yml': 'checks: []',
    }));
    assert.deepEqual(p.seeds.map((s) => [s.name, s.config.schema, s.columns]), [['countries', 'ref_data', ['code', 'name']]]);
    assert.deepEqual(p.macroFiles.map((m) => m.file), ['tests/generic/positive.sql']);
    assert.deepEqual(p.singularTests.map((t) => t.name), ['check_x']);
    assert.deepEqual(p.diagnostics, []);
  });

  it('loads installed packages: their models, macros and sources under the package name', () => {
    const p = loadProject(inputOf({
      'dbt_project.yml': MINIMAL_PROJECT_YML + 'vars:\n  region: eu\n  utils:\n    window: 7\nmodels:\n  utils:\n    +materialized: table\n',
      'models/m.sql': "select * from {{ ref('utils', 'calendar') }}",
      'dbt_packages/dbt-utils/dbt_project.yml': 'name: utils\nvars:\n  window: 3\n  fmt: iso\nmodels:\n  utils:\n    +materialized: view\n    +tags: [pkg]\n',
      'dbt_packages/dbt-utils/models/calendar.sql': 'select 1 as d',
      'dbt_packages/dbt-utils/models/calendar.yml': 'sources:\n  - name: ext\n    tables: [{name: days}]\n',
      'dbt_packages/dbt-utils/macros/star.sql': '{% macro star() %}*{% endmacro %}',
      'dbt_packages/dbt-utils/README.md': 'docs',
      'dbt_packages/not_a_package/models/x.sql': 'select 1',
    }));
    assert.deepEqual(p.diagnostics, []);
    assert.deepEqual(p.packages, ['utils']);
    assert.deepEqual(p.models.map((m) => m.uniqueId), ['model.utils.calendar', 'model.acme.m']);
    const calendar = p.models[0];
    assert.equal(calendar.config.materialized, 'table'); // the root project overrides the package
    assert.deepEqual(calendar.config.tags, ['pkg']);
    assert.deepEqual(p.sources.map((s) => s.uniqueId), ['source.utils.ext.days']);
    assert.deepEqual(p.macroFiles.map((m) => [m.packageName, m.file]), [['utils', 'dbt_packages/dbt-utils/macros/star.sql']]);
    assert.deepEqual(p.config.packageVars, { acme: { region: 'eu' }, utils: { window: 7, fmt: 'iso', region: 'eu' } });
  });

  it('reuses parsed YAML from a LoadCache and re-parses only changed files', () => {
    const cache = new LoadCache();
    const files = { 'dbt_project.yml': MINIMAL_PROJECT_YML, 'models/m.sql': 'select 1', 'models/a.yml': 'models:\n  - name: m\n    description: one\n', 'models/b.yml': 'sources: []\n' };
    const first = loadProject(inputOf(files), cache);
    const second = loadProject(inputOf({ ...files, 'models/a.yml': 'models:\n  - name: m\n    description: two\n' }), cache);
    assert.equal(first.models[0].props?.description, 'one');
    assert.equal(second.models[0].props?.description, 'two');
    assert.equal(cache.properties.get('models/b.yml')?.text, 'sources: []\n');
    const third = loadProject(inputOf({ ...files, 'models/a.yml': 'models:\n  - name: m\n    description: two\n' }), cache);
    assert.equal(third.models[0].props, second.models[0].props); // same object: not re-parsed
  });
});
