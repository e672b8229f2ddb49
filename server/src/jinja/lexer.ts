/**
 * Template → tokens, every token carrying its template offsets.
 *
 * Data between tags is found with indexOf (no regex), so a 5 MB template of
 * plain SQL is one linear scan. Inside a tag the expression is tokenized
 * character by character; the closing delimiter only ends the tag at bracket
 * depth 0 (as in Jinja), so `{{ {'a': {'b': 1}} }}` works.
 * Whitespace control (`{%-`, `-%}`, `{{-`, `-}}`, `{#-`, `-#}`) is applied here,
 * to data tokens, whose `start` then still points at their first character.
 */

export type TokenKind =
  | 'data'
  | 'var_begin'
  | 'var_end'
  | 'block_begin'
  | 'block_end'
  | 'name'
  | 'string'
  | 'number'
  | 'op'
  | 'eof';

export interface Token {
  kind: TokenKind;
  /** Data text (after whitespace control), name, decoded string, number text or operator. */
  value: string;
  start: number;
  end: number;
}

export interface LexError {
  message: string;
  start: number;
  end: number;
}

export interface LexResult {
  tokens: Token[];
  errors: LexError[];
}

/** Past this many errors the rest of a file is treated as text (keeps hostile input linear and reports readable). */
export const MAX_LEX_ERRORS = 100;

