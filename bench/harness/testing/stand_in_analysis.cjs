// A stand-in for the bundled server/src/workspace/open_project.ts, for testing
// the benchmark's child-process plumbing: it honours the `cache` option with a
// marker file under .driftwatch/cache/ and returns a tiny analysis.
const fs = require('node:fs');
const path = require('node:path');

exports.loadAndAnalyze = async function loadAndAnalyze(root, options) {
  if (fs.existsSync(path.join(root, 'FAIL'))) throw new Error('stand-in analysis failed on purpose');
  const cacheDir = path.join(root, '.driftwatch', 'cache');
  const marker = path.join(cacheDir, 'marker');
  const fromCache = options.cache === true && fs.existsSync(marker);
  if (options.cache === true) {
    fs.mkdirSync(cacheDir, { recursive: true });
    fs.writeFileSync(marker, 'x');
  }
  const column = (name, from) => ({ name, declared: true, produced: true, lineage: from ? [{ node: from, column: name }] : [] });
  const nodes = new Map([
    ['model.p.a', { uniqueId: 'model.p.a', resourceType: 'model', columns: [column('id')] }],
    ['model.p.b', { uniqueId: 'model.p.b', resourceType: 'model', columns: [column('id', 'model.p.a'), column('x')] }],
    ['seed.p.s', { uniqueId: 'seed.p.s', resourceType: 'seed', columns: [column('k')] }],
  ]);
  return { analyses: [{ root, nodes, diagnostics: [{ code: 'missing-tests' }] }], timings: { readMs: 1, fromCache: fromCache ? 1 : 0 } };
};
