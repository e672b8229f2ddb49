/**
 * Command-line options shared by the profiling harnesses (heap_profile,
 * cold_floor): `--name value` options, bare flags, and the generated project
 * they run on (`--root DIR`, or `--models N` under bench/.generated).
 */
import fs from 'node:fs';
import path from 'node:path';

/** @param {string[]} args */
export function argsOf(args) {
  const option = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
  };
  const flag = (name) => args.includes(name);
  return { option, flag };
}

/** The project to profile; exits with a hint when there is none. */
export function projectRootFrom(args, repoRoot) {
  const { option } = argsOf(args);
  const root = path.resolve(option('--root', path.join(repoRoot, 'bench/.generated', option('--models', '10000'))));
  if (!fs.existsSync(path.join(root, 'dbt_project.yml'))) {
    console.error(`no dbt project at ${root} (generate one: node bench/generate_project.mjs --models N --out DIR)`);
    process.exit(2);
  }
  return root;
}
