/**
 * missing-tests: a model or source table with no test at all.
 * missing-pk-tests: the primary key (from a unique test, a constraint, or by
 * convention `id` / `<model>_id`) lacks unique + not_null.
 */
import type { Diagnostic } from '../core/diagnostic';
import type { AnalyzedNode } from '../analysis/api';
import type { Range } from '../core/text';
import type { ColumnDecl, ConstraintDecl, ModelDef, NodeProperties } from '../project/types';
import { diag, modelLabel, nodeAnchor, singularTestCalls, versionSiblings, visit, type Rule, type RuleContext } from './rule_context';

export const testCoverageRules: Rule = (ctx) => {
  const out: Diagnostic[] = [];
  const singularTested = singularTestTargets(ctx);
  const isTested = (node: AnalyzedNode) => node.tests.length > 0 || singularTested.has(node.uniqueId) || ctx.checkedNodes.has(node.uniqueId);
  let versions: ((m: ModelDef) => ModelDef[]) | undefined;
  for (const [, node] of visit(ctx, ctx.analysis.nodes)) {
    if (node.resourceType !== 'model' && node.resourceType !== 'source') continue;
    if (node.packageName !== ctx.analysis.project.config.name) continue;
    const def = node.resourceType === 'model' ? ctx.analysis.modelDefs.get(node.uniqueId) : undefined;
    if (!isTested(node)) {
      const at = nodeAnchor(ctx, node);
      const what = node.resourceType === 'source' ? `Source table '${node.name}'` : `Model '${def ? modelLabel(def) : node.name}'`;
      out.push(diag('missing-tests', at.file, at.range, `${what} has no tests. Add at least unique + not_null on its key, or a check file.`, { data: { node: node.uniqueId } }));
      continue;
    }
    if (node.resourceType !== 'model') continue;
    if (def?.version === undefined) {
      const d = missingPkTests(ctx, node, def?.props, node.name);
      if (d) out.push(d);
      continue;
    }
    const d = missingPkTestsOfVersion(ctx, def, node, (versions ??= versionSiblings(ctx)), isTested);
    if (d) out.push(d);
  }
  return out;
};

const sameRange = (a: Range, b: Range) => a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;

/**
 * missing-pk-tests for one version. Versions keeping the base's key column
 * share its declaration (and its tests), so the finding there is reported
 * once, by the latest of the versions that have it (else the first), and
 * names the model; a key declared on the version's own entry, or found
 * only in its SQL, is the version's own finding and names the version.
 */
function missingPkTestsOfVersion(ctx: RuleContext, def: ModelDef, node: AnalyzedNode, versionsOf: (m: ModelDef) => ModelDef[], isTested: (n: AnalyzedNode) => boolean): Diagnostic | undefined {
  const siblings = versionsOf(def);
  const pk = primaryKeyOf(node, def.props);
  const decl = pk?.decl;
  const shared = !!decl && siblings.some((s) => s !== def && (s.props?.columns ?? []).some((c) => c.file === decl.file && sameRange(c.nameRange, decl.nameRange)));
  const d = missingPkTests(ctx, node, def.props, shared ? def.name : modelLabel(def));
  if (!d || !shared) return d;
  const sharers = siblings.filter((s) => {
    if (s === def) return true;
    const n = ctx.analysis.nodes.get(s.uniqueId);
    if (!n || !isTested(n)) return false;
    const other = missingPkTests(ctx, n, s.props, s.name);
    return !!other && other.file === d.file && sameRange(other.range, d.range) && other.message === d.message;
  });
  const latest = def.props?.latestVersion === undefined ? undefined : String(def.props.latestVersion);
  const reporter = sharers.find((s) => String(s.version) === latest) ?? sharers[0];
  return reporter === def ? d : undefined;
}

// Singular tests only change with a full reload (a new project object), so their targets are memoised by it.
const singularMemo = new WeakMap<object, Set<string>>();

function singularTestTargets(ctx: RuleContext): Set<string> {
  const hit = singularMemo.get(ctx.analysis.project.singularTests);
  if (hit) return hit;
  const out = computeSingularTargets(ctx);
  singularMemo.set(ctx.analysis.project.singularTests, out);
  return out;
}

