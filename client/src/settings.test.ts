import { strict as assert } from 'node:assert';
import { initOptions } from './settings';

describe('initialization options from settings', () => {
  it('uses defaults and clamps nonsense values', () => {
    const values: Record<string, unknown> = { 'checks.concurrency': 0, 'checks.timeoutMs': 'x', 'diagnostics.severity': { 'missing-tests': 'hint' }, target: '' };
    const get = <T,>(k: string, d: T): T => (k in values ? (values[k] as T) : d);
    const o = initOptions(get, false);
    assert.deepEqual(o, { trusted: false, dialect: 'duckdb', target: null, severity: { 'missing-tests': 'hint' }, checks: { concurrency: 1, timeoutMs: 1000 }, lineage: { defaultDepth: 2 } });
  });
});
