import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCheckPlan } from './build_plan';
import { openHistory } from './history';
import { runChecks } from './run_checks';
import { createTestWarehouse, type TestWarehouse } from './testing/duckdb_test_warehouse';
import { analysis, node } from './testing/fixtures';

describe('anomaly and change checks over the history database', () => {
  let w: TestWarehouse;
  let dir: string;
  const a = analysis([node({ name: 'events', columns: ['id', 'kind', 'created_at'] }), node({ name: 'counter', columns: ['n'] })]);
  const specs = (yaml: string) => {
    const p = buildCheckPlan({ analysis: a, checkFiles: new Map([['e.checks.yml', yaml]]), dbtTests: false });
    assert.deepEqual(p.diagnostics, []);
    return p.specs;
  };

  before(async () => {
    w = await createTestWarehouse();
    dir = mkdtempSync(join(tmpdir(), 'dw-history-'));
    // 35 days of ~100 events a day (deterministic wobble), weekends ~30, then a collapse on the last full day.
    await w.exec(`create table events as
      select row_number() over () as id, 'click' as kind, ts as created_at
      from (
        select d, unnest(range(case when d = 34 then 12 when dayofweek(date '2024-01-01' + d::int) in (0, 6) then 30 + (d % 3) else 100 + (d % 5) end)) as k,
               timestamp '2024-01-01 00:00:00' + d * interval 1 day + k * interval 1 minute as ts
        from range(36) t(d)
      )`);
    await w.exec('create table counter(n int)');
  });
  after(async () => {
    await w.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('backfills daily buckets from a timestamp column and flags the collapsed day', async () => {
    const history = await openHistory(join(dir, 'h1', '.driftwatch', 'history.duckdb'));
    assert.ok(existsSync(join(dir, 'h1', '.driftwatch', 'history.duckdb')), 'creates the folder and file');
    const now = new Date('2024-02-05T10:00:00Z'); // day 35 is today (partial), day 34 the last complete day
    w.log.length = 0;
    const [plain, seasonal] = await runChecks(
      specs(`checks:
  - dataset: events
    checks:
      - anomaly(row_count): { timestamp: created_at }
      - anomaly(row_count): { timestamp: created_at, seasonality: day_of_week, name: seasonal }
`),
      w,
      { history, now },
    );
    await history.close();
    assert.equal(plain.status, 'fail', plain.message);
    assert.equal(plain.value, 12);
    assert.match(plain.message, /for 2024-02-04/);
    assert.match(plain.sql, /date_trunc\('day'/);
    // 2024-02-04 is a Sunday: against other Sundays (~30) 12 is still far off.
    assert.equal(seasonal.status, 'fail', seasonal.message);
    assert.match(seasonal.message, /on Sundays/);
  });

  it('learns from previous runs without a timestamp and stays in training until it has enough', async () => {
    const path = join(dir, 'h2.duckdb');
    const yaml = `checks:\n  - dataset: counter\n    checks:\n      - anomaly(row_count): { min_training: 5 }\n`;
    const counts = [10, 11, 10, 12, 11, 10, 50];
    const statuses: string[] = [];
    for (let i = 0; i < counts.length; i++) {
      await w.exec('delete from counter');
      await w.exec(`insert into counter select * from range(${counts[i]})`);
      // A fresh store per run, as separate CLI invocations would open it.
      const history = await openHistory(path);
      const [r] = await runChecks(specs(yaml), w, { history, now: new Date(Date.UTC(2024, 0, 1 + i)) });
      await history.close();
      statuses.push(r.status + (r.message.startsWith('row_count: training') ? ':training' : ''));
    }
    assert.deepEqual(statuses, ['pass:training', 'pass:training', 'pass:training', 'pass:training', 'pass:training', 'pass', 'fail']);
    const history = await openHistory(path);
    const series = await history.series('model.shop.counter::anomaly(row_count)', Infinity);
    await history.close();
    assert.equal(series.length, 7);
    assert.deepEqual(series.map((p) => p.flagged), [false, false, false, false, false, false, true]);
  });

  it('waits for another process holding the history file, then opens it', async function () {
    const path = join(dir, 'locked.duckdb');
    const { spawn } = await import('node:child_process');
    // Another Driftwatch process (say the editor) holds the file for a moment.
    const holder = spawn(process.execPath, ['-e', `const { DuckDBInstance } = require('@duckdb/node-api');
      DuckDBInstance.create(${JSON.stringify(path)}).then(async (i) => { const c = await i.connect(); await c.run('create table if not exists t(x int)'); console.log('held'); setTimeout(() => { c.closeSync(); i.closeSync(); }, 700); });`], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => holder.stdout!.on('data', () => resolve()));
    const t0 = Date.now();
    const history = await openHistory(path, { lockWaitMs: 5000 });
    await history.close();
    assert.ok(Date.now() - t0 >= 200, 'it had to wait');
    await assert.rejects(
      (async () => {
        const again = spawn(process.execPath, ['-e', `const { DuckDBInstance } = require('@duckdb/node-api'); DuckDBInstance.create(${JSON.stringify(path)}).then(() => { console.log('held'); setTimeout(() => process.exit(0), 1500); });`], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
        await new Promise<void>((resolve) => again.stdout!.on('data', () => resolve()));
        await openHistory(path, { lockWaitMs: 200 });
      })(),
      /cannot open the metric history .*lock/i,
    );
  });

  it('stores every measured value, not only change and anomaly metrics', async () => {
    const history = await openHistory(':memory:');
    await w.exec('delete from counter');
    await w.exec('insert into counter select * from range(3)');
    const results = await runChecks(specs(`checks:\n  - dataset: counter\n    checks:\n      - row_count > 5\n      - duplicate_count(n) = 0\n      - failed_rows: { condition: "n < 0" }\n`), w, { history, now: new Date(Date.UTC(2024, 5, 1)) });
    assert.deepEqual(results.map((r) => r.status), ['fail', 'pass', 'pass']);
    const t = Date.UTC(2024, 5, 2) / 1000;
    assert.deepEqual(await history.series('model.shop.counter::row_count > 5', t), [{ time: Date.UTC(2024, 5, 1) / 1000, value: 3, flagged: true }]);
    assert.deepEqual((await history.series('model.shop.counter::duplicate_count(n) = 0', t)).map((p) => p.value), [0]);
    await history.close();
  });

  it('compares change with the last stored value, in absolute or percent terms', async () => {
    const path = join(dir, 'h3.duckdb');
    const yaml = `checks:\n  - dataset: counter\n    checks:\n      - row_count change < 20%\n      - row_count change between -5 and 5\n      - row_count change > -50%\n`;
    const runAt = async (n: number, day: number) => {
      await w.exec('delete from counter');
      await w.exec(`insert into counter select * from range(${n})`);
      const history = await openHistory(path);
      try {
        return await runChecks(specs(yaml), w, { history, now: new Date(Date.UTC(2024, 1, day)) });
      } finally {
        await history.close();
      }
    };
    await runAt(100, 1);
    const small = await runAt(110, 2);
    assert.deepEqual(small.map((r) => [r.status, r.value]), [['pass', 10], ['fail', 10], ['pass', 10]]);
    const drop = await runAt(70, 3);
    assert.equal(drop[0].status, 'fail');
    assert.equal(drop[0].value, Number(((40 / 110) * 100).toPrecision(10)));
    assert.match(drop[0].message, /from 110 to 70 \(−36\.3636%\)/);
    assert.deepEqual(drop.slice(1).map((r) => [r.status, r.value]), [['fail', -40], ['pass', Number(((-40 / 110) * 100).toPrecision(10))]], 'between is signed');
  });
});
