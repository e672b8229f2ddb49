// The benchmark's cold/warm index plumbing: each run in a fresh child process,
// medians over runs, warm runs after a populating run, cold runs with the
// cache removed, and a failing analysis reported with its message.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

type IndexModule = typeof import('../bench/harness/index_runs.mjs');

const standIn = path.join(__dirname, '..', 'bench', 'harness', 'testing', 'stand_in_analysis.cjs');

describe('bench index runs', function () {
  this.timeout(60000);
  let runs: IndexModule;
  let tmp: string;

  before(async () => {
    runs = await import('../bench/harness/index_runs.mjs');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'driftbench-index-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('cold runs start without a cache and count models, columns and column edges', () => {
    fs.mkdirSync(path.join(tmp, '.driftwatch', 'cache'), { recursive: true });
    fs.writeFileSync(path.join(tmp, '.driftwatch', 'cache', 'marker'), 'stale');
    const cold = runs.measureIndex(standIn, tmp, { cache: false, runs: 3 });
    assert.equal(cold.runs.length, 3);
    assert.ok(!fs.existsSync(path.join(tmp, '.driftwatch', 'cache', 'marker')), 'cold runs removed the cache');
    const sorted = cold.runs.map((r) => r.elapsedMs).sort((a, b) => a - b);
    assert.equal(cold.elapsedMs, sorted[1]);
    assert.equal(cold.last.models, 2);
    assert.equal(cold.last.nodes, 3);
    assert.equal(cold.last.columns, 4);
    assert.equal(cold.last.columnEdges, 1);
    assert.equal(cold.last.diagnostics, 1);
    assert.ok(cold.maxRssKb > 10000, `a node process has a real RSS (${cold.maxRssKb} KB)`);
    assert.deepEqual(cold.last.timings, { readMs: 1, fromCache: 0 });
  });

  it('warm runs read the cache a first unmeasured run wrote', () => {
    const warm = runs.measureIndex(standIn, tmp, { cache: true, runs: 2 });
    assert.equal(warm.runs.length, 2);
    for (const r of warm.runs) assert.deepEqual(r.timings, { readMs: 1, fromCache: 1 });
  });

  it('a failing analysis surfaces its own message', () => {
    fs.writeFileSync(path.join(tmp, 'FAIL'), '');
    try {
      assert.throws(() => runs.measureIndex(standIn, tmp, { cache: false, runs: 1 }), /loadAndAnalyze failed: Error: stand-in analysis failed on purpose/);
    } finally {
      fs.rmSync(path.join(tmp, 'FAIL'));
    }
  });

  it('a bundle without loadAndAnalyze is named in the error', () => {
    const empty = path.join(tmp, 'empty.cjs');
    fs.writeFileSync(empty, 'exports.somethingElse = 1;\n');
    assert.throws(() => runs.measureIndex(empty, tmp, { cache: false, runs: 1 }), /does not export loadAndAnalyze/);
  });
});
