/**
 * One shape for row values whatever the warehouse: JSON-safe, comparable across
 * engines (the diff compares DuckDB rows with Postgres rows), and never a
 * silently rounded number.
 */

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);

/** bigint → number when it is exact, else its decimal string. */
export function normalizeBigInt(value: bigint): number | string {
  return value <= MAX_SAFE && value >= MIN_SAFE ? Number(value) : value.toString();
}

/** A DATE as YYYY-MM-DD (a Date at UTC midnight, as both drivers hand it to us). */
export function isoDate(value: Date): string {
  return Number.isNaN(value.getTime()) ? String(value) : value.toISOString().slice(0, 10);
}

/** A timestamp as an ISO string in UTC; naive timestamps are read as UTC. */
export function isoTimestamp(value: Date): string {
  return Number.isNaN(value.getTime()) ? String(value) : value.toISOString();
}

function toHex(bytes: Uint8Array): string {
  let out = '\\x';
  for (let i = 0; i < bytes.length; i++) out += bytes[i].toString(16).padStart(2, '0');
  return out;
}

/**
 * Normalises a value the driver produced. `dateOnly` says the column is a DATE,
 * so a Date becomes YYYY-MM-DD rather than a midnight timestamp.
 */
export function normalizeValue(value: unknown, dateOnly = false): unknown {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'bigint':
      return normalizeBigInt(value);
    case 'number':
      // NaN/Infinity are not JSON; keep them readable.
      return Number.isFinite(value) ? value : String(value);
    case 'string':
    case 'boolean':
      return value;
    case 'object':
      if (value instanceof Date) return dateOnly ? isoDate(value) : isoTimestamp(value);
      if (value instanceof Uint8Array) return toHex(value);
      if (Array.isArray(value)) return value.map((v) => normalizeValue(v));
      {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = normalizeValue(v);
        return out;
      }
    default:
      return String(value);
  }
}

/** Double-quoted identifier with embedded quotes doubled — the only safe way to put a name into SQL. */
export function quoteIdentifier(name: string): string {
  if (name.includes('\0')) throw new Error(`identifier contains a NUL character: ${JSON.stringify(name)}`);
  return '"' + name.replace(/"/g, '""') + '"';
}

/** Single-quoted SQL string literal (standard_conforming_strings semantics, which both engines use). */
export function quoteLiteral(value: string): string {
  if (value.includes('\0')) throw new Error('string literal contains a NUL character');
  return "'" + value.replace(/'/g, "''") + "'";
}

/**
 * "db"."schema"."name", leaving the database out when it is the connection's
 * own (DuckDB names its catalog after the file; Postgres cannot cross
 * databases), so compiled SQL stays portable between targets.
 */
export function relationSqlFor(relation: { database?: string; schema: string; name: string }, currentDatabase: string | undefined): string {
  const parts: string[] = [];
  if (relation.database && relation.database !== currentDatabase) parts.push(quoteIdentifier(relation.database));
  parts.push(quoteIdentifier(relation.schema), quoteIdentifier(relation.name));
  return parts.join('.');
}
