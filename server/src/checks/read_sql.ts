/**
 * The one place that decides how a check statement reads a dataset.
 *
 * A table, view, seed, snapshot or source is read by its relation. An
 * ephemeral model has none (dbt never builds it), so it is read as dbt runs a
 * test on one: its compiled SQL, with the ephemeral models it reads inlined,
 * injected as CTEs in front of the statement (`__dbt__cte__<name>`), each
 * once however many times the statement reads it, and aliased to the name its
 * table would have, so a condition written as `orders.amount > 0` still means
 * the same rows. Reading through a CTE never writes anything.
 */
import { prependCtes } from '../analysis/ephemeral';
import type { SqlTarget } from './dialect_sql';
import type { CheckSpec, DatasetTarget } from './model';

export interface Reader {
  /** What goes after FROM to read `d` in this statement. Throws when an ephemeral model's SQL cannot be read. */
  from(d: DatasetTarget): string;
  /** `sql` with the CTEs of the ephemeral models read so far, joined to its own WITH clause if it has one. */
  statement(sql: string): string;
  /** Those CTEs as a `with … ` prefix for a statement that starts with `select`; empty when there are none. */
  prefix(): string;
}

/** A reader for one statement: call `from` for every dataset it reads, then wrap the statement with `statement`. */
export function reader(t: SqlTarget): Reader {
  const ctes = new Map<string, string>();
  const text = () => [...ctes].map(([name, sql]) => `${name} as (\n${sql}\n)`);
  return {
    from(d) {
      const e = d.ephemeral;
      if (!e) return t.relationSql(d.relation);
      if ('error' in e) throw new Error(e.error);
      // Parents come first in each list, so a merged map keeps every CTE after the ones it reads.
      for (const c of e.ctes) if (!ctes.has(c.name)) ctes.set(c.name, c.sql);
      return `${e.name} as ${t.quoteIdent(d.relation.name)}`;
    },
    statement(sql) {
      return ctes.size ? prependCtes(sql, text()) : sql;
    },
    prefix() {
      return ctes.size ? `with ${text().join(',\n')}\n` : '';
    },
  };
}

/** Every dataset a spec's statements read. */
export function datasetsOf(spec: CheckSpec): DatasetTarget[] {
  const b = spec.body;
  const out = [spec.dataset];
  if (b.kind === 'relationship') out.push(b.to);
  else if (b.kind === 'row_count_equal') out.push(b.other);
  else if (b.kind === 'reconcile') out.push(b.against);
  else if (b.kind === 'distribution' && b.reference.kind === 'dataset') out.push(b.reference.dataset);
  return out;
}

/** Why a spec cannot be run (an ephemeral model it reads has no SQL), or undefined. */
export function unreadable(spec: CheckSpec): string | undefined {
  for (const d of datasetsOf(spec)) {
    const e = d.ephemeral;
    if (e && 'error' in e) return e.error;
  }
  return undefined;
}
