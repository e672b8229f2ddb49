// The identity of the analysis code in a bundle: a hash of every server source
// file and the package version. A warm start trusts a cached whole-project
// analysis only when it was made by the same code (workspace/analysis_snapshot.ts).
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export function buildId(repoRoot = '.') {
  const hash = createHash('sha1');
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      // The path relative to the repository, so every caller (cwd or absolute root) gets the same id.
      else if (p.endsWith('.ts') && !p.endsWith('.test.ts')) hash.update(relative(repoRoot, p).split(sep).join('/')).update('\0').update(readFileSync(p)).update('\0');
    }
  };
  walk(join(repoRoot, 'server', 'src'));
  hash.update(JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).version);
  return hash.digest('hex').slice(0, 16);
}
