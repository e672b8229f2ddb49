/**
 * Top functions of a V8 CPU profile (from `node bench/run.mjs --profile-server DIR`
 * or `node --cpu-prof`), by self time and by total (inclusive) time.
 *
 *   node bench/profile_top.mjs FILE.cpuprofile [--top 25]
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** @returns {{ totalMs: number, self: [string, number][], inclusive: [string, number][] }} sorted, heaviest first */
export function summarizeProfile(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (n) => {
    const f = n.callFrame;
    const file = f.url ? f.url.split('/').pop() : '';
    return `${f.functionName || '(anonymous)'}${file ? ` ${file}:${f.lineNumber + 1}` : ''}`;
  };
  const self = new Map();
  const inclusive = new Map();
  let totalMs = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    totalMs += ms;
    let node = byId.get(profile.samples[i]);
    if (!node) continue;
    const key = label(node);
    self.set(key, (self.get(key) ?? 0) + ms);
    // Count each function once per sample even when it recurses.
    const seen = new Set();
    for (let id = node.id; id !== undefined; id = parent.get(id)) {
      const k = label(byId.get(id));
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + ms);
    }
  }
  const sorted = (m) => [...m].sort((a, b) => b[1] - a[1]);
  return { totalMs, self: sorted(self), inclusive: sorted(inclusive) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  const topAt = process.argv.indexOf('--top');
  const top = topAt > 0 ? Number(process.argv[topAt + 1]) : 25;
  if (!file) {
    console.error('usage: node bench/profile_top.mjs FILE.cpuprofile [--top N]');
    process.exit(1);
  }
  const { totalMs, self, inclusive } = summarizeProfile(JSON.parse(fs.readFileSync(file, 'utf8')));
  const show = (rows) => rows.slice(0, top).map(([k, ms]) => `${ms.toFixed(0).padStart(8)} ms ${((ms / totalMs) * 100).toFixed(1).padStart(5)}%  ${k}`).join('\n');
  console.log(`profile ${file}: ${totalMs.toFixed(0)} ms sampled\n\nself time\n${show(self)}\n\ninclusive time\n${show(inclusive.filter(([k]) => !k.startsWith('(root)')))}`);
}
