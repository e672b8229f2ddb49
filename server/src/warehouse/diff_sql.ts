/**
 * The SQL pieces the diff needs, spelled so DuckDB, Postgres and Redshift
 * compute the *same* numbers for the same data: row and key fingerprints are
 * 28-bit slices of md5 over a canonical text form of the values, which every
 * engine can turn into an integer and sum without overflow.
 */
import type { Warehouse } from './api';

/** Values as text for fingerprints. Redshift's bare varchar is varchar(256), too short. */
export function asText(wh: Warehouse, expr: string): string {
  return wh.type === 'redshift' ? `cast(${expr} as varchar(65535))` : `cast(${expr} as varchar)`;
}

/** Null-safe, unambiguous text of one value: 'N' for null, 'V' + text otherwise. */
export function valueText(wh: Warehouse, column: string): string {
  const c = wh.quoteIdent(column);
  return `(case when ${c} is null then 'N' else 'V' || ${asText(wh, c)} end)`;
}

/** Columns' texts joined by the ASCII unit separator. */
export function rowText(wh: Warehouse, columns: string[]): string {
  if (columns.length === 0) return `''`;
  return columns.map((c) => valueText(wh, c)).join(' || chr(31) || ');
}

/** A 28-bit integer from 7 hex digits of an md5 hex string, starting at 1-based `from`. */
export function hexSlice(wh: Warehouse, md5Hex: string, from: number): string {
  const hex = `substr(${md5Hex}, ${from}, 7)`;
  switch (wh.type) {
    case 'duckdb':
      return `cast(('0x' || ${hex}) as bigint)`;
    case 'redshift':
      return `strtol(${hex}, 16)`;
    default:
      return `cast(('x' || ${hex})::bit(28) as bigint)`;
  }
}

/** Integer division (DuckDB's `/` is float division). */
export function intDiv(wh: Warehouse, a: string, b: string | number): string {
  return wh.type === 'duckdb' ? `(${a} // ${b})` : `(${a} / ${b})`;
}

export type ColumnClass = 'numeric' | 'temporal' | 'text' | 'boolean' | 'other';

/** What a column's type allows in a profile (min/max/avg need ordering or arithmetic). */
export function classifyType(type: string): ColumnClass {
  const t = type.toLowerCase();
  if (/^(tinyint|smallint|integer|int\d?|bigint|hugeint|ubigint|uinteger|usmallint|utinyint|uhugeint|real|float\d?|double( precision)?|decimal|numeric)\b/.test(t)) return 'numeric';
  if (/^(date|time|timestamp|interval)/.test(t)) return 'temporal';
  if (/^(varchar|character|char|text|string|uuid|bpchar)/.test(t)) return 'text';
  if (/^bool/.test(t)) return 'boolean';
  return 'other';
}
