/**
 * A light reading of a model's raw text (Jinja left in place): its CTEs and
 * the table aliases of each FROM/JOIN. Enough to answer "what is `o` in
 * `o.amount`?" for go-to-definition and completion, even while the buffer
 * does not parse. The SQL layer's full analysis stays the source of truth
 * for lineage; this only maps names to what they stand for.
 */
import { findJinjaCalls } from './jinja_calls';
import { isIdentChar } from './words';

export interface CteText {
  name: string;
  nameStart: number;
  /** Inside the parentheses. */
  bodyStart: number;
  bodyEnd: number;
}

export type AliasTarget =
  | { kind: 'ref'; name: string; package?: string; version?: number | string }
  | { kind: 'source'; source: string; table: string }
  | { kind: 'cte'; name: string }
  | { kind: 'table'; name: string };

export interface AliasText {
  /** Lower-cased qualifier usable in the query: the alias, or the table name when unaliased. */
  qualifier: string;
  target: AliasTarget;
  offset: number;
  /** The CTE whose body holds the FROM, or undefined for the main query. */
  scope?: CteText;
}

const NOT_ALIAS = new Set(
  'where on using left right inner outer full cross join natural group order having limit offset union intersect except window qualify select from lateral as and or when then else end pivot unpivot sample tablesample'.split(' '),
);

export function findCtes(text: string): CteText[] {
  const out: CteText[] = [];
  const re = /(?:\bwith(?:\s+recursive)?|,)\s*("?)([A-Za-z_][\w$]*)\1\s*(?:\([^()]*\)\s*)?as\s*(?:(?:not\s+)?materialized\s*)?\(/gi;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const open = m.index + m[0].length - 1;
    const close = matchParen(text, open);
    const nameStart = m.index + m[0].indexOf(m[2], m[0].search(/[A-Za-z_"]/));
    out.push({ name: m[2], nameStart, bodyStart: open + 1, bodyEnd: close });
    re.lastIndex = open + 1;
  }
  return out;
}

/** Offset of the parenthesis closing the one at `open` (skipping strings and comments); text end if unbalanced. */
export function matchParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === "'") {
      i = text.indexOf("'", i + 1);
      if (i < 0) return text.length;
    } else if (c === '-' && text[i + 1] === '-') {
      i = text.indexOf('\n', i);
      if (i < 0) return text.length;
    } else if (c === '(') depth++;
    else if (c === ')') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return text.length;
}

export function findAliases(text: string, ctes: CteText[] = findCtes(text)): AliasText[] {
  const out: AliasText[] = [];
  const cteNames = new Set(ctes.map((c) => c.name.toLowerCase()));
  const re = /\b(from|join)\s+/gi;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    let i = m.index + m[0].length;
    let target: AliasTarget | undefined;
    let implicit: string | undefined;
    if (text.startsWith('{{', i)) {
      const close = text.indexOf('}}', i);
      if (close < 0) continue;
      const call = findJinjaCalls(text.slice(i, close))[0];
      if (call?.kind === 'ref') {
        target = { kind: 'ref', name: call.name.value, package: call.package?.value };
        if (call.version) target.version = call.version.value;
        implicit = call.name.value;
      } else if (call?.kind === 'source') {
        target = { kind: 'source', source: call.source.value, table: call.table.value };
        implicit = call.table.value;
      }
      i = close + 2;
    } else {
      const start = i;
      while (i < text.length && (isIdentChar(text.charCodeAt(i)) || text[i] === '.' || text[i] === '"')) i++;
      const name = text.slice(start, i).replace(/"/g, '');
      if (!name || /^[0-9]/.test(name)) continue;
      const last = name.slice(name.lastIndexOf('.') + 1);
      target = cteNames.has(name.toLowerCase()) ? { kind: 'cte', name } : { kind: 'table', name };
      implicit = last;
    }
    if (!target) continue;
    const aliasMatch = /^\s+(?:as\s+)?("?)([A-Za-z_][\w$]*)\1/i.exec(text.slice(i, i + 200));
    const alias = aliasMatch && !NOT_ALIAS.has(aliasMatch[2].toLowerCase()) ? aliasMatch[2] : undefined;
    const scope = ctes.find((c) => m!.index >= c.bodyStart && m!.index < c.bodyEnd);
    if (alias) out.push({ qualifier: alias.toLowerCase(), target, offset: m.index, scope });
    if (implicit) out.push({ qualifier: implicit.toLowerCase(), target, offset: m.index, scope });
  }
  return out;
}

/** What a qualifier means at an offset: the alias of the same CTE (or main query) wins over others. */
export function resolveQualifier(text: string, qualifier: string, offset: number): AliasTarget | undefined {
  const ctes = findCtes(text);
  const aliases = findAliases(text, ctes).filter((a) => a.qualifier === qualifier.toLowerCase());
  if (!aliases.length) {
    // A CTE named directly (`customers.id` with `from customers`) was handled above; a bare CTE name still resolves.
    const cte = ctes.find((c) => c.name.toLowerCase() === qualifier.toLowerCase());
    return cte ? { kind: 'cte', name: cte.name } : undefined;
  }
  const here = ctes.find((c) => offset >= c.bodyStart && offset < c.bodyEnd);
  return (aliases.find((a) => a.scope === here) ?? aliases[0]).target;
}
