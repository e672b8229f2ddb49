/** cycle: refs that make the graph circular, reported on each ref that closes the loop. */
import type { Diagnostic } from '../core/diagnostic';
import { diag, type Rule } from './rule_context';

export const cycleRule: Rule = (ctx) => {
  const { analysis, lines } = ctx;
  const out: Diagnostic[] = [];
  for (const cycle of analysis.dag.cycles()) {
    const members = new Set(cycle);
    const names = cycle.map((id) => analysis.nodes.get(id)?.name ?? id);
    const path = [...names, names[0]].join(' → ');
    for (const id of cycle) {
      if (!ctx.wants(id)) continue;
      const node = analysis.nodes.get(id)!;
      const r = analysis.modelResults.get(id);
      if (!r || !node.file) continue;
      for (const ref of r.refs) {
        const res = analysis.refIndex.resolve(ref.name, ref.package, ref.version, node.packageName);
        if (res.kind === 'ok' && members.has(res.uniqueId)) {
          out.push(diag('cycle', node.file, lines.of(node.file).rangeOf(ref.start, ref.end), `Circular reference: ${path}`, { data: { node: id, cycle } }));
        }
      }
    }
  }
  return out;
};
