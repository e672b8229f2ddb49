import * as assert from 'assert';
import { DEFAULT_SETTINGS, settingsFromConfiguration, settingsFromInit } from './settings';

describe('lsp settings', () => {
  it('reads initializationOptions and drops what is malformed', () => {
    const s = settingsFromInit({ trusted: false, dialect: 'postgres', severity: { 'missing-tests': 'hint', 'no-such-code': 'error', cycle: 'loud' } });
    assert.deepStrictEqual(s, { trusted: false, dialect: 'postgres', severity: { 'missing-tests': 'hint' }, target: undefined, checks: DEFAULT_SETTINGS.checks });
    assert.deepStrictEqual(settingsFromInit('garbage'), { ...DEFAULT_SETTINGS, target: undefined });
    assert.strictEqual(settingsFromInit({ dialect: 'oracle' }).dialect, 'duckdb');
  });

  it('reads the nested driftwatch section and never changes trust', () => {
    const base = settingsFromInit({ trusted: false });
    const s = settingsFromConfiguration({ dialect: 'snowflake', diagnostics: { severity: { 'undocumented-model': 'off' } }, trusted: true }, base);
    assert.deepStrictEqual(s, { trusted: false, dialect: 'snowflake', severity: { 'undocumented-model': 'off' }, target: undefined, checks: DEFAULT_SETTINGS.checks });
    assert.strictEqual(settingsFromConfiguration(null, base), base);
  });

  it('reads check concurrency and timeout from init and configuration, clamped to the schema bounds', () => {
    const init = settingsFromInit({ checks: { concurrency: 2, timeoutMs: 5000 } });
    assert.deepStrictEqual(init.checks, { concurrency: 2, timeoutMs: 5000 });
    assert.deepStrictEqual(settingsFromInit({ checks: { concurrency: 0, timeoutMs: 'soon' } }).checks, { concurrency: 1, timeoutMs: 60_000 });
    const changed = settingsFromConfiguration({ checks: { concurrency: 500, timeoutMs: 2500.4 } }, init);
    assert.deepStrictEqual(changed.checks, { concurrency: 64, timeoutMs: 2500 });
    assert.deepStrictEqual(settingsFromConfiguration({ 'checks.concurrency': 8 }, init).checks, { concurrency: 8, timeoutMs: 5000 });
    assert.deepStrictEqual(settingsFromConfiguration({ dialect: 'duckdb' }, init).checks, init.checks);
  });
});
