/**
 * Schema drift between what properties YAML declares and what the SQL
 * produces: drift-declared-not-produced (on the YAML line, naming the
 * downstream models that use the column), drift-undeclared-column (on the
 * select item), drift-type-mismatch (contract data_type vs inferred type).
 */
import type { Diagnostic, RelatedLocation } from '../core/diagnostic';
import { diag, modelLabel, modelsToVisit, type Rule, type RuleContext } from './rule_context';
import { typesCompatible } from './types_compat';
import type { ColumnDecl } from '../project/types';

export const driftRules: Rule = (ctx) => {
  const out: Diagnostic[] = [];
  const { analysis, lines } = ctx;
  const missing: { m: (typeof analysis.project.models)[number]; d: ColumnDecl; produced: string[] }[] = [];
  for (const m of modelsToVisit(ctx)) {
    const r = analysis.modelResults.get(m.uniqueId);
    const declared = m.props?.columns ?? [];
    if (!r || !declared.length) continue;
    // Without a clean render and parse, "not produced" would be a guess.
    if (r.jinjaErrors.length || r.sqlErrors.length) continue;
    const declaredNames = new Map(declared.map((d) => [d.name.toLowerCase(), d]));
    if (r.columnsComplete) {
      const produced = new Set(r.columns.map((c) => c.name.toLowerCase()));
      for (const d of declared) if (!produced.has(d.name.toLowerCase())) missing.push({ m, d, produced: r.columns.map((c) => c.name) });
    }
    for (const c of r.columns) {
      const d = declaredNames.get(c.name.toLowerCase());
      if (!d) {
        out.push(diag('drift-undeclared-column', m.file, c.range ?? lines.of(m.file).rangeOf(c.start, c.end), `Column '${c.name}' is produced by '${modelLabel(m)}' but not declared in ${m.props!.file}.`, { data: { node: m.uniqueId, column: c.name, type: c.type, propertiesFile: m.props!.file } }));
        continue;
      }
      if (m.config.contractEnforced && d.dataType && c.type && !typesCompatible(d.dataType, c.type)) {
        out.push(diag('drift-type-mismatch', m.file, c.range ?? lines.of(m.file).rangeOf(c.start, c.end), `Column '${c.name}' is ${c.type} but the contract declares ${d.dataType}.`, { related: [{ file: d.file, range: d.nameRange, message: `declared as ${d.dataType}` }], data: { node: m.uniqueId, column: c.name } }));
      }
    }
  }
  if (!missing.length) return out;
  const users = columnUsers(ctx, missing.map(({ m, d }) => [m.uniqueId, d.name]));
  for (const { m, d, produced } of missing) {
    const readers = users.get(m.uniqueId)?.get(d.name.toLowerCase()) ?? [];
    const related: RelatedLocation[] = readers.map((u) => ({ file: u.file, range: lines.of(u.file).rangeOf(u.start, u.end), message: `${u.name} uses ${m.name}.${d.name}` }));
    const broken = readers.length ? ` Breaks downstream: ${[...new Set(readers.map((u) => u.name))].join(', ')}.` : '';
    out.push(diag('drift-declared-not-produced', d.file, d.nameRange, `Column '${d.name}' is declared for '${modelLabel(m)}' but its SQL does not produce it.${broken}`, { related, data: { node: m.uniqueId, column: d.name, produced } }));
  }
  return out;
};

interface ColumnReader {
  name: string;
  file: string;
  start: number;
  end: number;
}

/** For the given (node, column) pairs only: the downstream select items that read them. */
function columnUsers(ctx: RuleContext, wanted: [string, string][]): Map<string, Map<string, ColumnReader[]>> {
  const users = new Map<string, Map<string, ColumnReader[]>>();
  for (const [node, column] of wanted) {
    let cols = users.get(node);
    if (!cols) users.set(node, (cols = new Map()));
    cols.set(column.toLowerCase(), []);
  }
  // Only the children of affected nodes can read their columns.
  for (const upstream of users.keys()) {
    for (const childId of ctx.analysis.nodes.get(upstream)?.children ?? []) {
      const r = ctx.analysis.modelResults.get(childId);
      const child = ctx.analysis.nodes.get(childId);
      if (!r || !child) continue;
      for (const c of r.columns) {
        for (const { node: up, column: col } of c.lineage) {
          if (up !== upstream) continue;
          const list = users.get(up)!.get(col.toLowerCase());
          if (list) list.push({ name: child.name, file: child.file!, start: c.start, end: c.end });
        }
      }
    }
  }
  return users;
}
