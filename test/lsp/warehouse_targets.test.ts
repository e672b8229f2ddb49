/**
 * Protocol test: the editor's warehouse requests agree with the CLI on a
 * model whose relation depends on the target (schema='s_' ~ target.name) and
 * on ephemeral parents. driftwatch/diff compares with the relation the project
 * renders for the other target; runChecks with a target of its own reads that
 * target's relations; build and preview after setTarget use the chosen
 * target's relations; the compiled-SQL view inlines ephemeral parents as
 * builds do.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { addCiTarget, ageTree, buildOnce, copyProject, runCli, startServer, type LspServer } from './lsp_harness';

describe('LSP: warehouse requests render for their target and inline ephemeral parents', function () {
  this.timeout(120000);
  let server: LspServer;
  let root: string;

  before(async () => {
    buildOnce();
    root = copyProject();
    addCiTarget(root);
    const marts = path.join(root, 'models', 'marts');
    fs.writeFileSync(path.join(marts, 'per_target.sql'), "{{ config(schema='s_' ~ target.name, materialized='table') }}\nselect 1 as id, '{{ target.name }}' as built_for\n");
    fs.writeFileSync(path.join(marts, 'per_target_eph.sql'), "{{ config(materialized='ephemeral') }}\nselect id, built_for from {{ ref('per_target') }}\n");
    fs.writeFileSync(path.join(marts, 'per_target_child.sql'), "select id * 10 as id, built_for from {{ ref('per_target_eph') }}\n");
    fs.writeFileSync(path.join(marts, 'per_target.yml'), 'version: 2\nmodels:\n  - name: per_target\n    columns:\n      - name: id\n        tests: [not_null]\n');
    ageTree(root);
    // dev is built by the CLI; ci by the editor (after setTarget), below.
    const b = runCli('build', '--select', 'per_target+', '--project', root);
    assert.strictEqual(b.code, 0, b.stdout + b.stderr);
    server = await startServer(root);
  });
  after(async () => {
    await server?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('the compiled-SQL view inlines the ephemeral parent as builds run it', async () => {
    const r = await server.request<{ sql: string | null; errors: string[] }>('driftwatch/compiledSql', { node: 'model.shop.per_target_child' });
    assert.deepStrictEqual(r.errors, []);
    assert.match(r.sql ?? '', /__dbt__cte__per_target_eph/);
    assert.match(r.sql ?? '', /"main_s_dev"\."per_target"/);
  });

  it("after setTarget, build writes the chosen target's relations and preview reads them through the ephemeral", async () => {
    assert.deepStrictEqual(await server.request('driftwatch/setTarget', { target: 'ci' }), { ok: true });
    try {
      const built = await server.request<{ ok: boolean; built: { node: string; status: string; message?: string }[] }>('driftwatch/build', { select: 'per_target+' });
      assert.strictEqual(built.ok, true, JSON.stringify(built.built));
      const p = await server.request<{ rows: unknown[][]; sql: string }>('driftwatch/preview', { node: 'model.shop.per_target_child' });
      assert.match(p.sql, /"cischema_s_ci"\."per_target"/);
      assert.deepStrictEqual(p.rows, [[10, 'ci']]);
    } finally {
      assert.deepStrictEqual(await server.request('driftwatch/setTarget', { target: 'dev' }), { ok: true });
    }
    const p = await server.request<{ rows: unknown[][] }>('driftwatch/preview', { node: 'model.shop.per_target_child' });
    assert.deepStrictEqual(p.rows, [[10, 'dev']]);
  });

  it("runChecks with another target reads that target's relation, not the dev one renamed", async () => {
    const r = await server.request<{ results: { dataset: string; status: string; message: string }[] }>('driftwatch/runChecks', { select: 'per_target', target: 'ci' });
    const own = r.results.filter((x) => x.dataset === 'model.shop.per_target');
    assert.ok(own.length > 0, JSON.stringify(r.results));
    for (const x of own) assert.strictEqual(x.status, 'pass', JSON.stringify(x));
    // A target the analysis cannot resolve is still refused by the connection, with its own message.
    await assert.rejects(server.request('driftwatch/runChecks', { select: 'per_target', target: 'nosuch' }), /Cannot connect to target 'nosuch'/);
  });

  it('diff compares with the relation the project renders for the other target, as the CLI does', async () => {
    const r = await server.request<{ rowCounts: { dev: number; other: number }; columns: { column: string; dev: Record<string, unknown>; other: Record<string, unknown> }[]; text: string }>('driftwatch/diff', { node: 'model.shop.per_target', against: 'ci' });
    assert.deepStrictEqual(r.rowCounts, { dev: 1, other: 1 }, r.text);
    const builtFor = r.columns.find((c) => c.column === 'built_for');
    assert.deepStrictEqual([builtFor?.dev.min, builtFor?.other.min], ['dev', 'ci'], JSON.stringify(builtFor));
    // The CLI finds the same relation and says the same (it exits 1: the two sides differ).
    const cli = runCli('diff', 'per_target', '--against', 'ci', '--project', root);
    assert.strictEqual(cli.code, 1, cli.stdout + cli.stderr);
    assert.strictEqual(cli.stdout.trim(), r.text.trim());
  });

  it("the other target's relation follows unsaved editor buffers, as the dev side does", async () => {
    // Unsaved: ci's relation moves to cischema_u_ci (never built), dev's stays where it was built.
    const rel = 'models/marts/per_target.sql';
    await server.open(rel, fs.readFileSync(path.join(root, rel), 'utf8').replace("schema='s_' ~ target.name", "schema=('s_' ~ target.name) if target.name == 'dev' else 'u_ci'"));
    try {
      await assert.rejects(server.request('driftwatch/diff', { node: 'model.shop.per_target', against: 'ci' }), (e: Error) => { assert.match(e.message, /cischema_u_ci/); return true; });
    } finally {
      await server.conn.sendNotification('textDocument/didClose', { textDocument: { uri: server.uri(rel) } });
    }
  });
});
