import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { WarehouseError } from './api';
import { listTargets, openWarehouse, resolveTarget } from './connect';
import { parseProfiles } from './profiles';

const PROFILES = `
shop:
  target: "{{ env_var('DW_TARGET', 'dev') }}"
  outputs:
    dev:
      type: duckdb
      path: .driftwatch/dev.duckdb
      schema: analytics
      threads: 2
    ci:
      type: postgres
      host: "{{ env_var('PGHOST', 'localhost') }}"
      port: "{{ env_var('PGPORT') | int }}"
      user: ci
      password: "{{ env_var('CI_PG_PASSWORD') }}"
      dbname: warehouse
      schema: ci
      sslmode: require
    prod:
      type: postgres
      host: prod.example.com
      user: reader
      password: "{{ env_var('PROD_PASSWORD') }}"
      dbname: warehouse
      schema: analytics
    staging_but_prod:
      type: redshift
      host: rs.example.com
      dbname: dw
      schema: s
      driftwatch:
        production: true
    prod_sandbox:
      type: duckdb
      path: ":memory:"
      driftwatch: { production: false }
    live:
      type: duckdb
      path: live.duckdb
      driftwatch_production: true
other:
  outputs:
    x: { type: duckdb }
`;

function project(profiles: string | undefined, projectYml = 'name: shop\nprofile: shop\n'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dw-prof-'));
  fs.writeFileSync(path.join(dir, 'dbt_project.yml'), projectYml);
  if (profiles !== undefined) fs.writeFileSync(path.join(dir, 'profiles.yml'), profiles);
  return dir;
}

const noHome = path.join(os.tmpdir(), 'dw-no-home');

