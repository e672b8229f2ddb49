import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analysisTarget } from './analysis_target';

describe('the target the analysis renders for', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'dw-target-'));
    fs.writeFileSync(path.join(root, 'dbt_project.yml'), 'name: acme\nprofile: acme\n');
    fs.writeFileSync(
      path.join(root, 'profiles.yml'),
      [
        'acme:',
        '  target: dev',
        '  outputs:',
        '    dev: {type: duckdb, path: dev.duckdb, schema: main}',
        '    ci:',
        '      type: postgres',
        '      host: localhost',
        '      user: ci',
        "      password: \"{{ env_var('DW_TEST_NO_SUCH_PASSWORD') }}\"",
        '      dbname: warehouse',
        '      schema: analytics',
        '',
      ].join('\n'),
    );
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('is read from profiles.yml without the password, which rendering never needs', () => {
    const t = analysisTarget(root, 'ci', {});
    assert.equal(t.problem, undefined);
    assert.equal(t.dialect, 'postgres');
    assert.deepEqual(t.target, { name: 'ci', type: 'postgres', schema: 'analytics', database: 'warehouse' });
  });

  it('falls back to DuckDB defaults and says why when the target does not exist', () => {
    const t = analysisTarget(root, 'nope', {});
    assert.equal(t.dialect, 'duckdb');
    assert.match(t.problem ?? '', /nope/);
  });
});
