/**
 * Text edits to properties YAML that keep the user's layout: find a block by
 * indentation, insert lines with the indentation its siblings use, never
 * re-serialise the document (that would drop comments and reorder keys).
 * Snippets are lists of lines whose nesting is written with two spaces.
 * Flow-style blocks (`columns: [...]`) are refused rather than guessed at.
 */
import type { Range } from '../core/text';

export interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

interface Line {
  text: string;
  start: number;
  /** Offset of the end of the line's content (before \r\n / \n). */
  end: number;
}

function splitLines(text: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  while (start <= text.length) {
    let nl = text.indexOf('\n', start);
    if (nl < 0) nl = text.length;
    const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    out.push({ text: text.slice(start, end), start, end });
    if (nl >= text.length) break;
    start = nl + 1;
  }
  return out;
}

function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

function indentOf(s: string): number {
  let i = 0;
  while (i < s.length && s[i] === ' ') i++;
  return i;
}

function isBlank(s: string): boolean {
  return s.trim() === '';
}

function isComment(s: string): boolean {
  return s.trimStart().startsWith('#');
}

/** Column where the keys of a mapping start on this line (after `- ` when it opens a sequence item). */
function keyColumn(s: string): number {
  const m = /^(\s*)(-\s+)*/.exec(s)!;
  return m[0].length;
}

/**
 * Last line of a block opened at `from` whose content is indented more than
 * `indent` (sequence items at exactly `indent` count when `seqAtIndent`).
 */
function blockEnd(lines: Line[], from: number, indent: number, seqAtIndent = false): number {
  let last = from;
  for (let j = from + 1; j < lines.length; j++) {
    const t = lines[j].text;
    if (isBlank(t)) continue;
    const ind = indentOf(t);
    if (ind > indent || (seqAtIndent && ind === indent && /^\s*-(\s|$)/.test(t))) {
      last = j;
      continue;
    }
    break;
  }
  return last;
}

/**
 * First and last line of the mapping holding the `name:` at `nameRange`, and
 * its key column. `anchorKey` names another key that identifies an entry
 * (`v` for an entry of `versions:`).
 */
function entrySpan(lines: Line[], nameRange: Range, anchorKey = 'name'): { first: number; last: number; keyCol: number } | undefined {
  const nameLine = nameRange.start.line;
  const line = lines[nameLine];
  if (!line) return undefined;
  const before = line.text.slice(0, nameRange.start.character);
  const m = new RegExp(`(?:^|[\\s-])${anchorKey}\\s*:\\s*['"]?$`).exec(before);
  if (!m) return undefined; // not a block mapping `name:` line (flow style or unexpected layout)
  const realKeyCol = before.search(new RegExp(`${anchorKey}\\s*:\\s*['"]?$`));
  let first = nameLine;
  if (keyColumn(line.text) !== realKeyCol || !/^\s*-/.test(line.text)) {
    // `name:` is not the first key: walk up to the `- ` that opens the entry.
    for (let j = nameLine - 1; j >= 0; j--) {
      const t = lines[j].text;
      if (isBlank(t) || isComment(t)) continue;
      if (keyColumn(t) === realKeyCol && /^\s*-/.test(t)) {
        first = j;
        break;
      }
      if (indentOf(t) < realKeyCol) break;
      first = j;
    }
  }
  const last = blockEnd(lines, nameLine, realKeyCol - 1);
  return { first, last, keyCol: realKeyCol };
}

