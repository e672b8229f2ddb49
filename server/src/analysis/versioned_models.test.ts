import * as assert from 'node:assert/strict';
import { analyzeProject, DEFAULT_TARGET } from './analyze_project';
import { inputOf, MINIMAL_PROJECT_YML } from '../project/test_support';

const OPTIONS = { dialect: 'duckdb' as const, target: DEFAULT_TARGET };

function analyze(files: Record<string, string>) {
  return analyzeProject(inputOf({ 'dbt_project.yml': MINIMAL_PROJECT_YML, ...files }), OPTIONS);
}

const PROPS = [
  'models:', //                                  0
  '  - name: dim_customers', //                  1
  '    description: Customers', //               2
  '    latest_version: 1', //                    3
  '    columns:', //                             4
  '      - name: customer_id', //                5
  '        tests: [unique, not_null]', //        6
  '      - name: segment', //                    7
  '    versions:', //                            8
  '      - v: 1', //                             9
  '      - v: 2', //                             10
  '        columns:', //                         11
  '          - include: all', //                 12
  '            exclude: [segment]', //           13
  '          - name: spend_segment', //          14
  '          - name: lifetime_value', //         15
].join('\n');

const FILES = {
  'models/dim_customers_v1.sql': 'select 1 as customer_id, 2 as segment',
  'models/dim_customers_v2.sql': 'select 1 as customer_id, 3 as spend_segment',
  'models/latest.sql': "select * from {{ ref('dim_customers') }}",
  'models/pinned.sql': "select * from {{ ref('dim_customers', v=2) }}",
  'models/props.yml': PROPS,
};

describe('versioned models in the analysis', () => {
  it('resolves ref() without a version to latest_version, even when a newer version exists', () => {
    const a = analyze(FILES);
    assert.deepEqual(a.nodes.get('model.acme.latest')!.parents, ['model.acme.dim_customers.v1']);
    assert.deepEqual(a.nodes.get('model.acme.pinned')!.parents, ['model.acme.dim_customers.v2']);
    assert.match(a.compiledSql('model.acme.latest')!, /dim_customers_v1/);
  });

  it('resolves ref() without a version to the greatest version when latest_version is not set', () => {
    const a = analyze({ ...FILES, 'models/props.yml': PROPS.replace('    latest_version: 1\n', '') });
    assert.deepEqual(a.nodes.get('model.acme.latest')!.parents, ['model.acme.dim_customers.v2']);
    assert.match(a.compiledSql('model.acme.latest')!, /dim_customers_v2/);
  });

  it('checks each version against its own columns: drift lands on the version’s entry, not on other versions', () => {
    const a = analyze(FILES);
    const drift = a.diagnostics.filter((d) => d.code.startsWith('drift-')).map((d) => [d.code, d.file, d.range.start.line, d.data?.node]);
    assert.deepEqual(drift, [['drift-declared-not-produced', 'models/props.yml', 15, 'model.acme.dim_customers.v2']]);
    assert.deepEqual(a.nodes.get('model.acme.dim_customers.v2')!.columns.map((c) => [c.name, c.declared, c.produced]), [
      ['customer_id', true, true],
      ['spend_segment', true, true],
      ['lifetime_value', true, false],
    ]);
  });

  it('gives each version node the tests of its own columns', () => {
    const yaml = PROPS.replace('          - name: spend_segment', '          - name: spend_segment\n            tests: [not_null]');
    const a = analyze({ ...FILES, 'models/props.yml': yaml });
    const tests = (id: string) => a.nodes.get(id)!.tests.map((t) => `${t.column}:${t.name}`);
    assert.deepEqual(tests('model.acme.dim_customers.v1'), ['customer_id:unique', 'customer_id:not_null']);
    assert.deepEqual(tests('model.acme.dim_customers.v2'), ['customer_id:unique', 'customer_id:not_null', 'spend_segment:not_null']);
  });

  it('places a missing key test on the version’s own entry for the key', () => {
    const yaml = PROPS.replace('          - name: spend_segment', '          - include: [segment]\n          - name: customer_id\n          - name: spend_segment\n            tests: [not_null]')
      .replace('          - include: all\n            exclude: [segment]\n', '');
    const a = analyze({ ...FILES, 'models/props.yml': yaml });
    const pk = a.diagnostics.filter((d) => d.code === 'missing-pk-tests').map((d) => [d.file, d.range.start.line, d.data?.node]);
    // v2 drops the base customer_id (and its tests) and declares its own without tests.
    assert.deepEqual(pk, [['models/props.yml', 13, 'model.acme.dim_customers.v2']]);
  });

  it('names a version’s relation as dbt does: `<name>_v<version>`, a dot in the version becoming an underscore', () => {
    const a = analyze({
      'models/m_v1.5.sql': 'select 1 as id',
      'models/m.yml': 'models:\n  - name: m\n    versions: [{v: 1.5}]\n',
    });
    assert.equal(a.nodes.get('model.acme.m.v1.5')!.relation.identifier, 'm_v1_5');
  });
});
