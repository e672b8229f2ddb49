import { strict as assert } from 'node:assert';
import type { CheckResultItem } from '../../../server/src/protocol/lsp_ext';
import { cellText, checkOutcome, formatSamples } from './check_outcome';

function result(over: Partial<CheckResultItem>): CheckResultItem {
  return { id: 'c1', dataset: 'model.shop.orders', check: 'row_count > 0', status: 'pass', value: 12, threshold: '> 0', message: '', sql: 'select 1', elapsedMs: 42, samples: [], at: '2026-01-01T00:00:00Z', ...over };
}

describe('check result → Test Explorer outcome', () => {
  it('a pass has no message and says what it measured', () => {
    const o = checkOutcome(result({}));
    assert.equal(o.outcome, 'passed');
    assert.equal(o.message, undefined);
    assert.match(o.output, /PASS row_count > 0 \(model\.shop\.orders\) in 42 ms\r\n {2}measured: 12 {2}threshold: > 0\r\n$/);
  });

  it('a failed threshold check carries expected vs actual', () => {
    const o = checkOutcome(result({ status: 'fail', value: 0, message: 'row_count is 0, expected > 0' }));
    assert.equal(o.outcome, 'failed');
    assert.equal(o.expected, '> 0');
    assert.equal(o.actual, '0');
    assert.equal(o.message, 'row_count is 0, expected > 0');
  });

  it('a warning is a failure the message calls a warning; an error is errored without a diff', () => {
    assert.match(checkOutcome(result({ status: 'warn', message: 'late' })).message!, /^warning: late/);
    const e = checkOutcome(result({ status: 'error', value: null, threshold: null, message: 'Catalog Error: table not found' }));
    assert.equal(e.outcome, 'errored');
    assert.equal(e.expected, undefined);
    assert.equal(e.message, 'Catalog Error: table not found');
  });

  it('prints failing-row samples as an aligned table in the run output', () => {
    const o = checkOutcome(result({ status: 'fail', check: 'unique(order_id)', value: 2, threshold: '= 0', samples: [{ order_id: 7, n: 2 }, { order_id: 1234567, n: 3 }] }));
    const lines = o.output.split('\r\n');
    assert.ok(lines.includes('    order_id | n'));
    assert.ok(lines.includes('    -------- + -'.replace(' + ', '-+-')));
    assert.ok(lines.includes('    7        | 2'));
    assert.ok(lines.includes('    1234567  | 3'));
  });

  it('renders awkward cell values safely', () => {
    assert.equal(cellText(null), 'NULL');
    assert.equal(cellText('a\nb'), 'a b');
    assert.equal(cellText({ big: BigInt(5) }), '{"big":"5"}');
    assert.equal(cellText('x'.repeat(100)).length, 40);
    assert.deepEqual(formatSamples([], 5), []);
  });
});
