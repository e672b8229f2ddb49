import * as assert from 'assert';
import { analyzeLoadedProject, analyzeProject, carryOver, DEFAULT_TARGET, type ProjectAnalysisDetail } from './analyze_project';
import { loadProject } from '../project/load';
import type { DiagnosticCode } from '../core/diagnostic';

function project(files: Record<string, string>): ProjectAnalysisDetail {
  const all = new Map(Object.entries({ 'dbt_project.yml': 'name: p\nversion: "1.0"\nprofile: p\n', ...files }));
  return analyzeProject({ root: '/tmp/p', files: all }, { dialect: 'duckdb', target: DEFAULT_TARGET });
}

function codes(a: ProjectAnalysisDetail, code: DiagnosticCode) {
  return a.diagnostics.filter((d) => d.code === code);
}

const SOURCES = `version: 2
sources:
  - name: raw
    schema: main
    tables:
      - name: orders
        columns:
          - name: id
          - name: customer_id
          - name: amount
`;

describe('analyzeProject', () => {
  it('a Python model depends on what its dbt.ref/dbt.source calls name, and SQL models can ref it', () => {
    const a = project({
      'models/staging/_sources.yml': SOURCES,
      'models/staging/stg_orders.sql': "select id as order_id, amount from {{ source('raw', 'orders') }}",
      'models/ml/order_scores.py': 'def model(dbt, session):\n    dbt.config(materialized="table")\n    orders = dbt.ref("stg_orders")\n    raw = dbt.source("raw", "orders")\n    return orders\n',
      'models/marts/scored.sql': "select * from {{ ref('order_scores') }}",
    });
    const py = a.nodes.get('model.p.order_scores')!;
    assert.deepStrictEqual([...py.parents].sort(), ['model.p.stg_orders', 'source.p.raw.orders']);
    assert.strictEqual(py.materialized, 'table');
    assert.ok(a.nodes.get('model.p.stg_orders')!.children.includes('model.p.order_scores'));
    assert.deepStrictEqual(a.nodes.get('model.p.scored')!.parents, ['model.p.order_scores']);
    assert.deepStrictEqual(codes(a, 'sql-syntax'), [], 'Python code is never parsed as SQL');
  });

  it('builds parents, children and column lineage through CTEs and star expansion', () => {
    const a = project({
      'models/staging/_sources.yml': SOURCES,
      'models/staging/stg_orders.sql': "select id as order_id, customer_id, amount from {{ source('raw', 'orders') }}",
      'models/marts/orders.sql': "with o as (select * from {{ ref('stg_orders') }})\nselect order_id, amount * 2 as double_amount from o",
    });
    const orders = a.nodes.get('model.p.orders')!;
    assert.deepStrictEqual(orders.parents, ['model.p.stg_orders']);
    assert.deepStrictEqual(a.nodes.get('model.p.stg_orders')!.children, ['model.p.orders']);
    assert.deepStrictEqual(a.nodes.get('model.p.stg_orders')!.parents, ['source.p.raw.orders']);
    const dbl = orders.columns.find((c) => c.name === 'double_amount')!;
    assert.deepStrictEqual(dbl.lineage, [{ node: 'model.p.stg_orders', column: 'amount' }]);
    const stgId = a.nodes.get('model.p.stg_orders')!.columns.find((c) => c.name === 'order_id')!;
    assert.deepStrictEqual(stgId.lineage, [{ node: 'source.p.raw.orders', column: 'id' }]);
  });

  it('reports an unresolved ref on the name with a did-you-mean, and keeps the rest of the lineage', () => {
    const a = project({
      'models/a.sql': 'select 1 as id',
      'models/b.sql': "select * from {{ ref('a') }} join {{ ref('aa_typo') }} using (id)",
    });
    const [d] = codes(a, 'unresolved-ref');
    assert.ok(d, 'expected unresolved-ref');
    assert.strictEqual(d.file, 'models/b.sql');
    assert.match(d.message, /aa_typo/);
    const text = "select * from {{ ref('a') }} join {{ ref('aa_typo') }} using (id)";
    assert.strictEqual(d.range.start.character, text.indexOf('aa_typo'));
    assert.strictEqual(d.range.end.character, text.indexOf('aa_typo') + 'aa_typo'.length);
    assert.deepStrictEqual(a.nodes.get('model.p.b')!.parents, ['model.p.a']);
  });

  it('detects cycles on the refs that close them', () => {
    const a = project({
      'models/x.sql': "select * from {{ ref('y') }}",
      'models/y.sql': "select * from {{ ref('x') }}",
    });
    const cycles = codes(a, 'cycle');
    assert.strictEqual(cycles.length, 2);
    assert.match(cycles[0].message, /x → y → x|y → x → y/);
  });

  it('flags schema drift both ways: on the YAML line and on the select item', () => {
    const yml = `version: 2
models:
  - name: m
    description: d
    columns:
      - name: id
        tests: [unique, not_null]
      - name: total_usd
`;
    const sql = 'select 1 as id, 2 as total';
    const a = project({ 'models/m.sql': sql, 'models/_m.yml': yml });
    const [declared] = codes(a, 'drift-declared-not-produced');
    assert.strictEqual(declared.file, 'models/_m.yml');
    assert.strictEqual(declared.range.start.line, 7);
    const [undeclared] = codes(a, 'drift-undeclared-column');
    assert.strictEqual(undeclared.file, 'models/m.sql');
    assert.strictEqual(sql.slice(undeclared.range.start.character, undeclared.range.end.character), '2 as total');
  });

  it('asks for tests: none at all, and unique + not_null on the primary key', () => {
    const yml = `version: 2
models:
  - name: with_pk
    description: d
    columns:
      - name: with_pk_id
        tests: [not_null]
`;
    const a = project({ 'models/untested.sql': 'select 1 as id', 'models/with_pk.sql': 'select 1 as with_pk_id', 'models/_p.yml': yml });
    assert.deepStrictEqual(codes(a, 'missing-tests').map((d) => d.file), ['models/untested.sql']);
    const [pk] = codes(a, 'missing-pk-tests');
    assert.strictEqual(pk.file, 'models/_p.yml');
    assert.match(pk.message, /lacks unique/);
  });

  it('flags hard-coded table references but not refs or CTEs', () => {
    const a = project({
      'models/staging/_sources.yml': SOURCES,
      'models/h.sql': "with c as (select 1 as id) select * from main.orders join c using (id) join {{ source('raw','orders') }} s using (id)",
    });
    const hard = codes(a, 'hard-coded-reference');
    assert.strictEqual(hard.length, 1);
    assert.match(hard[0].message, /main\.orders/);
    assert.match(hard[0].message, /source\('raw', 'orders'\)/);
  });

  it('reuses memoised results for untouched models and re-renders the edited one and its dependents', () => {
    const files = { 'models/a.sql': 'select 1 as id', 'models/b.sql': "select * from {{ ref('a') }}", 'models/c.sql': 'select 2 as z' };
    const first = project(files);
    const all = new Map(Object.entries({ 'dbt_project.yml': 'name: p\nversion: "1.0"\nprofile: p\n', ...files, 'models/a.sql': 'select 1 as id, 2 as extra' }));
    const second = analyzeProject({ root: '/tmp/p', files: all }, { dialect: 'duckdb', target: DEFAULT_TARGET, memo: first.modelResults });
    assert.deepStrictEqual(second.stats, { rendered: 2, reused: 1 });
    assert.deepStrictEqual(second.nodes.get('model.p.b')!.columns.map((c) => c.name), ['id', 'extra']);
  });

  it('calls the caller\'s garbage collection once per full analysis, which still comes out whole', () => {
    const files = new Map(Object.entries({
      'dbt_project.yml': 'name: p\nversion: "1.0"\nprofile: p\n',
      'models/a.sql': 'select 1 as id',
      'models/b.sql': "select id from {{ ref('a') }}",
    }));
    const calls: number[] = [];
    const a = analyzeProject({ root: '/tmp/p', files }, { dialect: 'duckdb', target: DEFAULT_TARGET, collectGarbage: () => calls.push(calls.length) });
    assert.deepStrictEqual(calls, [0]);
    assert.deepStrictEqual(a.nodes.get('model.p.b')!.columns.map((c) => c.name), ['id']);
    assert.ok(codes(a, 'missing-tests').some((d) => d.file === 'models/b.sql'));
  });

  it('a reload that carries the previous memos over gives what a fresh analysis gives (moved, edited and untouched models)', () => {
    const base = {
      'dbt_project.yml': 'name: p\nversion: "1.0"\nprofile: p\n',
      'models/a.sql': 'select 1 as id, 2 as amount',
      'models/b.sql': "select id, amount * 2 as doubled from {{ ref('a') }}",
      'models/c.sql': "select * from {{ ref('b') }}",
      'models/schema.yml': 'version: 2\nmodels:\n  - name: b\n    description: first\n    columns:\n      - name: id\n',
    };
    const first = analyzeProject({ root: '/tmp/p', files: new Map(Object.entries(base)) }, { dialect: 'duckdb', target: DEFAULT_TARGET });
    const carry = carryOver(first);
    // A YAML edit (the reload), a model moved to another folder with the same text, and a model edited.
    const { 'models/a.sql': moved, ...rest } = base;
    const files = new Map(Object.entries({
      ...rest,
      'models/staging/a.sql': moved,
      'models/c.sql': "select id from {{ ref('b') }}",
      'models/schema.yml': base['models/schema.yml'].replace('first', 'second').replace('- name: id', '- name: id\n      - name: gone'),
    }));
    const input = { root: '/tmp/p', files };
    const carried = analyzeLoadedProject(loadProject(input), input, { dialect: 'duckdb', target: DEFAULT_TARGET, memo: first.modelResults, carry });
    const fresh = analyzeProject(input, { dialect: 'duckdb', target: DEFAULT_TARGET });
    const view = (a: ProjectAnalysisDetail) =>
      JSON.stringify([...a.nodes.values()].map((n) => [n.uniqueId, n.file, n.description, n.relation, n.parents, a.compiledSql(n.uniqueId) ?? '', n.columns.map((c) => [c.name, c.type, c.lineage, c.declared, c.produced])]).sort());
    assert.strictEqual(view(carried), view(fresh));
    const diags = (a: ProjectAnalysisDetail) => a.diagnostics.map((d) => JSON.stringify([d.file, d.range, d.code, d.message])).sort();
    assert.deepStrictEqual(diags(carried), diags(fresh));
    assert.ok(codes(carried, 'drift-declared-not-produced').some((d) => d.message.includes('gone')));
    assert.strictEqual(carried.nodes.get('model.p.a')!.file, 'models/staging/a.sql');
  });

  it('never throws on garbage input', () => {
    const a = project({
      'models/bin.sql': 'select \u0000\u0001\u0002 from',
      'models/unclosed.sql': "select {{ ref('a' ",
      'models/_bad.yml': 'version: 2\nmodels:\n  - name: [unclosed\n',
    });
    assert.ok(a.diagnostics.some((d) => d.code === 'jinja-error' && d.file === 'models/unclosed.sql'));
    assert.ok(a.diagnostics.some((d) => d.code === 'yaml-syntax' && d.file === 'models/_bad.yml'));
  });
});
