/**
 * A floor under the cold index: the first stages of the pipeline timed on
 * their own, each strictly less work than the stage of the cold index it
 * stands for, in one fresh process (as the cold index runs), one after the
 * other. If these alone approach the 1.0 s target on this machine, the full
 * analysis (render, parse, lineage, diagnostics) cannot meet it on one thread.
 *
 *   node bench/harness/cold_floor.mjs [--models 10000 | --root DIR]
 *
 * Stages:
 *   read      list the project, stat and read every file (io/discover.ts readProjectInput)
 *   load      loadProject: dbt_project.yml, properties YAML, configs (no rendering)
 *   static    the static ref()/source()/config() extraction of every model
 *   tokenize  the SQL tokenizer over every model's text (Jinja left in: lexing only, no render, no parse)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { projectRootFrom } from './profile_args.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');
const args = process.argv.slice(2);

if (args[0] === '--child') await child(args[1], args[2]);
else await parent();

async function parent() {
  const root = projectRootFrom(args, repoRoot);
  const esbuild = await import('esbuild');
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'driftwatch-floor-'));
  const entry = path.join(outDir, 'entry.ts');
  fs.writeFileSync(
    entry,
    [
      `export { readProjectInput } from ${JSON.stringify(path.join(repoRoot, 'server/src/io/discover'))};`,
      `export { loadProject } from ${JSON.stringify(path.join(repoRoot, 'server/src/project/load'))};`,
      `export { extractStatic } from ${JSON.stringify(path.join(repoRoot, 'server/src/jinja'))};`,
      `export { tokenize } from ${JSON.stringify(path.join(repoRoot, 'server/src/sql/tokenizer'))};`,
      `export { dialectRules } from ${JSON.stringify(path.join(repoRoot, 'server/src/sql/dialect'))};`,
    ].join('\n'),
  );
  const bundle = path.join(outDir, 'floor.js');
  await esbuild.build({ entryPoints: [entry], outfile: bundle, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'error', nodePaths: [path.join(repoRoot, 'node_modules')] });
  const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', bundle, root], { encoding: 'utf8' });
  fs.rmSync(outDir, { recursive: true, force: true });
  const r = JSON.parse(out.trim().split('\n').pop());
  let total = 0;
  console.log(`${root}: ${r.models} models, ${r.files} files, ${(r.bytes / 1048576).toFixed(1)} MB`);
  for (const [stage, ms] of Object.entries(r.stages)) {
    total += ms;
    console.log(`${stage.padEnd(10)} ${ms.toFixed(0).padStart(6)} ms   (so far ${total.toFixed(0)} ms)`);
  }
}

async function child(bundle, root) {
  const api = createRequire(import.meta.url)(bundle);
  const stages = {};
  const time = async (name, fn) => {
    const t = performance.now();
    const v = await fn();
    stages[name] = performance.now() - t;
    return v;
  };
  const input = await time('read', () => api.readProjectInput(root, {}));
  const project = await time('load', () => api.loadProject(input));
  await time('static', () => {
    for (const m of project.models) api.extractStatic(m.rawSql);
  });
  const rules = api.dialectRules('duckdb');
  await time('tokenize', () => {
    for (const m of project.models) api.tokenize(m.rawSql, rules);
  });
  let bytes = 0;
  for (const text of input.files.values()) bytes += text.length;
  process.stdout.write(JSON.stringify({ models: project.models.length, files: input.files.size, bytes, stages }) + '\n');
}
