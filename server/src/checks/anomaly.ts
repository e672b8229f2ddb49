/**
 * Robust anomaly detection for metric series. A point is anomalous when its
 * robust z-score 0.6745·(x − median)/MAD passes the cut-off (3.5 by default,
 * Iglewicz & Hoaglin). Median and MAD ignore the very outliers that drag a
 * mean ± 3σ band wide open, so one scraper glitch in the training data does
 * not blind the detector, and previously flagged points are left out of
 * training altogether. With seasonality, a point is only compared with
 * points from the same weekday / hour.
 */

export interface SeriesPoint {
  /** Epoch seconds (UTC). */
  time: number;
  value: number;
  /** Flagged as an anomaly when it was evaluated; excluded from training. */
  flagged?: boolean;
}

export interface AnomalyOptions {
  sensitivity?: number;
  seasonality?: 'day_of_week' | 'hour_of_day';
  /** Points needed before the detector judges (default 7, or 4 per season with seasonality). */
  minTraining?: number;
}

export interface AnomalyVerdict {
  status: 'training' | 'normal' | 'anomaly';
  /** Robust z-score of the point (Infinity when the training series is constant and the point differs). */
  score: number;
  median: number;
  mad: number;
  trainingSize: number;
  /** Values inside this band pass. */
  expected: [number, number];
  message: string;
}

export const DEFAULT_SENSITIVITY = 3.5;
const MAD_TO_Z = 0.6745;
/** Scale from mean absolute deviation to the MAD-equivalent when MAD is 0 (half the values identical). */
const MEAN_AD_TO_Z = 0.7979;

export function seasonOf(time: number, seasonality: AnomalyOptions['seasonality']): number | undefined {
  if (!seasonality) return undefined;
  const d = new Date(time * 1000);
  return seasonality === 'day_of_week' ? d.getUTCDay() : d.getUTCHours();
}

export function detectAnomaly(history: readonly SeriesPoint[], current: SeriesPoint, options: AnomalyOptions = {}): AnomalyVerdict {
  const cutoff = options.sensitivity ?? DEFAULT_SENSITIVITY;
  const season = seasonOf(current.time, options.seasonality);
  const minTraining = options.minTraining ?? (options.seasonality ? 4 : 7);
  const training: number[] = [];
  for (const p of history) {
    if (p.flagged || !Number.isFinite(p.value) || p.time >= current.time) continue;
    if (season !== undefined && seasonOf(p.time, options.seasonality) !== season) continue;
    training.push(p.value);
  }
  const seasonText = season === undefined ? '' : options.seasonality === 'day_of_week' ? ` on ${WEEKDAYS[season]}s` : ` at ${season}:00 UTC`;
  if (training.length < minTraining) {
    return {
      status: 'training',
      score: 0,
      median: NaN,
      mad: NaN,
      trainingSize: training.length,
      expected: [-Infinity, Infinity],
      message: `training: ${training.length} of ${minTraining} points${seasonText} collected; the detector judges once it has enough history`,
    };
  }
  const { z, median, scale, mad } = robustScore(current.value, training);
  const halfWidth = scale === 0 ? 0 : (cutoff * scale) / MAD_TO_Z;
  const expected: [number, number] = [median - halfWidth, median + halfWidth];
  const anomalous = Math.abs(z) > cutoff;
  const fmt = (n: number) => (Math.abs(n) >= 100 ? n.toFixed(0) : Number(n.toPrecision(4)).toString());
  return {
    status: anomalous ? 'anomaly' : 'normal',
    score: z,
    median,
    mad,
    trainingSize: training.length,
    expected,
    message: `${fmt(current.value)} is ${anomalous ? 'outside' : 'within'} the expected range ${fmt(expected[0])} – ${fmt(expected[1])}${seasonText} (median ${fmt(median)}, robust z ${Number.isFinite(z) ? z.toFixed(2) : z > 0 ? '+∞' : '−∞'}, cut-off ${cutoff}, ${training.length} points)`,
  };
}

/** Robust z of x against values; falls back to the mean absolute deviation when MAD is 0. */
export function robustScore(x: number, values: readonly number[]): { z: number; median: number; mad: number; scale: number } {
  const median = medianOf(values);
  const deviations = values.map((v) => Math.abs(v - median));
  const mad = medianOf(deviations);
  if (mad > 0) return { z: (MAD_TO_Z * (x - median)) / mad, median, mad, scale: mad };
  const meanAd = deviations.reduce((a, b) => a + b, 0) / deviations.length;
  if (meanAd > 0) {
    // Same units as the MAD branch: z = (x − median) / (1.2533 · meanAD), expressed through an equivalent MAD.
    const equivalentMad = meanAd / (MEAN_AD_TO_Z / MAD_TO_Z);
    return { z: (MAD_TO_Z * (x - median)) / equivalentMad, median, mad, scale: equivalentMad };
  }
  // A perfectly constant history: any different value is as surprising as it gets.
  return { z: x === median ? 0 : x > median ? Infinity : -Infinity, median, mad: 0, scale: 0 };
}

/** The classic mean ± kσ score, kept for comparison in tests and docs. */
export function naiveScore(x: number, values: readonly number[]): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, values.length - 1));
  return sd === 0 ? (x === mean ? 0 : Infinity) : (x - mean) / sd;
}

export function medianOf(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
