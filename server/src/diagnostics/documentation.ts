/** undocumented-model: a model of this project without a description. */
import type { Diagnostic } from '../core/diagnostic';
import { diag, modelAnchor, modelsToVisit, type Rule } from './rule_context';

export const documentationRule: Rule = (ctx) => {
  const out: Diagnostic[] = [];
  const own = ctx.analysis.project.config.name;
  for (const m of modelsToVisit(ctx)) {
    if (m.packageName !== own || m.props?.description?.trim()) continue;
    const at = m.props ? { file: m.props.file, range: m.props.nameRange } : { file: m.file, range: modelAnchor(ctx, m.file) };
    out.push(diag('undocumented-model', at.file, at.range, `Model '${m.name}' has no description.`, { data: { node: m.uniqueId, hasProperties: !!m.props } }));
  }
  return out;
};
