/**
 * The "naive baseline": what a straightforward implementation would do —
 * regex-strip the Jinja and hand every model to node-sql-parser's `astify`.
 * It yields no column lineage and no diagnostics, so it is a floor on the
 * work, not a competitor; it tells whether our analysis is cheap relative to
 * merely parsing. Measured on a sample (after a JIT warm-up, fastest of three passes) and extrapolated
 * linearly to the project size; file reading is not included.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * Jinja → plain SQL by regex: ref/source become bare relations, `{% if %}…{% endif %}`
 * blocks are dropped (the full-refresh view, and the `loop.last` comma), loop bodies
 * are kept once, other expressions become `null`.
 */
export function naiveRender(template) {
  return template
    .replace(/\{#[\s\S]*?#\}/g, '')
    .replace(/\{\{\s*config\([\s\S]*?\)\s*\}\}/g, '')
    .replace(/\{\{\s*ref\(\s*['"]([^'"]+)['"]\s*\)\s*\}\}/g, '$1')
    .replace(/\{\{\s*source\(\s*['"]([^'"]+)['"]\s*,\s*['"]([^'"]+)['"]\s*\)\s*\}\}/g, '$1.$2')
    .replace(/\{\{\s*this\s*\}\}/g, 'this_relation')
    .replace(/\{%-?\s*if\b[\s\S]*?\{%-?\s*endif\s*-?%\}/g, '')
    .replace(/\{%[\s\S]*?%\}/g, '')
    .replace(/\{\{[\s\S]*?\}\}/g, 'null');
}

/** Every model file of a generated project, in a stable order. */
export function listModelFiles(projectDir) {
  const out = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name.endsWith('.sql')) out.push(p);
    }
  };
  walk(path.join(projectDir, 'models'));
  return out.sort();
}

/**
 * @param {string} projectDir
 * @param {{ models: number, sample?: number }} options  `models`: the size to extrapolate to
 * @returns {{ sample: number, parsed: number, failed: number, firstError: string | null, perModelMs: number, extrapolatedMs: number }}
 */
export function measureNaiveBaseline(projectDir, { models, sample = 200 }) {
  const { Parser } = require('node-sql-parser');
  const files = listModelFiles(projectDir);
  const step = Math.max(1, Math.floor(files.length / sample));
  const texts = [];
  for (let i = 0; i < files.length && texts.length < sample; i += step) texts.push(fs.readFileSync(files[i], 'utf8'));
  const parser = new Parser();
  // Warm the parser's JIT first: the per-model cost is then the steady state, independent
  // of what ran earlier in this process — and the most favourable figure for the baseline.
  for (const text of texts) {
    try {
      parser.astify(naiveRender(text), { database: 'postgresql' });
    } catch {
      // counted in the measured pass below
    }
  }
  // The fastest of three timed passes: the least disturbed by other load on the machine.
  let parsed = 0;
  let failed = 0;
  let firstError = null;
  let best = Infinity;
  for (let pass = 0; pass < 3; pass++) {
    parsed = 0;
    failed = 0;
    const started = performance.now();
    for (const text of texts) {
      try {
        parser.astify(naiveRender(text), { database: 'postgresql' });
        parsed++;
      } catch (err) {
        failed++;
        firstError ??= String(err instanceof Error ? err.message : err).slice(0, 200);
      }
    }
    best = Math.min(best, performance.now() - started);
  }
  const perModelMs = texts.length > 0 ? best / texts.length : 0;
  return { sample: texts.length, parsed, failed, firstError, perModelMs, extrapolatedMs: perModelMs * models };
}
