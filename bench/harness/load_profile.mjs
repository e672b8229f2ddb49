/**
 * Times `loadProject` (and, separately, `readPropertiesFile` over every
 * properties YAML) on a generated project, against a baseline commit bundled
 * from git in the same run, and checks that both give the same project
 * (every value and range, deferred ranges read).
 *
 *   node bench/harness/load_profile.mjs [--project bench/.generated/10000] [--baseline <commit>]
 *        [--rounds 5] [--iterations 8] [--cpu-prof]
 *
 * Each round runs one child process per variant (alternating, so load from
 * other processes on the machine hits both alike); a child reads the files
 * once, loads twice to warm up (the first, cold-JIT load is reported too: it
 * is what opening a project pays), then times `iterations` loads. Figures are
 * medians of the per-child medians, in CPU ms (process.cpuUsage: user +
 * system, which counts GC threads too) and wall ms.
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { median } from './stats.mjs';
import { SERVER_BUNDLE_OPTIONS } from './index_runs.mjs';

const self = fileURLToPath(import.meta.url);
const repoRoot = path.resolve(path.dirname(self), '../..');

const ENTRY = `
export { loadProject } from './server/src/project/load';
export { readPropertiesFile } from './server/src/project/properties_file';
export { StringPool } from './server/src/core/string_pool';
export { readProjectInput } from './server/src/io/discover';
`;

async function bundle(sourceRoot, outfile) {
  const esbuild = await import('esbuild');
  await esbuild.build({
    ...SERVER_BUNDLE_OPTIONS,
    stdin: { contents: ENTRY, resolveDir: sourceRoot, loader: 'ts', sourcefile: 'load_profile_entry.ts' },
    outfile,
    define: { __DRIFTWATCH_BUILD__: JSON.stringify('load-profile') },
    nodePaths: [path.join(repoRoot, 'node_modules')],
  });
  return outfile;
}

/** The commit's server/src, extracted under bench/.generated/tmp (git-ignored). */
function checkoutBaseline(commit, tmp) {
  const sha = execFileSync('git', ['rev-parse', commit], { cwd: repoRoot, encoding: 'utf8' }).trim();
  const dir = path.join(tmp, `baseline-${sha.slice(0, 10)}`);
  if (!fs.existsSync(path.join(dir, 'server/src'))) {
    fs.mkdirSync(dir, { recursive: true });
    const tar = execFileSync('git', ['archive', sha, 'server/src'], { cwd: repoRoot, maxBuffer: 256 * 1024 * 1024 });
    execFileSync('tar', ['-x', '-C', dir], { input: tar });
  }
  return { dir, sha };
}

function isPropertiesYaml(file) {
  if (!/\.ya?ml$/.test(file)) return false;
  const base = file.slice(file.lastIndexOf('/') + 1);
  if (['dbt_project.yml', 'packages.yml', 'profiles.yml', 'dependencies.yml', 'selectors.yml', 'package-lock.yml'].includes(base)) return false;
  return !file.endsWith('.checks.yml');
}

function cpuMs(since) {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
}

