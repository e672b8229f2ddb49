/**
 * Finds `ref(...)` and `source(...)` calls in raw text by their string
 * literals. The analysis records the calls a render executed, but editor
 * features also need the ones it never ran (a branch not taken, a YAML
 * `to: ref('x')`, a singular test, an analysis, a buffer that fails to
 * render) and the exact offsets of every literal, for rename and completion.
 */

export interface Literal {
  value: string;
  /** Offsets of the text between the quotes. */
  start: number;
  end: number;
}

export interface RefCallText {
  kind: 'ref';
  /** The whole call, from `ref` to the last literal. */
  start: number;
  end: number;
  name: Literal;
  package?: Literal;
  /** `v=2` / `version='1.5'`: the version asked for, a number or a string as written (dbt resolves either). */
  version?: VersionLiteral;
}

export interface VersionLiteral {
  value: number | string;
  /** Offsets of the value (inside the quotes of a string). */
  start: number;
  end: number;
}

export interface SourceCallText {
  kind: 'source';
  start: number;
  end: number;
  source: Literal;
  table: Literal;
}

export type JinjaCallText = RefCallText | SourceCallText;

// `ref(` or `source(` followed by one or two quoted literals, then for ref a version keyword
// (`v=` / `version=`) with a number or quoted literal; other arguments end the match.
const CALL = /\b(ref|source)\s*\(\s*(['"])([^'"\n\r]*)\2(?:\s*,\s*(['"])([^'"\n\r]*)\4)?(?:\s*,\s*(?:v|version)\s*=\s*(?:(['"])([^'"\n\r]*)\6|(-?\d+(?:\.\d+)?)(?![\w.])))?/dg;

export function findJinjaCalls(text: string): JinjaCallText[] {
  const out: JinjaCallText[] = [];
  CALL.lastIndex = 0;
  for (let m = CALL.exec(text); m; m = CALL.exec(text)) {
    const at = m.indices!;
    const literal = (group: number): Literal => ({ value: m![group], start: at[group]![0], end: at[group]![1] });
    const first = literal(3);
    const second = m[5] !== undefined ? literal(5) : undefined;
    const callStart = m.index;
    const end = callStart + m[0].length;
    if (m[1] === 'source') {
      if (second) out.push({ kind: 'source', start: callStart, end, source: first, table: second });
      continue;
    }
    const call: RefCallText = second ? { kind: 'ref', start: callStart, end, name: second, package: first } : { kind: 'ref', start: callStart, end, name: first };
    if (m[7] !== undefined) call.version = literal(7);
    else if (m[8] !== undefined) call.version = { value: Number(m[8]), start: at[8]![0], end: at[8]![1] };
    out.push(call);
  }
  return out;
}

/** The call whose literal contains the offset (ends inclusive, so a cursor right after the name counts). */
export function callAt(text: string, offset: number): { call: JinjaCallText; literal: Literal; part: 'name' | 'package' | 'source' | 'table' } | undefined {
  // Only the lines around the cursor can hold the call: scan a window, not the whole file.
  const from = Math.max(0, text.lastIndexOf('\n', Math.max(0, offset - 400)));
  const windowEnd = text.indexOf('\n', offset + 400);
  const slice = text.slice(from, windowEnd < 0 ? text.length : windowEnd);
  for (const c of findJinjaCalls(slice)) {
    const call = shift(c, from);
    const parts: [Literal | undefined, 'name' | 'package' | 'source' | 'table'][] =
      call.kind === 'ref' ? [[call.name, 'name'], [call.package, 'package']] : [[call.source, 'source'], [call.table, 'table']];
    for (const [lit, part] of parts) if (lit && offset >= lit.start && offset <= lit.end) return { call, literal: lit, part };
  }
  return undefined;
}

function shift(c: JinjaCallText, by: number): JinjaCallText {
  const lit = (l: Literal): Literal => ({ value: l.value, start: l.start + by, end: l.end + by });
  if (c.kind === 'ref') {
    const ref: RefCallText = { kind: 'ref', start: c.start + by, end: c.end + by, name: lit(c.name), package: c.package && lit(c.package) };
    if (c.version) ref.version = { value: c.version.value, start: c.version.start + by, end: c.version.end + by };
    return ref;
  }
  return { kind: 'source', start: c.start + by, end: c.end + by, source: lit(c.source), table: lit(c.table) };
}
