/**
 * Pure ordering and labelling for the Checks view: failures first (a user
 * opens this view to see what broke), then warnings, errors, never-run,
 * passes; each check shows its measured value and how long ago it ran.
 */
import type { CheckDataset, CheckItem, CheckResultItem, CheckStatus } from '../../../server/src/protocol/lsp_ext';

const RANK: Record<CheckStatus | 'none', number> = { fail: 0, error: 1, warn: 2, none: 3, skipped: 4, pass: 5 };

export function statusRank(status: CheckStatus | undefined): number {
  return RANK[status ?? 'none'];
}

/** Worst status among a dataset's checks, using live results where they are newer. */
export function worstStatus(checks: readonly CheckItem[], live: ReadonlyMap<string, CheckResultItem>): CheckStatus | undefined {
  let worst: CheckStatus | undefined;
  for (const c of checks) {
    const s = latest(c, live)?.status;
    if (s && (worst === undefined || RANK[s] < RANK[worst])) worst = s;
  }
  return worst;
}

/** The newer of the listed last result and a result pushed during a run. */
export function latest(check: CheckItem, live: ReadonlyMap<string, CheckResultItem>): CheckResultItem | undefined {
  const pushed = live.get(check.id);
  if (!pushed) return check.last;
  if (!check.last) return pushed;
  return pushed.at >= check.last.at ? pushed : check.last;
}

export function sortDatasets(datasets: readonly CheckDataset[], live: ReadonlyMap<string, CheckResultItem>): CheckDataset[] {
  return datasets
    .map((d) => ({ ...d, checks: sortChecks(d.checks, live) }))
    .sort((a, b) => statusRank(worstStatus(a.checks, live)) - statusRank(worstStatus(b.checks, live)) || a.name.localeCompare(b.name));
}

export function sortChecks(checks: readonly CheckItem[], live: ReadonlyMap<string, CheckResultItem>): CheckItem[] {
  return checks.slice().sort((a, b) => statusRank(latest(a, live)?.status) - statusRank(latest(b, live)?.status) || a.label.localeCompare(b.label));
}

/** "= 3 · 2 min ago", or "not run yet". */
export function describeResult(result: CheckResultItem | undefined, now: number): string {
  if (!result) return 'not run yet';
  const parts: string[] = [];
  if (result.value !== null && result.value !== undefined) parts.push(`= ${result.value}`);
  parts.push(relativeTime(result.at, now));
  return parts.join(' · ');
}

export function relativeTime(iso: string, now: number): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '';
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 45) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 24) return `${h} h ago`;
  return `${Math.round(h / 24)} d ago`;
}

export function summarize(datasets: readonly CheckDataset[], live: ReadonlyMap<string, CheckResultItem>): Record<CheckStatus | 'none', number> {
  const out: Record<CheckStatus | 'none', number> = { pass: 0, warn: 0, fail: 0, error: 0, skipped: 0, none: 0 };
  for (const d of datasets) for (const c of d.checks) out[latest(c, live)?.status ?? 'none']++;
  return out;
}
