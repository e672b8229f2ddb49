/**
 * The DAG rules of dbt-project-evaluator that can be decided statically:
 * direct-join-to-source, staging-depends-on-downstream, root-model,
 * model-fanout, rejoining-upstream-concepts, unused-source, hard-coded-reference.
 */
import type { Diagnostic } from '../core/diagnostic';
import { diag, isStaging, layerOf, modelAnchor, visit, type Rule } from './rule_context';

/** dbt-project-evaluator's default: more than 3 direct leaf children is a fan-out. */
export const FANOUT_THRESHOLD = 3;

export const dagRules: Rule = (ctx) => {
  const out: Diagnostic[] = [];
  const { analysis, lines } = ctx;
  const own = analysis.project.config.name;
  const nodes = analysis.nodes;

  for (const [id, r] of visit(ctx, analysis.modelResults)) {
    const node = nodes.get(id)!;
    if (node.resourceType !== 'model' || node.packageName !== own) continue;
    const file = node.file!;
    // Built on first use: most models have no finding, and a retained line index per model file costs ~1 KB each.
    const li = { rangeOf: (start: number, end: number) => lines.of(file).rangeOf(start, end) };
    const parentNodes = node.parents.map((p) => nodes.get(p)!).filter(Boolean);
    const sourceParents = parentNodes.filter((p) => p.resourceType === 'source');
    const modelParents = parentNodes.filter((p) => p.resourceType !== 'source');

    if (sourceParents.length && modelParents.length) {
      for (const s of r.sources) {
        out.push(diag('direct-join-to-source', file, li.rangeOf(s.start, s.end), `'${node.name}' joins source '${s.source}.${s.table}' directly alongside other models; select from a staging model instead.`, { data: { node: id } }));
      }
    }

    if (isStaging(node)) {
      for (const ref of r.refs) {
        const res = analysis.refIndex.resolve(ref.name, ref.package, ref.version, node.packageName);
        if (res.kind !== 'ok') continue;
        const parent = nodes.get(res.uniqueId)!;
        const layer = layerOf(parent);
        if (parent.resourceType === 'model' && (layer === 'intermediate' || layer === 'marts')) {
          out.push(diag('staging-depends-on-downstream', file, li.rangeOf(ref.start, ref.end), `Staging model '${node.name}' depends on ${layer} model '${parent.name}'; staging models should read only sources (or other staging models).`, { data: { node: id } }));
        }
      }
    }

    if (node.parents.length === 0 && !r.jinjaErrors.length && r.refs.length === 0 && r.sources.length === 0) {
      out.push(diag('root-model', file, modelAnchor(ctx, file), `'${node.name}' has no ref() or source(): its lineage starts nowhere. Select from a source or a model.`, { data: { node: id } }));
    }

    const leafChildren = node.children.filter((c) => {
      const child = nodes.get(c);
      return child?.resourceType === 'model' && child.children.length === 0;
    });
    if (leafChildren.length > FANOUT_THRESHOLD) {
      out.push(diag('model-fanout', file, modelAnchor(ctx, file), `'${node.name}' feeds ${leafChildren.length} leaf models directly (more than ${FANOUT_THRESHOLD}); consider an intermediate model they share.`, { data: { node: id, children: leafChildren } }));
    }

    // A parent P feeds this model both directly and through a child C whose only child is this model.
    const parentSet = new Set(node.parents);
    for (const ref of r.refs) {
      const res = analysis.refIndex.resolve(ref.name, ref.package, ref.version, node.packageName);
      if (res.kind !== 'ok') continue;
      const p = res.uniqueId;
      const via = nodes.get(p)!.children.find((c) => c !== id && parentSet.has(c) && nodes.get(c)!.children.length === 1 && nodes.get(c)!.parents.includes(p));
      if (via) {
        out.push(diag('rejoining-upstream-concepts', file, li.rangeOf(ref.start, ref.end), `'${node.name}' reads '${nodes.get(p)!.name}' both directly and through '${nodes.get(via)!.name}', whose only consumer it is; fold one path into the other.`, { data: { node: id, parent: p, via } }));
      }
    }

    for (const t of r.tables) {
      if (t.fromJinja) continue;
      const target = t.node ? nodes.get(t.node) : undefined;
      const fix = target ? (target.resourceType === 'source' ? ` Use {{ source('${analysis.project.sources.find((s) => s.uniqueId === target.uniqueId)?.sourceName}', '${target.name}') }}.` : ` Use {{ ref('${target.name}') }}.`) : '';
      out.push(diag('hard-coded-reference', file, li.rangeOf(t.start, t.end), `Hard-coded table reference '${t.name}': lineage and environments break.${fix}`, { data: { node: id, table: t.name, target: target?.uniqueId } }));
    }
  }

  for (const [, node] of visit(ctx, nodes)) {
    if (node.resourceType !== 'source' || node.packageName !== own) continue;
    if (node.children.length === 0) out.push(diag('unused-source', node.file!, node.range!, `Source table '${node.name}' is declared but no model uses it.`, { data: { node: node.uniqueId } }));
  }
  return out;
};
