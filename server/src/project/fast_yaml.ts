/**
 * A fast parser for the YAML that properties files are actually written in:
 * block mappings and sequences, flow collections, single-line quoted
 * scalars, plain scalars, `|` / `>` block scalars and comments. It builds the
 * light nodes of yaml_ranges.ts with the same values and ranges the `yaml`
 * library would give, so the readers cannot tell which parser ran.
 *
 * Why: the `yaml` library parses about 1–2 MB/s, which alone would blow the
 * 1 s budget for a 10,000-model project. This parser is several times faster.
 *
 * Anything outside the subset — anchors, aliases, tags, multi-document
 * streams, multi-line plain or quoted scalars, duplicate keys, and every
 * error — makes it give up (return undefined), and the caller uses the
 * `yaml` library, which also produces the proper error messages. Giving up is
 * always safe; guessing is not.
 */
import type { YamlNode as Node, YMap, YScalar as Scalar, YSeq } from './yaml_ranges';

/** Thrown (as a constant, no stack) to abandon the fast path. */
const GIVE_UP = Symbol('give up');

/** The document's root node (null for an empty document), or undefined when the full parser must be used. */
export function parseYamlFast(text: string): Node | null | undefined {
  try {
    return new FastYamlParser(text).parseDocument();
  } catch {
    // GIVE_UP, or a bug here: either way the full parser gets the file.
    return undefined;
  } finally {
    seenStrings.fill(undefined); // hold no text past its parse
  }
}

/**
 * The short strings of the file being parsed, by hash: `name`, `description`,
 * `not_null`, `customer_id` come back thousands of times in one properties
 * file, and slicing each out again is most of what the parser allocates.
 * A slot keeps the last string hashed to it (a miss only costs a slice).
 */
const SEEN_BITS = 10;
const seenStrings: (string | undefined)[] = new Array<string | undefined>(1 << SEEN_BITS).fill(undefined);
const MAX_SEEN_LENGTH = 40;

