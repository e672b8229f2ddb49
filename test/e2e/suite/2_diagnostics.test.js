const assert = require('node:assert/strict');
const vscode = require('vscode');
const { api, codeOf, driftwatchDiagnostics, file, open, waitFor } = require('./helpers');

describe('diagnostics on examples/shop', () => {
  before(async () => {
    await api();
  });

  it('reports the deliberate schema drift on customers (declared-not-produced and undeclared column)', async () => {
    await open('models/marts/_marts.yml');
    await open('models/marts/customers.sql');
    const all = await waitFor('drift diagnostics', () => {
      const ds = [...driftwatchDiagnostics(file('models/marts/_marts.yml')), ...driftwatchDiagnostics(file('models/marts/customers.sql'))];
      const codes = new Set(ds.map(codeOf));
      return codes.has('drift-declared-not-produced') && codes.has('drift-undeclared-column') ? ds : null;
    }, 60000);
    const declared = all.find((d) => codeOf(d) === 'drift-declared-not-produced');
    assert.match(declared.message, /lifetime_value_usd/);
    assert.ok(declared.range.start.line > 0, 'points at the YAML entry, not the top of the file');
  });

  it('warns that int_order_payments has no tests, and that stg_products (watched by a check file) lacks key tests', async () => {
    // stg_products has no dbt tests but staging.checks.yml watches it: tested, so no missing-tests,
    // yet its key product_id has no unique + not_null, which missing-pk-tests reports at its YAML entry.
    await open('models/staging/_staging.yml');
    await waitFor('missing-pk-tests on stg_products', () => driftwatchDiagnostics(file('models/staging/_staging.yml')).some((d) => codeOf(d) === 'missing-pk-tests' && /product_id/.test(d.message)), 60000);
    await open('models/staging/stg_products.sql');
    assert.ok(!driftwatchDiagnostics(file('models/staging/stg_products.sql')).some((d) => codeOf(d) === 'missing-tests'), 'a model covered by a check file is not reported as untested');
    await open('models/intermediate/int_order_payments.sql');
    await waitFor('missing-tests on int_order_payments', () => driftwatchDiagnostics(file('models/intermediate/int_order_payments.sql')).some((d) => codeOf(d) === 'missing-tests'), 60000);
  });

  it('reports an unresolved ref as the user types it, and clears it when fixed', async () => {
    const editor = await open('models/marts/orders.sql');
    const doc = editor.document;
    const original = doc.getText();
    const end = doc.positionAt(original.length);
    await editor.edit((e) => e.insert(end, "\n-- {{ ref('stg_ordrs') }}\n"));
    try {
      const d = await waitFor('unresolved-ref', () => driftwatchDiagnostics(doc.uri).find((x) => codeOf(x) === 'unresolved-ref'), 30000);
      assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
      assert.match(d.message, /stg_ordrs/);
    } finally {
      await editor.edit((e) => e.replace(new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), original));
      await doc.save();
    }
    await waitFor('unresolved-ref cleared', () => !driftwatchDiagnostics(doc.uri).some((x) => codeOf(x) === 'unresolved-ref'), 30000);
  });
});
