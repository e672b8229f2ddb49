/** Every static rule, run over an analysed project. */
import type { Diagnostic } from '../core/diagnostic';
import type { ProjectAnalysisDetail } from '../analysis/analyze_project';
import type { LineIndexCache } from '../analysis/line_index_cache';
import { cycleRule } from './cycles';
import { dagRules } from './dag_rules';
import { documentationRule } from './documentation';
import { driftRules } from './drift';
import { referenceRules } from './references';
import type { Rule, RuleContext } from './rule_context';
import { testCoverageRules } from './test_coverage';

export const RULES: Rule[] = [referenceRules, cycleRule, testCoverageRules, documentationRule, driftRules, dagRules];

/**
 * Runs every rule. With `only`, rules report just the findings about those
 * nodes (each tagged `data.node`), and project-wide findings not about any
 * node are left out: the caller keeps those from the previous run.
 */
export function runRules(analysis: ProjectAnalysisDetail, lines: LineIndexCache, checkedNodes: ReadonlySet<string> = new Set(), only?: ReadonlySet<string>): Diagnostic[] {
  const ctx: RuleContext = { analysis, lines, checkedNodes, only, wants: only ? (id) => only.has(id) : () => true };
  const out: Diagnostic[] = [];
  for (const rule of RULES) out.push(...rule(ctx));
  return out;
}
