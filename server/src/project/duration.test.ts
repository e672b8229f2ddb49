import * as assert from 'node:assert/strict';
import { durationMs, parseDuration } from './duration';

describe('parsing freshness durations', () => {
  it('reads the {count, period} mapping dbt documents', () => {
    assert.deepEqual(parseDuration({ count: 12, period: 'hour' }), { ok: true, duration: { count: 12, period: 'hour' } });
    assert.deepEqual(parseDuration({ count: '3', period: 'days' }), { ok: true, duration: { count: 3, period: 'day' } });
  });
  it('accepts shorthand strings', () => {
    assert.deepEqual(parseDuration('30m'), { ok: true, duration: { count: 30, period: 'minute' } });
    assert.deepEqual(parseDuration('1 day'), { ok: true, duration: { count: 1, period: 'day' } });
  });
  it('explains what is wrong with a bad threshold', () => {
    for (const bad of [{ count: 'soon', period: 'hour' }, { count: 1, period: 'week' }, { count: -1, period: 'hour' }, '12 fortnights', 5, null, [1]]) {
      const r = parseDuration(bad);
      assert.equal(r.ok, false, JSON.stringify(bad));
    }
  });
  it('converts to milliseconds', () => {
    assert.equal(durationMs({ count: 2, period: 'hour' }), 7_200_000);
  });
});
