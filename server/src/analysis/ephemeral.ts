/**
 * The SQL a build or a preview runs for a node: its compiled SQL with the
 * ephemeral models it reads inlined as CTEs, as dbt injects them
 * (`with __dbt__cte__<name> as (...)`). The analysis renders ref() of an
 * ephemeral model as the relation it would have, where nothing is ever built,
 * so running the compiled SQL as it is failed with "table does not exist".
 */
import type { AnalyzedNode, ProjectAnalysis } from './api';
import type { Relation } from '../jinja/api';
import { renderRelation } from '../jinja/relation';

export function isEphemeral(n: AnalyzedNode | undefined): boolean {
  return n?.resourceType === 'model' && n.materialized === 'ephemeral';
}

/**
 * `sql` (the node's compiled SQL) with the ephemeral models it names inlined;
 * unchanged when it names none. Throws when one of them has no compiled SQL.
 */
export function withEphemeralsInlined(analysis: ProjectAnalysis, node: AnalyzedNode, sql: string): string {
  return inlineEphemerals(analysis, node, sql).sql;
}

/**
 * As `withEphemeralsInlined`, also naming the ephemeral models inlined (so
 * the compiled-SQL view can list their render errors with the node's own).
 */
export function inlineEphemerals(analysis: ProjectAnalysis, node: AnalyzedNode, sql: string): { sql: string; inlined: AnalyzedNode[] } {
  const used = ephemeralsRead(analysis, node, sql);
  if (used.length === 0) return { sql, inlined: [] };
  const inlined = used.map((u) => u.node);
  return { sql: prependCtes(replaceRelations(withoutClosingSemicolon(sql), inlined), used.map((u) => `${u.name} as (\n${u.sql}\n)`)), inlined };
}

/** A CTE to inject: its name, and its body naming the ephemeral models it reads by their CTE names. */
export interface EphemeralCte {
  name: string;
  sql: string;
}

/**
 * An ephemeral model as CTEs a query can read it through (what dbt injects
 * into a test on an ephemeral model): the ephemeral models it reads, each
 * after the ones it reads, then itself, last, named `name`. Throws when one
 * of them has no compiled SQL.
 */
export function ephemeralAsCtes(analysis: ProjectAnalysis, node: AnalyzedNode): { name: string; ctes: EphemeralCte[] } {
  const own = withoutClosingSemicolon(analysis.compiledSql(node.uniqueId) ?? '');
  if (!own.trim()) throw new Error(noSql(node));
  const used = ephemeralsRead(analysis, node, own);
  const self = { node, name: cteName(node), sql: replaceRelations(own, used.map((u) => u.node)) };
  return { name: self.name, ctes: [...used, self].map(({ name, sql }) => ({ name, sql })) };
}

/**
 * The ephemeral models `sql` (the node's compiled SQL) reads, directly or
 * through each other, each after the ones it reads, with their bodies ready
 * to be CTEs (relations of the others replaced by their CTE names).
 */
function ephemeralsRead(analysis: ProjectAnalysis, node: AnalyzedNode, sql: string): { node: AnalyzedNode; name: string; sql: string }[] {
  const chain = ephemeralAncestors(analysis, node);
  if (chain.length === 0) return [];
  // Walking back from the nearest: an ephemeral is inlined when the node or an inlined one names it
  // (a parent listed but not read is left out).
  const texts = [sql];
  const used: { node: AnalyzedNode; body: string }[] = [];
  for (let i = chain.length - 1; i >= 0; i--) {
    const e = chain[i];
    if (!printedForms(e.relation).some((p) => texts.some((t) => t.includes(p)))) continue;
    const body = withoutClosingSemicolon(analysis.compiledSql(e.uniqueId) ?? '');
    if (!body.trim()) throw new Error(noSql(e));
    texts.push(body);
    used.unshift({ node: e, body });
  }
  const inlined = used.map((u) => u.node);
  // Each body may name earlier ephemerals too; the caller's newline before `)` keeps a trailing line comment inside the parentheses.
  return used.map((u) => ({ node: u.node, name: cteName(u.node), sql: replaceRelations(u.body, inlined) }));
}

function noSql(e: AnalyzedNode): string {
  return `ephemeral model ${e.uniqueId} has no compiled SQL to inline (see its diagnostics)`;
}

/** Ephemeral models the node reads, directly or through other ephemerals, each after the ones it reads. */
function ephemeralAncestors(analysis: ProjectAnalysis, node: AnalyzedNode): AnalyzedNode[] {
  const out: AnalyzedNode[] = [];
  const seen = new Set<string>([node.uniqueId]);
  const visit = (n: AnalyzedNode, depth: number) => {
    if (depth > 1000) return; // a cycle of ephemerals is reported by the analysis; do not recurse forever
    for (const p of n.parents) {
      const parent = analysis.nodes.get(p);
      if (!isEphemeral(parent) || seen.has(p)) continue;
      seen.add(p);
      visit(parent!, depth + 1);
      out.push(parent!);
    }
  };
  visit(node, 0);
  return out;
}

function cteName(n: AnalyzedNode): string {
  return `__dbt__cte__${n.name}`;
}

/** Without the statement's closing `;` (which cannot sit inside a CTE), even when whole-line comments follow it. */
export function withoutClosingSemicolon(sql: string): string {
  const out = sql.replace(/[\s;]+$/, '');
  // Only comments that start a line: `'a;--b'` ends in a string, not a comment.
  const m = /;\s*(?:\n[ \t]*--[^\n]*\s*)+$/.exec(out);
  return m ? withoutClosingSemicolon(out.slice(0, m.index) + out.slice(m.index + 1)) : out;
}

/** How ref() prints the relation: double quotes, or BigQuery's backticks. */
function printedForms(r: Relation): string[] {
  return [...new Set([renderRelation(r), renderRelation(r, 'bigquery')])];
}

/** Every printed form of each relation becomes its CTE's name. */
function replaceRelations(sql: string, nodes: AnalyzedNode[]): string {
  let out = sql;
  for (const e of nodes) for (const printed of printedForms(e.relation)) out = out.split(printed).join(cteName(e));
  return out;
}

/** Leading whitespace and comments, then an optional `with [recursive]`. */
const HEAD = /^((?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*)(with\s+(?:recursive\s+)?)?/i;

/** Joins the CTEs (`name as (...)`) to the query's own WITH clause, or gives it one. */
export function prependCtes(sql: string, ctes: string[]): string {
  const m = HEAD.exec(sql)!;
  const lead = m[1];
  const rest = sql.slice(m[0].length);
  return m[2] ? `${lead}${m[2]}${ctes.join(',\n')},\n${rest}` : `${lead}with ${ctes.join(',\n')}\n${rest}`;
}