/** Single-character operators by char code (interned strings, no per-token allocation). */
const OP1: (string | undefined)[] = [];
for (const op of ['+', '-', '*', '/', '%', '~', '<', '>', '=', '(', ')', '[', ']', '{', '}', ',', '.', ':', '|', ';', '!']) OP1[op.charCodeAt(0)] = op;
/** Two-character operators: first char → second char → operator. */
const OP2: Record<number, Record<number, string>> = {
  47: { 47: '//' },
  42: { 42: '**' },
  61: { 61: '==' },
  33: { 61: '!=' },
  60: { 61: '<=' },
  62: { 61: '>=' },
};

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13 || c === 12 || c === 11;
}
function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c > 127;
}
function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57);
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function tokenize(text: string): LexResult {
  const tokens: Token[] = [];
  const errors: LexError[] = [];
  // Like Jinja (keep_trailing_newline=False, which dbt keeps), a single trailing newline is not part of the output.
  const n = text.endsWith('\r\n') ? text.length - 2 : text.endsWith('\n') ? text.length - 1 : text.length;
  let pos = 0;
  /** The previous tag ended with `-`: strip leading whitespace of the next data. */
  let lstripNext = false;

  const pushData = (from: number, to: number, rstrip: boolean) => {
    let s = from;
    let e = to;
    if (lstripNext) while (s < e && isSpace(text.charCodeAt(s))) s++;
    if (rstrip) while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
    lstripNext = false;
    if (e > s) tokens.push({ kind: 'data', value: text.slice(s, e), start: s, end: e });
  };

  while (pos < n) {
    if (errors.length >= MAX_LEX_ERRORS) {
      // a hopelessly broken file: report once more and keep the rest as plain text
      errors.push({ message: `Too many template errors; the rest of the file is not checked`, start: pos, end: pos });
      pushData(pos, n, false);
      break;
    }
    // find the next tag opener
    let i = text.indexOf('{', pos);
    let kindChar = 0;
    while (i !== -1 && i + 1 < n) {
      kindChar = text.charCodeAt(i + 1);
      if (kindChar === 123 /* { */ || kindChar === 37 /* % */ || kindChar === 35 /* # */) break;
      i = text.indexOf('{', i + 1);
    }
    if (i === -1 || i + 1 >= n) {
      pushData(pos, n, false);
      break;
    }
    const stripBefore = text.charCodeAt(i + 2) === 45; /* - */
    pushData(pos, i, stripBefore);
    let p = i + 2;
    if (stripBefore || text.charCodeAt(p) === 43 /* + */) p++;

    if (kindChar === 35) {
      // comment: ends at the first '#}'
      const close = text.indexOf('#}', p);
      if (close === -1) {
        errors.push({ message: 'Unclosed comment: missing "#}"', start: i, end: i + 2 });
        pos = n;
        break;
      }
      lstripNext = text.charCodeAt(close - 1) === 45 && close - 1 >= p;
      pos = close + 2;
      continue;
    }

    const isVar = kindChar === 123;
    tokens.push({ kind: isVar ? 'var_begin' : 'block_begin', value: isVar ? '{{' : '{%', start: i, end: p });
    const firstTokenIndex = tokens.length;
    const closeChar = isVar ? 125 /* } */ : 37; /* % */
    /** Offsets of the brackets still open, innermost last (depth is its length). */
    const open: number[] = [];
    let closed = false;
    let unclosedBracket = -1;
    while (p < n) {
      const c = text.charCodeAt(p);
      // Another tag opener cannot appear inside a tag (outside strings): this tag was never closed.
      // Stopping here keeps recovery linear and lets the following tags lex normally.
      if (c === 123) {
        const c2 = text.charCodeAt(p + 1);
        if (c2 === 123 || c2 === 37 || c2 === 35) break;
      }
      const depth = open.length;
      if (depth > 0) {
        // `}}` / `%}` while '(' or '[' is still open: the bracket was never closed (the commonest typo);
        // end the tag here so everything after it lexes normally
        const top = text.charCodeAt(open[depth - 1]);
        const endsVar = isVar && c === 125 && text.charCodeAt(p + 1) === 125 && top !== 123;
        const endsBlock = !isVar && c === 37 && text.charCodeAt(p + 1) === 125;
        if (endsVar || endsBlock) {
          unclosedBracket = open[depth - 1];
          p += 2;
          break;
        }
      }
      if (isSpace(c)) {
        p++;
        continue;
      }
      if (depth === 0) {
        if (c === 45 && text.charCodeAt(p + 1) === closeChar && text.charCodeAt(p + 2) === 125) {
          tokens.push({ kind: isVar ? 'var_end' : 'block_end', value: '-', start: p, end: p + 3 });
          p += 3;
          lstripNext = true;
          closed = true;
          break;
        }
        if (c === closeChar && text.charCodeAt(p + 1) === 125) {
          tokens.push({ kind: isVar ? 'var_end' : 'block_end', value: '', start: p, end: p + 2 });
          p += 2;
          closed = true;
          break;
        }
      }
      if (isNameStart(c)) {
        const s = p;
        p++;
        while (p < n && isNameChar(text.charCodeAt(p))) p++;
        tokens.push({ kind: 'name', value: text.slice(s, p), start: s, end: p });
        continue;
      }
      if (isDigit(c)) {
        const s = p;
        while (p < n && (isDigit(text.charCodeAt(p)) || text.charCodeAt(p) === 95)) p++;
        // a fraction only when a digit follows the dot (so `x.0.1` stays attribute access on the left)
        if (text.charCodeAt(p) === 46 && isDigit(text.charCodeAt(p + 1)) && !(s > 0 && text.charCodeAt(s - 1) === 46)) {
          p++;
          while (p < n && (isDigit(text.charCodeAt(p)) || text.charCodeAt(p) === 95)) p++;
        }
        const e = text.charCodeAt(p);
        if ((e === 101 || e === 69) && (isDigit(text.charCodeAt(p + 1)) || ((text.charCodeAt(p + 1) === 43 || text.charCodeAt(p + 1) === 45) && isDigit(text.charCodeAt(p + 2))))) {
          p += 2;
          while (p < n && isDigit(text.charCodeAt(p))) p++;
        }
        const digits = text.slice(s, p);
        tokens.push({ kind: 'number', value: digits.includes('_') ? digits.replace(/_/g, '') : digits, start: s, end: p });
        continue;
      }
      if (c === 39 || c === 34) {
        const s = p;
        const r = readString(text, p);
        if (r.end < 0) {
          errors.push({ message: 'Unterminated string literal', start: s, end: Math.min(n, s + 1) });
          p = n;
          break;
        }
        tokens.push({ kind: 'string', value: r.value, start: s, end: r.end });
        p = r.end;
        continue;
      }
      const two = OP2[c]?.[text.charCodeAt(p + 1)];
      if (two !== undefined) {
        tokens.push({ kind: 'op', value: two, start: p, end: p + 2 });
        p += 2;
        continue;
      }
      const one = OP1[c];
      if (one !== undefined && c !== 33) {
        if (c === 40 || c === 91 || c === 123) open.push(p);
        else if ((c === 41 || c === 93 || c === 125) && depth > 0) open.pop();
        tokens.push({ kind: 'op', value: one, start: p, end: p + 1 });
        p++;
        continue;
      }
      errors.push({ message: `Unexpected character '${text[p]}'`, start: p, end: p + 1 });
      p++;
    }
    if (!closed && unclosedBracket >= 0) {
      errors.push({ message: `Unclosed '${text[unclosedBracket]}' in ${isVar ? 'expression' : 'tag'}`, start: unclosedBracket, end: unclosedBracket + 1 });
      tokens.length = firstTokenIndex - 1;
      lstripNext = false;
      pos = p;
      continue;
    }
    if (!closed) {
      if (open.length) {
        const b = open[open.length - 1];
        errors.push({ message: `Unclosed '${text[b]}' in ${isVar ? 'expression' : 'tag'}`, start: b, end: b + 1 });
      } else errors.push({ message: isVar ? 'Unclosed expression: missing "}}"' : 'Unclosed tag: missing "%}"', start: i, end: i + 2 });
      // the parser must not see half a statement: the broken tag's text stays as plain text
      tokens.length = firstTokenIndex - 1;
      lstripNext = false;
      tokens.push({ kind: 'data', value: text.slice(i, p), start: i, end: p });
      pos = p;
      continue;
    }
    pos = p;

    // {% raw %} … {% endraw %}: verbatim data
    if (!isVar && tokens.length - firstTokenIndex === 2 && tokens[firstTokenIndex].kind === 'name' && tokens[firstTokenIndex].value === 'raw') {
      const rawBegin = tokens[firstTokenIndex - 1];
      tokens.length = firstTokenIndex - 1;
      const end = findEndRaw(text, pos);
      if (!end) {
        errors.push({ message: 'Unclosed {% raw %} block: missing {% endraw %}', start: rawBegin.start, end: p });
        pushData(pos, n, false);
        pos = n;
        break;
      }
      pushData(pos, end.start, end.stripBefore);
      lstripNext = end.stripAfter;
      pos = end.end;
    }
  }
  tokens.push({ kind: 'eof', value: '', start: text.length, end: text.length });
  return { tokens, errors };
}

