import * as assert from 'assert';
import { callAt, findJinjaCalls } from './jinja_calls';

describe('jinja_calls', () => {
  const text = `select * from {{ ref('orders') }} o join {{ ref("shop", "customers") }} c
  join {{ source('raw', 'payments') }} p
  -- to: ref('stg_x')`;

  it('finds ref and source calls with the offsets of their literals', () => {
    const calls = findJinjaCalls(text);
    assert.deepStrictEqual(calls.map((c) => c.kind), ['ref', 'ref', 'source', 'ref']);
    const [orders, customers, payments] = calls;
    assert.ok(orders.kind === 'ref' && text.slice(orders.name.start, orders.name.end) === 'orders' && !orders.package);
    assert.ok(customers.kind === 'ref' && customers.name.value === 'customers' && customers.package?.value === 'shop');
    assert.strictEqual(text.slice((customers as { name: { start: number; end: number } }).name.start, (customers as { name: { end: number } }).name.end), 'customers');
    assert.ok(payments.kind === 'source' && text.slice(payments.table.start, payments.table.end) === 'payments' && text.slice(payments.source.start, payments.source.end) === 'raw');
  });

  it('tells which literal a cursor is on, ends included', () => {
    const at = text.indexOf('payments');
    assert.strictEqual(callAt(text, at)?.part, 'table');
    assert.strictEqual(callAt(text, at + 'payments'.length)?.part, 'table');
    assert.strictEqual(callAt(text, text.indexOf("'raw'") + 2)?.part, 'source');
    assert.strictEqual(callAt(text, text.indexOf(' o join')), undefined);
  });

  it('ignores calls without string literals', () => {
    assert.deepStrictEqual(findJinjaCalls('{{ ref(var("x")) }} {{ source(a, b) }} {{ ref( }}'), []);
  });

  it('reads the version a ref asks for: v= or version=, a number or a quoted string', () => {
    const t = "{{ ref('dim', v=2) }} {{ ref('pkg', 'dim', version='1.5') }} {{ ref('dim',  v = 3 ) }} {{ ref('dim', v=var('v')) }}";
    const calls = findJinjaCalls(t).map((c) => (c.kind === 'ref' ? [c.name.value, c.package?.value, c.version?.value, c.version && t.slice(c.version.start, c.version.end)] : []));
    assert.deepStrictEqual(calls, [
      ['dim', undefined, 2, '2'],
      ['dim', 'pkg', '1.5', '1.5'],
      ['dim', undefined, 3, '3'],
      ['dim', undefined, undefined, undefined],
    ]);
    const at = t.indexOf("'pkg'");
    const hit = callAt(t, t.indexOf('dim', at));
    assert.ok(hit?.call.kind === 'ref' && hit.call.version?.value === '1.5' && hit.part === 'name');
  });
});
