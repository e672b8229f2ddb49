import { strict as assert } from 'node:assert';
import type { CheckDataset, CheckItem, CheckResultItem, CheckStatus } from '../../../server/src/protocol/lsp_ext';
import { describeResult, latest, relativeTime, sortDatasets, summarize } from './checks_model';

const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
function res(id: string, status: CheckStatus, at = '2026-01-01T00:00:00Z', value: number | null = 1): CheckResultItem {
  return { id, dataset: 'd', check: id, status, value, threshold: null, message: '', sql: null, elapsedMs: 1, samples: [], at };
}
function check(id: string, last?: CheckResultItem): CheckItem {
  return { id, dataset: 'd', label: id, kind: 'check', uri: 'file:///x.checks.yml', range, last };
}

describe('checks view model', () => {
  it('puts failing datasets and failing checks first', () => {
    const datasets: CheckDataset[] = [
      { dataset: 'a', name: 'alpha', checks: [check('a1', res('a1', 'pass'))] },
      { dataset: 'b', name: 'beta', checks: [check('b1', res('b1', 'pass')), check('b2', res('b2', 'fail'))] },
      { dataset: 'c', name: 'gamma', checks: [check('c1')] },
    ];
    const sorted = sortDatasets(datasets, new Map());
    assert.deepEqual(sorted.map((d) => d.name), ['beta', 'gamma', 'alpha']);
    assert.deepEqual(sorted[0].checks.map((c) => c.id), ['b2', 'b1']);
  });

  it('a result pushed during a run overrides an older listed one', () => {
    const c = check('x', res('x', 'pass', '2026-01-01T00:00:00Z'));
    const live = new Map([['x', res('x', 'fail', '2026-01-02T00:00:00Z')]]);
    assert.equal(latest(c, live)!.status, 'fail');
    assert.equal(latest(c, new Map([['x', res('x', 'fail', '2025-01-01T00:00:00Z')]]))!.status, 'pass');
    assert.deepEqual(summarize([{ dataset: 'd', name: 'd', checks: [c, check('y')] }], live), { pass: 0, warn: 0, fail: 1, error: 0, skipped: 0, none: 1 });
  });

  it('describes value and age', () => {
    const now = Date.parse('2026-01-01T00:10:00Z');
    assert.equal(describeResult(res('x', 'pass', '2026-01-01T00:00:00Z', 14), now), '= 14 · 10 min ago');
    assert.equal(describeResult(undefined, now), 'not run yet');
    assert.equal(relativeTime('2026-01-01T00:09:50Z', now), 'just now');
    assert.equal(relativeTime('garbage', now), '');
  });
});
