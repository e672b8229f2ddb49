/**
 * Metric history in `.driftwatch/history.duckdb` — our own file, never the
 * user's warehouse. Every measured value is stored with its check identity
 * and time, which `change` checks and the anomaly detector read back.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { SeriesPoint } from './anomaly';

export interface HistoryRecord {
  checkId: string;
  dataset: string;
  check: string;
  /** Epoch seconds of the run, or of the time bucket for per-period metrics. */
  time: number;
  value: number;
  flagged: boolean;
}

export interface HistoryStore {
  /** The latest point strictly before `before` (epoch seconds). */
  previous(checkId: string, before: number): Promise<SeriesPoint | undefined>;
  /** Up to `limit` most recent points before `before`, oldest first. */
  series(checkId: string, before: number, limit?: number): Promise<SeriesPoint[]>;
  /** Stores points; a point for the same check and time replaces the old one. */
  record(points: HistoryRecord[]): Promise<void>;
  close(): Promise<void>;
}

/** Opens (creating if needed) the history database; `:memory:` gives a throwaway store. */
export async function openHistory(path: string, options: { lockWaitMs?: number } = {}): Promise<HistoryStore> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const instance = await createWaitingForLock(path, options.lockWaitMs ?? 3000);
  const conn: DuckDBConnection = await instance.connect();
  await conn.run(`create table if not exists metric_history (
    check_id varchar not null,
    dataset varchar not null,
    check_text varchar not null,
    point_time double not null,
    value double,
    flagged boolean not null default false,
    recorded_at timestamp not null default current_timestamp
  )`);
  // Serialise statements: one connection, many concurrent checks.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn, fn);
    queue = next.catch(() => undefined);
    return next;
  };
  const toPoint = (r: Record<string, unknown>): SeriesPoint => ({ time: Number(r.point_time), value: Number(r.value), flagged: r.flagged === true });
  return {
    previous: (checkId, before) =>
      serial(async () => {
        const res = await conn.runAndReadAll(
          'select point_time, value, flagged from metric_history where check_id = $1 and point_time < $2 order by point_time desc limit 1',
          [checkId, before],
        );
        const rows = res.getRowObjectsJson() as Record<string, unknown>[];
        return rows.length ? toPoint(rows[0]) : undefined;
      }),
    series: (checkId, before, limit = 1000) =>
      serial(async () => {
        const res = await conn.runAndReadAll(
          'select point_time, value, flagged from (select * from metric_history where check_id = $1 and point_time < $2 order by point_time desc limit $3) order by point_time',
          [checkId, before, limit],
        );
        return (res.getRowObjectsJson() as Record<string, unknown>[]).map(toPoint);
      }),
    record: (points) =>
      serial(async () => {
        if (points.length === 0) return;
        await conn.run('begin transaction');
        try {
          for (const p of points) {
            await conn.run('delete from metric_history where check_id = $1 and point_time = $2', [p.checkId, p.time]);
            await conn.run('insert into metric_history (check_id, dataset, check_text, point_time, value, flagged) values ($1, $2, $3, $4, $5, $6)', [
              p.checkId,
              p.dataset,
              p.check,
              p.time,
              Number.isFinite(p.value) ? p.value : null,
              p.flagged,
            ]);
          }
          await conn.run('commit');
        } catch (e) {
          await conn.run('rollback');
          throw e;
        }
      }),
    close: () =>
      serial(async () => {
        conn.closeSync();
        instance.closeSync();
      }),
  };
}

/** The editor and the CLI may both run checks; the file is held only for a run, so waiting briefly beats failing. */
async function createWaitingForLock(path: string, waitMs: number): Promise<DuckDBInstance> {
  const deadline = Date.now() + waitMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await DuckDBInstance.create(path);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (!/lock/i.test(message) || Date.now() >= deadline) throw new Error(`cannot open the metric history ${path}: ${message}`);
      await new Promise((r) => setTimeout(r, Math.min(50 * 2 ** attempt, 400)));
    }
  }
}
