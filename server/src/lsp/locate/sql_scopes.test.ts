import * as assert from 'assert';
import { findAliases, findCtes, resolveQualifier } from './sql_scopes';

const SQL = `with orders as (
    select * from {{ ref('stg_orders') }}
),
payments as (
    select p.order_id, sum(p.amount) as total from {{ source('raw', 'payments') }} as p group by 1
)
select o.order_id, payments.total
from orders o
left join payments on o.order_id = payments.order_id
left join main.customers c on c.id = o.customer_id
where o.note <> ')'  -- a paren in a string and (one in a comment
`;

describe('sql_scopes', () => {
  it('finds CTEs with their bodies, across strings and comments', () => {
    const ctes = findCtes(SQL);
    assert.deepStrictEqual(ctes.map((c) => c.name), ['orders', 'payments']);
    assert.ok(SQL.slice(ctes[1].bodyStart, ctes[1].bodyEnd).trim().startsWith('select p.order_id'));
    assert.ok(SQL.slice(ctes[1].bodyStart, ctes[1].bodyEnd).trim().endsWith('group by 1'));
  });

  it('maps aliases and bare names to refs, sources, CTEs and tables', () => {
    const by = new Map(findAliases(SQL).map((a) => [a.qualifier, a.target]));
    assert.deepStrictEqual(by.get('o'), { kind: 'cte', name: 'orders' });
    assert.deepStrictEqual(by.get('p'), { kind: 'source', source: 'raw', table: 'payments' });
    assert.deepStrictEqual(by.get('stg_orders'), { kind: 'ref', name: 'stg_orders', package: undefined });
    assert.deepStrictEqual(by.get('c'), { kind: 'table', name: 'main.customers' });
    assert.ok(!by.has('left') && !by.has('on') && !by.has('where'));
  });

  it('resolves a qualifier in the scope of the cursor', () => {
    const sql = `with a as (select x.id from {{ ref('one') }} x), b as (select x.id from {{ ref('two') }} x) select 1`;
    assert.deepStrictEqual(resolveQualifier(sql, 'x', sql.indexOf('x.id')), { kind: 'ref', name: 'one', package: undefined });
    assert.deepStrictEqual(resolveQualifier(sql, 'X', sql.lastIndexOf('x.id')), { kind: 'ref', name: 'two', package: undefined });
    assert.strictEqual(resolveQualifier(sql, 'nope', 0), undefined);
  });

  it('does not loop or throw on unbalanced input', () => {
    const ctes = findCtes('with a as (select (1 from x');
    assert.strictEqual(ctes.length, 1);
    assert.doesNotThrow(() => findAliases('from {{ ref( from join'));
  });
});