function readString(text: string, p: number): { value: string; end: number } {
  const quote = text.charCodeAt(p);
  let i = p + 1;
  let out = '';
  let chunkStart = i;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === quote) return { value: out + text.slice(chunkStart, i), end: i + 1 };
    if (c === 92 /* \ */ && i + 1 < n) {
      out += text.slice(chunkStart, i);
      const e = text[i + 1];
      switch (e) {
        case 'n':
          out += '\n';
          break;
        case 't':
          out += '\t';
          break;
        case 'r':
          out += '\r';
          break;
        case '\\':
          out += '\\';
          break;
        case "'":
          out += "'";
          break;
        case '"':
          out += '"';
          break;
        case '\n':
          break;
        default:
          out += '\\' + e; // Python keeps unknown escapes verbatim (regexes rely on it)
      }
      i += 2;
      chunkStart = i;
      continue;
    }
    i++;
  }
  return { value: '', end: -1 };
}

function findEndRaw(text: string, from: number): { start: number; end: number; stripBefore: boolean; stripAfter: boolean } | undefined {
  let i = text.indexOf('{%', from);
  while (i !== -1) {
    let p = i + 2;
    const stripBefore = text[p] === '-';
    if (stripBefore || text[p] === '+') p++;
    while (isSpace(text.charCodeAt(p))) p++;
    if (text.startsWith('endraw', p)) {
      p += 6;
      while (isSpace(text.charCodeAt(p))) p++;
      const stripAfter = text[p] === '-';
      if (stripAfter) p++;
      if (text.startsWith('%}', p)) return { start: i, end: p + 2, stripBefore, stripAfter };
    }
    i = text.indexOf('{%', i + 2);
  }
  return undefined;
}
