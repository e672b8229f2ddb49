import { strict as assert } from 'node:assert';
import { fixtureAnalysis } from '../warehouse/build_fixture';
import { ephemeralAsCtes, withEphemeralsInlined } from './ephemeral';

describe('ephemeral models as CTEs', () => {
  const analysis = () =>
    fixtureAnalysis('/tmp/none', [
      { id: 'seed.shop.raw', type: 'seed' },
      { id: 'model.shop.eph_a', materialized: 'ephemeral', parents: ['seed.shop.raw'], sql: 'select id from "main"."raw";\n-- a note after the statement' },
      { id: 'model.shop.eph_b', materialized: 'ephemeral', parents: ['model.shop.eph_a'], sql: 'select id * 10 as id from "main"."eph_a"' },
      { id: 'model.shop.eph_c', materialized: 'ephemeral', parents: ['model.shop.eph_a', 'model.shop.eph_b'], sql: "select b.id from \"main\".\"eph_b\" b join \"main\".\"eph_a\" a on a.id * 10 = b.id where b.id <> ';--x'" },
      { id: 'model.shop.eph_empty', materialized: 'ephemeral', sql: '  ' },
      { id: 'model.shop.plain', parents: ['model.shop.eph_b'], sql: 'select * from "main"."eph_b"' },
    ]);

  it('gives an ephemeral model its ephemeral parents as CTEs, each once, each after the ones it reads, itself last', () => {
    const a = analysis();
    const c = ephemeralAsCtes(a, a.nodes.get('model.shop.eph_c')!);
    assert.equal(c.name, '__dbt__cte__eph_c');
    assert.deepEqual(
      c.ctes.map((x) => x.name),
      ['__dbt__cte__eph_a', '__dbt__cte__eph_b', '__dbt__cte__eph_c'],
    );
    assert.equal(c.ctes[1].sql, 'select id * 10 as id from __dbt__cte__eph_a');
    assert.match(c.ctes[2].sql, /from __dbt__cte__eph_b b join __dbt__cte__eph_a a .* where b\.id <> ';--x'$/, "a `--` inside a string is not a comment");
    // The statement's `;` cannot sit inside a CTE, even with a comment after it.
    assert.equal(c.ctes[0].sql, 'select id from "main"."raw"\n-- a note after the statement');
  });

  it('throws, naming the model, when an ephemeral model has no compiled SQL', () => {
    const a = analysis();
    assert.throws(() => ephemeralAsCtes(a, a.nodes.get('model.shop.eph_empty')!), /model\.shop\.eph_empty has no compiled SQL/);
  });

  it('still inlines ephemeral parents into a build the same way', () => {
    const a = analysis();
    const sql = withEphemeralsInlined(a, a.nodes.get('model.shop.plain')!, a.compiledSql('model.shop.plain')!);
    assert.equal(sql, 'with __dbt__cte__eph_a as (\nselect id from "main"."raw"\n-- a note after the statement\n),\n__dbt__cte__eph_b as (\nselect id * 10 as id from __dbt__cte__eph_a\n)\nselect * from __dbt__cte__eph_b');
  });
});