/** Canonical text of a project: Maps as entry lists, deferred ranges read (JSON.stringify reads accessors). */
function digest(value) {
  const json = JSON.stringify(value, (_k, v) => (v instanceof Map ? { __map: [...v.entries()] } : v instanceof Set ? { __set: [...v] } : typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
  return crypto.createHash('sha256').update(json).digest('hex');
}

async function child(bundlePath, projectDir, iterations, mode) {
  const api = createRequire(import.meta.url)(bundlePath);
  const input = await api.readProjectInput(projectDir, {});
  const yamlFiles = [...input.files.keys()].filter(isPropertiesYaml).sort();
  let bytes = 0;
  for (const f of yamlFiles) bytes += input.files.get(f).length;
  const propsOnce = () => {
    const pool = new api.StringPool();
    let entries = 0;
    for (const f of yamlFiles) {
      const p = api.readPropertiesFile(f, input.files.get(f), 'bench', pool);
      entries += p.models.length + p.seeds.length + p.snapshots.length + p.sources.length;
    }
    return entries;
  };
  if (mode === 'digest') {
    const project = api.loadProject(input);
    const props = yamlFiles.map((f) => api.readPropertiesFile(f, input.files.get(f), 'bench'));
    return { project: digest(project), properties: digest(props) };
  }
  const time = (fn) => {
    const cpu = [];
    const wall = [];
    const c0 = process.cpuUsage();
    fn(); // the first run, with a cold JIT: what opening a project pays
    const firstCpu = cpuMs(c0);
    fn();
    for (let i = 0; i < iterations; i++) {
      const c0 = process.cpuUsage();
      const w0 = performance.now();
      fn();
      wall.push(performance.now() - w0);
      cpu.push(cpuMs(c0));
    }
    return { cpuMs: median(cpu), minCpuMs: Math.min(...cpu), wallMs: median(wall), firstCpuMs: firstCpu };
  };
  const load = time(() => api.loadProject(input));
  const yaml = time(propsOnce);
  return { load, yaml, yamlFiles: yamlFiles.length, yamlMb: bytes / 1e6, entries: propsOnce() };
}

function runChild(bundlePath, projectDir, iterations, mode, nodeArgs) {
  const out = execFileSync(process.execPath, [...nodeArgs, self, '--child', bundlePath, projectDir, String(iterations), mode], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.trim().split('\n').pop());
}

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i < 0 ? fallback : process.argv[i + 1];
}

async function main() {
  if (process.argv[2] === '--child') {
    const [bundlePath, projectDir, iterations, mode] = process.argv.slice(3);
    process.stdout.write(JSON.stringify(await child(bundlePath, projectDir, Number(iterations), mode)) + '\n');
    return;
  }
  const projectDir = path.resolve(arg('--project', path.join(repoRoot, 'bench/.generated/10000')));
  const rounds = Number(arg('--rounds', '5'));
  const iterations = Number(arg('--iterations', '8'));
  const baselineRef = arg('--baseline', undefined);
  const cpuProf = process.argv.includes('--cpu-prof');
  if (!fs.existsSync(path.join(projectDir, 'dbt_project.yml'))) throw new Error(`no project at ${projectDir} (node bench/generate_project.mjs …)`);
  const tmp = path.join(repoRoot, 'bench/.generated/tmp/load_profile');
  fs.mkdirSync(tmp, { recursive: true });

  const variants = [{ name: 'current', bundle: await bundle(repoRoot, path.join(tmp, 'current.js')) }];
  if (baselineRef) {
    const { dir, sha } = checkoutBaseline(baselineRef, tmp);
    variants.unshift({ name: `baseline ${sha.slice(0, 10)}`, bundle: await bundle(dir, path.join(tmp, `baseline-${sha.slice(0, 10)}.js`)) });
  }

  if (variants.length === 2) {
    const [a, b] = variants.map((v) => runChild(v.bundle, projectDir, 0, 'digest', []));
    const same = a.project === b.project && a.properties === b.properties;
    console.log(`results identical to baseline: ${same ? 'yes' : 'NO'} (project ${b.project.slice(0, 12)}, properties ${b.properties.slice(0, 12)})`);
    if (!same) process.exitCode = 1;
  }

  const samples = variants.map(() => []);
  for (let r = 0; r < rounds; r++) {
    variants.forEach((v, i) => {
      const nodeArgs = cpuProf && r === rounds - 1 ? ['--cpu-prof', `--cpu-prof-dir=${tmp}`, `--cpu-prof-name=${v.name.split(' ')[0]}.cpuprofile`] : [];
      samples[i].push(runChild(v.bundle, projectDir, iterations, 'time', nodeArgs));
    });
  }
  const first = samples[0][0];
  console.log(`${path.relative(repoRoot, projectDir)}: ${first.yamlFiles} properties files, ${first.yamlMb.toFixed(1)} MB, ${first.entries} entries; ${rounds} rounds x ${iterations} loads`);
  const summary = variants.map((v, i) => {
    const s = samples[i];
    const m = (f) => median(s.map(f));
    const least = (f) => Math.min(...s.map(f));
    const row = {
      loadCpu: m((x) => x.load.cpuMs), loadMin: least((x) => x.load.minCpuMs), loadWall: m((x) => x.load.wallMs), loadFirst: m((x) => x.load.firstCpuMs),
      yamlCpu: m((x) => x.yaml.cpuMs), yamlMin: least((x) => x.yaml.minCpuMs), yamlWall: m((x) => x.yaml.wallMs),
    };
    console.log(
      `${v.name.padEnd(20)} loadProject ${row.loadCpu.toFixed(0)} ms CPU (min ${row.loadMin.toFixed(0)}; ${row.loadWall.toFixed(0)} ms wall; first load ${row.loadFirst.toFixed(0)} ms CPU)` +
        `   readPropertiesFile x${first.yamlFiles} ${row.yamlCpu.toFixed(0)} ms CPU (min ${row.yamlMin.toFixed(0)}; ${row.yamlWall.toFixed(0)} ms wall)`,
    );
    return row;
  });
  if (summary.length === 2) {
    const [base, cur] = summary;
    const x = (a, b) => `${(a / b).toFixed(2)}x`;
    console.log(
      `speed-up: loadProject ${x(base.loadCpu, cur.loadCpu)} CPU (min ${x(base.loadMin, cur.loadMin)}; ${x(base.loadWall, cur.loadWall)} wall; first load ${x(base.loadFirst, cur.loadFirst)} CPU),` +
        ` properties YAML ${x(base.yamlCpu, cur.yamlCpu)} CPU (min ${x(base.yamlMin, cur.yamlMin)}; ${x(base.yamlWall, cur.yamlWall)} wall)`,
    );
  }
  if (cpuProf) console.log(`CPU profiles of the last round in ${path.relative(repoRoot, tmp)}/`);
}

await main();
