import * as assert from 'assert';
import * as path from 'path';
import * as v8 from 'v8';
import * as vm from 'vm';
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
  return JSON.stringify([...a.nodes.values()].map((n) => [n.uniqueId, n.parents, n.children, n.relation, a.compiledSql(n.uniqueId) ?? '', n.columns.map((c) => [c.name, c.type, c.lineage, c.produced])]).sort());
}

/** stg_orders living where a rendered config() expression puts it. */
const RENDERED_ALIAS = "{{ config(alias='stg_orders_' ~ target.name) }}\n";

describe('focused re-analysis after model edits', () => {
  let input: ProjectInput;
  let base: ProjectAnalysisDetail;

  before(async () => {
    input = await readProjectInput(SHOP, {});
    base = analyzeLoadedProject(loadProject(input), input, OPTIONS);
  });

  function edit(rel: string, change: (text: string) => string, from = { input, base }) {
    const files = new Map(from.input.files);
    files.set(rel, change(files.get(rel)!));
    const input2 = { ...from.input, files };
    const project2 = patchModelText(from.base.project, rel, files.get(rel))!;
    const id = project2.models.find((m) => m.file === rel)!.uniqueId;
    const focused = from.base.refocus!(project2, input2, [id]);
    // As the session does when refocus declines: the full pipeline, reusing the previous results.
    const full = analyzeLoadedProject(loadProject(input2), input2, { ...OPTIONS, memo: from.base.modelResults });
    return { focused, full };
  }

  /** A base analysis of the shop with one file changed. */
  function baseWith(rel: string, change: (text: string) => string) {
    const files = new Map(input.files);
    files.set(rel, change(files.get(rel)!));
    const input2 = { ...input, files };
    return { input: input2, base: analyzeLoadedProject(loadProject(input2), input2, OPTIONS) };
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

  it('leaves a new rendered alias to the full pipeline, which re-renders the children under the new name', () => {
    const { focused, full } = edit('models/staging/stg_orders.sql', (t) => RENDERED_ALIAS + t);
    assert.strictEqual(focused, undefined, 'a relation change is not refocused');
    assert.equal(full.nodes.get('model.shop.stg_orders')!.relation.identifier, 'stg_orders_dev');
    for (const child of full.nodes.get('model.shop.stg_orders')!.children) {
      assert.match(full.compiledSql(child)!, /"stg_orders_dev"/, child);
      assert.doesNotMatch(full.compiledSql(child)!, /"stg_orders"/, child);
    }
    // Results reused from before the edit were not stale: the same as an analysis from scratch.
    const fresh = baseWith('models/staging/stg_orders.sql', (t) => RENDERED_ALIAS + t).base;
    assert.strictEqual(canonicalNodes(full), canonicalNodes(fresh));
    assert.deepStrictEqual(canonical(full.diagnostics), canonical(fresh.diagnostics));
  });

  it('refocuses edits around a rendered alias that stays put, exactly as a full analysis', () => {
    const from = baseWith('models/staging/stg_orders.sql', (t) => RENDERED_ALIAS + t);
    assert.equal(from.base.nodes.get('model.shop.stg_orders')!.relation.identifier, 'stg_orders_dev');
    // The aliased model itself (a column renamed: its children re-render), then one of its children.
    for (const [rel, change] of [
      ['models/staging/stg_orders.sql', (t: string) => t.replace(/status\nfrom/, 'status as order_status\nfrom')],
      ['models/marts/orders.sql', (t: string) => `-- a comment\n${t}`],
    ] as const) {
      const { focused, full } = edit(rel, change, from);
      assert.ok(focused, `refocus applies to ${rel}`);
      assert.strictEqual(canonicalNodes(focused), canonicalNodes(full), rel);
      assert.deepStrictEqual(canonical(focused.diagnostics), canonical(full.diagnostics), rel);
      assert.match(focused.compiledSql('model.shop.orders')!, /"stg_orders_dev"/);
    }
  });

  it('chains: a refocused analysis can itself be refocused', () => {
    const first = edit('models/staging/stg_orders.sql', (t) => t + '\n');
    assert.ok(first.focused?.refocus);
  });
});

describe('a chain of focused re-analyses', () => {
  /** `gc` without starting node with --expose-gc: the flag is set, then read from a fresh context. */
  function collectGarbage(): void {
    v8.setFlagsFromString('--expose-gc');
    (vm.runInNewContext('gc') as () => void)();
  }

  it('lets each earlier analysis go: typing must not keep every keystroke’s analysis alive', async () => {
    const input = await readProjectInput(SHOP, {});
    let current = analyzeLoadedProject(loadProject(input), input, OPTIONS);
    const rel = 'models/staging/stg_orders.sql';
    const earlier: WeakRef<ProjectAnalysisDetail>[] = [];
    for (let i = 0; i < 4; i++) {
      const files = new Map(input.files);
      files.set(rel, `${files.get(rel)!}\n-- edit ${i}`);
      const project2 = patchModelText(current.project, rel, files.get(rel))!;
      const next = current.refocus!(project2, { ...input, files }, ['model.shop.stg_orders']);
      assert.ok(next, 'refocus applies to a comment edit');
      earlier.push(new WeakRef(current));
      current = next;
    }
    // WeakRef targets stay alive until the current task ends.
    await new Promise((resolve) => setImmediate(resolve));
    collectGarbage();
    assert.ok(current.compiledSql('model.shop.stg_orders')?.includes('edit 3'));
    assert.deepStrictEqual(earlier.map((r) => r.deref() === undefined), [true, true, true, true]);
  });
});
