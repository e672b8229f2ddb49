/**
 * Micro-benchmark (not a test): µs per model for realistic rendered dbt
 * models of ~100 and ~200 lines — our tokenizer + parser + scope + lineage +
 * types, against node-sql-parser's parse alone, in the same process.
 *
 *   node -r esbuild-register server/src/sql/bench.ts
 */
import { Parser } from 'node-sql-parser';
import type { TableResolver } from './api';
import { analyzeSql } from './analyze';

/** A staging/intermediate-style model: import CTEs, renames, joins, aggregates, windows, CASE, casts. */
function model(blocks: number, seed: number): string {
  const ctes: string[] = [];
  const names: string[] = [];
  for (let b = 0; b < blocks; b++) {
    const src = `"analytics"."main"."stg_source_${seed}_${b}"`;
    ctes.push(`source_${b} as (
    select * from ${src}
),`);
    ctes.push(`renamed_${b} as (
    select
        id as entity_${b}_id,
        customer_id,
        cast(amount as decimal(18, 2)) as amount,
        lower(trim(status)) as status,
        created_at::timestamp as created_at,
        case
            when status = 'completed' then 'done'
            when status in ('returned', 'refunded') then 'reversed'
            else 'open'
        end as status_group,
        coalesce(discount, 0) as discount
    from source_${b}
    where id is not null
),`);
    ctes.push(`agg_${b} as (
    select
        customer_id,
        count(*) as n_${b},
        sum(amount - discount) as revenue_${b},
        min(created_at) as first_at_${b},
        max(created_at) as last_at_${b},
        row_number() over (order by sum(amount) desc) as rank_${b}
    from renamed_${b}
    group by customer_id
),`);
    names.push(`agg_${b}`);
  }
  const last = ctes.pop()!.replace(/,$/, '');
  ctes.push(last);
  const selectCols = names.map((n, i) => `    ${n}.n_${i},\n    ${n}.revenue_${i},\n    ${n}.first_at_${i},\n    ${n}.last_at_${i}`).join(',\n');
  const joins = names.slice(1).map((n) => `left join ${n} on ${n}.customer_id = ${names[0]}.customer_id`).join('\n');
  return `with\n${ctes.join('\n')}\nselect\n    ${names[0]}.customer_id,\n${selectCols}\nfrom ${names[0]}\n${joins}\nwhere ${names[0]}.n_0 > 0\norder by 1\n`;
}

const resolveTable: TableResolver = (parts) => ({
  key: `model.shop.${parts[parts.length - 1]}`,
  columns: ['id', 'customer_id', 'amount', 'status', 'created_at', 'discount'].map((name) => ({ name, type: name === 'id' ? 'integer' : undefined })),
});

/** CPU time of this process (µs), not wall time: the numbers stay meaningful on a busy shared machine. */
function cpuMicros(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

function timeIt(label: string, sqls: string[], fn: (sql: string) => void, minMs: number): number {
  const warmup = cpuMicros();
  for (let i = 0; cpuMicros() - warmup < minMs * 250; i++) fn(sqls[i % sqls.length]); // let the JIT settle
  let runs = 0;
  const started = cpuMicros();
  let elapsed = 0;
  while (elapsed < minMs * 1000) {
    fn(sqls[runs % sqls.length]);
    runs++;
    elapsed = cpuMicros() - started;
  }
  const us = elapsed / runs;
  console.log(`${label.padEnd(44)} ${us.toFixed(1).padStart(9)} µs/model  (${runs} runs)`);
  return us;
}

function main(): void {
  // Calibration: CPU-time numbers from a shared or throttled machine are comparable through this one.
  const doc = JSON.stringify(Array.from({ length: 200 }, (_, i) => ({ id: i, name: `n${i}`, tags: ['a', 'b'], v: i / 3 })));
  timeIt(`calibration: JSON.parse of ${(doc.length / 1024).toFixed(0)} KB`, [doc], (s) => JSON.parse(s), 1000);
  const nsp = new Parser();
  for (const [lines, blocks] of [
    [100, 3],
    [200, 6],
  ] as const) {
    const sqls = Array.from({ length: 20 }, (_, i) => model(blocks, i));
    const actualLines = sqls[0].split('\n').length;
    const check = analyzeSql(sqls[0], { dialect: 'duckdb', resolveTable });
    if (check.errors.length > 0) throw new Error(`bench model does not parse: ${JSON.stringify(check.errors)}`);
    console.log(`\n~${lines}-line model (${actualLines} lines, ${sqls[0].length} chars, ${check.columns.length} output columns)`);
    const ours = timeIt('driftwatch analyzeSql (parse+lineage+types)', sqls, (s) => analyzeSql(s, { dialect: 'duckdb', resolveTable }), 2000);
    let theirs = NaN;
    try {
      nsp.astify(sqls[0], { database: 'postgresql' });
      theirs = timeIt('node-sql-parser astify (parse only)', sqls, (s) => nsp.astify(s, { database: 'postgresql' }), 2000);
    } catch (e) {
      console.log(`node-sql-parser cannot parse the model: ${(e as Error).message.slice(0, 120)}`);
    }
    if (!Number.isNaN(theirs)) console.log(`speed-up: ${(theirs / ours).toFixed(0)}x; 10,000 such models: ${((ours * 10000) / 1e6).toFixed(2)} s single-threaded CPU`);
  }
}

main();
