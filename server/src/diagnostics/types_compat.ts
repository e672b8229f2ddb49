/**
 * Type families for contract checks: a contract's `data_type` and the type the
 * SQL produces are compared by family (integer, numeric, float, string, …),
 * because dialect spellings differ (int4 vs integer vs int) while the promise
 * to consumers is about the family.
 */
export type TypeFamily = 'integer' | 'numeric' | 'float' | 'string' | 'boolean' | 'date' | 'timestamp' | 'time' | 'interval' | 'json' | 'uuid' | 'array' | 'struct' | 'binary' | 'unknown';

export function typeFamily(type: string | undefined): TypeFamily {
  if (!type) return 'unknown';
  const t = type.toLowerCase().trim();
  if (/\[\]$|^array|^list/.test(t)) return 'array';
  if (/^(struct|map|record|row)\b/.test(t)) return 'struct';
  if (/^(tinyint|smallint|int|integer|bigint|hugeint|int2|int4|int8|int16|int32|int64|ubigint|uinteger|usmallint|utinyint|serial|bigserial|long|short)\b/.test(t)) return 'integer';
  if (/^(decimal|numeric|number|dec|money|bignumeric)\b/.test(t)) return 'numeric';
  if (/^(float|float4|float8|double|real|double precision|float64)\b/.test(t)) return 'float';
  if (/^(varchar|char|character|text|string|nvarchar|nchar|bpchar|citext|name|character varying)\b/.test(t)) return 'string';
  if (/^(bool|boolean)\b/.test(t)) return 'boolean';
  if (/^date$/.test(t)) return 'date';
  if (/^(timestamp|datetime|timestamptz|timestamp_ntz|timestamp_ltz|timestamp_tz)\b/.test(t)) return 'timestamp';
  if (/^(time|timetz)\b/.test(t)) return 'time';
  if (/^interval\b/.test(t)) return 'interval';
  if (/^(json|jsonb|variant|object)\b/.test(t)) return 'json';
  if (/^uuid\b/.test(t)) return 'uuid';
  if (/^(blob|bytea|binary|varbinary|bytes)\b/.test(t)) return 'binary';
  return 'unknown';
}

/** Whether a produced type honours a declared one. Unknown on either side is not a mismatch. */
export function typesCompatible(declared: string, produced: string): boolean {
  const d = typeFamily(declared);
  const p = typeFamily(produced);
  if (d === 'unknown' || p === 'unknown') return true;
  if (d === p) return true;
  // An integer fits a numeric contract; numeric with scale 0 is integer-like.
  if (d === 'numeric' && p === 'integer') return true;
  return false;
}
