import * as assert from 'node:assert/strict';
import { columnReferenceAt } from './reference_at';
import { SHOP } from './test_catalog';

const opts = { dialect: 'duckdb' as const, resolveTable: SHOP };

function at(sqlWithCursor: string) {
  const offset = sqlWithCursor.indexOf('|');
  const sql = sqlWithCursor.replace('|', '');
  const ref = columnReferenceAt(sql, offset, opts);
  return ref && { table: ref.table, column: ref.column, kind: ref.relationKind, sources: ref.sources.map((s) => `${s.table}.${s.column}`), text: sql.slice(ref.start, ref.end) };
}

describe('columnReferenceAt', () => {
  it('resolves an aliased column to its physical table', () => {
    assert.deepEqual(at('select o.sta|tus from main.orders o'), { table: 'main.orders', column: 'status', kind: 'table', sources: ['main.orders.status'], text: 'o.status' });
  });

  it('resolves an unqualified column among joined tables by known columns', () => {
    assert.deepEqual(at('select em|ail from main.orders o join main.customers c on c.id = o.customer_id')?.table, 'main.customers');
  });

  it('resolves a column of a CTE to the CTE, with the physical sources behind it', () => {
    assert.deepEqual(at('with x as (select id as order_id from main.orders) select order_id| from x'), {
      table: 'x', column: 'order_id', kind: 'cte', sources: ['main.orders.id'], text: 'order_id',
    });
  });

  it('resolves references in WHERE, JOIN ON, GROUP BY and correlated subqueries', () => {
    assert.equal(at('select 1 from main.orders o where o.amou|nt > 1')?.column, 'amount');
    assert.equal(at('select 1 from main.orders o join main.customers c on c.i|d = o.customer_id')?.table, 'main.customers');
    assert.equal(at('select 1 from main.orders o where exists (select 1 from main.payments p where p.order_id = o.i|d)')?.table, 'main.orders');
  });

  it('resolves ORDER BY names to select aliases and reports unbound names without a table', () => {
    assert.deepEqual(at('select amount * 2 as dbl from main.orders order by db|l')?.kind, 'select-alias');
    assert.deepEqual(at('select nope.x| from main.orders'), { table: 'nope', column: 'x', kind: undefined, sources: [], text: 'nope.x' });
  });

  it('returns undefined away from column references', () => {
    assert.equal(at('sel|ect 1 from main.orders'), undefined);
    assert.equal(at("select 'a|bc' from main.orders"), undefined);
  });
});
