const assert = require('node:assert/strict');
const vscode = require('vscode');
const { api, waitFor } = require('./helpers');

describe('checks and Test Explorer', () => {
  let a;
  before(async () => {
    a = await api();
  });

  it('discovers checks and dbt tests as TestItems (dataset → check) with locations', async () => {
    await a.tests.refresh();
    const datasets = [];
    a.tests.controller.items.forEach((i) => datasets.push(i));
    assert.ok(datasets.length > 0, 'some datasets');
    const leaves = [...a.tests.items.values()];
    assert.ok(leaves.length >= 5, `only ${leaves.length} checks`);
    assert.ok(leaves.every((t) => t.uri && t.range), 'every check has a location');
    assert.ok(datasets.some((d) => /stg_payments/.test(d.id)), 'stg_payments has checks');
  });

  it('runs the checks of stg_payments through the Run profile and finds the duplicate payments', async () => {
    await a.tests.refresh();
    let ds;
    a.tests.controller.items.forEach((i) => { if (/stg_payments$/.test(i.id)) ds = i; });
    assert.ok(ds, 'stg_payments dataset item');
    let result;
    const sub = a.runner.onDidFinish((r) => (result = r));
    const cts = new vscode.CancellationTokenSource();
    await a.tests.runProfile.runHandler(new vscode.TestRunRequest([ds]), cts.token);
    sub.dispose();
    assert.ok(result, 'the run finished with results (a failed request marks the items errored instead)');
    assert.ok(result.results.length > 0, 'results came back');
    const unique = result.results.find((r) => /unique/i.test(r.check) && /payment_id/.test(r.check + r.message + (r.sql || '')));
    assert.ok(unique, `unique(payment_id) among ${result.results.map((r) => r.check)}`);
    assert.equal(unique.status, 'fail');
    assert.ok(Number(unique.value) >= 2, `measured ${unique.value}`);
  });

  it('shows results in the Checks view with failures first', async () => {
    await a.checks.refresh();
    const top = a.checks.getChildren(undefined);
    assert.ok(top.length > 0);
    const first = a.checks.getTreeItem(top[0]);
    assert.equal(first.iconPath.id, 'error', `first dataset ${first.label} should be failing`);
  });

  it('runs all checks from the palette command and reports failures as diagnostics', async () => {
    await vscode.commands.executeCommand('driftwatch.runChecksAll');
    assert.deepEqual(a.commandErrors.splice(0), []);
    await waitFor('check-failed diagnostics', () => vscode.languages.getDiagnostics().some(([, ds]) => ds.some((d) => (typeof d.code === 'object' ? d.code.value : d.code) === 'check-failed')), 30000);
  });
});