describe('profiles and targets', () => {
  it('resolves the default target with env_var defaults and project-relative DuckDB paths', () => {
    const root = project(PROFILES);
    const t = resolveTarget(undefined, { projectRoot: root, env: {}, homeDir: noHome });
    assert.equal(t.name, 'dev');
    assert.equal(t.type, 'duckdb');
    assert.equal(t.path, path.join(root, '.driftwatch', 'dev.duckdb'));
    assert.equal(t.schema, 'analytics');
    assert.equal(t.threads, 2);
    assert.equal(t.isProduction, false);
  });

  it('evaluates env_var in postgres fields, typed', () => {
    const root = project(PROFILES);
    const env = { DW_TARGET: 'ci', PGHOST: 'pg.ci', PGPORT: '6432', CI_PG_PASSWORD: 's3cret' };
    const t = resolveTarget(undefined, { projectRoot: root, env, homeDir: noHome });
    assert.deepEqual(
      { name: t.name, type: t.type, host: t.host, port: t.port, user: t.user, password: t.password, database: t.database, schema: t.schema, sslmode: t.sslmode },
      { name: 'ci', type: 'postgres', host: 'pg.ci', port: 6432, user: 'ci', password: 's3cret', database: 'warehouse', schema: 'ci', sslmode: 'require' },
    );
  });

  it('a password passed by the client wins over the unset env var', () => {
    const root = project(PROFILES);
    const t = resolveTarget('prod', { projectRoot: root, env: {}, homeDir: noHome, password: 'from-secret-storage' });
    assert.equal(t.password, 'from-secret-storage');
  });

  it('an unset password variable is a config error naming the variable and the line', () => {
    const root = project(PROFILES);
    assert.throws(
      () => resolveTarget('prod', { projectRoot: root, env: {}, homeDir: noHome }),
      (e: unknown) => e instanceof WarehouseError && e.kind === 'config' && /PROD_PASSWORD/.test(e.message) && /profiles\.yml:23:/.test(e.message),
    );
  });

  it('an unknown target is a config error listing the outputs', () => {
    const root = project(PROFILES);
    assert.throws(
      () => resolveTarget('qa', { projectRoot: root, env: {}, homeDir: noHome }),
      (e: unknown) => e instanceof WarehouseError && e.kind === 'config' && /target "qa"/.test(e.message) && /dev, ci, prod/.test(e.message),
    );
  });

  it('an unknown profile is a config error naming the files searched', () => {
    const root = project(PROFILES, 'name: shop\nprofile: nope\n');
    assert.throws(() => resolveTarget(undefined, { projectRoot: root, env: {}, homeDir: noHome }), (e: unknown) => e instanceof WarehouseError && e.kind === 'config' && /profile "nope" not found/.test(e.message));
  });

  it('malformed YAML reports file:line', () => {
    assert.throws(() => parseProfiles('shop:\n  outputs:\n    dev: [unclosed\n', '/p/profiles.yml'), (e: unknown) => e instanceof WarehouseError && e.kind === 'config' && /\/p\/profiles\.yml:\d+: invalid YAML/.test(e.message));
  });

  it('finds profiles via DBT_PROFILES_DIR, then ~/.dbt', () => {
    const root = project(undefined);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dw-pdir-'));
    fs.writeFileSync(path.join(dir, 'profiles.yml'), 'shop:\n  target: a\n  outputs:\n    a: { type: duckdb, path: a.duckdb }\n');
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'dw-home-'));
    fs.mkdirSync(path.join(home, '.dbt'));
    fs.writeFileSync(path.join(home, '.dbt', 'profiles.yml'), 'shop:\n  target: b\n  outputs:\n    b: { type: duckdb, path: b.duckdb }\n');
    assert.equal(resolveTarget(undefined, { projectRoot: root, env: { DBT_PROFILES_DIR: dir }, homeDir: home }).name, 'a');
    assert.equal(resolveTarget(undefined, { projectRoot: root, env: {}, homeDir: home }).name, 'b');
  });

  it('with no profiles.yml anywhere, gives the implicit DuckDB dev target', () => {
    const root = project(undefined);
    const t = resolveTarget(undefined, { projectRoot: root, env: {}, homeDir: noHome });
    assert.equal(t.type, 'duckdb');
    assert.equal(t.path, path.join(root, '.driftwatch', 'dev.duckdb'));
    assert.deepEqual(listTargets({ projectRoot: root, env: {}, homeDir: noHome }).targets.map((x) => x.name), ['dev']);
  });

  it('lists targets with production markers and password needs', () => {
    const root = project(PROFILES);
    const list = listTargets({ projectRoot: root, env: { CI_PG_PASSWORD: 'x' }, homeDir: noHome });
    assert.equal(list.profile, 'shop');
    const byName = Object.fromEntries(list.targets.map((t) => [t.name, t]));
    assert.deepEqual(
      Object.keys(byName),
      ['dev', 'ci', 'prod', 'staging_but_prod', 'prod_sandbox', 'live'],
    );
    assert.equal(byName.live.isProduction, true, 'flat driftwatch_production marker');
    assert.equal(byName.dev.active, true);
    assert.equal(byName.prod.isProduction, true, 'named prod');
    assert.equal(byName.staging_but_prod.isProduction, true, 'explicit marker');
    assert.equal(byName.prod_sandbox.isProduction, false, 'explicit opt-out wins over the name');
    assert.equal(byName.prod.needsPassword, true);
    assert.equal(byName.ci.needsPassword, false);
    assert.equal(byName.dev.needsPassword, false);
    assert.equal(byName.staging_but_prod.type, 'redshift');
  });

  it('refuses to open a production target for writing, before connecting', async () => {
    const root = project(PROFILES);
    await assert.rejects(
      openWarehouse('prod', { projectRoot: root, env: {}, homeDir: noHome, password: 'x', readOnly: false }),
      (e: unknown) => e instanceof WarehouseError && e.kind === 'config' && /marked as production/.test(e.message),
    );
    await assert.rejects(
      openWarehouse('staging_but_prod', { projectRoot: root, env: {}, homeDir: noHome, readOnly: false }),
      (e: unknown) => e instanceof WarehouseError && /marked as production/.test(e.message),
    );
  });

  it('opens the DuckDB dev target for writing and then read-only', async () => {
    const root = project(PROFILES);
    const dev = await openWarehouse(undefined, { projectRoot: root, env: {}, homeDir: noHome, readOnly: false });
    await dev.execute('create schema analytics; create table analytics.t as select 1 as a');
    await dev.close();
    const ro = await openWarehouse(undefined, { projectRoot: root, env: {}, homeDir: noHome, readOnly: true });
    try {
      assert.deepEqual((await ro.query('select a from analytics.t')).rows, [{ a: 1 }]);
      assert.equal(ro.isProduction, false);
    } finally {
      await ro.close();
    }
  });
});
