/**
 * Writes a synthetic dbt-style project for the benchmark.
 *
 *   import { generateProject } from './generate_project.mjs';
 *   const info = generateProject('/tmp/p', { models: 1000, seed: 42 });
 *
 * or from a shell: `node bench/generate_project.mjs --models 1000 [--seed 42] [--out DIR]`
 * (default out: bench/.generated/<models>/).
 *
 * Deterministic: the same (models, seed, GENERATOR_VERSION) always yields the
 * same bytes, so a generated project is reused when its stamp matches.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { planProject } from './generator/plan_project.mjs';

/** Bump whenever the output changes, so stale generated projects are rebuilt. */
export const GENERATOR_VERSION = 2;
export const STAMP_FILE = '.driftbench.json';
export const DEFAULT_SEED = 42;

const benchDir = path.dirname(fileURLToPath(import.meta.url));

export function defaultProjectDir(models) {
  return path.join(benchDir, '.generated', String(models));
}

/**
 * @param {string} dir  where to write (created; emptied first when it holds a different project)
 * @param {{ models: number, seed?: number, force?: boolean }} options
 * @returns {{ dir: string, reused: boolean, models: number, seed: number, files: number, editTarget: string,
 *   summary: { layers: Record<string, number>, drifted: number, undocumented: number, refs: number },
 *   elapsedMs: number, modelList?: object[] }}  `modelList` (names, refs, columns, drift) only when freshly generated
 */
export function generateProject(dir, options) {
  const models = options.models;
  const seed = options.seed ?? DEFAULT_SEED;
  const started = performance.now();
  const stampPath = path.join(dir, STAMP_FILE);
  const wanted = { generatorVersion: GENERATOR_VERSION, models, seed };
  if (!options.force) {
    const stamp = readStamp(stampPath);
    if (stamp && stamp.generatorVersion === GENERATOR_VERSION && stamp.models === models && stamp.seed === seed) {
      return {
        dir,
        reused: true,
        models,
        seed,
        files: stamp.files,
        editTarget: stamp.editTarget,
        summary: stamp.summary,
        elapsedMs: performance.now() - started,
      };
    }
  }
  const plan = planProject({ models, seed });
  if (fs.existsSync(dir)) {
    // Only ever clear a folder this generator made: never risk deleting a user's directory.
    if (!fs.existsSync(stampPath) && fs.readdirSync(dir).length > 0) {
      throw new Error(`${dir} exists, is not empty and was not made by the benchmark generator; refusing to overwrite it`);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const made = new Set();
  for (const [rel, text] of plan.files) {
    const abs = path.join(dir, rel);
    const parent = path.dirname(abs);
    if (!made.has(parent)) {
      fs.mkdirSync(parent, { recursive: true });
      made.add(parent);
    }
    fs.writeFileSync(abs, text);
  }
  const summary = summarize(plan.models);
  // Written last: a half-written project (crash, Ctrl-C) has no stamp and is regenerated.
  fs.writeFileSync(stampPath, JSON.stringify({ ...wanted, files: plan.files.size, editTarget: plan.editTarget, summary }, null, 2) + '\n');
  return {
    dir,
    reused: false,
    models,
    seed,
    files: plan.files.size,
    editTarget: plan.editTarget,
    summary,
    elapsedMs: performance.now() - started,
    modelList: plan.models,
  };
}

/** What was planted, so the benchmark can set the server's findings beside it. */
function summarize(models) {
  const layers = { staging: 0, intermediate: 0, marts: 0 };
  let drifted = 0;
  let undocumented = 0;
  let refs = 0;
  for (const m of models) {
    layers[m.layer]++;
    if (m.drift) drifted++;
    if (!m.documented) undocumented++;
    refs += m.refs.length;
  }
  return { layers, drifted, undocumented, refs };
}

function readStamp(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

function parseArgs(argv) {
  const out = { models: 1000, seed: DEFAULT_SEED, out: '', force: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--models') out.models = Number(argv[++i]);
    else if (a === '--seed') out.seed = Number(argv[++i]);
    else if (a === '--out') out.out = argv[++i];
    else if (a === '--force') out.force = true;
    else throw new Error(`unknown argument ${a} (expected --models N, --seed S, --out DIR, --force)`);
  }
  if (!Number.isInteger(out.models) || out.models < 3) throw new Error('--models needs an integer >= 3');
  if (!Number.isInteger(out.seed)) throw new Error('--seed needs an integer');
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const args = parseArgs(process.argv.slice(2));
    const info = generateProject(args.out ? path.resolve(args.out) : defaultProjectDir(args.models), args);
    console.log(
      `${info.reused ? 'reused' : 'generated'} ${info.models} models (${info.files} files, seed ${info.seed}) in ${info.dir} — ${info.elapsedMs.toFixed(0)} ms`,
    );
  } catch (err) {
    console.error(`generate_project: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
