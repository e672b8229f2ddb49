/** Identifier-level reading of text around a cursor. */

export function isIdentChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || c > 127;
}

/** The identifier touching the offset (a cursor at either end of a word counts). */
export function wordAt(text: string, offset: number): { word: string; start: number; end: number } | undefined {
  let start = offset;
  while (start > 0 && isIdentChar(text.charCodeAt(start - 1))) start--;
  let end = offset;
  while (end < text.length && isIdentChar(text.charCodeAt(end))) end++;
  if (start === end) return undefined;
  const word = text.slice(start, end);
  if (/^[0-9]/.test(word)) return undefined;
  return { word, start, end };
}

/** The qualifier before `word` when written `qualifier.word` (quotes around either part allowed). */
export function qualifierBefore(text: string, wordStart: number): string | undefined {
  let i = wordStart - 1;
  if (text[i] === '"') i--;
  if (text[i] !== '.') return undefined;
  i--;
  if (text[i] === '"') i--;
  const end = i + 1;
  while (i >= 0 && isIdentChar(text.charCodeAt(i))) i--;
  const q = text.slice(i + 1, end);
  return q && !/^[0-9]/.test(q) ? q : undefined;
}

/** True when the offset sits inside a `{{ … }}` or `{% … %}` tag. */
export function insideJinja(text: string, offset: number): boolean {
  const open = Math.max(text.lastIndexOf('{{', offset - 1), text.lastIndexOf('{%', offset - 1));
  if (open < 0) return false;
  const close = Math.max(text.lastIndexOf('}}', offset - 1), text.lastIndexOf('%}', offset - 1));
  return close < open;
}

/** True when the offset is inside an SQL `--` line comment or a `{# #}` Jinja comment. */
export function insideComment(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const dash = text.indexOf('--', lineStart);
  if (dash >= 0 && dash < offset && !/['"]/.test(text.slice(lineStart, dash))) return true;
  const open = text.lastIndexOf('{#', offset - 1);
  return open >= 0 && text.lastIndexOf('#}', offset - 1) < open;
}
