import * as assert from 'node:assert/strict';
import { detectAnomaly, naiveScore, robustScore, type SeriesPoint } from './anomaly';

const DAY = 86400;
// 2024-01-01 was a Monday.
const MONDAY = Date.UTC(2024, 0, 1) / 1000;

function daily(values: number[], start = MONDAY): SeriesPoint[] {
  return values.map((value, i) => ({ time: start + i * DAY, value }));
}

describe('robust anomaly detection', () => {
  const steady = [100, 103, 98, 101, 99, 104, 97, 102, 100, 96, 103, 101, 99, 98];

  it('flags a clear outlier and lets normal values through', () => {
    const history = daily(steady);
    const next = MONDAY + steady.length * DAY;
    const spike = detectAnomaly(history, { time: next, value: 160 });
    assert.equal(spike.status, 'anomaly');
    assert.ok(spike.score > 3.5);
    assert.match(spike.message, /outside the expected range/);
    const normal = detectAnomaly(history, { time: next, value: 104 });
    assert.equal(normal.status, 'normal');
    assert.ok(normal.expected[0] < 104 && 104 < normal.expected[1]);
  });

  it('catches a real drop that mean ± 3σ misses because one scraper glitch inflated σ', () => {
    // A scraper once double-counted a day (10 000 rows); the real incident is a drop to 40.
    const glitched = [...steady.slice(0, 7), 10_000, ...steady.slice(7)];
    const naive = naiveScore(40, glitched);
    assert.ok(Math.abs(naive) < 3, `naive z ${naive} stays inside ±3: the glitch blinds it`);
    const verdict = detectAnomaly(daily(glitched), { time: MONDAY + 30 * DAY, value: 40 });
    assert.equal(verdict.status, 'anomaly');
    assert.ok(verdict.score < -3.5);
  });

  it('leaves previously flagged points out of training', () => {
    const history = daily([...steady, 400, 410, 405, 420, 415, 400, 410, 405, 420, 415, 400, 410, 405, 420, 415, 400]);
    // Without flags the new level dominates the median and 400 looks normal …
    const at = MONDAY + 40 * DAY;
    assert.equal(detectAnomaly(history, { time: at, value: 405 }).status, 'normal');
    // … with them flagged (as earlier runs recorded), 405 is still an anomaly against the healthy baseline.
    const flagged = history.map((p) => (p.value >= 400 ? { ...p, flagged: true } : p));
    assert.equal(detectAnomaly(flagged, { time: at, value: 405 }).status, 'anomaly');
  });

  it('compares only with the same weekday under day_of_week seasonality', () => {
    // Six weeks: weekdays ~1000, weekends ~200.
    const values: number[] = [];
    for (let d = 0; d < 42; d++) values.push(d % 7 >= 5 ? 200 + (d % 3) * 5 : 1000 + (d % 4) * 10);
    const history = daily(values);
    const saturday = MONDAY + 47 * DAY; // 42 days later is a Monday; +5 → Saturday
    assert.equal(new Date(saturday * 1000).getUTCDay(), 6);
    const plain = detectAnomaly(history, { time: saturday, value: 205 });
    const seasonal = detectAnomaly(history, { time: saturday, value: 205 }, { seasonality: 'day_of_week' });
    assert.equal(plain.status, 'anomaly', 'a quiet Saturday looks like an outage against all days');
    assert.equal(seasonal.status, 'normal');
    assert.match(seasonal.message, /on Saturdays/);
    assert.equal(detectAnomaly(history, { time: saturday, value: 1000 }, { seasonality: 'day_of_week' }).status, 'anomaly', 'a weekday volume on a Saturday is odd');
  });

  it('asks for more history below the minimum training size', () => {
    const v = detectAnomaly(daily([1, 2, 3]), { time: MONDAY + 10 * DAY, value: 1000 });
    assert.equal(v.status, 'training');
    assert.match(v.message, /training: 3 of 7 points/);
    assert.equal(detectAnomaly(daily([1, 2, 3]), { time: MONDAY + 10 * DAY, value: 1000 }, { minTraining: 3 }).status, 'anomaly');
  });

  it('handles MAD = 0', () => {
    const constant = daily(Array(10).fill(50));
    assert.equal(detectAnomaly(constant, { time: MONDAY + 20 * DAY, value: 50 }).status, 'normal');
    assert.equal(detectAnomaly(constant, { time: MONDAY + 20 * DAY, value: 51 }).status, 'anomaly');
    // More than half identical: MAD is 0 but the mean absolute deviation is not.
    const mostly = [50, 50, 50, 50, 50, 50, 50, 60, 40, 55];
    const s = robustScore(52, mostly);
    assert.equal(s.mad, 0);
    assert.ok(Number.isFinite(s.z) && Math.abs(s.z) < 3.5);
    assert.equal(detectAnomaly(daily(mostly), { time: MONDAY + 20 * DAY, value: 52 }).status, 'normal');
    assert.equal(detectAnomaly(daily(mostly), { time: MONDAY + 20 * DAY, value: 500 }).status, 'anomaly');
  });

  it('uses sensitivity as the cut-off', () => {
    const history = daily(steady);
    const at = MONDAY + 20 * DAY;
    assert.equal(detectAnomaly(history, { time: at, value: 108 }).status, 'normal');
    assert.equal(detectAnomaly(history, { time: at, value: 108 }, { sensitivity: 1.5 }).status, 'anomaly');
  });
});
