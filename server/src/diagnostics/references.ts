/**
 * Broken references and render/parse failures: unresolved-ref,
 * unresolved-source, jinja-error, sql-syntax, yaml-unknown-model.
 */
import type { Diagnostic } from '../core/diagnostic';
import { didYouMean } from '../core/did_you_mean';
import { diag, visit, type Rule } from './rule_context';

export const referenceRules: Rule = (ctx) => {
  const { analysis, lines } = ctx;
  const out: Diagnostic[] = [];
  for (const [id, r] of visit(ctx, analysis.modelResults)) {
    const node = analysis.nodes.get(id)!;
    const file = node.file!;
    // Built on first use: most models have no finding, and a retained line index per model file costs ~1 KB each.
    const li = { rangeOf: (start: number, end: number) => lines.of(file).rangeOf(start, end) };
    const seen = new Set<string>();
    for (const ref of r.refs) {
      const key = `${ref.start}:${ref.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const res = analysis.refIndex.resolve(ref.name, ref.package, ref.version, node.packageName);
      if (res.kind === 'ok') continue;
      const range = li.rangeOf(ref.start, ref.end);
      if (res.kind === 'missing') {
        const hint = res.suggestion ? ` Did you mean '${res.suggestion}'?` : '';
        out.push(diag('unresolved-ref', file, range, `ref('${ref.name}') does not match any model, seed or snapshot.${hint}`, { data: { node: id, name: ref.name, suggestion: res.suggestion } }));
      } else if (res.kind === 'disabled') {
        out.push(diag('unresolved-ref', file, range, `ref('${ref.name}') points at a disabled model (enabled: false); it will not be built.`, { data: { node: id, name: ref.name, disabled: res.uniqueId } }));
      } else if (res.kind === 'bad-version') {
        out.push(diag('unresolved-ref', file, range, `ref('${ref.name}', v=${ref.version}): no such version (known: ${res.versions.join(', ') || 'none'}).`, { data: { node: id, name: ref.name } }));
      }
    }
    for (const s of r.sources) {
      const res = analysis.sourceIndex.resolve(s.source, s.table);
      if (res.kind === 'missing-source') {
        const hint = res.suggestion ? ` Did you mean '${res.suggestion}'?` : '';
        out.push(diag('unresolved-source', file, li.rangeOf(s.sourceStart, s.sourceEnd), `source '${s.source}' is not declared in any properties file.${hint}`, { data: { node: id, source: s.source, suggestion: res.suggestion } }));
      } else if (res.kind === 'missing-table') {
        const hint = res.suggestion ? ` Did you mean '${res.suggestion}'?` : '';
        out.push(diag('unresolved-source', file, li.rangeOf(s.tableStart, s.tableEnd), `source '${s.source}' has no table '${s.table}'.${hint}`, { data: { node: id, source: s.source, table: s.table, suggestion: res.suggestion } }));
      }
    }
    for (const e of r.jinjaErrors) {
      const f = e.file ?? file;
      out.push(diag('jinja-error', f, lines.of(f).rangeOf(e.start, e.end), e.message, { data: { node: id } }));
    }
    // SQL errors after a failed render are noise: the rendered text is incomplete.
    if (!r.jinjaErrors.length) {
      for (const e of r.sqlErrors) out.push(diag('sql-syntax', file, li.rangeOf(e.start, e.end), e.message, { data: { node: id } }));
    }
  }
  // Project-wide findings (not about one node) are only produced by full runs.
  if (ctx.only) return out;
  for (const e of analysis.macros.errors) out.push(diag('jinja-error', e.file, lines.of(e.file).rangeOf(e.start, e.end), e.message));

  const project = analysis.project;
  const known = {
    models: new Set([...project.models, ...project.disabledModels].map((m) => m.name)),
    seeds: new Set(project.seeds.map((s) => s.name)),
    snapshots: new Set(project.snapshots.map((s) => s.name)),
  };
  for (const entry of project.propertyEntries) {
    const names = known[entry.kind];
    if (names.has(entry.name)) continue;
    const suggestion = didYouMean(entry.name, names);
    const what = entry.kind.slice(0, -1);
    out.push(diag('yaml-unknown-model', entry.file, entry.nameRange, `Properties for ${what} '${entry.name}', but no ${what} of that name exists.${suggestion ? ` Did you mean '${suggestion}'?` : ''}`, { data: { suggestion } }));
  }
  return out;
};
