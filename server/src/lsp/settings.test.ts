import * as assert from 'assert';
import { DEFAULT_SETTINGS, settingsFromConfiguration, settingsFromInit } from './settings';

describe('lsp settings', () => {
  it('reads initializationOptions and drops what is malformed', () => {
    const s = settingsFromInit({ trusted: false, dialect: 'postgres', severity: { 'missing-tests': 'hint', 'no-such-code': 'error', cycle: 'loud' } });
    assert.deepStrictEqual(s, { trusted: false, dialect: 'postgres', severity: { 'missing-tests': 'hint' }, target: undefined });
    assert.deepStrictEqual(settingsFromInit('garbage'), { ...DEFAULT_SETTINGS, target: undefined });
    assert.strictEqual(settingsFromInit({ dialect: 'oracle' }).dialect, 'duckdb');
  });

  it('reads the nested driftwatch section and never changes trust', () => {
    const base = settingsFromInit({ trusted: false });
    const s = settingsFromConfiguration({ dialect: 'snowflake', diagnostics: { severity: { 'undocumented-model': 'off' } }, trusted: true }, base);
    assert.deepStrictEqual(s, { trusted: false, dialect: 'snowflake', severity: { 'undocumented-model': 'off' }, target: undefined });
    assert.strictEqual(settingsFromConfiguration(null, base), base);
  });
});
