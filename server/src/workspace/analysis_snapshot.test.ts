import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { AnalysisView } from '../analysis/api';
import { viewOfAnalysis } from '../analysis/analysis_view';
import { cacheFile } from './analysis_cache';
import { snapshotFile } from './analysis_snapshot';
import { ProjectSession, workspaceViews } from './project_session';

const SHOP = path.resolve(__dirname, '../../../examples/shop');

/** A copy of the example project whose files look old (a just-written file's time is not trusted). */
function copyShop(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dw-snapshot-'));
  fs.cpSync(SHOP, dir, { recursive: true, filter: (src) => !src.includes(`${path.sep}.driftwatch`) && !src.includes(`${path.sep}target`) });
  ageFiles(dir);
  return dir;
}

function ageFiles(dir: string): void {
  const past = new Date(Date.now() - 3600_000);
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    fs.utimesSync(path.join(e.parentPath, e.name), past, past);
  }
  fs.utimesSync(dir, past, past);
}

/** Rewrites a file with an old modification time, as an edit made earlier would leave it. */
function writeOld(file: string, text: string, secondsAgo = 1800): void {
  fs.writeFileSync(file, text);
  const t = new Date(Date.now() - secondsAgo * 1000);
  fs.utimesSync(file, t, t);
}

/** Everything a consumer can read from a view, heavy fields included, as plain data. */
function plain(v: AnalysisView): unknown {
  return {
    root: v.root,
    projectName: v.projectName,
    order: [...v.order],
    diagnostics: JSON.parse(JSON.stringify(v.diagnostics)),
    nodes: [...v.nodes.values()].map((n) => JSON.parse(JSON.stringify({ ...n, columns: n.columns, config: n.config, tests: n.tests }))),
  };
}

async function openAndSave(root: string, options = {}): Promise<ProjectSession> {
  const session = await ProjectSession.open(root, { cache: true, ...options });
  await session.saveCache();
  return session;
}

