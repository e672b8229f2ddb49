/** Small order statistics for benchmark samples. */

export function median(values) {
  return percentile(values, 50);
}

/** Nearest-rank percentile: the smallest sample with at least p% of samples at or below it. */
export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = values.slice().sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function max(values) {
  return values.length === 0 ? NaN : Math.max(...values);
}
