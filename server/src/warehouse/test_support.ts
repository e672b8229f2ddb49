/**
 * Shared by the warehouse tests: where the test Postgres is, and the rule that
 * CI (DRIFTWATCH_REQUIRE_PG=1) fails rather than silently skipping without it.
 */
import type { Context } from 'mocha';

export function pgUrlOrSkip(ctx: Context): string {
  const url = process.env.DRIFTWATCH_PG_URL;
  if (url) return url;
  if (process.env.DRIFTWATCH_REQUIRE_PG === '1') {
    throw new Error('DRIFTWATCH_REQUIRE_PG=1 but DRIFTWATCH_PG_URL is not set — start one with .ci/pg.sh start');
  }
  ctx.skip();
  throw new Error('unreachable');
}

/** A schema name no other test run uses, so runs in parallel never collide. */
export function uniqueSchema(prefix: string): string {
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6).toString(36)}`;
}

/** Collects unhandled rejections during a test, so "no unhandled rejection" can be asserted. */
export function watchUnhandled(): { stop(): unknown[] } {
  const seen: unknown[] = [];
  const onRejection = (reason: unknown) => seen.push(reason);
  process.on('unhandledRejection', onRejection);
  return {
    stop() {
      process.off('unhandledRejection', onRejection);
      return seen;
    },
  };
}
