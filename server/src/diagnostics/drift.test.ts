import * as assert from 'node:assert/strict';
import { analyzeProject, DEFAULT_TARGET } from '../analysis/analyze_project';
import { inputOf, MINIMAL_PROJECT_YML } from '../project/test_support';

const OPTIONS = { dialect: 'duckdb' as const, target: DEFAULT_TARGET };

describe('drift on versioned models', () => {
  it('names the version whose SQL drifts, since every version shares the model’s name', () => {
    const a = analyzeProject(
      inputOf({
        'dbt_project.yml': MINIMAL_PROJECT_YML,
        'models/dim_customers_v1.sql': 'select 1 as customer_id',
        'models/dim_customers_v3.sql': 'select 1 as cust_key',
        'models/props.yml': ['models:', '  - name: dim_customers', '    columns:', '      - name: customer_id', '    versions:', '      - v: 1', '      - v: 3'].join('\n'),
      }),
      OPTIONS,
    );
    const drift = a.diagnostics.filter((d) => d.code.startsWith('drift-')).map((d) => [d.code, d.message]);
    assert.deepEqual(drift, [
      ['drift-undeclared-column', "Column 'cust_key' is produced by 'dim_customers v3' but not declared in models/props.yml."],
      ['drift-declared-not-produced', "Column 'customer_id' is declared for 'dim_customers v3' but its SQL does not produce it."],
    ]);
  });
});
