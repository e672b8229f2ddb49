import { fileContextOf } from '../test_support'; // before the modules that import vscode-languageserver
import * as assert from 'node:assert/strict';
import { parse } from 'yaml';
import type { CodeAction, TextDocumentEdit, TextEdit } from 'vscode-languageserver/node';
import { analyzeProject, DEFAULT_TARGET } from '../../analysis/analyze_project';
import { LineIndex } from '../../core/text';
import { inputOf, MINIMAL_PROJECT_YML } from '../../project/test_support';
import { codeActions, type EditHost } from './code_actions';

const OPTIONS = { dialect: 'duckdb' as const, target: DEFAULT_TARGET };
const YML = 'models/m.yml';
const HOST: EditHost = { uriOf: (rel) => `file:///p/${rel}`, versionOf: () => null, canCreateFiles: false };

function analyze(files: Record<string, string>) {
  const all = { 'dbt_project.yml': MINIMAL_PROJECT_YML, ...files };
  return { all, analysis: analyzeProject(inputOf(all), OPTIONS) };
}

/** The quick fixes offered on the drift-undeclared-column finding for `column` of `node`. */
function fixesFor(files: Record<string, string>, node: string, column: string): CodeAction[] {
  const { all, analysis } = analyze(files);
  const d = analysis.diagnostics.find((x) => x.code === 'drift-undeclared-column' && x.data?.node === node && x.data?.column === column);
  assert.ok(d, `no drift-undeclared-column for ${node}.${column}`);
  const ctx = fileContextOf(all, analysis, d.file);
  // Other findings on the same range (missing tests on the model) bring their own fixes.
  return codeActions(ctx, d.range, ['quickfix'], HOST).filter((a) => a.diagnostics?.some((x) => x.code === d.code && (x.data as { column?: string })?.column === column));
}

