// Check-engine benchmark: ten metric checks on one table, three ways.
//   batched    — the check engine's compiler (compileBatch): all metrics in ONE scan
//   hand       — one aggregate query a person would write for the same ten numbers
//   per-check  — one query per check (compileOnePerCheck), run one after another
// DuckDB: 10M rows, target batched <= 1.15x hand. Postgres (when DRIFTWATCH_PG_URL
// is set): 1M rows, target batched >= 3x faster than per-check.
// Also times runChecks end to end (compile + run + judge) for the batched plan.
//
//   npm run bench:checks            (BENCH_ROWS / BENCH_PG_ROWS / BENCH_RUNS override sizes)
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
require('esbuild-register/dist/node').register({ target: 'node20' });
const here = path.dirname(fileURLToPath(import.meta.url));
const { openDuckDb } = require('../server/src/warehouse/duckdb.ts');
const { openPostgres } = require('../server/src/warehouse/postgres.ts');
const { compileBatch, compileOnePerCheck } = require('../server/src/checks/compile.ts');
const { runChecks } = require('../server/src/checks/run_checks.ts');

const DUCK_ROWS = Number(process.env.BENCH_ROWS ?? 10_000_000);
const PG_ROWS = Number(process.env.BENCH_PG_ROWS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

function specs(relation) {
  const dataset = { id: 'model.bench.events', display: 'events', relation };
  const metrics = [
    ['row_count > 0', { fn: 'row_count' }],
    ['missing_count(email) = 0', { fn: 'missing_count', column: 'email' }],
    ['min(amount) >= 0', { fn: 'min', column: 'amount' }],
    ['max(amount) < 1000', { fn: 'max', column: 'amount' }],
    ['avg(amount) between 10 and 90', { fn: 'avg', column: 'amount' }],
    ['sum(amount) > 0', { fn: 'sum', column: 'amount' }],
    ['stddev(amount) < 50', { fn: 'stddev', column: 'amount' }],
    ['invalid_count(status) = 0', { fn: 'invalid_count', column: 'status', validity: [{ kind: 'values', values: ['placed', 'shipped', 'completed', 'returned'] }] }],
    ['avg_length(email) > 5', { fn: 'avg_length', column: 'email' }],
    ['freshness(ts) < 1d', { fn: 'freshness', column: 'ts' }],
  ];
  return metrics.map(([check, metric], i) => ({
    id: `bench-${i}`,
    dataset,
    check,
    samples: 0,
    thresholdText: check,
    origin: 'checks-file',
    body: { kind: 'aggregate', metric },
  }));
}

function handWritten(wh, relation) {
  const q = (c) => wh.quoteIdent(c);
  const epoch = wh.type === 'duckdb' ? `epoch(max(${q('ts')}))` : `extract(epoch from max(${q('ts')}))`;
  return `select count(*), count(*) - count(${q('email')}), min(${q('amount')}), max(${q('amount')}), avg(${q('amount')}),
    sum(${q('amount')}), stddev_samp(${q('amount')}),
    sum(case when ${q('status')} not in ('placed', 'shipped', 'completed', 'returned') then 1 else 0 end),
    avg(length(${q('email')})), ${epoch}
    from ${wh.relationSql(relation)}`;
}

async function time(fn) {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** Median of RUNS timings after one warm-up run; the variants interleave so load spikes hit all alike. */
async function measure(variants) {
  for (const v of variants) await v.run();
  const times = variants.map(() => []);
  for (let r = 0; r < RUNS; r++) for (let i = 0; i < variants.length; i++) times[i].push(await time(variants[i].run));
  return variants.map((v, i) => {
    const sorted = times[i].sort((a, b) => a - b);
    return { name: v.name, ms: sorted[Math.floor(sorted.length / 2)] };
  });
}

function report(title, results, verdicts) {
  console.log(`\n${title}`);
  for (const r of results) console.log(`  ${r.name.padEnd(34)} ${r.ms.toFixed(1).padStart(9)} ms`);
  for (const v of verdicts) console.log(`  ${v.label.padEnd(34)} ${v.value.toFixed(2).padStart(9)}x   target ${v.target}   ${v.ok ? 'OK' : 'MISSED'}`);
}

async function variantsFor(wh, relation) {
  const sp = specs(relation);
  const batch = compileBatch(sp, wh);
  const per = compileOnePerCheck(sp, wh);
  if (batch.scans.length !== 1 || per.scans.length !== sp.length) throw new Error('unexpected plan shape');
  const hand = handWritten(wh, relation);
  return [
    { name: 'batched (compileBatch, 1 query)', run: () => wh.query(batch.scans[0].sql) },
    { name: 'hand-written aggregate', run: () => wh.query(hand) },
    { name: `one query per check (${per.scans.length})`, run: async () => { for (const s of per.scans) await wh.query(s.sql); } },
    { name: 'runChecks end to end (batched)', run: async () => {
      const results = await runChecks(sp, wh, { concurrency: 1 });
      const bad = results.find((r) => r.status === 'error');
      if (bad) throw new Error(`check errored: ${bad.check}: ${bad.message}`);
    } },
  ];
}

async function duck() {
  const dir = path.join(here, '.generated');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `checks-${DUCK_ROWS}.duckdb`);
  const relation = { schema: 'main', name: 'events' };
  if (!fs.existsSync(file)) {
    const t0 = performance.now();
    const dev = await openDuckDb({ path: file + '.tmp', targetName: 'bench', readOnly: false });
    await dev.execute(`create table events as
      select i as id, i % 1000 as customer_id, (i * 7919 % 10000) / 100.0 as amount,
             case when i % 50 = 0 then null else 'user' || (i % 100000) || '@example.com' end as email,
             timestamp '2024-01-01' + to_seconds(i % 86400) as ts,
             (['placed', 'shipped', 'completed', 'returned'])[1 + i % 4] as status
      from range(${DUCK_ROWS}) r(i)`);
    await dev.close();
    fs.renameSync(file + '.tmp', file);
    console.log(`generated ${DUCK_ROWS} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s (cached in ${path.relative(process.cwd(), file)})`);
  }
  const wh = await openDuckDb({ path: file, targetName: 'bench', readOnly: true });
  try {
    const results = await measure(await variantsFor(wh, relation));
    const [batched, hand, per, e2e] = results;
    report(`DuckDB, ${DUCK_ROWS.toLocaleString('en')} rows, 10 metric checks (median of ${RUNS})`, results, [
      { label: 'batched / hand-written', value: batched.ms / hand.ms, target: '<= 1.15', ok: batched.ms / hand.ms <= 1.15 },
      { label: 'per-check / batched', value: per.ms / batched.ms, target: '(info)', ok: true },
      { label: 'runChecks / batched query', value: e2e.ms / batched.ms, target: '(info)', ok: true },
    ]);
  } finally {
    await wh.close();
  }
}

async function pg(url) {
  const wh = await openPostgres({ type: 'postgres', targetName: 'bench', readOnly: false, connectionString: url });
  const relation = { schema: 'driftwatch_bench', name: `events_${PG_ROWS}` };
  try {
    const exists = await wh.describe(relation);
    if (!exists) {
      const t0 = performance.now();
      await wh.execute(`create schema if not exists driftwatch_bench`);
      await wh.execute(`create table ${wh.relationSql(relation)} as
        select i as id, i % 1000 as customer_id, (i * 7919 % 10000) / 100.0::float8 as amount,
               case when i % 50 = 0 then null else 'user' || (i % 100000) || '@example.com' end as email,
               timestamp '2024-01-01' + make_interval(secs => i % 86400) as ts,
               (array['placed', 'shipped', 'completed', 'returned'])[1 + i % 4] as status
        from generate_series(0::bigint, ${PG_ROWS - 1}) i`);
      await wh.execute(`analyze ${wh.relationSql(relation)}`);
      console.log(`generated ${PG_ROWS} Postgres rows in ${((performance.now() - t0) / 1000).toFixed(1)} s (kept in schema driftwatch_bench)`);
    }
    const results = await measure(await variantsFor(wh, relation));
    const [batched, hand, per] = results;
    report(`Postgres, ${PG_ROWS.toLocaleString('en')} rows, 10 metric checks (median of ${RUNS})`, results, [
      { label: 'per-check / batched (speed-up)', value: per.ms / batched.ms, target: '>= 3', ok: per.ms / batched.ms >= 3 },
      { label: 'batched / hand-written', value: batched.ms / hand.ms, target: '(info)', ok: true },
    ]);
  } finally {
    await wh.close();
  }
}

await duck();
if (process.env.DRIFTWATCH_PG_URL) await pg(process.env.DRIFTWATCH_PG_URL);
else console.log('\nPostgres: skipped (set DRIFTWATCH_PG_URL, e.g. after .ci/pg.sh start)');
