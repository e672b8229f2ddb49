/**
 * Schema drift between what properties YAML declares and what the SQL
 * produces: drift-declared-not-produced (on the YAML line, naming the
 * downstream models that use the column), drift-undeclared-column (on the
 * select item), drift-type-mismatch (contract data_type vs inferred type).
 */
import type { Diagnostic, RelatedLocation } from '../core/diagnostic';
import { diag, type Rule, type RuleContext } from './rule_context';
import { typesCompatible } from './types_compat';

export const driftRules: Rule = (ctx) => {
  const out: Diagnostic[] = [];
  const { analysis, lines } = ctx;
  const usersOf = columnUsers(ctx);
  for (const m of analysis.project.models) {
    const r = analysis.modelResults.get(m.uniqueId);
    const declared = m.props?.columns ?? [];
    if (!r || !declared.length) continue;
    // Without a clean render and parse, "not produced" would be a guess.
    if (r.jinjaErrors.length || r.sqlErrors.length) continue;
    const produced = new Map(r.columns.map((c) => [c.name.toLowerCase(), c]));
    if (r.columnsComplete) {
      for (const d of declared) {
        if (produced.has(d.name.toLowerCase())) continue;
        const users = usersOf.get(`${m.uniqueId}\u0000${d.name.toLowerCase()}`) ?? [];
        const related: RelatedLocation[] = users.map((u) => ({ file: u.file, range: lines.of(u.file).rangeOf(u.start, u.end), message: `${u.name} uses ${m.name}.${d.name}` }));
        const broken = users.length ? ` Breaks downstream: ${[...new Set(users.map((u) => u.name))].join(', ')}.` : '';
        out.push(diag('drift-declared-not-produced', d.file, d.nameRange, `Column '${d.name}' is declared for '${m.name}' but its SQL does not produce it.${broken}`, { related, data: { node: m.uniqueId, column: d.name, produced: [...produced.values()].map((c) => c.name) } }));
      }
    }
    const declaredNames = new Map(declared.map((d) => [d.name.toLowerCase(), d]));
    const li = lines.of(m.file);
    for (const c of r.columns) {
      const d = declaredNames.get(c.name.toLowerCase());
      if (!d) {
        out.push(diag('drift-undeclared-column', m.file, li.rangeOf(c.start, c.end), `Column '${c.name}' is produced by '${m.name}' but not declared in ${m.props!.file}.`, { data: { node: m.uniqueId, column: c.name, type: c.type, propertiesFile: m.props!.file } }));
        continue;
      }
      if (m.config.contractEnforced && d.dataType && c.type && !typesCompatible(d.dataType, c.type)) {
        out.push(diag('drift-type-mismatch', m.file, li.rangeOf(c.start, c.end), `Column '${c.name}' is ${c.type} but the contract declares ${d.dataType}.`, { related: [{ file: d.file, range: d.nameRange, message: `declared as ${d.dataType}` }], data: { node: m.uniqueId, column: c.name } }));
      }
    }
  }
  return out;
};

/** (node, column) → downstream select items that read it. */
function columnUsers(ctx: RuleContext) {
  // Offsets only: ranges are computed for the few users a diagnostic names.
  const users = new Map<string, { name: string; file: string; start: number; end: number }[]>();
  for (const [id, r] of ctx.analysis.modelResults) {
    const node = ctx.analysis.nodes.get(id)!;
    for (const c of r.columns) {
      for (const [up, col] of c.lineage) {
        const key = `${up}\u0000${col.toLowerCase()}`;
        const list = users.get(key) ?? [];
        list.push({ name: node.name, file: node.file!, start: c.start, end: c.end });
        users.set(key, list);
      }
    }
  }
  return users;
}
