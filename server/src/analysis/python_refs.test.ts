import * as assert from 'assert';
import { extractPythonModel } from './python_refs';

describe('dbt Python models: refs, sources and config read from the code', () => {
  const code = [
    'import pandas as pd',
    '',
    'def model(dbt, session):',
    '    dbt.config(materialized="table", tags="finance", enabled=True)',
    '    # dbt.ref("commented_out") is not a dependency',
    '    orders = dbt.ref("stg_orders")',
    "    payments = dbt.ref('payments_pkg', 'stg_payments', v=2)",
    '    raw = dbt.source("raw", "customers")',
    '    name = "stg_" + "x"',
    '    dynamic = dbt.ref(name)  # not a literal: not seen',
    '    return orders.join(payments)',
  ].join('\n');

  it('finds literal refs (with package and version) and sources, with the offsets of their names', () => {
    const st = extractPythonModel(code);
    assert.deepStrictEqual(st.refs.map((r) => [r.name, r.package, r.version]), [['stg_orders', undefined, undefined], ['stg_payments', 'payments_pkg', 2]]);
    assert.strictEqual(code.slice(st.refs[0].nameStart, st.refs[0].nameEnd), 'stg_orders');
    assert.deepStrictEqual(st.sources.map((s) => [s.source, s.table]), [['raw', 'customers']]);
    assert.strictEqual(code.slice(st.sources[0].tableStart, st.sources[0].tableEnd), 'customers');
  });

  it('reads dbt.config keyword literals', () => {
    assert.deepStrictEqual(extractPythonModel(code).config, { materialized: 'table', tags: 'finance', enabled: true });
  });

  it('a # inside a string is not a comment; garbage is not an error', () => {
    assert.deepStrictEqual(extractPythonModel('x = "#"; y = dbt.ref("a")').refs.map((r) => r.name), ['a']);
    assert.deepStrictEqual(extractPythonModel('dbt.ref(\n\u0000 "unterminated').refs, []);
    assert.deepStrictEqual(extractPythonModel('').refs, []);
  });
});