/** `text.slice(start, end)`, the copy from seenStrings when it holds one. */
function sliceShared(text: string, start: number, end: number): string {
  const len = end - start;
  if (len > MAX_SEEN_LENGTH || len === 0) return text.slice(start, end);
  let h = len;
  for (let i = start; i < end; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  const slot = (h ^ (h >>> SEEN_BITS) ^ (h >>> 20)) & ((1 << SEEN_BITS) - 1);
  const hit = seenStrings[slot];
  if (hit !== undefined && hit.length === len && text.startsWith(hit, start)) return hit;
  const s = text.slice(start, end);
  seenStrings[slot] = s;
  return s;
}

const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;
const HASH = 35;
const COLON = 58;
const DASH = 45;

/** Maps with more keys than this check duplicates with a Set; smaller ones (nearly all) scan their keys. */
const LINEAR_KEY_CHECK = 16;

class FastYamlParser {
  /** Always at the start of a line (or the end of the text) between block nodes. */
  private pos = 0;
  /** Before the first content line a `---` marker is allowed; anywhere else it starts a second document. */
  private started = false;
  private readonly n: number;
  /** The line nextContentLine found (read it before the next call): its indent and first non-space offset. */
  private lineIndent = 0;
  private linePos = 0;
  /**
   * Keys, values and items of the collections being built, as stacks: a
   * collection's entries are copied out at its end into exact-size arrays,
   * instead of each growing its own (a pushed-to array keeps spare slots,
   * and ~500,000 small collections make that the bulk of the garbage).
   * `top`s, not lengths: truncating an array can shrink its store.
   */
  private readonly keyStack: Scalar[] = [];
  private readonly valueStack: Node[] = [];
  private keyTop = 0;
  /** backslashFrom's memo: no backslash in [backslashSearchedFrom, nextBackslash). */
  private backslashSearchedFrom = 0;
  private nextBackslash = -1;
  private readonly itemStack: Node[] = [];
  private itemTop = 0;

  /** A byte order mark opens the text: it counts as a column of the first line (see parseSeq). */
  private readonly bom: boolean;
  private readonly firstLineEnd: number;

  constructor(private readonly text: string) {
    this.n = text.length;
    this.bom = text.charCodeAt(0) === 0xfeff;
    if (this.bom) this.pos = 1;
    this.firstLineEnd = this.bom ? this.lineAfter(0) : 0;
  }

  parseDocument(): Node | null {
    // A lone CR is a line break to YAML; this parser only knows LF and CRLF.
    const t0 = this.text;
    for (let i = t0.indexOf('\r'); i >= 0; i = t0.indexOf('\r', i + 1)) if (t0.charCodeAt(i + 1) !== LF) fail();
    let found = this.nextContentLine(this.pos);
    this.started = true;
    if (!found) return null;
    const t = this.text;
    if (t.startsWith('---', this.linePos) && this.lineIndent === 0) {
      if (!this.isBlankToEol(this.linePos + 3)) fail();
      found = this.nextContentLine(this.lineAfter(this.linePos));
      if (!found) return null;
    }
    const c = t.charCodeAt(this.linePos);
    if (c === 37 /* % */) fail();
    const node = this.parseBlockNodeAt(this.linePos, this.lineIndent, -1);
    if (this.nextContentLine(this.pos)) fail(); // a second document, or stray content
    return node;
  }

  // ------------------------------------------------------------ block nodes

  private parseBlockNodeAt(pos: number, indent: number, parentIndent: number): Node {
    if (this.isSeqDash(pos)) return this.parseSeq(pos, indent);
    const colon = this.mapKeyEnd(pos);
    if (colon >= 0) return this.parseMap(pos, indent, colon);
    return this.parseInlineValue(pos, parentIndent);
  }

  /** `colon` ends the first key (the caller found it deciding this is a mapping). */
  private parseMap(start: number, indent: number, colon: number): YMap {
    const base = this.keyTop;
    let seen: Set<unknown> | undefined;
    let pos = start;
    for (;;) {
      if (colon < 0) fail();
      const key = this.readKey(pos, colon);
      // A duplicate key: the yaml library reports it.
      if (seen) {
        if (seen.has(key.value)) fail();
        seen.add(key.value);
      } else {
        for (let k = base; k < this.keyTop; k++) if (sameValueZero(this.keyStack[k].value, key.value)) fail();
      }
      const p = this.skipSpaces(colon + 1);
      let value: Node;
      if (this.atEolOrComment(p)) {
        this.pos = this.lineAfter(p);
        value = this.parseBlockValue(indent, p, true);
      } else {
        if (p === colon + 1) fail();
        value = this.parseInlineValue(p, indent);
      }
      // Nested collections parsed the value above and popped their own entries: the top is ours.
      this.keyStack[this.keyTop] = key;
      this.valueStack[this.keyTop++] = value;
      if (!seen && this.keyTop - base > LINEAR_KEY_CHECK) seen = new Set(this.keyStack.slice(base, this.keyTop).map((k) => k.value));
      if (!this.nextContentLine(this.pos) || this.lineIndent < indent) break;
      if (this.lineIndent > indent || this.isSeqDash(this.linePos)) fail();
      pos = this.linePos;
      colon = this.mapKeyEnd(pos);
    }
    const map: YMap = { kind: 'map', keys: this.keyStack.slice(base, this.keyTop), values: this.valueStack.slice(base, this.keyTop), start, end: this.pos };
    this.keyTop = base;
    return map;
  }

  private parseSeq(start: number, indent: number): YSeq {
    const base = this.itemTop;
    let pos = start;
    for (;;) {
      const p = this.skipSpaces(pos + 1);
      let item: Node;
      if (this.atEolOrComment(p)) {
        this.pos = this.lineAfter(p);
        item = this.parseBlockValue(indent, p, false);
      } else {
        // `pos`, the dash, is at column `indent`; on a first line after a byte order mark, the column counts the mark, as it always did.
        const column = this.bom && pos < this.firstLineEnd ? p - this.lineStartOf(p) : indent + (p - pos);
        let colon: number;
        if (this.isSeqDash(p)) item = this.parseSeq(p, column);
        else if ((colon = this.mapKeyEnd(p)) >= 0) item = this.parseMap(p, column, colon);
        else item = this.parseInlineValue(p, indent);
      }
      this.itemStack[this.itemTop++] = item;
      if (!this.nextContentLine(this.pos) || this.lineIndent < indent) break;
      if (this.lineIndent > indent) fail();
      if (!this.isSeqDash(this.linePos)) break; // the parent mapping continues at this indent
      pos = this.linePos;
    }
    const seq: YSeq = { kind: 'seq', items: this.itemStack.slice(base, this.itemTop), start, end: this.pos };
    this.itemTop = base;
    return seq;
  }

  /** The value of `key:` / `-` with nothing after it on the line: a nested block, or null. */
  private parseBlockValue(indent: number, emptyAt: number, allowSameIndentSeq: boolean): Node {
    if (this.nextContentLine(this.pos)) {
      const nextIndent = this.lineIndent;
      const nextPos = this.linePos;
      if (nextIndent > indent) return this.parseBlockNodeAt(nextPos, nextIndent, indent);
      // `key:` followed by `- item` at the key's own indent is a sequence value.
      if (allowSameIndentSeq && nextIndent === indent && this.isSeqDash(nextPos)) return this.parseSeq(nextPos, indent);
    }
    return scalar(null, 'PLAIN', emptyAt, emptyAt);
  }

  // ---------------------------------------------------------- inline values

  /** A value that starts on the current line at `p`; leaves `pos` at the next line. */
  private parseInlineValue(p: number, parentIndent: number): Node {
    const t = this.text;
    const c = t.charCodeAt(p);
    let node: Node;
    let end: number;
    switch (c) {
      case 34 /* " */:
      case 39 /* ' */:
        node = c === 34 ? this.readDoubleQuoted(p) : this.readSingleQuoted(p);
        end = node.end;
        break;
      case 91 /* [ */:
      case 123 /* { */:
        node = this.readFlow(p, parentIndent);
        end = node.end;
        break;
      case 124 /* | */:
      case 62 /* > */:
        return this.readBlockScalar(p, parentIndent);
      default: {
        if (!this.canStartPlain(p)) fail();
        end = this.plainEnd(p);
        const raw = sliceShared(t, p, end);
        if (raw.includes(': ') || raw.endsWith(':')) fail();
        return this.readPlainLines(p, end, raw, parentIndent);
      }
    }
    const q = this.skipSpaces(end);
    if (!this.atEolOrComment(q) || (q === end && t.charCodeAt(q) === HASH)) fail();
    this.pos = this.lineAfter(q);
    return node;
  }

  /**
   * A plain scalar whose first line is `raw` (ending at `end`), plus any
   * continuation lines indented past the parent: folded with a space per
   * line break, or a newline per empty line in between, as YAML does.
   */
  private readPlainLines(p: number, end: number, raw: string, parentIndent: number): Scalar {
    const t = this.text;
    let value = raw;
    let last = end;
    let cur = this.lineAfter(end);
    const commentEnded = t.charCodeAt(this.skipSpacesAndTabs(end)) === HASH;
    for (;;) {
      const lineStart = this.nextNonBlankLine(cur);
      if (lineStart < 0 || this.lineIndent <= parentIndent) break;
      // After a comment, or at document level, a deeper line is an error or ambiguous: the full parser decides.
      if (commentEnded || parentIndent < 0) fail();
      const at = this.linePos;
      const c = t.charCodeAt(at);
      if (c === HASH || !this.canStartPlain(at) || c === DASH || c === 63 || c === COLON) fail();
      const lineEnd = this.plainEnd(at);
      if (t.charCodeAt(this.skipSpacesAndTabs(lineEnd)) === HASH) fail();
      const segment = t.slice(at, lineEnd);
      if (segment.includes(': ') || segment.endsWith(':') || segment.includes('\t')) fail();
      const blanks = this.countLines(cur, lineStart);
      value += blanks > 0 ? '\n'.repeat(blanks) : ' ';
      value += segment;
      last = lineEnd;
      cur = this.lineAfter(lineEnd);
    }
    this.pos = cur; // the line after `last`
    return last === end ? plainScalar(raw, p, end) : scalar(value, 'PLAIN', p, last);
  }

  private skipSpacesAndTabs(i: number): number {
    const t = this.text;
    while (i < this.n && (t.charCodeAt(i) === SPACE || t.charCodeAt(i) === TAB)) i++;
    return i;
  }

  /** Number of line starts in [from, to). */
  private countLines(from: number, to: number): number {
    let count = 0;
    for (let i = from; i < to; i = this.lineAfter(i)) count++;
    return count;
  }

  /** The scalar ends after its closing quote (its `end`). */
  private readDoubleQuoted(p: number): Scalar {
    const t = this.text;
    // Most quoted scalars (descriptions) have no escape: find the closing quote with indexOf, not a character loop.
    const close = t.indexOf('"', p + 1);
    if (close > p) {
      const eol = t.indexOf('\n', p);
      // A CR is only ever right before a LF (parseDocument gives up on a lone one), so it is not before `close` either.
      if ((eol < 0 || close < eol) && this.backslashFrom(p + 1) > close) return scalar(sliceShared(t, p + 1, close), 'QUOTE_DOUBLE', p, close + 1);
    }
    let i = p + 1;
    let out = '';
    let chunk = i;
    for (;;) {
      if (i >= this.n) fail();
      const c = t.charCodeAt(i);
      if (c === 34) break;
      if (c === LF || c === CR) fail(); // multi-line quoted scalar
      if (c === 92 /* \ */) {
        out += t.slice(chunk, i);
        const e = t[i + 1];
        i += 2;
        switch (e) {
          case '\\': out += '\\'; break;
          case '"': out += '"'; break;
          case '/': out += '/'; break;
          case 'n': out += '\n'; break;
          case 't': case '\t': out += '\t'; break;
          case 'r': out += '\r'; break;
          case '0': out += '\0'; break;
          case 'a': out += '\x07'; break;
          case 'b': out += '\b'; break;
          case 'e': out += '\x1b'; break;
          case 'f': out += '\f'; break;
          case 'v': out += '\v'; break;
          case ' ': out += ' '; break;
          case 'N': out += '\u0085'; break;
          case '_': out += '\u00a0'; break;
          case 'L': out += '\u2028'; break;
          case 'P': out += '\u2029'; break;
          case 'x': out += hexChar(t, i, 2); i += 2; break;
          case 'u': out += hexChar(t, i, 4); i += 4; break;
          case 'U': out += hexChar(t, i, 8); i += 8; break;
          default: fail();
        }
        chunk = i;
        continue;
      }
      i++;
    }
    out = chunk === p + 1 ? sliceShared(t, chunk, i) : out + t.slice(chunk, i); // without escapes, the text between the quotes
    return scalar(out, 'QUOTE_DOUBLE', p, i + 1);
  }

  private readSingleQuoted(p: number): Scalar {
    const t = this.text;
    let i = p + 1;
    let out = '';
    let chunk = i;
    for (;;) {
      if (i >= this.n) fail();
      const c = t.charCodeAt(i);
      if (c === LF || c === CR) fail();
      if (c === 39) {
        if (t.charCodeAt(i + 1) === 39) {
          out += t.slice(chunk, i + 1);
          i += 2;
          chunk = i;
          continue;
        }
        break;
      }
      i++;
    }
    out = chunk === p + 1 ? sliceShared(t, chunk, i) : out + t.slice(chunk, i);
    return scalar(out, 'QUOTE_SINGLE', p, i + 1);
  }

  // ------------------------------------------------------------------ flow

  /** A flow collection; may span lines if every continuation line is indented past the parent. */
  private readFlow(p: number, parentIndent: number): Node {
    const t = this.text;
    const isMap = t.charCodeAt(p) === 123;
    const close = isMap ? 125 : 93;
    const map: YMap = { kind: 'map', keys: [], values: [], start: p, end: p };
    const seq: YSeq = { kind: 'seq', items: [], start: p, end: p };
    const node = isMap ? map : seq;
    let i = this.flowSkip(p + 1, parentIndent);
    if (t.charCodeAt(i) === close) {
      node.end = i + 1;
      return node;
    }
    for (;;) {
      const item = this.readFlowItem(i, parentIndent, isMap);
      i = this.flowSkip(item.end, parentIndent);
      if (isMap) {
        if (t.charCodeAt(i) !== COLON) fail(); // a key without a value
        const key = item as Scalar;
        for (const k of map.keys) if (sameValueZero(k.value, key.value)) fail(); // duplicate key (flow maps are small)
        const afterColon = i + 1;
        const c2 = t.charCodeAt(afterColon);
        // `a:b` is one plain scalar; after a quoted key `"a":b` is fine (JSON style).
        if (!(c2 === SPACE || c2 === LF || c2 === CR || c2 === 44 || c2 === close) && !isQuoted(item)) fail();
        i = this.flowSkip(afterColon, parentIndent);
        const c3 = t.charCodeAt(i);
        if (c3 === 44 || c3 === close) fail(); // empty value
        const value = this.readFlowItem(i, parentIndent, false);
        map.keys.push(key);
        map.values.push(value);
        i = this.flowSkip(value.end, parentIndent);
      } else {
        if (t.charCodeAt(i) === COLON) fail(); // single-pair mapping inside a sequence
        seq.items.push(item);
      }
      const c = t.charCodeAt(i);
      if (c === 44 /* , */) {
        i = this.flowSkip(i + 1, parentIndent);
        if (t.charCodeAt(i) === close) break; // trailing comma
        continue;
      }
      if (c === close) break;
      fail();
    }
    node.end = i + 1;
    return node;
  }

  /** An item ends at its node's `end`. */
  private readFlowItem(i: number, parentIndent: number, isKey: boolean): Node {
    const t = this.text;
    const c = t.charCodeAt(i);
    if (c === 34) return this.readDoubleQuoted(i);
    if (c === 39) return this.readSingleQuoted(i);
    if (c === 91 || c === 123) {
      if (isKey) fail();
      return this.readFlow(i, parentIndent);
    }
    if (!this.canStartPlain(i) || c === 44 || c === 93 || c === 125) fail();
    let j = i;
    for (; j < this.n; j++) {
      const d = t.charCodeAt(j);
      if (d === 44 || d === 91 || d === 93 || d === 123 || d === 125 || d === LF || d === CR) break;
      if (d === COLON) {
        const e = t.charCodeAt(j + 1);
        if (e === SPACE || e === 44 || e === 93 || e === 125 || e === LF || e === CR || j + 1 >= this.n) break;
      }
      if (d === HASH && (t.charCodeAt(j - 1) === SPACE || t.charCodeAt(j - 1) === TAB)) break;
    }
    let end = j;
    while (end > i && (t.charCodeAt(end - 1) === SPACE || t.charCodeAt(end - 1) === TAB)) end--;
    if (end === i) fail();
    // A plain scalar broken over lines inside a flow collection folds; leave that to the full parser.
    const after = this.skipSpaces(j);
    if (t.charCodeAt(after) === LF || t.charCodeAt(after) === CR) {
      const k = this.flowSkip(after, parentIndent);
      const d = t.charCodeAt(k);
      if (!(d === 44 || d === 93 || d === 125 || d === COLON)) fail();
    }
    return plainScalar(sliceShared(t, i, end), i, end);
  }

  /** Skips spaces, line breaks and comments inside a flow collection. */
  private flowSkip(i: number, parentIndent: number): number {
    const t = this.text;
    for (;;) {
      if (i >= this.n) fail(); // unterminated flow collection
      const c = t.charCodeAt(i);
      if (c === SPACE) i++;
      else if (c === TAB) fail();
      else if (c === HASH) {
        if (!(t.charCodeAt(i - 1) === SPACE || t.charCodeAt(i - 1) === LF)) fail();
        while (i < this.n && t.charCodeAt(i) !== LF) i++;
      } else if (c === CR || c === LF) {
        i = this.lineAfter(i);
        let indent = 0;
        while (t.charCodeAt(i + indent) === SPACE) indent++;
        const d = t.charCodeAt(i + indent);
        if (d !== LF && d !== CR && i + indent < this.n && indent <= parentIndent) fail();
      } else return i;
    }
  }

  // ---------------------------------------------------------- block scalar

  private readBlockScalar(p: number, parentIndent: number): Scalar {
    const t = this.text;
    const folded = t.charCodeAt(p) === 62;
    let i = p + 1;
    let chomp: 'clip' | 'strip' | 'keep' = 'clip';
    const c0 = t.charCodeAt(i);
    if (c0 === DASH) (chomp = 'strip'), i++;
    else if (c0 === 43 /* + */) (chomp = 'keep'), i++;
    const q = this.skipSpaces(i);
    // Explicit indentation indicators (`|2`) are rare; leave them to the full parser.
    if (!this.atEolOrComment(q) || (q === i && t.charCodeAt(q) === HASH)) fail();
    let lineStart = this.lineAfter(q);
    // The content indent is that of the first non-blank line.
    let contentIndent = -1;
    {
      let s = lineStart;
      let maxBlankIndent = 0;
      for (;;) {
        if (s >= this.n) break;
        let k = 0;
        while (t.charCodeAt(s + k) === SPACE) k++;
        const d = t.charCodeAt(s + k);
        if (d === LF || d === CR || s + k >= this.n) {
          maxBlankIndent = Math.max(maxBlankIndent, k);
          if (s + k >= this.n) break;
          s = this.lineAfter(s + k);
          continue;
        }
        if (d === TAB && k <= parentIndent) fail();
        contentIndent = k;
        if (maxBlankIndent > k) fail(); // leading blank lines more indented than the text
        break;
      }
      if (contentIndent <= parentIndent) contentIndent = -1; // empty scalar
    }
    const lines: string[] = [];
    let end = lineStart;
    let lastContentEnd = q;
    if (contentIndent > 0) {
      while (lineStart < this.n) {
        let k = 0;
        while (k < contentIndent && t.charCodeAt(lineStart + k) === SPACE) k++;
        const eol = this.eolOf(lineStart);
        if (k < contentIndent) {
          // fewer spaces: a blank line inside the scalar, or the end of it
          if (lineStart + k === eol) {
            lines.push('');
            lineStart = this.lineAfter(eol);
            continue;
          }
          break;
        }
        const line = t.slice(lineStart + k, eol);
        if (line.length === 0) {
          // Only indentation: a blank line, which does not extend the scalar's range.
          lines.push('');
          lineStart = this.lineAfter(eol);
          continue;
        }
        if (line.trim() === '' && !folded) fail(); // whitespace beyond the indent: leave to the full parser
        lines.push(line);
        lastContentEnd = eol;
        lineStart = this.lineAfter(eol);
        end = lineStart;
      }
    }
    // Trailing blank lines belong to the chomping, not to the following node.
    let trailing = 0;
    while (lines.length > 0 && lines[lines.length - 1] === '') (lines.pop(), trailing++);
    const value = foldBlockLines(lines, folded, chomp, trailing);
    // Kept trailing blank lines are part of the scalar, so they are part of its range too.
    if (chomp === 'keep' && trailing > 0) end = lineStart;
    const node = scalar(value, folded ? 'BLOCK_FOLDED' : 'BLOCK_LITERAL', p, Math.max(end, lastContentEnd));
    this.pos = end > q ? end : this.lineAfter(q);
    return node;
  }

  // -------------------------------------------------------------- scanning

  /** Offset of the `:` ending a mapping key that starts at `p`, or -1 when `p` does not start a key. */
  private mapKeyEnd(p: number): number {
    const t = this.text;
    const c = t.charCodeAt(p);
    if (c === 34 || c === 39) {
      const close = c === 34 ? this.closingDoubleQuote(p) : this.closingSingleQuote(p);
      if (close < 0) return -1;
      const q = this.skipSpaces(close + 1);
      return t.charCodeAt(q) === COLON && this.isValueSeparator(q + 1) ? q : -1;
    }
    if (!this.canStartPlain(p)) return -1;
    for (let i = p; i < this.n; i++) {
      const d = t.charCodeAt(i);
      if (d === LF || d === CR) return -1;
      if (d === HASH && (t.charCodeAt(i - 1) === SPACE || t.charCodeAt(i - 1) === TAB)) return -1;
      if (d === COLON && this.isValueSeparator(i + 1)) return i;
    }
    return -1;
  }

  private readKey(p: number, colon: number): Scalar {
    const t = this.text;
    const c = t.charCodeAt(p);
    if (c === 34 || c === 39) return c === 34 ? this.readDoubleQuoted(p) : this.readSingleQuoted(p);
    let end = colon;
    while (end > p && (t.charCodeAt(end - 1) === SPACE || t.charCodeAt(end - 1) === TAB)) end--;
    const raw = sliceShared(t, p, end);
    if (raw.includes(': ') || raw.includes('\t')) fail();
    return plainScalar(raw, p, end);
  }

  private closingDoubleQuote(p: number): number {
    const t = this.text;
    for (let i = p + 1; i < this.n; i++) {
      const c = t.charCodeAt(i);
      if (c === 92) i++;
      else if (c === 34) return i;
      else if (c === LF || c === CR) return -1;
    }
    return -1;
  }

  private closingSingleQuote(p: number): number {
    const t = this.text;
    for (let i = p + 1; i < this.n; i++) {
      const c = t.charCodeAt(i);
      if (c === 39) {
        if (t.charCodeAt(i + 1) === 39) i++;
        else return i;
      } else if (c === LF || c === CR) return -1;
    }
    return -1;
  }

  private isValueSeparator(i: number): boolean {
    if (i >= this.n) return true;
    const c = this.text.charCodeAt(i);
    return c === SPACE || c === LF || c === CR || c === TAB;
  }

  private isSeqDash(p: number): boolean {
    return this.text.charCodeAt(p) === DASH && this.isValueSeparator(p + 1) && this.text.charCodeAt(p + 1) !== TAB;
  }

  /** Plain scalars may not start with an indicator (`- ` `? ` `: ` and `[]{},#&*!|>'"%@` and backtick). */
  private canStartPlain(p: number): boolean {
    const c = this.text.charCodeAt(p);
    switch (c) {
      case 91: case 93: case 123: case 125: case 44: case HASH: case 38: case 42: case 33:
      case 124: case 62: case 39: case 34: case 37: case 64: case 96:
        return false;
      case DASH: case 63 /* ? */: case COLON: {
        // An indicator unless followed by a "safe" character; flow indicators count as unsafe (conservative).
        if (this.isValueSeparator(p + 1)) return false;
        const d = this.text.charCodeAt(p + 1);
        return !(d === 44 || d === 91 || d === 93 || d === 123 || d === 125);
      }
      case SPACE: case TAB: case LF: case CR:
        return false;
      default:
        return p < this.n;
    }
  }

  /** End of a plain scalar in block context: before ` #` or the line end, trailing spaces trimmed. */
  private plainEnd(p: number): number {
    const t = this.text;
    let i = p;
    for (; i < this.n; i++) {
      const c = t.charCodeAt(i);
      if (c === LF || c === CR) break;
      if (c === HASH && (t.charCodeAt(i - 1) === SPACE || t.charCodeAt(i - 1) === TAB)) break;
    }
    while (i > p && (t.charCodeAt(i - 1) === SPACE || t.charCodeAt(i - 1) === TAB)) i--;
    return i;
  }

  private skipSpaces(i: number): number {
    const t = this.text;
    while (i < this.n) {
      const c = t.charCodeAt(i);
      if (c === SPACE) i++;
      else if (c === TAB) fail(); // tabs as separators: rare, and easy to get subtly wrong
      else break;
    }
    return i;
  }

  private atEolOrComment(i: number): boolean {
    if (i >= this.n) return true;
    const c = this.text.charCodeAt(i);
    return c === LF || c === CR || c === HASH;
  }

  private isBlankToEol(i: number): boolean {
    const q = this.skipSpaces(i);
    return this.atEolOrComment(q) && (this.text.charCodeAt(q) !== HASH || q > i);
  }

  /** Offset of the line break (or text end) at or after `i`. */
  private eolOf(i: number): number {
    const t = this.text;
    let j = t.indexOf('\n', i);
    if (j < 0) j = this.n;
    if (j > i && t.charCodeAt(j - 1) === CR) j--;
    const cr = t.indexOf('\r', i);
    if (cr >= 0 && cr < j) fail(); // a lone CR line break
    return j;
  }

  /** The first backslash at or after `i` (the text length when none); memoised, since the parser asks at rising offsets. */
  private backslashFrom(i: number): number {
    if (i < this.backslashSearchedFrom || i > this.nextBackslash) {
      const j = this.text.indexOf('\\', i);
      this.nextBackslash = j < 0 ? this.n : j;
      this.backslashSearchedFrom = i;
    }
    return this.nextBackslash;
  }

  /** Start of the line after the one containing `i`. */
  private lineAfter(i: number): number {
    const j = this.text.indexOf('\n', i);
    return j < 0 ? this.n : j + 1;
  }

  private lineStartOf(i: number): number {
    return this.text.lastIndexOf('\n', i - 1) + 1;
  }

  /** Finds the next line with content that is not only a comment, from a line start; sets lineIndent and linePos. */
  private nextContentLine(from: number): boolean {
    const t = this.text;
    let s = from;
    while (s < this.n) {
      let k = s;
      while (t.charCodeAt(k) === SPACE) k++;
      const c = t.charCodeAt(k);
      if (k >= this.n) return false;
      if (c === LF || c === CR) {
        s = this.lineAfter(k);
        continue;
      }
      if (c === TAB) {
        // A tab in indentation is an error unless the line is blank or a comment.
        let m = k;
        while (t.charCodeAt(m) === SPACE || t.charCodeAt(m) === TAB) m++;
        const d = t.charCodeAt(m);
        if (m >= this.n || d === LF || d === CR || d === HASH) {
          s = this.lineAfter(m);
          continue;
        }
        fail();
      }
      if (c === HASH) {
        s = this.lineAfter(k);
        continue;
      }
      // Document markers: `---` may open the stream; any other marker means more than one document.
      if (k === s && this.isValueSeparator(k + 3) && (t.startsWith('...', k) || (t.startsWith('---', k) && this.started))) fail();
      this.lineIndent = k - s;
      this.linePos = k;
      return true;
    }
    return false;
  }

  /** Like nextContentLine, but comment lines count as content (they end multi-line plain scalars); returns the line's start, or -1. */
  private nextNonBlankLine(from: number): number {
    const t = this.text;
    let s = from;
    while (s < this.n) {
      let k = s;
      while (t.charCodeAt(k) === SPACE) k++;
      const c = t.charCodeAt(k);
      if (k >= this.n) return -1;
      if (c === LF || c === CR) {
        s = this.lineAfter(k);
        continue;
      }
      if (c === TAB) fail();
      this.lineIndent = k - s;
      this.linePos = k;
      return s;
    }
    return -1;
  }
}

function fail(): never {
  throw GIVE_UP;
}

/** Set and Map key equality (NaN equals NaN), as the Set this replaces compared keys. */
function sameValueZero(a: unknown, b: unknown): boolean {
  return a === b || (a !== a && b !== b);
}

function isQuoted(node: Node): boolean {
  return node.kind === 'scalar' && (node.style === 'QUOTE_DOUBLE' || node.style === 'QUOTE_SINGLE');
}

function scalar(value: unknown, style: string, start: number, end: number): Scalar {
  return { kind: 'scalar', value, start, end, style };
}

function hexChar(t: string, i: number, len: number): string {
  const hex = t.slice(i, i + len);
  if (hex.length !== len || !/^[0-9a-fA-F]+$/.test(hex)) fail();
  return String.fromCodePoint(parseInt(hex, 16));
}

const INT = /^[-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;

/** A plain scalar resolved with the YAML 1.2 core schema, as the yaml library does by default. */
function plainScalar(raw: string, start: number, end: number): Scalar {
  return scalar(resolvePlain(raw), 'PLAIN', start, end);
}

function resolvePlain(raw: string): unknown {
  const c = raw.charCodeAt(0);
  const numeric = (c >= 48 && c <= 57) || c === 43 || c === DASH || c === 46;
  // Fast exit for the common case: identifiers and prose. The words below have at most 5 characters.
  const maybeWord = raw.length <= 5 && (raw.length === 0 || c === 126 /* ~ */ || c === 110 || c === 78 || c === 116 || c === 84 || c === 102 || c === 70 || numeric);
  if (!maybeWord && !numeric) return raw;
  if (maybeWord) switch (raw) {
    case '': case '~': case 'null': case 'Null': case 'NULL':
      return null;
    case 'true': case 'True': case 'TRUE':
      return true;
    case 'false': case 'False': case 'FALSE':
      return false;
    case '.inf': case '.Inf': case '.INF': case '+.inf': case '+.Inf': case '+.INF':
      return Infinity;
    case '-.inf': case '-.Inf': case '-.INF':
      return -Infinity;
    case '.nan': case '.NaN': case '.NAN':
      return NaN;
  }
  // Every numeric form starts with a digit, a sign or a dot.
  if (!numeric) return raw;
  if (INT.test(raw)) return parseInt(raw, 10);
  if (/^0o[0-7]+$/.test(raw)) return parseInt(raw.slice(2), 8);
  if (/^0x[0-9a-fA-F]+$/.test(raw)) return parseInt(raw.slice(2), 16);
  if (FLOAT.test(raw)) return parseFloat(raw);
  return raw;
}

/** Joins block scalar lines: literal keeps line breaks, folded turns single breaks into spaces. */
function foldBlockLines(lines: string[], folded: boolean, chomp: 'clip' | 'strip' | 'keep', trailingBlank: number): string {
  let out = '';
  let empty = 0;
  let didRead = false;
  let moreIndented = false;
  for (const line of lines) {
    if (line === '') {
      empty++;
      continue;
    }
    if (folded) {
      const c = line.charCodeAt(0);
      if (c === SPACE || c === TAB) {
        moreIndented = true;
        out += '\n'.repeat(didRead ? 1 + empty : empty);
      } else if (moreIndented) {
        moreIndented = false;
        out += '\n'.repeat(empty + 1);
      } else if (empty === 0) {
        if (didRead) out += ' ';
      } else {
        out += '\n'.repeat(empty);
      }
    } else {
      out += '\n'.repeat(didRead ? 1 + empty : empty);
    }
    out += line;
    didRead = true;
    empty = 0;
  }
  if (chomp === 'keep') out += '\n'.repeat(didRead ? 1 + trailingBlank : trailingBlank);
  else if (chomp === 'clip' && didRead) out += '\n';
  return out;
}
