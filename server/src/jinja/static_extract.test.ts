import assert from 'node:assert/strict';
import { extractStatic } from './index';

describe('jinja static extraction', () => {
  it('finds refs, sources and literal config without rendering; plain models need no render', () => {
    const t = "{{ config(materialized='incremental', unique_key=['id'], meta={'owner': 'x'}, enabled=true) }}\nselect * from {{ ref('orders') }} join {{ ref('pkg', 'items', v=2) }} join {{ source('raw', 'c') }} where d > '{{ var(\"start\") }}' and s = '{{ target.schema }}' and t = {{ this }}";
    const x = extractStatic(t);
    assert.equal(x.needsRender, false);
    assert.deepEqual(x.config, { materialized: 'incremental', unique_key: ['id'], meta: { owner: 'x' }, enabled: true });
    assert.deepEqual(x.refs.map((r) => [r.name, r.package, r.version, t.slice(r.nameStart, r.nameEnd), t.slice(r.start, r.end)]), [
      ['orders', undefined, undefined, 'orders', "ref('orders')"],
      ['items', 'pkg', 2, 'items', "ref('pkg', 'items', v=2)"],
    ]);
    const s = x.sources[0];
    assert.deepEqual([s.source, s.table, t.slice(s.sourceStart, s.sourceEnd), t.slice(s.tableStart, s.tableEnd)], ['raw', 'c', 'raw', 'c']);
  });

  it('control flow, macros and other expressions need a render, but literal refs inside are still found', () => {
    const cases = [
      "{% if true %}{{ ref('a') }}{% endif %}",
      "{% for x in [1] %}{{ ref('a') }}{% endfor %}",
      "{{ my_macro(ref('a')) }}",
      "{% set x = ref('a') %}",
      "{{ ref('a') | upper }}",
      "{{ config(materialized=var('m')) }}{{ ref('a') }}",
    ];
    for (const t of cases) {
      const x = extractStatic(t);
      assert.equal(x.needsRender, true, t);
      assert.deepEqual(x.refs.map((r) => r.name), ['a'], t);
    }
  });

  it('refs with computed arguments are not reported (a render finds them)', () => {
    const x = extractStatic("{{ ref('stg_' ~ name) }} {{ ref(model_name) }}");
    assert.deepEqual(x.refs, []);
    assert.equal(x.needsRender, true);
  });

  it('ignores refs in comments and raw blocks, and syntax errors force a render', () => {
    assert.deepEqual(extractStatic("{# {{ ref('a') }} #}{% raw %}{{ ref('b') }}{% endraw %}").refs, []);
    assert.equal(extractStatic("{{ ref('a') ").needsRender, true);
  });

  it('is fast on 10,000 typical models', function () {
    this.timeout(60000);
    const model = "{{ config(materialized='table') }}\n\nwith orders as (\n  select * from {{ ref('stg_orders') }}\n),\npayments as (\n  select * from {{ ref('stg_payments') }}\n)\n" + 'select o.id, sum(p.amount) as amount\nfrom orders o join payments p on p.order_id = o.id\ngroup by 1\n'.repeat(10);
    const started = Date.now();
    let refs = 0;
    for (let i = 0; i < 10000; i++) refs += extractStatic(model).refs.length;
    const ms = Date.now() - started;
    assert.equal(refs, 20000);
    // ~0.1 s on an idle 2-core machine; generous bound for shared CI
    assert.ok(ms < 15000, `took ${ms} ms`);
  });
});