function computeSingularTargets(ctx: RuleContext): Set<string> {
  const out = new Set<string>();
  const a = ctx.analysis;
  // The static extractor reads what a pattern missed: ref('pkg', 'x'), ref('x', v=2) (a version is a node
  // of its own) and source('s', 't'), which makes the test one of the source table's, as in dbt.
  for (const t of a.project.singularTests) {
    const st = singularTestCalls(t);
    for (const ref of st.refs) {
      const r = a.refIndex.resolve(ref.name, ref.package, ref.version, a.project.config.name);
      if (r.kind === 'ok') out.add(r.uniqueId);
    }
    for (const src of st.sources) {
      const r = a.sourceIndex.resolve(src.source, src.table);
      if (r.kind === 'ok') out.add(r.uniqueId);
    }
  }
  return out;
}

function singular(name: string): string {
  if (name.endsWith('ies')) return name.slice(0, -3) + 'y';
  if (name.endsWith('ses')) return name.slice(0, -2);
  if (name.endsWith('s')) return name.slice(0, -1);
  return name;
}

/** The primary-key column: declared by a constraint or a unique test, else by naming convention. */
export function primaryKeyOf(node: AnalyzedNode, p: NodeProperties | undefined): { column: string; decl?: ColumnDecl; how: string } | undefined {
  const cols = p?.columns ?? [];
  const hasConstraint = (c: { constraints: ConstraintDecl[] }, type: string) => c.constraints.some((k) => k.type === type);
  for (const c of cols) if (hasConstraint(c, 'primary_key')) return { column: c.name, decl: c, how: 'a primary_key constraint' };
  for (const k of p?.constraints ?? []) {
    if (k.type === 'primary_key' && k.columns?.length === 1) return { column: k.columns[0], decl: cols.find((c) => c.name === k.columns![0]), how: 'a primary_key constraint' };
  }
  for (const c of cols) if (c.tests.some((t) => t.name === 'unique') || hasConstraint(c, 'unique')) return { column: c.name, decl: c, how: 'its unique test' };
  const base = node.name.replace(/^(stg|int|fct|dim)_/, '');
  const conventional = ['id', `${base}_id`, `${singular(base)}_id`];
  const produced = new Map(node.columns.map((c) => [c.name.toLowerCase(), c.name]));
  for (const name of conventional) {
    const hit = produced.get(name);
    if (hit) return { column: hit, decl: cols.find((c) => c.name.toLowerCase() === name), how: 'naming convention' };
  }
  return undefined;
}

function missingPkTests(ctx: RuleContext, node: AnalyzedNode, p: NodeProperties | undefined, label: string): Diagnostic | undefined {
  const pk = primaryKeyOf(node, p);
  if (!pk) return undefined;
  const decl = pk.decl;
  const testNames = new Set((decl?.tests ?? []).map((t) => t.name));
  const constraintTypes = new Set((decl?.constraints ?? []).map((k) => k.type));
  // A model-level unique_combination_of_columns over exactly the key also counts as unique.
  const modelLevelUnique = (p?.tests ?? []).some((t) => /unique_combination_of_columns$/.test(t.name) && Array.isArray(t.args.combination_of_columns) && (t.args.combination_of_columns as unknown[]).length === 1 && t.args.combination_of_columns[0] === pk.column);
  const hasUnique = testNames.has('unique') || constraintTypes.has('unique') || constraintTypes.has('primary_key') || modelLevelUnique;
  const hasNotNull = testNames.has('not_null') || constraintTypes.has('not_null') || constraintTypes.has('primary_key');
  if (hasUnique && hasNotNull) return undefined;
  const missing = [!hasUnique && 'unique', !hasNotNull && 'not_null'].filter(Boolean) as string[];
  const at = decl ? { file: decl.file, range: decl.nameRange } : nodeAnchor(ctx, node);
  return diag('missing-pk-tests', at.file, at.range, `Primary key '${pk.column}' of '${label}' (found by ${pk.how}) lacks ${missing.join(' and ')} test${missing.length > 1 ? 's' : ''}.`, {
    data: { node: node.uniqueId, column: pk.column, missing, declared: !!decl },
  });
}
