import * as assert from 'assert';
import * as path from 'path';
import { readProjectInput } from '../io/discover';
import { loadProject } from '../project/load';
import type { ProjectInput } from '../project/types';
import { patchModelText } from '../workspace/patch_project';
import { analyzeLoadedProject, DEFAULT_TARGET, type ProjectAnalysisDetail } from './analyze_project';
import type { Diagnostic } from '../core/diagnostic';

const SHOP = path.resolve(__dirname, '../../../examples/shop');
const OPTIONS = { dialect: 'duckdb' as const, target: DEFAULT_TARGET };

function canonical(diags: Diagnostic[]): string[] {
  return diags.map((d) => JSON.stringify([d.file, d.range, d.code, d.severity, d.message, d.related ?? []])).sort();
}

function canonicalNodes(a: ProjectAnalysisDetail): string {
  return JSON.stringify([...a.nodes.values()].map((n) => [n.uniqueId, n.parents, n.children, n.columns.map((c) => [c.name, c.type, c.lineage, c.produced])]).sort());
}

describe('focused re-analysis after model edits', () => {
  let input: ProjectInput;
  let base: ProjectAnalysisDetail;

  before(async () => {
    input = await readProjectInput(SHOP, {});
    base = analyzeLoadedProject(loadProject(input), input, OPTIONS);
  });

  function edit(rel: string, change: (text: string) => string) {
    const files = new Map(input.files);
    files.set(rel, change(files.get(rel)!));
    const input2 = { ...input, files };
    const project2 = patchModelText(base.project, rel, files.get(rel))!;
    const id = project2.models.find((m) => m.file === rel)!.uniqueId;
    const focused = base.refocus!(project2, input2, [id]);
    const full = analyzeLoadedProject(loadProject(input2), input2, OPTIONS);
    return { focused, full };
  }

  it('gives exactly what a full analysis gives when a column is renamed upstream', () => {
    const { focused, full } = edit('models/staging/stg_orders.sql', (t) => t.replace(/status\nfrom/, 'status as order_status\nfrom'));
    assert.ok(focused, 'refocus applies');
    assert.ok(focused.nodes.get('model.shop.stg_orders')!.columns.some((c) => c.name === 'order_status'));
    assert.deepStrictEqual(canonical(focused.diagnostics), canonical(full.diagnostics));
    assert.strictEqual(canonicalNodes(focused), canonicalNodes(full));
    assert.ok(focused.stats.rendered >= 1 && focused.stats.rendered < base.nodes.size);
  });

  it('gives exactly what a full analysis gives for an edit that shifts every range in the file', () => {
    const { focused, full } = edit('models/marts/customers.sql', (t) => `-- a comment line\n\n${t}`);
    assert.ok(focused);
    assert.deepStrictEqual(canonical(focused.diagnostics), canonical(full.diagnostics));
  });

  it('declines when the edit changes the graph (a new ref)', () => {
    const { focused } = edit('models/marts/customers.sql', (t) => t.replace(/ref\('stg_customers'\)/, "ref('stg_customerz')"));
    assert.strictEqual(focused, undefined);
  });

  it('chains: a refocused analysis can itself be refocused', () => {
    const first = edit('models/staging/stg_orders.sql', (t) => t + '\n');
    assert.ok(first.focused?.refocus);
  });
});
