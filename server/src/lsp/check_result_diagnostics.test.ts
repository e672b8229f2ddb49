import * as assert from 'assert';
import type { CheckResult, CheckSpec } from '../checks/model';
import { CheckResultDiagnostics, diagnosticsForResult } from './check_result_diagnostics';

const range = (line: number) => ({ start: { line, character: 4 }, end: { line, character: 20 } });

function result(id: string, status: CheckResult['status'], file = 'models/staging/staging.checks.yml', line = 7): CheckResult {
  return { id, dataset: 'model.shop.stg_payments', datasetDisplay: 'stg_payments', check: 'duplicate_count(payment_id) = 0', status, value: status === 'pass' ? 0 : 2, threshold: '= 0', file, range: range(line), sql: 'select 1', elapsedMs: 3, samples: [], message: status === 'pass' ? 'ok' : 'found 2' };
}
const spec = (origin: CheckSpec['origin']) => ({ origin }) as CheckSpec;
const modelAt = (id: string) => (id === 'model.shop.stg_payments' ? { file: 'models/staging/stg_payments.sql', range: range(0) } : undefined);

describe('check result diagnostics', () => {
  it('a failed check-file check: one diagnostic on its line; a pass: none', () => {
    const [d, ...rest] = diagnosticsForResult(result('a', 'fail'), spec('checks-file'), modelAt);
    assert.deepStrictEqual(rest, []);
    assert.strictEqual(d.code, 'check-failed');
    assert.strictEqual(d.file, 'models/staging/staging.checks.yml');
    assert.strictEqual(d.range.start.line, 7);
    assert.match(d.message, /stg_payments: duplicate_count\(payment_id\) = 0 failed \(value 2, expected = 0\): found 2/);
    assert.deepStrictEqual(diagnosticsForResult(result('a', 'pass'), spec('checks-file'), modelAt), []);
    assert.strictEqual(diagnosticsForResult(result('a', 'warn'), spec('checks-file'), modelAt)[0].code, 'check-warned');
    assert.strictEqual(diagnosticsForResult(result('a', 'error'), spec('checks-file'), modelAt)[0].code, 'check-error');
  });

  it('a failed dbt test shows at the YAML test and on the model, linked back to the test', () => {
    const ds = diagnosticsForResult(result('t', 'fail', 'models/staging/_staging.yml', 12), spec('dbt'), modelAt);
    assert.deepStrictEqual(ds.map((d) => [d.file, d.range.start.line]), [['models/staging/_staging.yml', 12], ['models/staging/stg_payments.sql', 0]]);
    assert.deepStrictEqual(ds[1].related, [{ file: 'models/staging/_staging.yml', range: range(12), message: 'the test duplicate_count(payment_id) = 0 is declared here' }]);
  });

  it('keeps each check’s last result until that check runs again', () => {
    const store = new CheckResultDiagnostics<object>();
    const project = {};
    assert.strictEqual(store.record(project, result('a', 'fail'), spec('checks-file'), modelAt), true);
    assert.strictEqual(store.record(project, result('b', 'warn', undefined, 9), spec('checks-file'), modelAt), true);
    assert.deepStrictEqual(store.all(project).map((d) => d.code), ['check-failed', 'check-warned']);
    // Running only 'a' again clears 'a' and keeps 'b'; a pass records nothing.
    assert.strictEqual(store.startRun(project, ['a']), true);
    assert.strictEqual(store.record(project, result('a', 'pass'), spec('checks-file'), modelAt), false);
    assert.deepStrictEqual(store.all(project).map((d) => d.code), ['check-warned']);
    assert.strictEqual(store.startRun(project, ['zzz']), false, 'nothing to clear');
    store.forget(project);
    assert.deepStrictEqual(store.all(project), []);
  });

  it('a check-file diagnostic follows its check when lines move, and goes away with the check; dbt tests stay', () => {
    const store = new CheckResultDiagnostics<object>();
    const project = {};
    store.record(project, result('moved', 'fail'), spec('checks-file'), modelAt);
    store.record(project, result('deleted', 'fail', undefined, 9), spec('checks-file'), modelAt);
    store.record(project, result('dbt', 'fail', 'models/staging/_staging.yml', 12), spec('dbt'), modelAt);
    const now = (id: string) => (id === 'moved' ? { file: 'models/staging/staging.checks.yml', range: range(10) } : id === 'deleted' ? null : { file: 'x', range: range(99) });
    const out = store.all(project, now).map((d) => [d.file, d.range.start.line]);
    assert.deepStrictEqual(out, [
      ['models/staging/staging.checks.yml', 10],
      ['models/staging/_staging.yml', 12],
      ['models/staging/stg_payments.sql', 0],
    ]);
    assert.strictEqual(store.all(project).length, 4, 'without a locator, everything as recorded');
  });
});
