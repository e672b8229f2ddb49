/**
 * A single-pass tokenizer over rendered SQL. It never throws and never
 * backtracks: every character is looked at a bounded number of times, so a
 * 5 MB file costs a few milliseconds. Unclosed strings, quoted identifiers
 * and comments become errors whose range starts at the opening quote.
 */
import type { SqlError } from './api';
import type { DialectRules } from './dialect';

export type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'op' | 'param' | 'eof';

export interface Token {
  kind: TokenKind;
  start: number;
  end: number;
  /** word: lower-cased text; quoted: identifier with quotes removed; string: contents; op/number/param: the text. */
  value: string;
}

export interface TokenizeResult {
  tokens: Token[];
  errors: SqlError[];
}

const MAX_ERRORS = 100;

function isWordStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c >= 128;
}

function isWordPart(c: number): boolean {
  return isWordStart(c) || (c >= 48 && c <= 57) || c === 36;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function tokenize(sql: string, rules: DialectRules): TokenizeResult {
  flatten(sql);
  const tokens: Token[] = [];
  const errors: SqlError[] = [];
  const n = sql.length;
  const error = (message: string, start: number, end: number) => {
    if (errors.length < MAX_ERRORS) errors.push({ message, start, end });
  };
  let i = 0;
  while (i < n) {
    const c = sql.charCodeAt(i);
    // whitespace (incl. BOM / NBSP, which editors sometimes leave behind)
    if (c === 32 || c === 10 || c === 9 || c === 13 || c === 12 || c === 0xfeff || c === 0xa0) {
      i++;
      continue;
    }
    const start = i;
    const next = i + 1 < n ? sql.charCodeAt(i + 1) : 0;
    // comments
    if ((c === 45 && next === 45) || (c === 35 && rules.hashComments && next !== 62)) {
      while (i < n && sql.charCodeAt(i) !== 10) i++;
      continue;
    }
    if (c === 47 && next === 42) {
      i = skipBlockComment(sql, i, rules.nestedBlockComments);
      if (i < 0) {
        error('Unclosed block comment: add */', start, n);
        i = n;
      }
      continue;
    }
    if (isWordStart(c)) {
      // String prefixes: E'..' (escapes), B'..', X'..', N'..', r'..' / b'..' (bigquery raw/bytes).
      if (next === 39 || (next === 34 && rules.doubleQuotedStrings)) {
        const p = c | 32;
        if (p === 101 || p === 98 || p === 120 || p === 110 || p === 114) {
          const escapes = p === 101 || (rules.backslashEscapes && p !== 114);
          i = readString(sql, i + 1, next, escapes, tokens, start, error);
          continue;
        }
      }
      // Most SQL words are already lower-case: only pay for toLowerCase when an upper-case letter was seen.
      let upper = c >= 65 && c <= 90;
      i++;
      for (; i < n; i++) {
        const d = sql.charCodeAt(i);
        if (!isWordPart(d)) break;
        if (d >= 65 && d <= 90) upper = true;
        else if (d >= 128) upper = true;
      }
      const word = sql.slice(start, i);
      tokens.push({ kind: 'word', start, end: i, value: upper ? word.toLowerCase() : word });
      continue;
    }
    if (isDigit(c) || (c === 46 && isDigit(next))) {
      i = readNumber(sql, i);
      tokens.push({ kind: 'number', start, end: i, value: sql.slice(start, i) });
      continue;
    }
    if (c === 39 || (c === 34 && rules.doubleQuotedStrings)) {
      i = readString(sql, i, c, rules.backslashEscapes, tokens, start, error);
      continue;
    }
    if (c === rules.identifierQuote) {
      let j = i + 1;
      let value = '';
      let segment = j;
      for (;;) {
        if (j >= n) {
          error(`Unclosed quoted identifier: add ${String.fromCharCode(c)}`, start, n);
          value += sql.slice(segment, n);
          break;
        }
        if (sql.charCodeAt(j) === c) {
          if (sql.charCodeAt(j + 1) === c) {
            value += sql.slice(segment, j + 1);
            j += 2;
            segment = j;
            continue;
          }
          value += sql.slice(segment, j);
          j++;
          break;
        }
        j++;
      }
      i = Math.min(j, n);
      tokens.push({ kind: 'quoted', start, end: i, value });
      continue;
    }
    if (c === 36 /* $ */) {
      if (isDigit(next)) {
        i++;
        while (i < n && isDigit(sql.charCodeAt(i))) i++;
        tokens.push({ kind: 'param', start, end: i, value: sql.slice(start, i) });
        continue;
      }
      const tagEnd = dollarTagEnd(sql, i, rules);
      if (tagEnd > 0) {
        const tag = sql.slice(i, tagEnd);
        const close = sql.indexOf(tag, tagEnd);
        if (close < 0) {
          error(`Unclosed dollar-quoted string: add ${tag}`, start, n);
          tokens.push({ kind: 'string', start, end: n, value: sql.slice(tagEnd) });
          i = n;
        } else {
          i = close + tag.length;
          tokens.push({ kind: 'string', start, end: i, value: sql.slice(tagEnd, close) });
        }
        continue;
      }
    }
    if (c === 63 /* ? */ && next !== 63 && next !== 124 && next !== 38) {
      i++;
      tokens.push({ kind: 'param', start, end: i, value: '?' });
      continue;
    }
    if (c < 32 || c === 127 || (c === 92 /* \ */)) {
      // Control characters and stray backslashes are never SQL; report runs of them once.
      while (i < n) {
        const d = sql.charCodeAt(i);
        if (!(d < 32 || d === 127 || d === 92) || d === 10 || d === 9 || d === 13) break;
        i++;
      }
      if (i === start) i++;
      error('Unexpected character in SQL', start, i);
      continue;
    }
    let op: string;
    // Punctuation never starts a multi-character operator; skip the table scan for it.
    if (c === 44 || c === 40 || c === 41 || c === 46 || c === 59 || c === 91 || c === 93 || c === 123 || c === 125) {
      i++;
      tokens.push({ kind: 'op', start, end: i, value: sql[start] });
      continue;
    }
    const length = operatorLength(c, next, i + 2 < n ? sql.charCodeAt(i + 2) : 0);
    op = length === 1 ? sql[i] : sql.slice(i, i + length);
    i += length;
    tokens.push({ kind: 'op', start, end: i, value: op });
  }
  tokens.push({ kind: 'eof', start: n, end: n, value: '' });
  return { tokens, errors };
}

/**
 * Rendered SQL is usually built by concatenation, which V8 keeps as a rope
 * ("cons string"); every charCodeAt on a rope walks it, making a scan many
 * times slower. Converting to a number flattens the string in place (the
 * trick the `flatstr` package uses); the number itself is discarded.
 */
function flatten(s: string): void {
  // eslint-disable-next-line @typescript-eslint/no-unused-expressions
  (s as unknown as number) | 0;
}

/**
 * Length of the operator starting with char code `c` followed by `d`, `e`:
 * the longest of `->> #>> <=> !~* !~~ :: || <= >= <> != == -> => := ** // @> <@ && ~* !~ ~~ ^@ << >> #> #- ??`.
 * A switch instead of a table scan: operators are frequent and this runs for each.
 */
function operatorLength(c: number, d: number, e: number): number {
  switch (c) {
    case 45: // -
      return d === 62 ? (e === 62 ? 3 : 2) : 1;
    case 35: // #
      return d === 62 ? (e === 62 ? 3 : 2) : d === 45 ? 2 : 1;
    case 60: // <
      return d === 61 ? (e === 62 ? 3 : 2) : d === 62 || d === 64 || d === 60 ? 2 : 1;
    case 62: // >
      return d === 61 || d === 62 ? 2 : 1;
    case 33: // !
      return d === 61 ? 2 : d === 126 ? (e === 42 || e === 126 ? 3 : 2) : 1;
    case 58: // :
      return d === 58 || d === 61 ? 2 : 1;
    case 124: // |
      return d === 124 ? 2 : 1;
    case 61: // =
      return d === 61 || d === 62 ? 2 : 1;
    case 42: // *
      return d === 42 ? 2 : 1;
    case 47: // /
      return d === 47 ? 2 : 1;
    case 64: // @
      return d === 62 ? 2 : 1;
    case 38: // &
      return d === 38 ? 2 : 1;
    case 126: // ~
      return d === 42 || d === 126 ? 2 : 1;
    case 94: // ^
      return d === 64 ? 2 : 1;
    case 63: // ?
      return d === 63 ? 2 : 1;
    default:
      return 1;
  }
}

/** Returns the index after the comment, or -1 when it is not closed. */
function skipBlockComment(sql: string, from: number, nested: boolean): number {
  const n = sql.length;
  let depth = 0;
  let i = from;
  while (i < n) {
    const c = sql.charCodeAt(i);
    const d = i + 1 < n ? sql.charCodeAt(i + 1) : 0;
    if (c === 47 && d === 42 && (nested || depth === 0)) {
      depth++;
      i += 2;
    } else if (c === 42 && d === 47) {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else i++;
  }
  return -1;
}

function readString(
  sql: string,
  quoteAt: number,
  quote: number,
  escapes: boolean,
  tokens: Token[],
  start: number,
  error: (m: string, s: number, e: number) => void,
): number {
  const n = sql.length;
  // BigQuery triple-quoted strings.
  if (quote !== 39 || escapes) {
    const q = String.fromCharCode(quote);
    if (sql.startsWith(q + q + q, quoteAt)) {
      const close = sql.indexOf(q + q + q, quoteAt + 3);
      if (close < 0) {
        error(`Unclosed string: add ${q + q + q}`, start, n);
        tokens.push({ kind: 'string', start, end: n, value: sql.slice(quoteAt + 3) });
        return n;
      }
      tokens.push({ kind: 'string', start, end: close + 3, value: sql.slice(quoteAt + 3, close) });
      return close + 3;
    }
  }
  let j = quoteAt + 1;
  let segment = j;
  let value = '';
  for (;;) {
    if (j >= n) {
      error(`Unclosed string: add ${String.fromCharCode(quote)}`, start, n);
      value += sql.slice(segment, n);
      tokens.push({ kind: 'string', start, end: n, value });
      return n;
    }
    const c = sql.charCodeAt(j);
    if (c === 92 && escapes) {
      value += sql.slice(segment, j);
      if (j + 1 < n) value += sql[j + 1];
      j += 2;
      segment = j;
      continue;
    }
    if (c === quote) {
      if (sql.charCodeAt(j + 1) === quote) {
        value += sql.slice(segment, j + 1);
        j += 2;
        segment = j;
        continue;
      }
      value += sql.slice(segment, j);
      tokens.push({ kind: 'string', start, end: j + 1, value });
      return j + 1;
    }
    j++;
  }
}

function readNumber(sql: string, from: number): number {
  const n = sql.length;
  let i = from;
  if (sql.charCodeAt(i) === 48 && (sql.charCodeAt(i + 1) | 32) === 120) {
    i += 2;
    while (i < n && /[0-9a-fA-F_]/.test(sql[i])) i++;
    return i;
  }
  while (i < n && (isDigit(sql.charCodeAt(i)) || sql.charCodeAt(i) === 95)) i++;
  // `1.` is a number but `1..5` (ranges in some dialects) and `t.1` are not our concern here.
  if (sql.charCodeAt(i) === 46 && sql.charCodeAt(i + 1) !== 46) {
    i++;
    while (i < n && (isDigit(sql.charCodeAt(i)) || sql.charCodeAt(i) === 95)) i++;
  }
  const e = sql.charCodeAt(i) | 32;
  if (e === 101) {
    let j = i + 1;
    const sign = sql.charCodeAt(j);
    if (sign === 43 || sign === 45) j++;
    if (isDigit(sql.charCodeAt(j))) {
      i = j;
      while (i < n && isDigit(sql.charCodeAt(i))) i++;
    }
  }
  return i;
}

/** `$tag$` or `$$` opening a dollar-quoted string; returns the index after it, or 0. */
function dollarTagEnd(sql: string, at: number, rules: DialectRules): number {
  if (sql.charCodeAt(at + 1) === 36) return at + 2;
  if (rules.dollarQuotes !== 'tagged') return 0;
  let i = at + 1;
  const n = sql.length;
  if (i >= n || !isWordStart(sql.charCodeAt(i))) return 0;
  while (i < n && isWordPart(sql.charCodeAt(i)) && sql.charCodeAt(i) !== 36) i++;
  return sql.charCodeAt(i) === 36 ? i + 1 : 0;
}
