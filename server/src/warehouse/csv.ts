/**
 * RFC 4180 CSV for seeds loaded into Postgres/Redshift (DuckDB reads seeds with
 * its own read_csv). Linear, one pass; errors carry the 1-based line.
 */

export interface CsvTable {
  header: string[];
  rows: (string | null)[][];
}

export class CsvError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
  }
}

/** Parses CSV text; an empty unquoted field is NULL (as DuckDB's read_csv reads it), a quoted empty field is ''. */
export function parseCsv(text: string): CsvTable {
  const records: (string | null)[][] = [];
  let record: (string | null)[] = [];
  let field = '';
  let quoted = false;
  let inQuotes = false;
  let line = 1;
  let recordLine = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // BOM
  const n = text.length;
  const endField = () => {
    record.push(!quoted && field === '' ? null : field);
    field = '';
    quoted = false;
  };
  const endRecord = () => {
    endField();
    // Blank lines are not records.
    if (!(record.length === 1 && record[0] === null)) records.push(record);
    record = [];
    recordLine = line;
  };
  while (i < n) {
    const ch = text[i];
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        inQuotes = false;
        i++;
        continue;
      }
      if (ch === '\n') line++;
      field += ch;
      i++;
      continue;
    }
    if (ch === '"') {
      if (field !== '') throw new CsvError('quote in the middle of an unquoted field', line);
      inQuotes = true;
      quoted = true;
      i++;
    } else if (ch === ',') {
      endField();
      i++;
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      i++;
      line++;
      endRecord();
    } else {
      if (quoted) throw new CsvError('text after a closing quote', line);
      field += ch;
      i++;
    }
  }
  if (inQuotes) throw new CsvError('unterminated quoted field', recordLine);
  if (field !== '' || quoted || record.length > 0) endRecord();
  if (records.length === 0) throw new CsvError('the file is empty (a seed needs a header row)', 1);
  const header = records[0].map((h, idx) => {
    const name = (h ?? '').trim();
    if (!name) throw new CsvError(`column ${idx + 1} of the header has no name`, 1);
    return name;
  });
  const seen = new Set<string>();
  for (const h of header) {
    if (seen.has(h.toLowerCase())) throw new CsvError(`duplicate column "${h}" in the header`, 1);
    seen.add(h.toLowerCase());
  }
  const rows = records.slice(1);
  for (let r = 0; r < rows.length; r++) {
    if (rows[r].length !== header.length) {
      throw new CsvError(`expected ${header.length} fields, found ${rows[r].length}`, rowLine(text, r + 2));
    }
  }
  return { header, rows };
}

/** Line of the n-th record, only computed on the error path. */
function rowLine(text: string, recordNumber: number): number {
  // Approximation good enough for messages: records rarely span lines in seeds.
  let line = 1;
  let seen = 1;
  for (let i = 0; i < text.length && seen < recordNumber; i++) {
    if (text[i] === '\n') {
      line++;
      if (text[i + 1] !== undefined) seen++;
    }
  }
  return line;
}

const INT = /^[-+]?\d+$/;
const NUM = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const BOOL = /^(true|false)$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/**
 * The narrowest SQL type every non-null value of a column fits, mirroring what
 * DuckDB's read_csv detects so a seed has the same types on every warehouse.
 */
export function inferColumnType(rows: (string | null)[][], column: number): 'bigint' | 'double precision' | 'boolean' | 'date' | 'timestamp' | 'text' {
  let isInt = true, isNum = true, isBool = true, isDate = true, isTs = true;
  let any = false;
  for (let r = 0; r < rows.length; r++) {
    const v = rows[r][column];
    if (v === null) continue;
    any = true;
    if (isInt && !(INT.test(v) && v.replace(/^[-+]/, '').length <= 18)) isInt = false;
    if (isNum && !NUM.test(v)) isNum = false;
    if (isBool && !BOOL.test(v)) isBool = false;
    if (isDate && !DATE.test(v)) isDate = false;
    if (isTs && !TIMESTAMP.test(v)) isTs = false;
    if (!isInt && !isNum && !isBool && !isDate && !isTs) return 'text';
  }
  if (!any) return 'text';
  if (isInt) return 'bigint';
  if (isNum) return 'double precision';
  if (isBool) return 'boolean';
  if (isDate) return 'date';
  if (isTs) return 'timestamp';
  return 'text';
}
