/**
 * The SQL a build or a preview runs for a node: its compiled SQL with the
 * ephemeral models it reads inlined as CTEs, as dbt injects them
 * (`with __dbt__cte__<name> as (...)`). The analysis renders ref() of an
 * ephemeral model as the relation it would have, where nothing is ever built,
 * so running the compiled SQL as it is failed with "table does not exist".
 */
import type { AnalyzedNode, ProjectAnalysis } from '../analysis/api';
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
  const chain = ephemeralAncestors(analysis, node);
  if (chain.length === 0) return { sql, inlined: [] };
  // Walking back from the nearest: an ephemeral is inlined when the node or an inlined one names it
  // (a parent listed but not read is left out).
  const texts = [sql];
  const used: { node: AnalyzedNode; body: string }[] = [];
  for (let i = chain.length - 1; i >= 0; i--) {
    const e = chain[i];
    if (!printedForms(e.relation).some((p) => texts.some((t) => t.includes(p)))) continue;
    const body = stripTrailing(analysis.compiledSql(e.uniqueId) ?? '');
    if (!body.trim()) throw new Error(`ephemeral model ${e.uniqueId} has no compiled SQL to inline (see its diagnostics)`);
    texts.push(body);
    used.unshift({ node: e, body });
  }
  if (used.length === 0) return { sql, inlined: [] };
  const inlined = used.map((u) => u.node);
  // Each body may name earlier ephemerals too; the newline keeps a trailing line comment inside the parentheses.
  const ctes = used.map((u) => `${cteName(u.node)} as (\n${replaceRelations(u.body, inlined)}\n)`);
  return { sql: prependCtes(replaceRelations(stripTrailing(sql), inlined), ctes), inlined };
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

function stripTrailing(sql: string): string {
  return sql.replace(/[\s;]+$/, '');
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

/** Joins the CTEs to the query's own WITH clause, or gives it one. */
function prependCtes(sql: string, ctes: string[]): string {
  const m = HEAD.exec(sql)!;
  const lead = m[1];
  const rest = sql.slice(m[0].length);
  return m[2] ? `${lead}${m[2]}${ctes.join(',\n')},\n${rest}` : `${lead}with ${ctes.join(',\n')}\n${rest}`;
}
