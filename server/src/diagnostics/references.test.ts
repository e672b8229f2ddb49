import * as assert from 'node:assert/strict';
import { analyzeProject, DEFAULT_TARGET } from '../analysis/analyze_project';
import { inputOf, MINIMAL_PROJECT_YML } from '../project/test_support';

const OPTIONS = { dialect: 'duckdb' as const, target: DEFAULT_TARGET };

const PROPS = [
  'models:', //                      0
  '  - name: dim_customers', //      1
  '    versions:', //                2
  '      - v: 10', //                3
  '      - v: 1', //                 4
  '      - v: 2', //                 5
  '      - v: 4', //                 6
  '      - v: 5', //                 7
  '        defined_in: dim_five', // 8
].join('\n');

function analyze(files: Record<string, string> = {}) {
  return analyzeProject(
    inputOf({
      'dbt_project.yml': MINIMAL_PROJECT_YML,
      'models/dim_customers_v10.sql': 'select 1 as id',
      'models/dim_customers_v1.sql': 'select 1 as id',
      'models/dim_customers_v2.sql': 'select 1 as id',
      'models/dim_five.sql': 'select 1 as id',
      'models/props.yml': PROPS,
      ...files,
    }),
    OPTIONS,
  );
}

describe('references to model versions', () => {
  it('lists every declared version, in dbt’s order, when ref() names one that does not exist', () => {
    const a = analyze({ 'models/user.sql': "select * from {{ ref('dim_customers', v=7) }}" });
    const d = a.diagnostics.filter((x) => x.code === 'unresolved-ref').map((x) => x.message);
    assert.deepEqual(d, ["ref('dim_customers', v=7): no such version (known: 1, 2, 4, 5, 10)."]);
  });

  it('reports a declared version with no model file on its `v:` entry, as an error (dbt refuses the project)', () => {
    const found = analyze().diagnostics.filter((x) => x.message.includes('has no model file'));
    assert.deepEqual(found.map((x) => [x.code, x.severity]), [['project-config', 'error']]);
    const d = found.map((x) => [x.file, x.range.start.line, x.message]);
    assert.deepEqual(d, [['models/props.yml', 6, "Version 4 of model 'dim_customers' is declared but has no model file (dim_customers_v4.sql); dbt fails to parse the project."]]);
  });
});

describe('references in singular tests', () => {
  it('reports ref() and source() calls of a singular test that resolve to nothing, as in a model, with ranges in the test', () => {
    const test = [
      "select * from {{ ref('nope') }}", //                 0
      "union all select * from {{ ref('dim_customers', v=9) }}", // 1
      "union all select * from {{ source('raw', 'nope') }}", //   2
      "union all select * from {{ ref('dim_customer') }}", //    3
    ].join('\n');
    const a = analyze({ 'tests/bad_refs.sql': test, 'models/sources.yml': 'sources:\n  - name: raw\n    tables:\n      - name: events\n' });
    const found = a.diagnostics.filter((d) => d.file === 'tests/bad_refs.sql').map((d) => [d.code, d.range.start.line, d.range.start.character, d.message]);
    assert.deepEqual(found, [
      ['unresolved-ref', 0, 17, "ref('nope') does not match any model, seed or snapshot."],
      ['unresolved-ref', 1, 27, "ref('dim_customers', v=9): no such version (known: 1, 2, 4, 5, 10)."],
      ['unresolved-ref', 3, 27, "ref('dim_customer') does not match any model, seed or snapshot. Did you mean 'dim_customers'?"],
      ['unresolved-source', 2, 42, "source 'raw' has no table 'nope'."],
    ]);
  });
});
