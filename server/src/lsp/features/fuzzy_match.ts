/**
 * Fuzzy name matching for symbol search: the query's characters in order,
 * scored so exact beats prefix beats substring beats scattered, and among
 * scattered matches fewer gaps and shorter names win. Kept free of protocol
 * imports so it is testable in-process.
 */
export function fuzzyScore(query: string, name: string): number | undefined {
  if (!query) return 0;
  const q = query.toLowerCase();
  const s = name.toLowerCase();
  if (s === q) return 1000;
  if (s.startsWith(q)) return 800 - s.length;
  const at = s.indexOf(q);
  if (at >= 0) return 600 - at - s.length;
  let i = 0;
  let gaps = 0;
  let last = -1;
  for (let j = 0; j < s.length && i < q.length; j++) {
    if (s.charCodeAt(j) !== q.charCodeAt(i)) continue;
    if (last >= 0 && j !== last + 1) gaps++;
    last = j;
    i++;
  }
  return i === q.length ? 400 - gaps * 10 - s.length : undefined;
}
