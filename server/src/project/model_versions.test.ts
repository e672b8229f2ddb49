import * as assert from 'node:assert/strict';
import { loadProject } from './load';
import { inputOf, MINIMAL_PROJECT_YML } from './test_support';
import type { ModelDef } from './types';

const YAML = [
  'version: 2', //                                          0
  'models:', //                                             1
  '  - name: dim_customers', //                             2
  '    description: Customers', //                          3
  '    config: {materialized: table}', //                   4
  '    tests: [dbt_utils.at_least_one]', //                 5
  '    columns:', //                                        6
  '      - name: customer_id', //                           7
  '        tests: [unique, not_null]', //                   8
  '      - name: segment', //                               9
  '      - name: country', //                               10
  '    versions:', //                                       11
  '      - v: 1', //                                        12
  '        columns:', //                                    13
  '          - include: all', //                            14
  '            exclude: [segment]', //                      15
  '      - v: 2', //                                        16
  '        description: Customers, by spend', //            17
  '        config: {materialized: incremental}', //         18
  '        tests: []', //                                   19
  '        columns:', //                                    20
  '          - include: [customer_id, country]', //         21
  '          - name: customer_id', //                       22
  '            data_type: bigint', //                       23
  '            tests: [relationships: {to: "ref(\'x\')", field: id}]', // 24
  '          - name: spend_segment', //                     25
  '            tests: [not_null]', //                       26
  '      - v: 3', //                                        27
].join('\n');

function load(yaml = YAML) {
  return loadProject(inputOf({
    'dbt_project.yml': MINIMAL_PROJECT_YML,
    'models/dim_customers_v1.sql': 'select 1 as customer_id, 2 as country',
    'models/dim_customers_v2.sql': 'select 1 as customer_id, 2 as country, 3 as spend_segment',
    'models/dim_customers_v3.sql': 'select 1 as customer_id, 2 as segment, 3 as country',
    'models/props.yml': yaml,
  }));
}

function version(models: ModelDef[], v: number): ModelDef {
  return models.find((m) => m.version === v)!;
}

describe('versioned models get the properties of their own version', () => {
  it('keeps the base columns include/exclude selects, then adds the version’s own', () => {
    const p = load();
    assert.deepEqual(p.diagnostics, []);
    const cols = (v: number) => version(p.models, v).props!.columns.map((c) => c.name);
    assert.deepEqual(cols(1), ['customer_id', 'country']);
    assert.deepEqual(cols(2), ['customer_id', 'country', 'spend_segment']);
    assert.deepEqual(cols(3), ['customer_id', 'segment', 'country']); // no columns: → include all
  });

  it('lets a version’s own column entry replace the base one in place, running the tests of both (as dbt does)', () => {
    const v2 = version(load().models, 2).props!;
    const id = v2.columns[0];
    assert.equal(id.dataType, 'bigint');
    assert.equal(id.nameRange.start.line, 22, 'the version’s own entry');
    assert.deepEqual(id.tests.map((t) => [t.name, t.range.start.line]), [['unique', 8], ['not_null', 8], ['relationships', 24]]);
    assert.equal(v2.columns[2].nameRange.start.line, 25);
    assert.equal(v2.columns[2].tests[0].range.start.line, 26);
    // The base entry is unchanged for the other versions.
    assert.equal(version(load().models, 1).props!.columns[0].nameRange.start.line, 7);
  });

  it('uses a version’s own model-level tests when it lists any, even none, else the base’s', () => {
    const p = load();
    assert.deepEqual(version(p.models, 1).props!.tests.map((t) => t.name), ['dbt_utils.at_least_one']);
    assert.deepEqual(version(p.models, 2).props!.tests, []);
  });

  it('puts a version’s config over the base’s and falls back to the base description', () => {
    const p = load();
    assert.equal(version(p.models, 1).config.materialized, 'table');
    assert.equal(version(p.models, 2).config.materialized, 'incremental');
    assert.equal(version(p.models, 1).props!.description, 'Customers');
    assert.equal(version(p.models, 2).props!.description, 'Customers, by spend');
    assert.equal(version(p.models, 2).props!.version, 2);
  });

  it('keeps the model’s own name, entry and version list on every version (rename, references and outline use them)', () => {
    const p = load();
    for (const m of p.models) {
      assert.equal(m.props!.nameRange.start.line, 2);
      assert.deepEqual(m.props!.versions!.map((v) => v.v), [1, 2, 3]);
      assert.equal(m.props!.latestVersion, 3);
    }
  });

  it('defaults latest_version to the greatest version, numerically', () => {
    const files = { 'dbt_project.yml': MINIMAL_PROJECT_YML, 'models/m.yml': 'models:\n  - name: m\n    versions: [{v: 2}, {v: 10}, {v: 9}]\n', 'models/m_v2.sql': 'select 1' };
    const props = loadProject(inputOf(files)).models[0].props!;
    assert.equal(props.latestVersion, 10);
  });

  it('reports what dbt refuses: exclude with a list include, two include elements, a bad include, an unknown latest_version, a repeated version', () => {
    const p = loadProject(inputOf({
      'dbt_project.yml': MINIMAL_PROJECT_YML,
      'models/m_v1.sql': 'select 1 as a',
      'models/m.yml': [
        'models:',
        '  - name: m',
        '    latest_version: 4',
        '    columns: [{name: a}, {name: b}]',
        '    versions:',
        '      - v: 1',
        '        columns:',
        '          - {include: [a], exclude: [b]}',
        '          - {include: all}',
        '      - v: 2',
        '        columns: [{include: some}]',
        '      - v: 1',
      ].join('\n'),
    }));
    assert.deepEqual(p.diagnostics.map((d) => [d.code, d.range.start.line, d.message.split(' ').slice(0, 3).join(' ')]), [
      ['project-config', 7, "'exclude' can only"],
      ['project-config', 8, 'a version can'],
      ['project-config', 10, "'include' must be"],
      ['project-config', 11, 'version 1 of'],
      ['project-config', 2, 'latest_version 4 is'],
    ]);
    // The bad exclude is dropped (the list include still applies); the model still loads.
    assert.deepEqual(p.models[0].props!.columns.map((c) => c.name), ['a']);
  });

  it('reports a latest_version that names a version only by its text, as dbt compares the values as written', () => {
    const diagnosticsFor = (latest: string, versions: string) => {
      const yaml = `models:\n  - name: m\n    latest_version: ${latest}\n    versions: ${versions}\n`;
      const p = loadProject(inputOf({ 'dbt_project.yml': MINIMAL_PROJECT_YML, 'models/m.yml': yaml, 'models/m_v1.sql': 'select 1' }));
      return p.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character, d.message]);
    };
    assert.deepEqual(diagnosticsFor('"2"', '[{v: 1}, {v: 2}]'), [
      ['project-config', 2, 20, "latest_version '2' is a string but version 2 of model 'm' is a number: dbt compares them as written and finds no such version; write latest_version: 2"],
    ]);
    assert.match(String(diagnosticsFor('2', "[{v: 1}, {v: '2'}]")[0]?.[3]), /latest_version 2 is a number but version '2' .* write latest_version: '2'$/);
    // Numbers compare by value (2.0 == 2 in Python), strings by text: neither is an error.
    assert.deepEqual(diagnosticsFor('2.0', '[{v: 1}, {v: 2}]'), []);
    assert.deepEqual(diagnosticsFor("'beta'", "[{v: 1}, {v: 'beta'}]"), []);
  });
});
