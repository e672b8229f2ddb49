import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findProjects, isProjectFile, listProjectFiles, MAX_FILE_BYTES, readProjectFile, readProjectInput, toProjectPath } from './discover';

function write(root: string, rel: string, content: string | Buffer): void {
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

describe('discovering projects and reading their files from disk', () => {
  let ws: string;
  before(() => {
    ws = fs.mkdtempSync(path.join(os.tmpdir(), 'driftwatch-discover-'));
    // the main project, with custom model paths
    write(ws, 'analytics/dbt_project.yml', 'name: analytics\nmodel-paths: ["transform"]\n');
    write(ws, 'analytics/profiles.yml', 'analytics: {}\n');
    write(ws, 'analytics/transform/a.sql', 'select 1');
    write(ws, 'analytics/transform/logs/event_log.sql', 'select 1'); // only the root logs/ is dbt's
    write(ws, 'analytics/transform/sub/b.sql', '\ufeffselect 2');
    write(ws, 'analytics/transform/props.yml', 'version: 2\n');
    write(ws, 'analytics/transform/notes.txt', 'ignored');
    write(ws, 'analytics/models/not_a_model_path.sql', 'select 0'); // models/ is not a model path here
    write(ws, 'analytics/seeds/s.csv', 'id\n1\n');
    write(ws, 'analytics/seeds/blob.csv', Buffer.from([105, 100, 0, 1, 2]));
    write(ws, 'analytics/checks/orders.checks.yml', 'checks: []\n');
    write(ws, 'analytics/macros/m.sql', '{% macro m() %}{% endmacro %}');
    // things that must be skipped
    write(ws, 'analytics/target/compiled/a.sql', 'select 1');
    write(ws, 'analytics/target/dbt_project.yml', 'name: compiled_copy\n');
    write(ws, 'analytics/logs/dbt.log', 'x');
    write(ws, 'analytics/transform/node_modules/x/dbt_project.yml', 'name: npm\n');
    write(ws, 'analytics/.venv/lib/dbt_project.yml', 'name: venv\n');
    write(ws, '.git/dbt_project.yml', 'name: git\n');
    // an installed package
    write(ws, 'analytics/dbt_packages/utils/dbt_project.yml', 'name: utils\nmacro-paths: ["macros"]\n');
    write(ws, 'analytics/dbt_packages/utils/macros/star.sql', '{% macro star() %}{% endmacro %}');
    write(ws, 'analytics/dbt_packages/utils/models/u.sql', 'select 1');
    write(ws, 'analytics/dbt_packages/utils/integration_tests/dbt_project.yml', 'name: it\n');
    write(ws, 'analytics/dbt_packages/utils/integration_tests/models/it.sql', 'select 1');
    // a nested, separate project
    write(ws, 'analytics/transform/nested/dbt_project.yml', 'name: nested\n');
    write(ws, 'analytics/transform/nested/models/n.sql', 'select 1');
    // a second project with a broken dbt_project.yml
    write(ws, 'other/dbt_project.yml', 'name: [oops\n');
    write(ws, 'other/models/o.sql', 'select 1');
  });
  after(() => fs.rmSync(ws, { recursive: true, force: true }));

  it('finds every project root, skipping target, packages, node_modules, .venv and .git', async () => {
    const roots = await findProjects(ws);
    assert.deepEqual(roots, [path.join(ws, 'analytics'), path.join(ws, 'analytics/transform/nested'), path.join(ws, 'other')]);
  });

  it("reads the files under the project's own paths, packages and check files", async () => {
    const input = await readProjectInput(path.join(ws, 'analytics'), { A: '1' });
    assert.deepEqual([...input.files.keys()], [
      'checks/orders.checks.yml',
      'dbt_packages/utils/dbt_project.yml',
      'dbt_packages/utils/macros/star.sql',
      'dbt_packages/utils/models/u.sql',
      'dbt_project.yml',
      'macros/m.sql',
      'profiles.yml',
      'seeds/blob.csv',
      'seeds/s.csv',
      'transform/a.sql',
      'transform/logs/event_log.sql',
      'transform/props.yml',
      'transform/sub/b.sql',
    ]);
    assert.deepEqual(input.env, { A: '1' });
    assert.equal(input.root, path.join(ws, 'analytics'));
  });

  it('drops the byte order mark so offsets match editor buffers', async () => {
    const input = await readProjectInput(path.join(ws, 'analytics'), {});
    assert.equal(input.files.get('transform/sub/b.sql'), 'select 2');
  });

  it('includes binary files as empty text and reports them as unreadable', async () => {
    const input = await readProjectInput(path.join(ws, 'analytics'), {});
    assert.equal(input.files.get('seeds/blob.csv'), '');
    assert.deepEqual(input.unreadable, [{ file: 'seeds/blob.csv', reason: 'binary file (contains NUL bytes)' }]);
  });

  it('includes files over the size limit as empty text and reports them', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'driftwatch-big-'));
    try {
      write(root, 'dbt_project.yml', 'name: big\n');
      fs.mkdirSync(path.join(root, 'models'));
      // A seed is read as far as its header instead (large_seeds.test.ts).
      fs.writeFileSync(path.join(root, 'models/huge.sql'), Buffer.alloc(MAX_FILE_BYTES + 1, 97));
      const input = await readProjectInput(root, {});
      assert.equal(input.files.get('models/huge.sql'), '');
      assert.match(input.unreadable![0].reason, /over the 10 MB limit/);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('falls back to default paths when dbt_project.yml is broken', async () => {
    const input = await readProjectInput(path.join(ws, 'other'), {});
    assert.deepEqual([...input.files.keys()], ['dbt_project.yml', 'models/o.sql']);
  });

  it('survives symlink loops', async function () {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'driftwatch-loop-'));
    try {
      write(root, 'dbt_project.yml', 'name: loop\n');
      write(root, 'models/a.sql', 'select 1');
      fs.symlinkSync(path.join(root, 'models'), path.join(root, 'models/again'));
      const input = await readProjectInput(root, {});
      assert.ok(input.files.has('models/a.sql'));
      assert.ok(input.files.size <= 4);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('tells the watcher which paths belong to the project', () => {
    const root = path.join(ws, 'analytics');
    const config = { name: 'analytics', modelPaths: ['transform'], seedPaths: ['seeds'], macroPaths: ['macros'], snapshotPaths: ['snapshots'], testPaths: ['tests'], analysisPaths: ['analyses'], vars: {}, modelsConfig: {}, seedsConfig: {}, snapshotsConfig: {}, dispatch: [] };
    assert.equal(isProjectFile(root, path.join(root, 'transform/x.sql'), config), true);
    assert.equal(isProjectFile(root, path.join(root, 'models/x.sql'), config), false);
    assert.equal(isProjectFile(root, path.join(root, 'models/x.sql')), true); // default paths
    assert.equal(isProjectFile(root, path.join(root, 'target/x.sql'), config), false);
    assert.equal(isProjectFile(root, path.join(root, 'anywhere/orders.checks.yml'), config), true);
    assert.equal(isProjectFile(root, path.join(root, 'dbt_project.yml'), config), true);
    assert.equal(isProjectFile(root, path.join(root, 'dbt_packages/utils/macros/x.sql'), config), true);
    assert.equal(isProjectFile(root, path.join(ws, 'other/models/o.sql'), config), false);
    assert.equal(toProjectPath(root, path.join(root, 'a', 'b.sql')), 'a/b.sql');
    assert.equal(toProjectPath(root, path.join(ws, 'x.sql')), undefined);
  });

  it('signs each file it reads with its size and time, except a file modified within the last second', async () => {
    const root = path.join(ws, 'analytics');
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(path.join(root, 'transform/a.sql'), old, old);
    const input = await readProjectInput(root);
    assert.deepStrictEqual(input.signatures.get('transform/a.sql'), { size: 8, mtimeMs: fs.statSync(path.join(root, 'transform/a.sql')).mtimeMs });
    fs.writeFileSync(path.join(root, 'transform/a.sql'), 'select 1');
    assert.ok(Number.isNaN((await readProjectInput(root)).signatures.get('transform/a.sql')!.mtimeMs));
    assert.deepStrictEqual(await listProjectFiles(root), [...input.files.keys()], 'the same files, without reading them');
  });

  it('reads a single file for incremental updates', async () => {
    const root = path.join(ws, 'analytics');
    const read = await readProjectFile(root, 'transform/a.sql');
    assert.deepEqual({ ok: read.ok, text: read.ok && read.text }, { ok: true, text: 'select 1' });
    assert.strictEqual(read.sig?.size, 8, 'with the signature the snapshot is checked against');
    assert.deepEqual(await readProjectFile(root, 'transform/missing.sql'), { ok: false, reason: 'file not found' });
  });
});
