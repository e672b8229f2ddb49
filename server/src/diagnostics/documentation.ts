/**
 * undocumented-model: a model of this project without a description.
 *
 * The versions of a versioned model are nodes of their own, but they share
 * the model's one properties entry (every version's properties point at its
 * `name:`), so a missing description is reported once per model there, not
 * once per version on the same line. When some versions have their own
 * description, each version without one is reported on its own `v:` entry,
 * where the description it lacks would go.
 */
import type { Diagnostic } from '../core/diagnostic';
import type { ModelDef } from '../project/types';
import { diag, modelAnchor, modelsToVisit, versionSiblings, type Rule, type RuleContext } from './rule_context';

export const documentationRule: Rule = (ctx) => {
  const out: Diagnostic[] = [];
  const own = ctx.analysis.project.config.name;
  let versions: VersionsOf | undefined;
  for (const m of modelsToVisit(ctx)) {
    if (m.packageName !== own || m.props?.description?.trim()) continue;
    if (m.version !== undefined && m.props) {
      const d = undocumentedVersion(m, (versions ??= versionSiblings(ctx)));
      if (d) out.push(d);
      continue;
    }
    const at = m.props ? { file: m.props.file, range: m.props.nameRange } : { file: m.file, range: modelAnchor(ctx, m.file) };
    out.push(diag('undocumented-model', at.file, at.range, `Model '${m.name}' has no description.`, { data: { node: m.uniqueId, hasProperties: !!m.props } }));
  }
  return out;
};

type VersionsOf = (m: ModelDef) => ModelDef[];

/** The finding for version `m`, which has no description (neither its own nor the model's). */
function undocumentedVersion(m: ModelDef, versionsOf: VersionsOf): Diagnostic | undefined {
  const props = m.props!;
  const siblings = versionsOf(m);
  // The model has no description (m would inherit it), so a described sibling has its own.
  if (siblings.some((s) => s.props?.description?.trim())) {
    const entry = props.versions?.find((v) => String(v.v) === String(m.version));
    const range = entry?.range ?? props.nameRange;
    return diag('undocumented-model', props.file, range, `Version ${m.version} of model '${m.name}' has no description (other versions have their own).`, { data: { node: m.uniqueId, hasProperties: true } });
  }
  // None has one: one finding on the model's name, carried by the version ref('name') resolves to.
  const latest = props.latestVersion === undefined ? undefined : String(props.latestVersion);
  const reporter = siblings.find((s) => String(s.version) === latest) ?? siblings[0];
  if (reporter.uniqueId !== m.uniqueId) return undefined;
  return diag('undocumented-model', props.file, props.nameRange, `Model '${m.name}' has no description (nor has any of its ${siblings.length} versions).`, { data: { node: m.uniqueId, hasProperties: true } });
}
