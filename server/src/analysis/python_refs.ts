/**
 * What a dbt Python model depends on: its `dbt.ref(...)` and `dbt.source(...)`
 * calls with literal arguments, and `dbt.config(...)` keyword literals, read
 * from the code without running it (there is no Python here). Calls built
 * from variables are not seen, as dbt's own parser does not see them either.
 */
import type { RefCall, SourceCall, StaticExtraction } from '../jinja/api';

const STRING = String.raw`(?:'([^'\\\n]*)'|"([^"\\\n]*)")`;
const CALL = new RegExp(String.raw`\bdbt\s*\.\s*(ref|source|config)\s*\(`, 'g');
const ARG = new RegExp(String.raw`\s*(?:(\w+)\s*=\s*)?(?:${STRING}|(\d+)|(True|False))\s*(,|\))`, 'y');

export function extractPythonModel(code: string): StaticExtraction {
  const text = withoutComments(code);
  const refs: RefCall[] = [];
  const sources: SourceCall[] = [];
  const config: Record<string, unknown> = {};
  for (const m of text.matchAll(CALL)) {
    const args = readArgs(text, m.index + m[0].length);
    if (!args) continue;
    const positional = args.list.filter((a) => a.key === undefined && typeof a.value === 'string');
    const end = args.end;
    if (m[1] === 'ref' && positional.length >= 1 && positional.length <= 2) {
      const name = positional[positional.length - 1];
      const version = args.list.find((a) => a.key === 'v' || a.key === 'version')?.value;
      refs.push({
        name: name.value as string,
        package: positional.length === 2 ? (positional[0].value as string) : undefined,
        version: typeof version === 'string' || typeof version === 'number' ? version : undefined,
        start: m.index,
        end,
        nameStart: name.start,
        nameEnd: name.end,
      });
    } else if (m[1] === 'source' && positional.length === 2) {
      const [source, table] = positional;
      sources.push({ source: source.value as string, table: table.value as string, start: m.index, end, sourceStart: source.start, sourceEnd: source.end, tableStart: table.start, tableEnd: table.end });
    } else if (m[1] === 'config') {
      for (const a of args.list) if (a.key !== undefined) config[a.key] = a.value;
    }
  }
  return { refs, sources, config, needsRender: false };
}

interface Arg {
  key?: string;
  value: string | number | boolean;
  /** Offsets of a string literal's text, without quotes. */
  start: number;
  end: number;
}

/** Literal arguments up to the closing parenthesis; undefined when any argument is not a literal. */
function readArgs(text: string, from: number): { list: Arg[]; end: number } | undefined {
  const list: Arg[] = [];
  let at = from;
  if (/^\s*\)/.test(text.slice(at, at + 64))) return { list, end: text.indexOf(')', at) + 1 };
  for (;;) {
    ARG.lastIndex = at;
    const m = ARG.exec(text);
    if (!m) return undefined;
    const quoted = m[2] ?? m[3];
    if (quoted !== undefined) {
      // The literal's text starts after its opening quote (a keyword before it has no quotes).
      const start = m.index + m[0].indexOf(m[2] !== undefined ? "'" : '"') + 1;
      list.push({ key: m[1], value: quoted, start, end: start + quoted.length });
    } else {
      list.push({ key: m[1], value: m[4] !== undefined ? Number(m[4]) : m[5] === 'True', start: m.index, end: m.index });
    }
    at = ARG.lastIndex;
    if (m[6] === ')') return { list, end: at };
  }
}

/** `# …` comments blanked out (same length, so offsets hold); quotes are respected. */
function withoutComments(code: string): string {
  let out = '';
  let quote: string | undefined;
  for (let i = 0; i < code.length; i++) {
    const ch = code[i];
    if (quote) {
      if (ch === '\\') {
        out += ch + (code[i + 1] ?? '');
        i++;
        continue;
      }
      if (ch === quote || ch === '\n') quote = undefined;
      out += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      out += ch;
    } else if (ch === '#') {
      const nl = code.indexOf('\n', i);
      const stop = nl < 0 ? code.length : nl;
      out += ' '.repeat(stop - i);
      i = stop - 1;
    } else out += ch;
  }
  return out;
}
