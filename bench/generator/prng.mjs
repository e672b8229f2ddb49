/**
 * A small seeded PRNG (mulberry32) so a generated project is byte-for-byte
 * reproducible from (models, seed): benchmark figures are only comparable
 * between runs when the input is the same.
 */
export function createRng(seed) {
  let state = (seed >>> 0) || 0x9e3779b9;
  function next() {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [lo, hi], both inclusive. */
  function int(lo, hi) {
    return lo + Math.floor(next() * (hi - lo + 1));
  }
  function pick(items) {
    return items[Math.floor(next() * items.length)];
  }
  function chance(p) {
    return next() < p;
  }
  /** `count` distinct items, in a random order (fewer when the list is shorter). */
  function sample(items, count) {
    const copy = items.slice();
    const n = Math.min(count, copy.length);
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(next() * (copy.length - i));
      const tmp = copy[i];
      copy[i] = copy[j];
      copy[j] = tmp;
    }
    return copy.slice(0, n);
  }
  /** Picks an index by relative weights. */
  function weighted(weights) {
    let total = 0;
    for (const w of weights) total += w;
    let r = next() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i];
      if (r < 0) return i;
    }
    return weights.length - 1;
  }
  return { next, int, pick, chance, sample, weighted };
}