describe('analysis snapshot (warm start without the pipeline)', () => {
  let root: string;
  beforeEach(() => {
    root = copyShop();
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('gives back exactly the analysis it was made from: nodes with columns and lineage, diagnostics, order', async () => {
    const session = await openAndSave(root);
    const cached = await ProjectSession.cachedView(root, { cache: true });
    assert.ok(cached, 'an up-to-date snapshot is used');
    assert.deepStrictEqual(plain(cached), plain(viewOfAnalysis(session.analysis)));
    const orders = cached.nodes.get('model.shop.orders')!;
    assert.ok(orders.columns.some((c) => c.lineage.length > 0), 'column lineage survives');
  });

  it('is not used after a file is edited, added or deleted', async () => {
    await openAndSave(root);
    const model = path.join(root, 'models/marts/orders.sql');
    const original = fs.readFileSync(model, 'utf8');
    writeOld(model, original.replace(/select/i, 'SELECT'), 60); // same size, other time
    assert.strictEqual(await ProjectSession.cachedView(root, { cache: true }), undefined, 'edited');

    writeOld(model, original);
    await openAndSave(root);
    assert.ok(await ProjectSession.cachedView(root, { cache: true }), 'fresh again after a new save');

    writeOld(path.join(root, 'models/marts/new_model.sql'), 'select 1 as id\n');
    assert.strictEqual(await ProjectSession.cachedView(root, { cache: true }), undefined, 'added');
    fs.rmSync(path.join(root, 'models/marts/new_model.sql'));
    assert.ok(await ProjectSession.cachedView(root, { cache: true }), 'the same files again');

    fs.rmSync(model);
    assert.strictEqual(await ProjectSession.cachedView(root, { cache: true }), undefined, 'deleted');
  });

  it('is not used with other analysis options, and never without the cache option', async () => {
    await openAndSave(root);
    assert.strictEqual(await ProjectSession.cachedView(root, { cache: true, dialect: 'snowflake' }), undefined);
    assert.strictEqual(await ProjectSession.cachedView(root, { cache: true, vars: { x: 1 } }), undefined);
    assert.strictEqual(await ProjectSession.cachedView(root, {}), undefined);
  });

  it('is not used when an environment variable the project reads has another value', async () => {
    const model = path.join(root, 'models/marts/orders.sql');
    writeOld(model, `-- schema {{ env_var('DW_SNAPSHOT_TEST', 'none') }}\n${fs.readFileSync(model, 'utf8')}`);
    await openAndSave(root, { env: { DW_SNAPSHOT_TEST: 'a' } });
    assert.ok(await ProjectSession.cachedView(root, { cache: true, env: { DW_SNAPSHOT_TEST: 'a', OTHER: 'ignored' } }));
    assert.strictEqual(await ProjectSession.cachedView(root, { cache: true, env: { DW_SNAPSHOT_TEST: 'b' } }), undefined);
    assert.strictEqual(await ProjectSession.cachedView(root, { cache: true, env: {} }), undefined);
  });

  it('never writes the value of an environment variable to the caches (profiles.yml reads passwords that way)', async () => {
    const model = path.join(root, 'models/marts/orders.sql');
    writeOld(model, `-- {{ env_var('DW_SECRET_TEST', '') | length }}\n${fs.readFileSync(model, 'utf8')}`);
    await openAndSave(root, { env: { DW_SECRET_TEST: 'hunter2-very-secret' } });
    const dir = path.join(root, '.driftwatch', 'cache');
    for (const f of fs.readdirSync(dir)) assert.ok(!fs.readFileSync(path.join(dir, f)).includes('hunter2-very-secret'), f);
    assert.ok(await ProjectSession.cachedView(root, { cache: true, env: { DW_SECRET_TEST: 'hunter2-very-secret' } }));
  });

  it('the per-model cache is not reused under another value of an environment variable either', async () => {
    const model = path.join(root, 'models/marts/orders.sql');
    writeOld(model, `-- built for {{ env_var('DW_TENANT', 'nobody') }}\n${fs.readFileSync(model, 'utf8')}`);
    await openAndSave(root, { env: { DW_TENANT: 'tenant_a' } });
    const session = await ProjectSession.open(root, { cache: true, env: { DW_TENANT: 'tenant_b' } });
    assert.match(session.analysis.compiledSql('model.shop.orders') ?? '', /built for tenant_b/);
  });

  it('is not written while an unsaved editor buffer differs from the disk', async () => {
    const session = await ProjectSession.open(root, { cache: true });
    const model = path.join(root, 'models/marts/orders.sql');
    session.setOverlay(model, fs.readFileSync(model, 'utf8') + '\n-- typing');
    session.reanalyze();
    await session.saveCache();
    assert.ok(!fs.existsSync(snapshotFile(root)));
    session.setOverlay(model, undefined);
    session.reanalyze();
    await session.saveCache();
    assert.ok(fs.existsSync(snapshotFile(root)));
  });

  it('is not written when a file was modified just before it was read (its time cannot be trusted)', async () => {
    const model = path.join(root, 'models/marts/orders.sql');
    fs.writeFileSync(model, fs.readFileSync(model, 'utf8') + '\n');
    await openAndSave(root);
    assert.ok(!fs.existsSync(snapshotFile(root)));
  });

  it('the per-model cache is rewritten only when a result changed', async () => {
    await openAndSave(root);
    const file = fs.readdirSync(path.join(root, '.driftwatch', 'cache')).find((f) => f.startsWith('analysis-'))!;
    const cacheAt = path.join(root, '.driftwatch', 'cache', file);
    const old = new Date(Date.now() - 600_000);
    fs.utimesSync(cacheAt, old, old);
    const oldMtime = fs.statSync(cacheAt).mtimeMs; // as the file system stores it (it may round)
    await openAndSave(root);
    assert.strictEqual(fs.statSync(cacheAt).mtimeMs, oldMtime, 'every result came from the cache: nothing rewritten');
    const session = await ProjectSession.open(root, { cache: true });
    const model = path.join(root, 'models/marts/orders.sql');
    session.setOverlay(model, fs.readFileSync(model, 'utf8') + '\n-- edited');
    session.reanalyze();
    await session.saveCache();
    assert.notStrictEqual(fs.statSync(cacheAt).mtimeMs, oldMtime, 'a re-rendered model is written');
  });

  it('a damaged per-model cache line is analysed again, gives the same analysis, and is repaired on the next save', async () => {
    const fresh = viewOfAnalysis((await openAndSave(root)).analysis);
    const at = cacheFile(root);
    // Same length, still JSON: the shape a crash needed before lines carried checksums.
    fs.writeFileSync(at, fs.readFileSync(at, 'utf8').replace('"columns":[', '"colXmns":['));
    const session = await ProjectSession.open(root, { cache: true });
    assert.strictEqual(session.analysis.stats.rendered, 1, 'only the damaged entry is analysed again');
    assert.deepStrictEqual(plain(viewOfAnalysis(session.analysis)), plain(fresh));
    await session.saveCache({ snapshot: false });
    const again = await ProjectSession.open(root, { cache: true });
    assert.strictEqual(again.analysis.stats.rendered, 0, 'the line was rewritten');
  });

  it('replaces snapshots of older formats instead of leaving them on disk', async () => {
    const dir = path.join(root, '.driftwatch', 'cache');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'snapshot-v0.bin'), 'old format');
    await openAndSave(root);
    assert.deepStrictEqual(fs.readdirSync(dir).filter((f) => f.startsWith('snapshot')), [path.basename(snapshotFile(root))]);
  });

  it('a corrupt or truncated snapshot is ignored, not an error', async () => {
    await openAndSave(root);
    const file = snapshotFile(root);
    const bytes = fs.readFileSync(file);
    fs.writeFileSync(file, bytes.subarray(0, 100));
    assert.strictEqual(await ProjectSession.cachedView(root, { cache: true }), undefined);
    fs.writeFileSync(file, 'garbage');
    assert.strictEqual(await ProjectSession.cachedView(root, { cache: true }), undefined);
    const views = await workspaceViews(root, { cache: true });
    assert.strictEqual(views.length, 1);
    assert.ok(views[0].session, 'analysed instead');
  });

  it('workspaceViews answers from the snapshot when it is up to date', async () => {
    await openAndSave(root);
    const views = await workspaceViews(root, { cache: true });
    assert.strictEqual(views.length, 1);
    assert.strictEqual(views[0].session, undefined);
    assert.ok(views[0].view.nodes.has('model.shop.orders'));
  });

  describe('new and removed files in unlisted places', () => {
    it('notices a new folder of models and a newly installed package, though it does not list directories when none changed', async () => {
      await openAndSave(root);
      fs.mkdirSync(path.join(root, 'models/finance'));
      writeOld(path.join(root, 'models/finance/ledger.sql'), 'select 1 as id\n');
      assert.strictEqual(await ProjectSession.cachedView(root, { cache: true }), undefined, 'new folder');
      fs.rmSync(path.join(root, 'models/finance'), { recursive: true });
      await openAndSave(root);
      assert.ok(await ProjectSession.cachedView(root, { cache: true }));
      fs.mkdirSync(path.join(root, 'dbt_packages/extra/macros'), { recursive: true });
      writeOld(path.join(root, 'dbt_packages/extra/dbt_project.yml'), 'name: extra\nversion: "1.0"\n');
      writeOld(path.join(root, 'dbt_packages/extra/macros/m.sql'), '{% macro m() %}1{% endmacro %}\n');
      assert.strictEqual(await ProjectSession.cachedView(root, { cache: true }), undefined, 'new package');
    });

    it('a file created and removed again leaves the snapshot usable (the listing is compared, not just the folder times)', async () => {
      await openAndSave(root);
      const tmp = path.join(root, 'models/marts/scratch.sql');
      fs.writeFileSync(tmp, 'select 1');
      fs.rmSync(tmp);
      assert.ok(await ProjectSession.cachedView(root, { cache: true }));
    });
  });

  describe('finding the projects of a workspace', () => {
    it('a project created inside the snapshotted one is found, though the snapshot spares the workspace walk', async () => {
      await openAndSave(root);
      assert.deepStrictEqual((await workspaceViews(root, { cache: true })).map((v) => [v.view.root, !!v.session]), [[root, false]]);
      const inner = path.join(root, 'analysis_sandbox');
      fs.mkdirSync(path.join(inner, 'models'), { recursive: true });
      writeOld(path.join(inner, 'dbt_project.yml'), 'name: sandbox\nversion: "1.0"\nprofile: shop\n');
      writeOld(path.join(inner, 'models/s.sql'), 'select 1 as id\n');
      const views = await workspaceViews(root, { cache: true });
      assert.deepStrictEqual(views.map((v) => v.view.projectName).sort(), ['sandbox', 'shop']);
      assert.strictEqual(views.find((v) => v.view.projectName === 'shop')!.session, undefined, 'the outer project is still answered from its snapshot');
    });
  });
});
