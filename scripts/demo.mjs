// The main job on the bundled example: lineage, diagnostics, a dev build into
// embedded DuckDB, then every check. The example fails some checks on purpose
// (see examples/shop/README.md), so a check exit code of 1 is the expected
// outcome here; anything else (2 = configuration/connection error) fails the demo.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const project = process.argv[2] ?? path.join(root, 'examples', 'shop');
const cli = path.join(root, 'dist', 'cli.js');

function step(title, args, okCodes) {
  process.stdout.write(`\n\u001b[1m── ${title}\u001b[22m  (driftwatch ${args.join(' ')})\n\n`);
  const r = spawnSync(process.execPath, [cli, ...args, '--project', project], { stdio: 'inherit' });
  if (!okCodes.includes(r.status ?? -1)) {
    process.stderr.write(`\ndemo: '${title}' exited with ${r.status}\n`);
    process.exit(1);
  }
  return r.status;
}

step('Lineage (model and column level)', ['lineage', '--format', 'text'], [0]);
step('Diagnostics', ['diagnose', '--format', 'text'], [0, 1]);
step('Dev build into embedded DuckDB', ['build'], [0]);
const checks = step('Checks and dbt tests against the dev build', ['check'], [0, 1]);
process.stdout.write(
  checks === 1
    ? '\nSome checks failed — the example plants those faults on purpose (examples/shop/README.md).\n'
    : '\nAll checks passed.\n',
);
