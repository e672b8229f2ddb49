/**
 * Measures project loading on a synthetic project written to a temp folder:
 *   node -r esbuild-register server/src/io/bench_load.ts [models=10000]
 * Prints the disk read time and the pure load time (cold and with a warm LoadCache).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { LoadCache, loadProject } from '../project/load';
import { syntheticProjectFiles } from '../project/synthetic_project';
import { readProjectInput } from './discover';

function meter(): () => string {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  return () => {
    const d = process.cpuUsage(cpu);
    return `${(performance.now() - wall).toFixed(0)} ms wall, ${((d.user + d.system) / 1000).toFixed(0)} ms CPU`;
  };
}

async function main(): Promise<void> {
  const models = Number(process.argv[2] ?? 10000);
  const files = syntheticProjectFiles({ models });
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'driftwatch-bench-'));
  try {
    for (const [rel, text] of files) {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    }
    const bytes = [...files.values()].reduce((n, t) => n + t.length, 0);
    const yamlBytes = [...files].filter(([f]) => f.endsWith('.yml')).reduce((n, [, t]) => n + t.length, 0);
    console.log(`synthetic project: ${models} models, ${files.size} files, ${(bytes / 1e6).toFixed(1)} MB (${(yamlBytes / 1e6).toFixed(1)} MB YAML)`);

    // CPU time is reported beside wall time: on a shared machine wall time mostly measures the neighbours.
    let m = meter();
    const input = await readProjectInput(root, {});
    console.log(`readProjectInput: ${m()} (${input.files.size} files)`);
    for (let i = 0; i < 2; i++) {
      m = meter();
      await readProjectInput(root, {});
      console.log(`readProjectInput again (OS cache warm): ${m()}`);
    }

    m = meter();
    const cache = new LoadCache();
    const project = loadProject(input, cache);
    console.log(`loadProject cold: ${m()} → ${project.models.length} models, ${project.sources.length} sources, ${project.diagnostics.length} diagnostics`);

    m = meter();
    loadProject(input, cache);
    console.log(`loadProject with a warm LoadCache (nothing changed): ${m()}`);

    for (let i = 0; i < 3; i++) {
      m = meter();
      loadProject(input);
      console.log(`loadProject uncached, run ${i + 2}: ${m()}`);
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

void main();