/** The YAML after an action: its edits of the one file, same-position inserts in array order (as LSP applies them). */
function applied(action: CodeAction | undefined, yaml: string): string {
  assert.ok(action?.edit?.documentChanges, 'an action with edits');
  const changes = action.edit.documentChanges as TextDocumentEdit[];
  assert.equal(changes.length, 1, 'one TextDocumentEdit for the file');
  const li = new LineIndex(yaml);
  const edits = (changes[0].edits as TextEdit[]).map((e, i) => ({ i, start: li.offsetAt(e.range.start), end: li.offsetAt(e.range.end), text: e.newText }));
  let out = yaml;
  for (const e of edits.sort((a, b) => b.start - a.start || b.i - a.i)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/** Drift findings about `columns` left after the fix. */
const driftAfter = (files: Record<string, string>, ...columns: string[]) =>
  analyze(files)
    .analysis.diagnostics.filter((d) => d.code.startsWith('drift-') && columns.includes(String(d.data?.column)))
    .map((d) => `${d.code} ${d.data?.node} ${d.data?.column}`);

describe('quick fix: declare a column of a versioned model', () => {
  const yaml = [
    'models:',
    '  - name: m',
    '    columns:',
    '      - name: id',
    '    versions:',
    '      - v: 1',
    '      - v: 2',
    '        columns:',
    '          - include: [id]',
    '      - v: 3',
  ].join('\n');
  const files = {
    [YML]: yaml,
    'models/m_v1.sql': 'select 1 as id, 2 as region',
    'models/m_v2.sql': 'select 1 as id, 3 as score',
    'models/m_v3.sql': 'select 1 as id, 2 as region',
  };

  it('adds it to the version’s own columns when its include list would not take it from the base', () => {
    const [fix] = fixesFor(files, 'model.acme.m.v2', 'score');
    assert.equal(fix.title, "Declare 'score' in version 2 of 'm' (models/m.yml)");
    const out = applied(fix, yaml);
    const doc = parse(out);
    assert.deepEqual(doc.models[0].columns, [{ name: 'id' }], 'the base is untouched');
    assert.deepEqual(doc.models[0].versions[1].columns, [{ include: ['id'] }, { name: 'score', data_type: 'integer' }]);
    assert.deepEqual(driftAfter({ ...files, [YML]: out }, 'score'), []);
  });

  it('adds it to the base when every version that takes base columns produces it', () => {
    const [fix] = fixesFor(files, 'model.acme.m.v1', 'region');
    assert.equal(fix.title, "Declare 'region' in models/m.yml, for versions 1, 3");
    const out = applied(fix, yaml);
    assert.deepEqual(parse(out).models[0].columns, [{ name: 'id' }, { name: 'region', data_type: 'integer' }]);
    // v1 and v3 get it; v2 (include: [id]) does not, and nothing is declared-but-not-produced.
    assert.deepEqual(driftAfter({ ...files, [YML]: out }, 'region'), []);
  });

  it('adds it to the version’s own entry (creating its columns:) when another version taking base columns does not produce it', () => {
    const withV4 = { ...files, [YML]: `${yaml}\n      - v: 4`, 'models/m_v4.sql': 'select 1 as id' };
    const [fix] = fixesFor(withV4, 'model.acme.m.v1', 'region');
    assert.equal(fix.title, "Declare 'region' in version 1 of 'm' (models/m.yml)");
    const out = applied(fix, withV4[YML]);
    const doc = parse(out);
    assert.deepEqual(doc.models[0].columns, [{ name: 'id' }]);
    assert.deepEqual(doc.models[0].versions[0], { v: 1, columns: [{ name: 'region', data_type: 'integer' }] });
    assert.deepEqual(driftAfter({ ...withV4, [YML]: out }, 'region'), ['drift-undeclared-column model.acme.m.v3 region'], 'v3 has its own fix; v4 is untouched');
  });

  it('splits "declare all" between the base and the version, in one edit that keeps the YAML valid', () => {
    const tail = ['models:', '  - name: t', '    versions:', '      - v: 1', '        columns:', '          - name: id', '      - v: 2', '        columns:', '          - name: id'].join('\n');
    const tFiles = { [YML]: tail, 'models/t_v1.sql': 'select 1 as id, 2 as a', 'models/t_v2.sql': 'select 1 as id, 2 as a, 3 as b' };
    const all = fixesFor(tFiles, 'model.acme.t.v2', 'a').find((f) => f.title.startsWith('Declare all'));
    const out = applied(all, tail);
    const doc = parse(out);
    assert.deepEqual(doc.models[0].columns, [{ name: 'a', data_type: 'integer' }], 'shared by both versions');
    assert.deepEqual(doc.models[0].versions[1].columns, [{ name: 'id' }, { name: 'b', data_type: 'integer' }], 'only v2 produces b');
    assert.deepEqual(driftAfter({ ...tFiles, [YML]: out }, 'a', 'b'), []);
  });

  it('declares a column of an unversioned model in its entry, as before', () => {
    const plain = { [YML]: 'models:\n  - name: p\n    columns:\n      - name: id\n', 'models/p.sql': 'select 1 as id, 2 as x' };
    const [fix] = fixesFor(plain, 'model.acme.p', 'x');
    assert.equal(fix.title, "Declare 'x' in models/m.yml");
    assert.deepEqual(parse(applied(fix, plain[YML])).models[0].columns, [{ name: 'id' }, { name: 'x', data_type: 'integer' }]);
  });

  it('adds a missing key column with its tests where the version gets it too', () => {
    const pkYaml = ['models:', '  - name: k', '    columns:', '      - name: segment', '        data_tests: [not_null]', '    versions:', '      - v: 1', '      - v: 2', '        columns:', '          - include: [segment]'].join('\n');
    const pkFiles = { [YML]: pkYaml, 'models/k_v1.sql': 'select 1 as id, 2 as segment', 'models/k_v2.sql': 'select 1 as id, 2 as segment' };
    const { all, analysis } = analyze(pkFiles);
    const d = analysis.diagnostics.find((x) => x.code === 'missing-pk-tests' && x.data?.node === 'model.acme.k.v2');
    assert.ok(d, analysis.diagnostics.map((x) => `${x.code} ${x.data?.node}`).join('\n'));
    const fix = codeActions(fileContextOf(all, analysis, d.file), d.range, ['quickfix'], HOST).find((a) => a.title === "Add unique + not_null to 'id'");
    const doc = parse(applied(fix, pkYaml));
    assert.deepEqual(doc.models[0].columns, [{ name: 'segment', data_tests: ['not_null'] }], 'the base is untouched');
    assert.deepEqual(doc.models[0].versions[1].columns, [{ include: ['segment'] }, { name: 'id', data_type: 'integer', data_tests: ['unique', 'not_null'] }]);
  });
});
