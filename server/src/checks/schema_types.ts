/**
 * Column type families for `schema` checks: users write `decimal`, `int` or
 * `text`; warehouses answer `NUMERIC(10,2)`, `BIGINT`, `character varying`.
 */
/** Type names in the loose way users write them: decimal ≈ numeric(10,2), int ≈ bigint, text ≈ varchar. */
export function sameTypeFamily(actual: string, wanted: string): boolean {
  const fam = (t: string) => {
    const s = t.toLowerCase().replace(/\(.*\)/, '').trim();
    if (/^(decimal|numeric|number)/.test(s)) return 'decimal';
    if (/^(tinyint|smallint|int|integer|bigint|hugeint|int[248]|ubigint|uinteger|usmallint|utinyint)$/.test(s)) return 'integer';
    if (/^(double|float|real|float[48]|double precision)$/.test(s)) return 'float';
    if (/^(varchar|text|string|char|character|character varying|bpchar|nvarchar)$/.test(s)) return 'text';
    if (/^(timestamp|datetime|timestamptz|timestamp with(out)? time zone|timestamp_[a-z]+)/.test(s)) return 'timestamp';
    if (/^date$/.test(s)) return 'date';
    if (/^(bool|boolean)$/.test(s)) return 'boolean';
    return s;
  };
  const w = wanted.toLowerCase().trim();
  if (w === 'number' || w === 'numeric_any') return ['decimal', 'integer', 'float'].includes(fam(actual));
  return fam(actual) === fam(wanted);
}
