import { strict as assert } from 'node:assert';
import * as net from 'node:net';
import { WarehouseError, type DevWarehouse } from './api';
import { openPostgres } from './postgres';
import { pgUrlOrSkip, uniqueSchema, watchUnhandled } from './test_support';

function isKind(kind: WarehouseError['kind']) {
  return (e: unknown) => e instanceof WarehouseError && e.kind === kind;
}

/** A port on 127.0.0.1 with nothing listening (bound, then released). */
async function deadPort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

describe('postgres adapter', function () {
  let url: string;
  let dev: DevWarehouse;
  let schema: string;

  before(async function () {
    url = pgUrlOrSkip(this);
    dev = await openPostgres({ type: 'postgres', targetName: 'dev', readOnly: false, connectionString: url });
    schema = uniqueSchema('dw_pg');
    await dev.execute(`create schema ${dev.quoteIdent(schema)}`);
  });

  after(async () => {
    if (dev) {
      await dev.execute(`drop schema if exists ${dev.quoteIdent(schema)} cascade`).catch(() => undefined);
      await dev.close();
    }
  });

  it('normalises values: int8, numeric, date, timestamp', async () => {
    const r = await dev.query(
      `select 42::int8 as small, 9007199254740993::int8 as big, 12.50::numeric as dec, date '2024-03-01' as d,
              timestamp '2024-03-01 10:20:30' as ts, timestamptz '2024-03-01 10:20:30+02' as tz, $1::text as p`,
      { params: ['x'] },
    );
    assert.deepEqual(r.rows[0], {
      small: 42, big: '9007199254740993', dec: 12.5, d: '2024-03-01', ts: '2024-03-01T10:20:30.000Z', tz: '2024-03-01T08:20:30.000Z', p: 'x',
    });
    assert.equal(r.columns[0].type, 'bigint');
  });

  it('refuses writes through query, including a second statement after a semicolon', async () => {
    const t = dev.relationSql({ schema, name: 'guarded' });
    await dev.execute(`create table ${t} (a int); insert into ${t} values (1)`);
    for (const sql of [`insert into ${t} values (2)`, `delete from ${t}`, `select 1; commit; delete from ${t}`, `create table ${dev.relationSql({ schema, name: 'sneaky' })} (a int)`]) {
      await assert.rejects(dev.query(sql), (e: unknown) => e instanceof WarehouseError && (e.kind === 'read-only' || e.kind === 'query'), sql);
    }
    await assert.rejects(dev.query(`insert into ${t} values (3)`), isKind('read-only'));
    assert.deepEqual((await dev.query(`select count(*)::int as n from ${t}`)).rows, [{ n: 1 }]);
  });

  it('a read-only target refuses execute outright', async () => {
    const ro = await openPostgres({ type: 'postgres', targetName: 'ro', readOnly: true, connectionString: url });
    try {
      await assert.rejects(ro.execute('create table nope(a int)'), isKind('read-only'));
    } finally {
      await ro.close();
    }
  });

  it('stops a statement at its timeout, on the server', async () => {
    const started = Date.now();
    await assert.rejects(dev.query('select pg_sleep(5)', { timeoutMs: 200 }), isKind('timeout'));
    assert.ok(Date.now() - started < 1500, `took ${Date.now() - started} ms`);
    assert.deepEqual((await dev.query('select 1 as one')).rows, [{ one: 1 }]);
  });

  it('cancellation through an AbortSignal really stops the server query', async () => {
    const marker = `dw_cancel_${Date.now()}`;
    const ac = new AbortController();
    const running = dev.query(`select pg_sleep(30) as ${marker}`, { signal: ac.signal });
    const seen = async () =>
      (await dev.query(`select count(*)::int as n from pg_stat_activity where state = 'active' and query like $1 and pid <> pg_backend_pid()`, { params: [`%${marker}%`] })).rows[0].n;
    for (let i = 0; i < 50 && (await seen()) === 0; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(await seen(), 1, 'query should be running on the server');
    const started = Date.now();
    ac.abort();
    await assert.rejects(running, isKind('cancelled'));
    assert.ok(Date.now() - started < 1500);
    assert.equal(await seen(), 0, 'query should be gone from pg_stat_activity');
  });

  it('a server with nothing listening gives a clear connection error fast, with no unhandled rejection', async () => {
    const port = await deadPort();
    const watch = watchUnhandled();
    const started = Date.now();
    await assert.rejects(
      openPostgres({ type: 'postgres', targetName: 'gone', readOnly: true, host: '127.0.0.1', port, user: 'x', database: 'x', connectTimeoutMs: 1000 }),
      (e: unknown) => e instanceof WarehouseError && e.kind === 'connection' && e.message.includes(`127.0.0.1:${port}`) && /ECONNREFUSED/.test(e.message),
    );
    assert.ok(Date.now() - started < 2000);
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(watch.stop(), []);
  });

  it('a server that never answers the handshake times out as a connection error', async () => {
    // Accepts TCP but never speaks: the connect timeout must fire.
    const silent = net.createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const port = (silent.address() as net.AddressInfo).port;
    const watch = watchUnhandled();
    try {
      const started = Date.now();
      await assert.rejects(
        openPostgres({ type: 'postgres', targetName: 'mute', readOnly: true, host: '127.0.0.1', port, user: 'x', database: 'x', connectTimeoutMs: 300 }),
        isKind('connection'),
      );
      assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
    } finally {
      silent.close();
    }
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(watch.stop(), []);
  });

  it('a backend killed mid-session surfaces as an error, not a crash, and the next query reconnects', async () => {
    const wh = await openPostgres({ type: 'postgres', targetName: 'k', readOnly: true, connectionString: url, threads: 1 });
    const watch = watchUnhandled();
    try {
      const pid = (await wh.query('select pg_backend_pid() as pid')).rows[0].pid;
      await dev.query('select pg_terminate_backend($1)', { params: [pid] });
      await new Promise((r) => setTimeout(r, 100));
      // The idle client died; the pool drops it and the next query works on a fresh one.
      let ok = false;
      for (let i = 0; i < 3 && !ok; i++) {
        try {
          await wh.query('select 1');
          ok = true;
        } catch (e) {
          assert.ok(e instanceof WarehouseError);
        }
      }
      assert.ok(ok);
    } finally {
      await wh.close();
    }
    assert.deepEqual(watch.stop(), []);
  });

  it('redshift mode (no startup options, session timeout) still enforces read-only and timeouts', async () => {
    const rs = await openPostgres({ type: 'redshift', targetName: 'rs', readOnly: true, connectionString: url, threads: 1 });
    try {
      assert.equal(rs.features?.filterClause, false);
      await assert.rejects(rs.query('create table nope_rs (a int)'), isKind('read-only'));
      await assert.rejects(rs.query('select pg_sleep(5)', { timeoutMs: 200 }), isKind('timeout'));
      // The next query without a timeout is not cut short by the previous one's session setting.
      assert.deepEqual((await rs.query('select 1 as one from pg_sleep(0.3)')).rows, [{ one: 1 }]);
    } finally {
      await rs.close();
    }
  });

  it('quotes hostile identifiers so they cannot inject SQL', async () => {
    const evil = 'x"; drop schema public cascade; --';
    await dev.execute(`create table ${dev.relationSql({ schema, name: evil })} (${dev.quoteIdent(evil)} int)`);
    assert.deepEqual(await dev.describe({ schema, name: evil }), [{ name: evil, type: 'integer' }]);
    assert.equal(await dev.describe({ schema, name: 'missing' }), undefined);
  });
});
