import * as assert from 'node:assert/strict';
import { buildCheckPlan } from './build_plan';
import { ksStatistic, psi } from './distribution';
import { runChecks } from './run_checks';
import { createTestWarehouse, type TestWarehouse } from './testing/duckdb_test_warehouse';
import { analysis, node } from './testing/fixtures';

describe('distribution drift (KS and PSI)', () => {
  it('computes KS and PSI from cumulative counts', () => {
    // Identical samples: no drift.
    assert.equal(ksStatistic([25, 50, 75], [25, 50, 75], 100, 100), 0);
    assert.equal(psi([25, 50, 75], [25, 50, 75], 100, 100), 0);
    // Half the current mass moved above the reference's top edge.
    assert.equal(ksStatistic([10, 20, 50], [25, 50, 100], 100, 100), 0.5);
    // PSI of shares (0.1, 0.1, 0.3, 0.5) vs (0.25, 0.25, 0.5, 0): the empty bucket is smoothed, not infinite.
    const p = psi([10, 20, 50], [25, 50, 100], 100, 100);
    const expected = (0.1 - 0.25) * Math.log(0.1 / 0.25) * 2 + (0.3 - 0.5) * Math.log(0.3 / 0.5) + (0.5 - 1e-4) * Math.log(0.5 / 1e-4);
    assert.ok(Math.abs(p - expected) < 1e-9, `${p} vs ${expected}`);
  });

  describe('in SQL', () => {
    let w: TestWarehouse;
    const a = analysis([node({ name: 'amounts', columns: ['v', 'day', 'batch'] }), node({ type: 'seed', name: 'baseline', columns: ['v'] }), node({ name: 'methods', columns: ['period', 'method'] })]);
    before(async () => {
      w = await createTestWarehouse();
      // Reference (days 0-27): uniform 0..100. Current (day 28): batch 'same' uniform 0..100, batch 'shifted' uniform 50..150.
      await w.exec(`create table amounts as
        select (i % 1000) / 10.0 as v, date '2024-01-01' + (i % 28)::int as day, 'ref' as batch from range(28000) t(i)
        union all select (i % 1000) / 10.0 + 0.05, date '2024-01-29', 'same' from range(1000) t(i)
        union all select 50 + (i % 1000) / 10.0, date '2024-01-29', 'shifted' from range(1000) t(i)`);
      await w.exec(`create table baseline as select (i % 1000) / 10.0 as v from range(5000) t(i)`);
      // q1 and q2: card 50%, coupon 30%, bank 20%; q3: card 20%, coupon 30%, bank 30%, crypto 20% (new).
      await w.exec(`create table methods as
        select 'q1' as period, case when i < 50 then 'card' when i < 80 then 'coupon' else 'bank' end as method from range(100) t(i)
        union all select 'q2', case when i < 100 then 'card' when i < 160 then 'coupon' else 'bank' end from range(200) t(i)
        union all select 'q3', case when i < 20 then 'card' when i < 50 then 'coupon' when i < 80 then 'bank' else 'crypto' end from range(100) t(i)`);
    });
    after(async () => w.close());

    const run = async (yaml: string) => {
      const p = buildCheckPlan({ analysis: a, checkFiles: new Map([['d.checks.yml', yaml]]), dbtTests: false });
      assert.deepEqual(p.diagnostics, []);
      w.log.length = 0;
      return runChecks(p.specs, w, { now: new Date('2024-01-29T20:00:00Z') });
    };

    it('passes a stable distribution and fails a shifted one against a days_back window', async () => {
      const [same, shifted, psiCheck] = await run(`checks:
  - dataset: amounts
    checks:
      - distribution(v): { timestamp: day, window: 1d, reference: { days_back: 28 }, max: 0.1, where: "batch <> 'shifted'" }
      - distribution(v): { timestamp: day, window: 1d, reference: { days_back: 28 }, max: 0.1, where: "batch <> 'same'", name: shifted }
      - distribution(v): { method: psi, timestamp: day, window: 1d, reference: { days_back: 28 }, max: 0.25, where: "batch <> 'same'", name: psi }
`);
      assert.equal(same.status, 'pass', same.message);
      assert.ok((same.value ?? 1) < 0.02, same.message);
      assert.equal(shifted.status, 'fail');
      assert.ok(Math.abs((shifted.value ?? 0) - 0.5) < 0.03, shifted.message);
      assert.match(shifted.message, /between 1000 current and 28000 reference values/);
      assert.equal(psiCheck.status, 'fail');
      assert.ok((psiCheck.value ?? 0) > 1, psiCheck.message);
      // Two statements per check, neither returns raw rows.
      assert.equal(w.log.length, 6);
      assert.ok(w.log.every((s) => /percentile_cont|count\(\*\) filter/.test(s)));
    });

    it('compares against a reference dataset or a reference filter', async () => {
      const [vsTable, vsWhere] = await run(`checks:
  - dataset: amounts
    checks:
      - distribution(v) < 0.1: { reference: { dataset: baseline }, where: "batch = 'same'" }
      - distribution(v) < 0.1: { reference: { where: "batch = 'ref'" }, where: "batch = 'shifted'", name: vs filter }
`);
      assert.equal(vsTable.status, 'pass', vsTable.message);
      assert.equal(vsWhere.status, 'fail', vsWhere.message);
    });

    it('compares category shares for categorical columns', async () => {
      const [stable, shifted] = await run(`checks:
  - dataset: methods
    checks:
      - distribution(method): { categorical: true, reference: { where: "period = 'q1'" }, where: "period = 'q2'", max: 0.1 }
      - distribution(method): { categorical: true, reference: { where: "period = 'q1'" }, where: "period = 'q3'", max: 0.1, name: shifted }
`);
      assert.equal(stable.status, 'pass', stable.message);
      assert.ok((stable.value ?? 1) < 0.01);
      assert.equal(shifted.status, 'fail');
      assert.match(shifted.message, /largest shift: (card 50\.0% → 20\.0%|crypto 0\.0% → 20\.0%)/);
      assert.match(shifted.message, /total variation 0\.3000/);
      assert.deepEqual(shifted.samples[0], { value: 'card', current: 20, reference: 50 });
    });

    it('reports an empty reference as an error, not a crash', async () => {
      const [r] = await run(`checks:
  - dataset: amounts
    checks:
      - distribution(v): { reference: { where: "batch = 'nothing'" } }
`);
      assert.equal(r.status, 'error');
      assert.match(r.message, /reference sample of v is empty/);
    });
  });
});
