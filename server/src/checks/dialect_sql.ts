/**
 * The few SQL spellings that differ between DuckDB, Postgres and Redshift.
 * Identifiers always go through the adapter's `quoteIdent`; values become
 * escaped literals here so the SQL shown to the user reruns as-is.
 */
import type { RelationName, WarehouseType } from '../warehouse/api';
import type { Validity } from './model';

/** What the compiler needs from a warehouse; a `Warehouse` satisfies it. */
export interface SqlTarget {
  readonly type: WarehouseType;
  quoteIdent(name: string): string;
  relationSql(relation: RelationName): string;
}

/** A SQL literal for a value: numbers as numerals, everything else as a single-quoted string with quotes doubled. */
export function literal(value: string | number | boolean): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  // Standard strings (no backslash escapes) in all three dialects, so doubling quotes is the whole story.
  // NUL cannot appear in SQL text; dropping it beats failing on binary junk.
  return "'" + value.replace(/\u0000/g, '').replace(/'/g, "''") + "'";
}

/** A user-written SQL fragment (where, condition, expression), parenthesised so it cannot change the surrounding precedence. */
export function fragment(sql: string): string {
  return '(' + sql.trim().replace(/;\s*$/, '') + ')';
}

export function and(...conds: (string | undefined)[]): string | undefined {
  const present = conds.filter((c): c is string => !!c && c.trim() !== '');
  if (present.length === 0) return undefined;
  return present.length === 1 ? present[0] : present.join(' and ');
}

export function countIf(t: SqlTarget, cond: string | undefined): string {
  if (!cond) return 'count(*)';
  return t.type === 'redshift' ? `sum(case when ${cond} then 1 else 0 end)` : `count(*) filter (where ${cond})`;
}

/** `fn(expr)` over the rows matching `cond`. */
export function aggregateIf(t: SqlTarget, fn: string, expr: string, cond: string | undefined, distinct = false): string {
  const d = distinct ? 'distinct ' : '';
  if (!cond) return `${fn}(${d}${expr})`;
  return t.type === 'redshift' ? `${fn}(${d}case when ${cond} then ${expr} end)` : `${fn}(${d}${expr}) filter (where ${cond})`;
}

export function asDouble(expr: string): string {
  return `cast(${expr} as double precision)`;
}

export function asText(expr: string): string {
  return `cast(${expr} as varchar)`;
}

export function regexFullMatch(t: SqlTarget, expr: string, pattern: string): string {
  if (t.type === 'duckdb') return `regexp_full_match(${asText(expr)}, ${literal(pattern)})`;
  return `${asText(expr)} ~ ${literal('^(' + pattern + ')$')}`;
}

const FORMATS: Record<string, string> = {
  email: "[^@ ]+@[^@ ]+\\.[^@ ]+",
  uuid: '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}',
  date: '[0-9]{4}-[0-9]{2}-[0-9]{2}',
  phone: '[+]?[0-9 ().-]{7,20}',
  ip: '([0-9]{1,3}[.]){3}[0-9]{1,3}',
};

/** The condition a non-null value must meet to be valid. */
export function validityCondition(t: SqlTarget, col: string, rules: Validity[]): string {
  const parts = rules.map((r) => {
    switch (r.kind) {
      case 'values':
        return `${col} in (${r.values.map(literal).join(', ')})`;
      case 'regex':
        return regexFullMatch(t, col, r.pattern);
      case 'format':
        return regexFullMatch(t, col, FORMATS[r.format]);
      case 'range': {
        const lo = r.min === undefined ? undefined : `${col} ${r.inclusive ? '>=' : '>'} ${literal(r.min)}`;
        const hi = r.max === undefined ? undefined : `${col} ${r.inclusive ? '<=' : '<'} ${literal(r.max)}`;
        return and(lo, hi) ?? 'true';
      }
      case 'length': {
        const len = `length(${asText(col)})`;
        return and(r.min === undefined ? undefined : `${len} >= ${r.min}`, r.max === undefined ? undefined : `${len} <= ${r.max}`) ?? 'true';
      }
    }
  });
  return parts.length === 1 ? parts[0] : parts.map((p) => `(${p})`).join(' and ');
}

/** Seconds since the epoch of a date/timestamp expression, read as UTC wall time. */
export function epochSeconds(expr: string): string {
  return asDouble(`extract(epoch from ${expr})`);
}

/** Start of the day/hour bucket of a timestamp, as epoch seconds. */
export function bucketEpoch(col: string, unit: 'day' | 'hour'): string {
  return epochSeconds(`date_trunc('${unit}', cast(${col} as timestamp))`);
}

/** Equal, with two nulls counting as equal; spelled out because Redshift lacks IS NOT DISTINCT FROM. */
export function sameValue(a: string, b: string): string {
  return `(${a} = ${b} or (${a} is null and ${b} is null))`;
}