function findKey(lines: Line[], first: number, last: number, keyCol: number, keys: string[]): { line: number; key: string } | 'absent' | 'flow' {
  for (let j = first; j <= last; j++) {
    const t = lines[j].text;
    if (keyColumn(t) !== keyCol) continue;
    const m = /^\s*(?:-\s+)?([\w-]+)\s*:(.*)$/.exec(t);
    if (!m || !keys.includes(m[1])) continue;
    const rest = m[2].replace(/\s+#.*$/, '').trim();
    if (rest) return 'flow'; // `tests: [unique]`, `columns: []`: not a block we can extend line-wise
    return { line: j, key: m[1] };
  }
  return 'absent';
}

function spaces(n: number): string {
  return ' '.repeat(n);
}

/** A sequence item from snippet lines: `- first`, the rest aligned under it. */
function item(snippet: string[], dashCol: number): string[] {
  return snippet.map((l, i) => (i === 0 ? `${spaces(dashCol)}- ${l}` : `${spaces(dashCol + 2)}${l}`));
}

/**
 * Adds sequence items under `key:` of the mapping whose `name:` is at
 * `nameRange` (creating the key when absent). `keys` lists accepted
 * spellings of the key (`data_tests`/`tests`); the first is used to create it.
 * `anchorKey`: the key whose value `nameRange` is, when not `name`.
 */
export function addSequenceItems(text: string, nameRange: Range, keys: string[], items: string[][], anchorKey = 'name'): OffsetEdit | undefined {
  const lines = splitLines(text);
  const eol = eolOf(text);
  const span = entrySpan(lines, nameRange, anchorKey);
  if (!span) return undefined;
  const found = findKey(lines, span.first, span.last, span.keyCol, keys);
  if (found === 'flow') return undefined;
  if (found === 'absent') {
    const at = lines[span.last].end;
    const body = [`${spaces(span.keyCol)}${keys[0]}:`, ...items.flatMap((s) => item(s, span.keyCol + 2))];
    return { start: at, end: at, newText: eol + body.join(eol) };
  }
  const end = blockEnd(lines, found.line, span.keyCol, true);
  let dashCol = span.keyCol + 2;
  for (let j = found.line + 1; j <= end; j++) {
    if (/^\s*-(\s|$)/.test(lines[j].text)) {
      dashCol = indentOf(lines[j].text);
      break;
    }
  }
  const at = lines[end].end;
  return { start: at, end: at, newText: eol + items.flatMap((s) => item(s, dashCol)).join(eol) };
}

/** Appends an entry to the top-level `models:` list, creating the key at the end when the file has none. */
export function appendTopLevelEntry(text: string, key: string, snippet: string[]): OffsetEdit | undefined {
  const lines = splitLines(text);
  const eol = eolOf(text);
  const idx = lines.findIndex((l) => new RegExp(`^${key}\\s*:`).test(l.text));
  if (idx < 0) {
    const needsBreak = text.length > 0 && !text.endsWith('\n');
    const body = [`${key}:`, ...item(snippet, 2)];
    return { start: text.length, end: text.length, newText: (needsBreak ? eol : '') + (text.length ? eol : '') + body.join(eol) + eol };
  }
  const rest = lines[idx].text.replace(/^[^:]*:/, '').replace(/\s+#.*$/, '').trim();
  if (rest) return undefined; // `models: []` or flow style
  const end = blockEnd(lines, idx, 0, true);
  let dashCol = 2;
  for (let j = idx + 1; j <= end; j++) {
    if (/^\s*-(\s|$)/.test(lines[j].text)) {
      dashCol = indentOf(lines[j].text);
      break;
    }
  }
  const at = lines[end].end;
  return { start: at, end: at, newText: eol + (end > idx ? eol : '') + item(snippet, dashCol).join(eol) };
}

export function newPropertiesFile(snippet: string[]): string {
  return ['version: 2', '', 'models:', ...item(snippet, 2), ''].join('\n');
}

/** Applies offset edits (non-overlapping) to a text; for tests and previews. */
export function applyOffsetEdits(text: string, edits: OffsetEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/** Sets `key: value` in the mapping whose `name:` is at `nameRange`: replaces a scalar in place, or adds the key. */
export function setEntryScalar(text: string, nameRange: Range, key: string, value: string): OffsetEdit | undefined {
  const lines = splitLines(text);
  const span = entrySpan(lines, nameRange);
  if (!span) return undefined;
  for (let j = span.first; j <= span.last; j++) {
    const t = lines[j].text;
    if (keyColumn(t) !== span.keyCol) continue;
    const m = /^(\s*(?:-\s+)?[\w-]+\s*:\s*)([^#]*?)(\s*(?:#.*)?)$/.exec(t);
    if (!m || !new RegExp(`^\\s*(?:-\\s+)?${key}\\s*:`).test(t)) continue;
    const start = lines[j].start + m[1].length;
    return { start, end: start + m[2].length, newText: value };
  }
  const at = lines[span.last].end;
  return { start: at, end: at, newText: `${eolOf(text)}${spaces(span.keyCol)}${key}: ${value}` };
}
