/**
 * Column names of a seed from its CSV header. Only the first record is read,
 * so a 100 MB seed costs nothing; quoted fields may contain commas, doubled
 * quotes and line breaks, as RFC 4180 allows.
 */

export interface CsvHeader {
  columns: string[];
  /** Offset just past the header record (for ranges). */
  end: number;
  /** Set when the header is malformed (unterminated quote). */
  error?: string;
}

export function parseCsvHeader(text: string): CsvHeader {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  const columns: string[] = [];
  if (i >= n) return { columns, end: n };
  let field = '';
  for (;;) {
    if (text.charCodeAt(i) === 34 /* " */) {
      i++;
      let closed = false;
      while (i < n) {
        const c = text.charCodeAt(i);
        if (c === 34) {
          if (text.charCodeAt(i + 1) === 34) {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          closed = true;
          break;
        }
        field += text[i++];
      }
      if (!closed) return { columns: [...columns, field.trim()], end: n, error: 'unterminated quoted field in CSV header' };
      // Text between the closing quote and the delimiter is kept, as lenient readers do.
      while (i < n && !isDelimiterOrEnd(text.charCodeAt(i))) field += text[i++];
    } else {
      const start = i;
      while (i < n && !isDelimiterOrEnd(text.charCodeAt(i))) i++;
      field += text.slice(start, i);
    }
    columns.push(field.trim());
    field = '';
    if (i >= n) return { columns, end: n };
    const c = text.charCodeAt(i);
    if (c === 44 /* , */) {
      i++;
      continue;
    }
    // End of record: CRLF, LF or a lone CR.
    i += c === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
    return { columns: columns.length === 1 && columns[0] === '' ? [] : columns, end: i };
  }
}

function isDelimiterOrEnd(c: number): boolean {
  return c === 44 || c === 10 || c === 13;
}
