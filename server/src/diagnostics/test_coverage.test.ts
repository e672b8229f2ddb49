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
