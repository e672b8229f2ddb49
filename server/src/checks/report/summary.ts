import type { CheckResult, CheckStatus } from '../model';

export type Summary = Record<CheckStatus, number>;

export function summarise(results: readonly CheckResult[]): Summary {
  const s: Summary = { pass: 0, warn: 0, fail: 0, error: 0 };
  for (const r of results) s[r.status]++;
  return s;
}
