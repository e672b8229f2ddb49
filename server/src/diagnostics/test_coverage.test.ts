import * as assert from 'node:assert/strict';
import { analyzeProject, DEFAULT_TARGET } from '../analysis/analyze_project';
import { inputOf, MINIMAL_PROJECT_YML } from '../project/test_support';

const OPTIONS = { dialect: 'duckdb' as const, target: DEFAULT_TARGET };

const PROPS = `version: 2
models:
  - name: dim
    description: Dimension
    versions:
      - v: 1
      - v: 2
sources:
  - name: raw
    tables:
      - name: events
`;

function untested(files: Record<string, string>): string[] {
  const a = analyzeProject(
    inputOf({
      'dbt_project.yml': MINIMAL_PROJECT_YML,
      'models/dim_v1.sql': 'select 1 as id',
      'models/dim_v2.sql': 'select 1 as id',
      'models/plain.sql': "select * from {{ source('raw', 'events') }}",
      'models/props.yml': PROPS,
      ...files,
    }),
    OPTIONS,
  );
  return a.diagnostics.filter((d) => d.code === 'missing-tests').map((d) => String(d.data?.node)).sort();
}

describe('missing-tests and singular tests', () => {
  it('counts the node each ref() or source() of a singular test names, with its version and package', () => {
    const before = untested({});
    assert.ok(before.includes('model.acme.dim.v2') && before.includes('source.acme.raw.events') && before.includes('model.acme.plain'), before.join(', '));
    const after = untested({
      'tests/dim_v2_has_rows.sql': "select 1 from {{ ref('dim', v=2) }} having count(*) = 0",
      'tests/events_not_empty.sql': "select 1 from {{ source('raw', 'events') }} having count(*) = 0",
      'tests/plain_ids.sql': "select * from {{ ref('acme', 'plain') }} where id is null",
    });
    assert.deepEqual(
      before.filter((id) => !after.includes(id)).sort(),
      ['model.acme.dim.v2', 'model.acme.plain', 'source.acme.raw.events'],
    );
    assert.ok(after.includes('model.acme.dim.v1'), 'the other version is still untested');
  });
});

describe('missing-pk-tests on versioned models', () => {
  const VERSIONED = `version: 2
models:
  - name: dim_customers
    latest_version: 1
    columns:
      - name: customer_id
      - name: first_name
    versions:
      - v: 1
      - v: 2
      - v: 3
        columns:
          - include: all
            exclude: [customer_id]
          - name: customer_id
`;
  const CHECKS = ['checks:', ...['1', '2', '3'].flatMap((v) => [`  - dataset: dim_customers.v${v}`, '    checks:', '      - row_count > 0'])].join('\n');

  function pkFindings(files: Record<string, string> = {}) {
    const a = analyzeProject(
      inputOf({
        'dbt_project.yml': MINIMAL_PROJECT_YML,
        'models/dim_customers_v1.sql': 'select 1 as customer_id, 2 as first_name',
        'models/dim_customers_v2.sql': 'select 1 as customer_id, 2 as first_name',
        'models/dim_customers_v3.sql': 'select 1 as customer_id, 2 as first_name',
        'models/props.yml': VERSIONED,
        'models/dims.checks.yml': CHECKS,
        ...files,
      }),
      OPTIONS,
    );
    return a.diagnostics.filter((d) => d.code === 'missing-pk-tests').map((d) => [d.range.start.line, d.message, d.data?.node]);
  }

  it('reports a key shared by several versions once on its base entry, and a version’s own key on its own entry, naming the version', () => {
    assert.deepEqual(pkFindings(), [
      [5, "Primary key 'customer_id' of 'dim_customers' (found by naming convention) lacks unique and not_null tests.", 'model.acme.dim_customers.v1'],
      [14, "Primary key 'customer_id' of 'dim_customers v3' (found by naming convention) lacks unique and not_null tests.", 'model.acme.dim_customers.v3'],
    ]);
  });
});
