// The benchmark's synthetic project generator: it must be deterministic and
// produce a project a real dbt user could have written — valid YAML, refs
// that resolve, an acyclic DAG, SQL that parses, YAML columns that match the
// SQL except where drift was planted on purpose.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import type { GenerateResult, GeneratedModel } from '../bench/generate_project.mjs';

type GeneratorModule = typeof import('../bench/generate_project.mjs');
type BaselineModule = typeof import('../bench/naive_baseline.mjs');

const MODELS = 50;

function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(path.relative(root, p).split(path.sep).join('/'));
    }
  };
  walk(root);
  return out.sort();
}

describe('bench project generator', function () {
  this.timeout(60000);
  let gen: GeneratorModule;
  let baseline: BaselineModule;
  let tmp: string;
  let project: string;
  let result: GenerateResult;
  let models: GeneratedModel[];

  before(async () => {
    gen = await import('../bench/generate_project.mjs');
    baseline = await import('../bench/naive_baseline.mjs');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'driftbench-'));
    project = path.join(tmp, 'a');
    result = gen.generateProject(project, { models: MODELS, seed: 7 });
    assert.ok(result.modelList, 'a fresh generation returns its model list');
    models = result.modelList;
  });

  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('writes exactly the requested number of models, one .sql file each', () => {
    assert.equal(models.length, MODELS);
    const sqlFiles = listFiles(project).filter((f) => f.startsWith('models/') && f.endsWith('.sql'));
    assert.deepEqual(sqlFiles, models.map((m) => m.file).sort());
    for (const layer of ['staging', 'intermediate', 'marts']) {
      assert.ok(models.some((m) => m.layer === layer), `has ${layer} models`);
    }
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const again = path.join(tmp, 'b');
    gen.generateProject(again, { models: MODELS, seed: 7 });
    const files = listFiles(project);
    assert.deepEqual(listFiles(again), files);
    for (const f of files) assert.equal(fs.readFileSync(path.join(again, f), 'utf8'), fs.readFileSync(path.join(project, f), 'utf8'), f);

    const other = path.join(tmp, 'c');
    gen.generateProject(other, { models: MODELS, seed: 8 });
    const otherModels = listFiles(other).filter((f) => f.endsWith('.sql') && f.startsWith('models/'));
    assert.notDeepEqual(otherModels, files.filter((f) => f.endsWith('.sql') && f.startsWith('models/')));
  });

  it('reuses a matching project, regenerates on new parameters, and never clears a foreign folder', () => {
    const dir = path.join(tmp, 'reuse');
    const first = gen.generateProject(dir, { models: 10, seed: 1 });
    assert.equal(first.reused, false);
    const second = gen.generateProject(dir, { models: 10, seed: 1 });
    assert.equal(second.reused, true);
    assert.deepEqual(second.summary, first.summary, 'the stamp keeps the summary');
    assert.equal(second.editTarget, first.editTarget);
    const regenerated = gen.generateProject(dir, { models: 12, seed: 1 });
    assert.equal(regenerated.reused, false);
    assert.equal(listFiles(dir).filter((f) => f.startsWith('models/') && f.endsWith('.sql')).length, 12);

    const foreign = path.join(tmp, 'foreign');
    fs.mkdirSync(foreign);
    fs.writeFileSync(path.join(foreign, 'precious.txt'), 'keep me');
    assert.throws(() => gen.generateProject(foreign, { models: 10, seed: 1 }), /refusing to overwrite/);
    assert.equal(fs.readFileSync(path.join(foreign, 'precious.txt'), 'utf8'), 'keep me');
  });

  it('every ref() in the SQL names a generated model or seed, and the ref graph is acyclic', () => {
    const names = new Set(models.map((m) => m.name));
    const seeds = new Set(listFiles(project).filter((f) => f.startsWith('seeds/')).map((f) => path.basename(f, '.csv')));
    const graph = new Map<string, string[]>();
    for (const m of models) {
      // Read refs back from the file text, independently of the generator's bookkeeping.
      const text = fs.readFileSync(path.join(project, m.file), 'utf8');
      const refs = [...text.matchAll(/\{\{\s*ref\('([^']+)'\)\s*\}\}/g)].map((x) => x[1]);
      assert.deepEqual(refs, m.refs, `${m.name}: refs in the file match the plan`);
      for (const r of refs) assert.ok(names.has(r) || seeds.has(r), `${m.name} refs unknown ${r}`);
      if (m.layer === 'staging') assert.equal(refs.length, 0);
      else {
        const modelRefs = refs.filter((r) => names.has(r));
        assert.ok(modelRefs.length >= 1 && modelRefs.length <= 4, `${m.name} refs ${modelRefs.length} models`);
      }
      graph.set(m.name, refs.filter((r) => names.has(r)));
    }
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (n: string, trail: string[]) => {
      if (state.get(n) === 'done') return;
      assert.notEqual(state.get(n), 'visiting', `cycle: ${[...trail, n].join(' -> ')}`);
      state.set(n, 'visiting');
      for (const p of graph.get(n) ?? []) visit(p, [...trail, n]);
      state.set(n, 'done');
    };
    for (const n of graph.keys()) visit(n, []);
  });

  it('every source() names a table declared in a sources YAML', () => {
    const declared = new Set<string>();
    for (const f of listFiles(project).filter((x) => x.endsWith('_sources.yml'))) {
      const doc = parseDocument(fs.readFileSync(path.join(project, f), 'utf8')).toJS() as {
        sources: { name: string; tables: { name: string }[] }[];
      };
      for (const s of doc.sources) for (const t of s.tables) declared.add(`${s.name}.${t.name}`);
    }
    const staging = models.filter((m) => m.layer === 'staging');
    assert.ok(staging.length > 0);
    for (const m of staging) {
      const text = fs.readFileSync(path.join(project, m.file), 'utf8');
      const calls = [...text.matchAll(/source\('([^']+)', '([^']+)'\)/g)];
      assert.equal(calls.length, 1, m.name);
      assert.ok(declared.has(`${calls[0][1]}.${calls[0][2]}`), `${m.name} selects from an undeclared source`);
    }
  });

  it('all YAML parses without errors and dbt_project.yml names the model paths and vars', () => {
    const ymls = listFiles(project).filter((f) => f.endsWith('.yml'));
    assert.ok(ymls.includes('dbt_project.yml') && ymls.includes('profiles.yml'));
    for (const f of ymls) {
      const doc = parseDocument(fs.readFileSync(path.join(project, f), 'utf8'));
      assert.deepEqual(doc.errors.map((e) => e.message), [], f);
    }
    const config = parseDocument(fs.readFileSync(path.join(project, 'dbt_project.yml'), 'utf8')).toJS();
    assert.deepEqual(config['model-paths'], ['models']);
    assert.equal(typeof config.vars.start_date, 'string');
    assert.ok(config.models[config.name].marts['+materialized']);
  });

  it('properties YAML declares what the SQL produces, except for the recorded drift', () => {
    const declared = new Map<string, string[]>();
    for (const f of listFiles(project).filter((x) => x.endsWith('__models.yml'))) {
      const doc = parseDocument(fs.readFileSync(path.join(project, f), 'utf8')).toJS() as {
        models: { name: string; description?: string; columns: { name: string }[] }[];
      };
      for (const m of doc.models) {
        assert.ok(m.description, `${m.name} has a description`);
        declared.set(m.name, m.columns.map((c) => c.name));
      }
    }
    const documented = models.filter((m) => m.documented);
    assert.ok(documented.length >= MODELS * 0.4 && documented.length <= MODELS * 0.95, `${documented.length} documented`);
    for (const m of models) {
      const cols = declared.get(m.name);
      assert.equal(cols !== undefined, m.documented, `${m.name} documented flag matches the YAML`);
      if (!cols) continue;
      const produced = m.columns.map((c) => c.name);
      if (!m.drift) assert.deepEqual(cols, produced, m.name);
      else if (m.drift.kind === 'declared-not-produced') {
        assert.deepEqual(cols, [...produced, m.drift.column]);
        assert.ok(!produced.includes(m.drift.column));
      } else {
        const { column, declaredAs } = m.drift;
        assert.deepEqual(cols, produced.map((c) => (c === column ? declaredAs : c)));
      }
    }
  });

  it('plants drift at a low rate on a larger project', () => {
    const big = gen.generateProject(path.join(tmp, 'big'), { models: 600, seed: 3 });
    const drifted = (big.modelList ?? []).filter((m) => m.drift);
    assert.ok(drifted.length > 0 && drifted.length < 60, `${drifted.length} drifted of 600`);
    assert.equal(big.summary.drifted, drifted.length);
    assert.equal(big.summary.undocumented, (big.modelList ?? []).filter((m) => !m.documented).length);
  });

  it('writes realistic SQL: 40–200 lines with CTEs, joins, windows, aggregates and the Jinja dbt users write', () => {
    const all = models.map((m) => fs.readFileSync(path.join(project, m.file), 'utf8')).join('\n');
    for (const m of models.filter((x) => x.layer !== 'staging')) {
      const lines = fs.readFileSync(path.join(project, m.file), 'utf8').split('\n').length;
      assert.ok(lines >= 40 && lines <= 200, `${m.name} has ${lines} lines`);
    }
    const wanted: [string, RegExp][] = [
      ['CTE', /^with \w+ as \(/m],
      ['join on keys', /left join \w+\n\s+on \w+\.\w+_id = \w+\.\w+_id/],
      ['aggregate', /sum\(\w+\) as total_\w+/],
      ['window', /row_number\(\) over \(/],
      ['is_incremental', /\{% if is_incremental\(\) %\}/],
      ['for loop with loop.last', /\{% for \w+ in \[[^\]]+\] %\}[\s\S]*?\{% if not loop\.last %\},\{% endif %\}/],
      ['config table', /\{\{ config\(materialized='table'/],
      ['project macro', /\{\{ cents_to_dollars\('\w+'\) \}\}/],
      ['dbt_utils', /\{\{ dbt_utils\.generate_surrogate_key\(\[/],
      ['var', /\{\{ var\("\w+"\) \}\}/],
    ];
    for (const [what, re] of wanted) assert.match(all, re, `some model uses ${what}`);
    assert.ok(fs.existsSync(path.join(project, 'macros/cents_to_dollars.sql')));
    assert.ok(fs.existsSync(path.join(project, 'dbt_packages/dbt_utils/macros/generate_surrogate_key.sql')));
  });

  it('every model parses as SQL once the Jinja is stripped', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Parser } = require('node-sql-parser') as typeof import('node-sql-parser');
    const parser = new Parser();
    for (const m of models) {
      const sql = baseline.naiveRender(fs.readFileSync(path.join(project, m.file), 'utf8'));
      assert.doesNotThrow(() => parser.astify(sql, { database: 'postgresql' }), m.name);
    }
  });

  it('names a mid-DAG edit target that exists and has dependants', () => {
    const target = models.find((m) => m.file === result.editTarget);
    assert.ok(target, result.editTarget);
    assert.notEqual(target.layer, 'staging');
    assert.ok(models.some((m) => m.refs.includes(target.name)), 'the edit target has children');
  });
});
