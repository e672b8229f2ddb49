import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { WarehouseError } from './api';
import { openDuckDb } from './duckdb';

describe('duckdb adapter', () => {
  it('normalises values: bigint, decimal, date, timestamp', async () => {
    const wh = await openDuckDb({ path: ':memory:', targetName: 't', readOnly: false });
    try {
      const r = await wh.query(
        `select 42::bigint as small, 9007199254740993::bigint as big, 12.50::decimal(10,2) as dec,
                date '2024-03-01' as d, timestamp '2024-03-01 10:20:30' as ts, $1 as p`,
        { params: ['x'] },
      );
      assert.deepEqual(r.rows[0], { small: 42, big: '9007199254740993', dec: 12.5, d: '2024-03-01', ts: '2024-03-01T10:20:30.000Z', p: 'x' });
      assert.equal(r.columns.find((c) => c.name === 'd')?.type, 'DATE');
    } finally {
      await wh.close();
    }
  });

  it('refuses writes through query, even on an in-memory database', async () => {
    const wh = await openDuckDb({ path: ':memory:', targetName: 't', readOnly: false });
    try {
      await wh.execute('create table t(a int)');
      for (const sql of ['insert into t values (1)', 'select 1; drop table t', "copy t to '/tmp/x.csv'", 'create table u as select 1']) {
        await assert.rejects(wh.query(sql), (e: unknown) => e instanceof WarehouseError && e.kind === 'read-only', sql);
      }
      assert.deepEqual((await wh.query('select count(*) as n from t')).rows, [{ n: 0 }]);
    } finally {
      await wh.close();
    }
  });

  it('opens an existing file read-only, so even execute cannot write', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dw-duck-'));
    const file = path.join(dir, 'dev.duckdb');
    const dev = await openDuckDb({ path: file, targetName: 'dev', readOnly: false });
    await dev.execute('create schema s; create table s.t as select 1 as a');
    await dev.close();
    const ro = await openDuckDb({ path: file, targetName: 'dev', readOnly: true });
    try {
      await assert.rejects(ro.execute('insert into s.t values (2)'), (e: unknown) => e instanceof WarehouseError && e.kind === 'read-only');
      assert.deepEqual((await ro.query('select a from s.t')).rows, [{ a: 1 }]);
      assert.deepEqual(await ro.describe({ schema: 's', name: 't' }), [{ name: 'a', type: 'INTEGER' }]);
      assert.equal(await ro.describe({ schema: 's', name: 'missing' }), undefined);
    } finally {
      await ro.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a missing database file for a read-only open as a connection error', async () => {
    await assert.rejects(
      openDuckDb({ path: path.join(os.tmpdir(), 'dw-none', 'nope.duckdb'), targetName: 'dev', readOnly: true }),
      (e: unknown) => e instanceof WarehouseError && e.kind === 'connection' && /does not exist/.test(e.message),
    );
  });

  it('interrupts a long query at its timeout', async () => {
    const wh = await openDuckDb({ path: ':memory:', targetName: 't', readOnly: false });
    try {
      const started = Date.now();
      await assert.rejects(
        wh.query('select count(*) from range(100000000000) a', { timeoutMs: 200 }),
        (e: unknown) => e instanceof WarehouseError && e.kind === 'timeout',
      );
      assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
      // The warehouse stays usable after an interrupt.
      assert.deepEqual((await wh.query('select 1 as one')).rows, [{ one: 1 }]);
    } finally {
      await wh.close();
    }
  });

  it('cancels through an AbortSignal', async () => {
    const wh = await openDuckDb({ path: ':memory:', targetName: 't', readOnly: false });
    try {
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 150);
      const started = Date.now();
      await assert.rejects(
        wh.query('select count(*) from range(100000000000) a', { signal: ac.signal }),
        (e: unknown) => e instanceof WarehouseError && e.kind === 'cancelled',
      );
      assert.ok(Date.now() - started < 3000);
    } finally {
      await wh.close();
    }
  });

  it('quotes hostile identifiers so they cannot inject SQL', async () => {
    const wh = await openDuckDb({ path: ':memory:', targetName: 't', readOnly: false });
    try {
      const evil = 'x"; drop table keep; --';
      await wh.execute('create table keep(a int); insert into keep values (1)');
      await wh.execute(`create table ${wh.relationSql({ schema: 'main', name: evil })} (${wh.quoteIdent(evil)} int)`);
      const cols = await wh.describe({ schema: 'main', name: evil });
      assert.deepEqual(cols, [{ name: evil, type: 'INTEGER' }]);
      assert.deepEqual((await wh.query('select count(*) as n from keep')).rows, [{ n: 1 }]);
    } finally {
      await wh.close();
    }
  });

  it('shares one instance per file inside a process; a writer waits for readers', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dw-duck-'));
    const file = path.join(dir, 'dev.duckdb');
    const dev = await openDuckDb({ path: file, targetName: 'dev', readOnly: false });
    await dev.execute('create table t as select 1 as a');
    // A reader while the writer is open shares it and sees its data; it still cannot write.
    const reader = await openDuckDb({ path: file, targetName: 'dev', readOnly: true });
    assert.deepEqual((await reader.query('select a from t')).rows, [{ a: 1 }]);
    await assert.rejects(reader.query('delete from t'), (e: unknown) => e instanceof WarehouseError && e.kind === 'read-only');
    await reader.close();
    await dev.execute('insert into t values (2)');
    await dev.close();
    // A writer while a read-only instance is in use waits, then gives up with a clear message…
    const ro = await openDuckDb({ path: file, targetName: 'dev', readOnly: true });
    await assert.rejects(
      openDuckDb({ path: file, targetName: 'dev', readOnly: false, lockWaitMs: 150 }),
      (e: unknown) => e instanceof WarehouseError && e.kind === 'connection' && /in use by a running check/.test(e.message),
    );
    // …and gets in as soon as the reader is done.
    const waiting = openDuckDb({ path: file, targetName: 'dev', readOnly: false, lockWaitMs: 5000 });
    setTimeout(() => void ro.close(), 100);
    const writer = await waiting;
    assert.deepEqual((await writer.query('select count(*) as n from t')).rows, [{ n: 2 }]);
    await writer.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a file locked by another process is a connection error naming the cause', async function () {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dw-duck-'));
    const file = path.join(dir, 'dev.duckdb');
    const w = await openDuckDb({ path: file, targetName: 'dev', readOnly: false });
    await w.execute('create table t as select 1 as a');
    await w.close();
    const holder = spawn(
      process.execPath,
      ['-e', `const { DuckDBInstance } = require('@duckdb/node-api'); DuckDBInstance.create(${JSON.stringify(file)}).then(() => { console.log('held'); setInterval(() => {}, 1000); });`],
      { cwd: path.resolve(__dirname, '../../..'), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout!.on('data', (d) => String(d).includes('held') && resolve());
        holder.on('exit', () => reject(new Error('holder exited')));
      });
      const started = Date.now();
      await assert.rejects(
        openDuckDb({ path: file, targetName: 'dev', readOnly: true, lockWaitMs: 300 }),
        (e: unknown) => e instanceof WarehouseError && e.kind === 'connection' && /another process/.test(e.message),
      );
      assert.ok(Date.now() - started < 3000);
    } finally {
      holder.kill();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
