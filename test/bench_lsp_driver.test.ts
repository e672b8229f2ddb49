// The benchmark's LSP driver: framing must survive arbitrary chunking, edit
// latency must be measured to the publish that carries the edit's version,
// and a misbehaving server must produce a clear error or counted timeouts —
// never a hang or a made-up figure.
import * as assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

type ClientModule = typeof import('../bench/harness/lsp_client.mjs');
type EditModule = typeof import('../bench/harness/edit_latency.mjs');
type StatsModule = typeof import('../bench/harness/stats.mjs');

const standIn = path.join(__dirname, '..', 'bench', 'harness', 'testing', 'stand_in_server.cjs');

class FakeChild extends EventEmitter {
  stdout = new EventEmitter();
  written: string[] = [];
  stdin = { write: (d: string | Buffer) => this.written.push(d.toString()) };
}

describe('bench LSP driver', function () {
  this.timeout(30000);
  let client: ClientModule;
  let edit: EditModule;
  let stats: StatsModule;
  let tmp: string;
  const target = 'models/int_a.sql';
  const original = '-- Grain: one row per order\n\nwith orders as (\n    select count(*) as order_count from x\n)\nselect * from orders\n';

  before(async () => {
    client = await import('../bench/harness/lsp_client.mjs');
    edit = await import('../bench/harness/edit_latency.mjs');
    stats = await import('../bench/harness/stats.mjs');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'driftbench-lsp-'));
    fs.mkdirSync(path.join(tmp, 'models'));
    fs.writeFileSync(path.join(tmp, target), original);
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('decodes frames split at every byte and several frames in one chunk', async () => {
    const child = new FakeChild();
    const c = new client.LspClient(child);
    const seen: unknown[] = [];
    c.on('x/note', (p) => seen.push(p));
    const reply = c.request('x/ask', { q: 1 });
    const bytes = Buffer.concat([
      client.frame({ jsonrpc: '2.0', method: 'x/note', params: { n: 'é' } }),
      client.frame({ jsonrpc: '2.0', id: 1, result: { answer: 42 } }),
    ]);
    for (let i = 0; i < bytes.length; i++) child.stdout.emit('data', bytes.subarray(i, i + 1));
    child.stdout.emit('data', Buffer.concat([client.frame({ jsonrpc: '2.0', method: 'x/note', params: { n: 2 } }), client.frame({ jsonrpc: '2.0', method: 'x/note', params: { n: 3 } })]));
    assert.deepEqual(await reply, { answer: 42 });
    assert.deepEqual(seen, [{ n: 'é' }, { n: 2 }, { n: 3 }]);
    assert.match(child.written.join(''), /^Content-Length: \d+\r\n\r\n\{"jsonrpc":"2.0","id":1,"method":"x\/ask"/);
  });

  it('answers server requests and fails waiters with a clear reason on a bad frame', async () => {
    const child = new FakeChild();
    const c = new client.LspClient(child);
    child.stdout.emit('data', client.frame({ jsonrpc: '2.0', id: 7, method: 'workspace/configuration', params: { items: [{}, {}] } }));
    assert.match(child.written.join(''), /"id":7,"result":\[\{\},\{\}\]/);
    const waiting = c.waitFor('never', () => true, 5000);
    child.stdout.emit('data', Buffer.from('Content-Type: nope\r\n\r\n{}'));
    await assert.rejects(waiting, /unreadable message from the server: LSP frame without Content-Length/);
  });

  it('pools several servers: latencies together (timeouts as the timeout), start-up and peak RSS as medians', () => {
    const run = (samples: number[], timeouts: number, readyMs: number, rss: number | null) => ({
      readyMs, firstDiagnosticsMs: readyMs / 10, snapshotNote: null, samples, attempted: samples.length + timeouts,
      p50: 0, p95: 0, max: 0, timeouts, unversioned: 0, serverPeakRssKb: rss, models: 10, atReady: { documents: 1, byCode: {} },
    });
    const pooled = edit.poolServerRuns([run([1, 2, 3], 0, 400, 300_000), run([4, 5], 1, 100, 200_000), run([6], 0, 900, 250_000), run([], 0, 500, null)], 1000);
    assert.deepStrictEqual(pooled.samples, [1, 2, 3, 4, 5, 6]);
    assert.strictEqual(pooled.max, 1000);
    assert.strictEqual(pooled.timeouts, 1);
    assert.strictEqual(pooled.attempted, 7);
    assert.strictEqual(pooled.readyMs, 400); // nearest-rank median of 100, 400, 500, 900
    assert.strictEqual(pooled.firstDiagnosticsMs, 40);
    // A server without a reading (null) does not count.
    assert.strictEqual(pooled.serverPeakRssKb, 250_000);
  });

  it('edit sequence alternates an alias toggle with typing, every text distinct from the last', () => {
    const texts = edit.editSequence(original, 6);
    assert.equal(texts.length, 6);
    assert.match(texts[0], /as order_count_x/);
    assert.match(texts[1], /as order_count_x/);
    assert.match(texts[1], /^-- Grain: one row per orderx\n/);
    assert.match(texts[2], /as order_count from/);
    assert.match(texts[5], /^-- Grain: one row per orderxxx\n/);
    for (let i = 1; i < texts.length; i++) assert.notEqual(texts[i], texts[i - 1]);
    assert.throws(() => edit.editSequence('select 1', 2), /no column alias/);
  });

  it('measures every edit against a real LSP server until the versioned publish', async () => {
    const r = await edit.measureEditLatency({ serverPath: standIn, projectDir: tmp, editTarget: target, edits: 12, serverArgs: ['--stdio', '--mode=ok'] });
    assert.equal(r.samples.length, 12);
    assert.equal(r.attempted, 12);
    assert.equal(r.timeouts, 0);
    assert.equal(r.unversioned, 0);
    assert.equal(r.models, 3);
    // The stand-in waits 5 ms before publishing: a latency below that would mean we matched the wrong message.
    for (const s of r.samples) assert.ok(s >= 4.5, `sample ${s} ms`);
    assert.equal(r.p95, stats.percentile(r.samples, 95));
    assert.ok(r.serverPeakRssKb === null || r.serverPeakRssKb > 1000);
  });

  it('counts timeouts instead of accepting a publish for an older version, and gives up after three', async () => {
    const r = await edit.measureEditLatency({
      serverPath: standIn,
      projectDir: tmp,
      editTarget: target,
      edits: 10,
      editTimeoutMs: 200,
      serverArgs: ['--stdio', '--mode=stale'],
    });
    assert.equal(r.samples.length, 0);
    assert.equal(r.timeouts, 3);
    assert.equal(r.attempted, 3);
    assert.equal(r.p95, 200, 'timed-out edits count as the timeout: a lower bound, not a missing figure');
  });

  it('stops sending edits when the time budget is spent', async () => {
    const r = await edit.measureEditLatency({ serverPath: standIn, projectDir: tmp, editTarget: target, edits: 50, editBudgetMs: 0, serverArgs: ['--stdio', '--mode=ok'] });
    assert.ok(r.attempted <= 1, `${r.attempted} edits sent after the budget`);
  });

  it('reports a crashed server with its stderr', async () => {
    await assert.rejects(
      edit.measureEditLatency({ serverPath: standIn, projectDir: tmp, editTarget: target, edits: 3, serverArgs: ['--stdio', '--mode=crash'] }),
      /server exited \(code 3[\s\S]*crashing on purpose/,
    );
  });

  it('percentiles use nearest rank', () => {
    const v = Array.from({ length: 100 }, (_, i) => i + 1);
    assert.equal(stats.percentile(v, 50), 50);
    assert.equal(stats.percentile(v, 95), 95);
    assert.equal(stats.median([3, 1, 2]), 2);
    assert.equal(stats.max([1, 9, 3]), 9);
  });
});
