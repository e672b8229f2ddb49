/**
 * Protocol test: warehouse targets and running checks from the editor, on a
 * copy of examples/shop built into its dev DuckDB with the CLI. The seeded
 * faults must show up as failing checks; results stream as notifications;
 * an untrusted workspace runs nothing.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { buildOnce, copyProject, REPO, startServer, type LspServer } from './lsp_harness';

interface RunResult {
  results: { id: string; dataset: string; check: string; status: string; message: string }[];
  summary: { pass: number; warn: number; fail: number; error: number };
  cancelled: boolean;
}

describe('LSP: targets and running checks', function () {
  this.timeout(120000);
  let server: LspServer;
  let root: string;
  const streamed: { id: string; status: string }[] = [];

  before(async () => {
    buildOnce();
    root = copyProject();
    const built = spawnSync(process.execPath, [path.join(REPO, 'dist', 'cli.js'), 'build', '--project', root], { encoding: 'utf8' });
    assert.strictEqual(built.status, 0, `driftwatch build failed:\n${built.stdout}\n${built.stderr}`);
    server = await startServer(root);
    server.conn.onNotification('driftwatch/checkResult', (r) => void streamed.push(r as { id: string; status: string }));
  });
  after(async () => {
    await server?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('lists the profile targets and switches between them', async () => {
    const r = await server.request<{ profile: string; targets: { name: string; isProduction: boolean; active: boolean }[] }>('driftwatch/listTargets', {});
    assert.strictEqual(r.profile, 'shop');
    assert.deepStrictEqual(r.targets.map((t) => [t.name, t.isProduction, t.active]), [['dev', false, true], ['prod', true, false]]);
    assert.deepStrictEqual(await server.request('driftwatch/setTarget', { target: 'staging' }), { ok: false, message: "No target 'staging' in the profile (known: dev, prod)." });
    assert.deepStrictEqual(await server.request('driftwatch/setTarget', { target: 'dev' }), { ok: true });
  });

  it('the status names the active target: the profile default, then the one chosen', async () => {
    const ready = server.statuses.find((s) => s.state === 'ready')!;
    assert.strictEqual(ready.target, 'dev', JSON.stringify(ready));
    const before = server.statuses.length;
    assert.deepStrictEqual(await server.request('driftwatch/setTarget', { target: 'prod' }), { ok: true });
    await server.waitFor('status with target prod', () => server.statuses.slice(before).find((s) => s.target === 'prod'));
    assert.deepStrictEqual(await server.request('driftwatch/setTarget', { target: 'dev' }), { ok: true });
    await server.waitFor('status back on dev', () => server.statuses.at(-1)?.target === 'dev');
  });

  it('models render for the chosen target: target.name follows setTarget', async () => {
    const rel = 'models/marts/orders.sql';
    await server.open(rel, `-- built for {{ target.name }}\n${fs.readFileSync(path.join(root, rel), 'utf8')}`);
    const compiled = async () => (await server.request<{ sql: string | null }>('driftwatch/compiledSql', { uri: server.uri(rel) })).sql ?? '';
    assert.match(await compiled(), /built for dev/);
    assert.deepStrictEqual(await server.request('driftwatch/setTarget', { target: 'prod' }), { ok: true });
    let sql = '';
    for (let i = 0; i < 100 && !/built for prod/.test(sql); i++) {
      sql = await compiled();
      if (!/built for prod/.test(sql)) await new Promise((r) => setTimeout(r, 50));
    }
    assert.match(sql, /built for prod/);
    assert.deepStrictEqual(await server.request('driftwatch/setTarget', { target: 'dev' }), { ok: true });
    await server.conn.sendNotification('textDocument/didClose', { textDocument: { uri: server.uri(rel) } });
  });

  it("runs a check file's checks read-only and finds the seeded duplicate payments", async () => {
    const rel = 'models/staging/staging.checks.yml';
    const r = await server.request<RunResult>('driftwatch/runChecks', { uri: server.uri(rel) });
    assert.strictEqual(r.cancelled, false);
    assert.ok(r.results.length > 5, JSON.stringify(r.summary));
    const dup = r.results.find((x) => x.dataset === 'model.shop.stg_payments' && x.check === 'duplicate_count(payment_id) = 0');
    assert.strictEqual(dup?.status, 'fail', JSON.stringify(dup));
    assert.ok(r.results.some((x) => x.check === 'row_count > 0' && x.status === 'pass'));
    assert.strictEqual(r.summary.pass + r.summary.warn + r.summary.fail + r.summary.error, r.results.length);
    assert.ok(streamed.some((s) => s.id === dup!.id), 'results are streamed as they complete');
  });

  it('publishes failed checks as diagnostics on their line, kept through re-analysis until the next run', async () => {
    const rel = 'models/staging/staging.checks.yml';
    const text = fs.readFileSync(path.join(root, rel), 'utf8');
    const dupLine = text.split('\n').findIndex((l) => l.includes('duplicate_count(payment_id) = 0'));
    assert.ok(dupLine >= 0);
    const failedAt = () => server.latest(rel)?.diagnostics.find((d) => d.code === 'check-failed' && d.range.start.line === dupLine);
    const failed = await server.waitFor('check-failed on the duplicate_count line', failedAt);
    assert.match(String(failed.message), /stg_payments/);
    assert.strictEqual(failed.severity, 1);
    // An edit elsewhere re-analyses the project: the run's results stay with the file's own diagnostics.
    const model = 'models/staging/stg_orders.sql';
    const v = await server.open(model);
    await server.diagnosticsAt(model, v);
    const v2 = await server.change(model, fs.readFileSync(path.join(root, model), 'utf8') + '\n-- touched\n');
    await server.diagnosticsAt(model, v2); // published in the same pass as any other file whose diagnostics changed
    assert.ok(failedAt(), 'check-failed survives a re-analysis');
    // Lines added above the check: its diagnostic moves with it.
    await server.open(rel, text);
    const moved = await server.change(rel, `# a note on top\n${text}`);
    const after = await server.diagnosticsAt(rel, moved);
    const lines = after.diagnostics.filter((d) => d.code === 'check-failed' && /duplicate_count\(payment_id\)/.test(String(d.message))).map((d) => d.range.start.line);
    assert.deepStrictEqual(lines, [dupLine + 1]);
    await server.change(rel, text);
  });

  it('keeps check results and shows no flicker when the workspace is re-indexed', async () => {
    const rel = 'models/staging/staging.checks.yml';
    const uri = server.uri(rel);
    const failed = () => server.latest(rel)?.diagnostics.some((d) => d.code === 'check-failed');
    await server.waitFor('check-failed shown', failed);
    const publishedBefore = server.published.length;
    const readyBefore = server.statuses.filter((st) => st.state === 'ready').length;
    // A dbt_project.yml "created" re-reads every project of the workspace.
    await server.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: server.uri('dbt_project.yml'), type: 1 }] });
    await server.waitFor('ready after re-indexing', () => server.statuses.filter((st) => st.state === 'ready').length > readyBefore || undefined);
    assert.ok(failed(), 'check-failed survives re-indexing');
    const cleared = server.published.slice(publishedBefore).filter((p) => p.uri === uri && p.diagnostics.length === 0);
    assert.deepStrictEqual(cleared, [], 'the check file was never cleared in between');
  });

  it('runs the dbt tests of a selector', async () => {
    const r = await server.request<RunResult>('driftwatch/runChecks', { select: 'stg_customers' });
    assert.ok(r.results.every((x) => x.dataset === 'model.shop.stg_customers'));
    const email = r.results.find((x) => /not_null/.test(x.check) && /email/.test(x.check));
    assert.strictEqual(email?.status, 'fail', JSON.stringify(r.results.map((x) => [x.check, x.status])));
    await assert.rejects(server.request('driftwatch/runChecks', { select: 'nosuchmethod:x' }), /selector/i);
    // A failed dbt test shows at its YAML line and on the model it tests.
    const yml = 'models/staging/_staging.yml';
    const atTest = await server.waitFor('check-failed in _staging.yml', () => server.latest(yml)?.diagnostics.find((d) => d.code === 'check-failed' && /email/.test(String(d.message))));
    const lines = fs.readFileSync(path.join(root, yml), 'utf8').split('\n');
    assert.match(lines[atTest.range.start.line], /not_null/, `diagnostic on line ${atTest.range.start.line}: ${lines[atTest.range.start.line]}`);
    const onModel = await server.waitFor('check-failed on stg_customers.sql', () => server.latest('models/staging/stg_customers.sql')?.diagnostics.find((d) => d.code === 'check-failed'));
    assert.match(String(onModel.message), /email/);
    assert.strictEqual(onModel.relatedInformation?.[0]?.location.uri, server.uri(yml));
  });

  it('previews a model from its document, limited', async () => {
    const r = await server.request<{ columns: { name: string }[]; rows: unknown[][]; sql: string }>('driftwatch/preview', { uri: server.uri('models/marts/customers.sql'), limit: 5 });
    assert.ok(r.columns.some((c) => c.name === 'lifetime_value'));
    assert.strictEqual(r.rows.length, 5);
    assert.match(r.sql, /limit 5/);
  });

  it('builds a selection into the dev target, and refuses production', async () => {
    const r = await server.request<{ ok: boolean; built: { node: string; status: string }[] }>('driftwatch/build', { select: 'stg_orders+' });
    assert.strictEqual(r.ok, true, JSON.stringify(r.built));
    const nodes = r.built.map((b) => b.node);
    for (const id of ['model.shop.stg_orders', 'model.shop.orders', 'model.shop.customers']) assert.ok(nodes.includes(id), nodes.join(','));
    assert.ok(!nodes.includes('model.shop.stg_payments'), 'only the selection is built');
    assert.ok(r.built.some((b) => b.node === 'model.shop.orders' && b.status === 'ok'));
    assert.deepStrictEqual(await server.request('driftwatch/setTarget', { target: 'prod' }), { ok: true });
    await assert.rejects(server.request('driftwatch/build', { select: 'stg_orders' }), /production/);
    assert.deepStrictEqual(await server.request('driftwatch/setTarget', { target: 'dev' }), { ok: true });
  });

  it('diff answers with a clear error when the other side cannot be compared', async () => {
    await assert.rejects(server.request('driftwatch/diff', { node: 'model.shop.orders', against: 'dev' }), /dev target itself/);
    await assert.rejects(server.request('driftwatch/diff', { uri: server.uri('models/marts/orders.sql'), against: 'prod' }), /Diff failed|prod/);
    await assert.rejects(server.request('driftwatch/diff', { node: 'model.shop.orders' }), /against/);
  });

  it('an untrusted workspace runs no SQL', async () => {
    const untrusted = await startServer(root, { trusted: false });
    try {
      await assert.rejects(untrusted.request('driftwatch/runChecks', {}), /not trusted/);
      await assert.rejects(untrusted.request('driftwatch/preview', { node: 'model.shop.orders' }), /not trusted/);
      await assert.rejects(untrusted.request('driftwatch/build', {}), /not trusted/);
    } finally {
      await untrusted.stop();
    }
  });
});
