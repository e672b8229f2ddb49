import * as assert from 'node:assert/strict';
import { loadProject } from './load';
import { inputOf, MINIMAL_PROJECT_YML } from './test_support';

const codes = (p: ReturnType<typeof loadProject>) => p.diagnostics.map((d) => d.code);

describe('loading a project with problems', () => {
  it('reports malformed properties YAML at the error position and still loads the rest', () => {
    const broken = 'version: 2\nmodels:\n  - name: a\n    description: "unterminated\n  - name: b\n';
    const p = loadProject(inputOf({
      'dbt_project.yml': MINIMAL_PROJECT_YML,
      'models/a.sql': 'select 1 as id',
      'models/b.sql': 'select 2 as id',
      'models/broken.yml': broken,
      'models/good.yml': 'version: 2\nmodels:\n  - name: b\n    description: fine\n',
    }));
    const syntax = p.diagnostics.filter((d) => d.code === 'yaml-syntax');
    assert.ok(syntax.length >= 1);
    assert.equal(syntax[0].file, 'models/broken.yml');
    assert.equal(syntax[0].severity, 'error');
    assert.equal(syntax[0].range.start.line, 3, JSON.stringify(syntax[0]));
    assert.deepEqual(p.models.map((m) => m.name), ['a', 'b']);
    assert.equal(p.models[1].props?.description, 'fine');
  });

  it('reports a tab-indented block in the right place', () => {
    const p = loadProject(inputOf({ 'dbt_project.yml': MINIMAL_PROJECT_YML, 'models/x.yml': 'version: 2\nmodels:\n\t- name: x\n' }));
    const d = p.diagnostics.find((x) => x.code === 'yaml-syntax');
    assert.ok(d);
    assert.equal(d.range.start.line, 2);
  });

  it('falls back to defaults with project-config diagnostics when dbt_project.yml lacks keys', () => {
    const p = loadProject(inputOf({ 'dbt_project.yml': 'profile: x\nmodel-paths: models\nseed-paths: 3\n', 'models/m.sql': 'select 1', 'seeds/s.csv': 'a,b\n' }));
    assert.equal(p.config.name, 'acme'); // the folder name
    assert.deepEqual(p.config.modelPaths, ['models']); // a string is accepted as one path
    assert.deepEqual(p.config.seedPaths, ['seeds']); // the default after a bad value
    const diags = p.diagnostics.filter((d) => d.code === 'project-config');
    assert.equal(diags.length, 2);
    assert.match(diags[0].message, /no 'name'/);
    assert.deepEqual(diags[1].range, { start: { line: 2, character: 12 }, end: { line: 2, character: 13 } });
    assert.equal(p.models.length, 1);
    assert.deepEqual(p.seeds[0].columns, ['a', 'b']);
  });

  it('reports an invalid project name at its range', () => {
    const p = loadProject(inputOf({ 'dbt_project.yml': 'name: my-project\n' }));
    const d = p.diagnostics.find((x) => x.code === 'project-config')!;
    assert.deepEqual(d.range, { start: { line: 0, character: 6 }, end: { line: 0, character: 16 } });
    assert.equal(p.config.name, 'acme');
  });

  it('loads a project without dbt_project.yml using defaults and says so', () => {
    const p = loadProject(inputOf({ 'models/m.sql': 'select 1' }));
    assert.deepEqual(codes(p), ['project-config']);
    assert.equal(p.models.length, 1);
  });

  it('survives a dbt_project.yml that is not a mapping, or is empty', () => {
    for (const text of ['- a\n- b\n', '', '# only a comment\n', 'name: [unclosed\n']) {
      const p = loadProject(inputOf({ 'dbt_project.yml': text, 'models/m.sql': 'select 1' }));
      assert.ok(p.diagnostics.length >= 1, text);
      assert.equal(p.models.length, 1);
    }
  });

  it('reports duplicate model names in two folders, pointing at both', () => {
    const p = loadProject(inputOf({ 'dbt_project.yml': MINIMAL_PROJECT_YML, 'models/a/orders.sql': 'select 1', 'models/b/orders.sql': 'select 2' }));
    const d = p.diagnostics.filter((x) => x.code === 'duplicate-resource');
    assert.equal(d.length, 1);
    assert.equal(d[0].file, 'models/b/orders.sql');
    assert.equal(d[0].related?.[0].file, 'models/a/orders.sql');
  });

  it('reports a seed sharing a model name, and duplicate properties entries and source tables', () => {
    const p = loadProject(inputOf({
      'dbt_project.yml': MINIMAL_PROJECT_YML,
      'models/customers.sql': 'select 1',
      'seeds/customers.csv': 'id\n1\n',
      'models/a.yml': 'version: 2\nmodels:\n  - name: customers\nsources:\n  - name: raw\n    tables: [{name: t}]\n',
      'models/b.yml': 'version: 2\nmodels:\n  - name: customers\nsources:\n  - name: raw\n    tables: [{name: t}]\n',
    }));
    assert.deepEqual(codes(p).sort(), ['duplicate-resource', 'duplicate-resource', 'duplicate-resource']);
    assert.equal(p.sources.length, 1);
  });

  it('does not count a disabled model as a duplicate and moves it to disabledModels', () => {
    const p = loadProject(inputOf({
      'dbt_project.yml': MINIMAL_PROJECT_YML + 'models:\n  acme:\n    legacy:\n      +enabled: false\n',
      'models/legacy/orders.sql': 'select 1',
      'models/orders.sql': 'select 2',
      'models/props.yml': 'version: 2\nmodels:\n  - name: old_thing\n    config:\n      enabled: false\n',
      'models/old_thing.sql': 'select 3',
    }));
    assert.deepEqual(p.diagnostics, []);
    assert.deepEqual(p.models.map((m) => m.file), ['models/orders.sql']);
    assert.deepEqual(p.disabledModels.map((m) => m.file).sort(), ['models/legacy/orders.sql', 'models/old_thing.sql']);
  });

  it('reports unreadable files handed over by the disk layer', () => {
    const p = loadProject(inputOf({ 'dbt_project.yml': MINIMAL_PROJECT_YML, 'seeds/big.csv': '' }, { unreadable: [{ file: 'seeds/big.csv', reason: 'file is 12.0 MB, over the 10 MB limit' }] }));
    const d = p.diagnostics.find((x) => x.code === 'unreadable-file')!;
    assert.equal(d.file, 'seeds/big.csv');
    assert.match(d.message, /12\.0 MB/);
    assert.deepEqual(p.seeds[0].columns, []);
  });

  it('reports structural mistakes in properties YAML without dropping the valid parts', () => {
    const p = loadProject(inputOf({
      'dbt_project.yml': MINIMAL_PROJECT_YML,
      'models/m.sql': 'select 1 as id',
      'models/m.yml': [
        'version: 2',
        'models:',
        '  - name: m',
        '    columns:',
        '      - description: no name here',
        '      - name: id',
        '        tests:',
        '          - unique',
        '          - accepted_values:',
        '              values: [1, 2]',
        '              severity: fatal',
        '  - description: entry without name',
        'sources:',
        '  - name: raw',
        '    freshness: {warn_after: {count: soon, period: hour}}',
        '    tables:',
        '      - name: t',
      ].join('\n'),
    }));
    assert.deepEqual(codes(p), ['project-config', 'project-config', 'project-config', 'project-config']);
    assert.deepEqual(p.diagnostics.map((d) => d.range.start.line), [4, 10, 11, 14]);
    assert.deepEqual(p.models[0].props!.columns.map((c) => c.name), ['id']);
    assert.deepEqual(p.models[0].props!.columns[0].tests.map((t) => t.name), ['unique', 'accepted_values']);
    assert.equal(p.sources[0].freshness, undefined);
  });

  it('reports unclosed snapshot blocks as jinja errors at the opening tag', () => {
    const p = loadProject(inputOf({ 'dbt_project.yml': MINIMAL_PROJECT_YML, 'snapshots/s.sql': '{% snapshot ok %}select 1{% endsnapshot %}\n{% snapshot open %}\nselect 2\n' }));
    assert.deepEqual(p.snapshots.map((s) => s.name), ['ok']);
    const d = p.diagnostics.find((x) => x.code === 'jinja-error')!;
    assert.deepEqual(d.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 19 } });
  });
});

describe('loading garbage', () => {
  it('never throws, whatever the files contain', () => {
    let seed = 99;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const alphabet = 'ab:- \n\t#"\'[]{},|>&*!?%@`\r\\0123\ufeff{%}';
    const junk = (n: number) => Array.from({ length: n }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
    for (let i = 0; i < 300; i++) {
      const files: Record<string, string> = {
        'dbt_project.yml': random() < 0.5 ? junk(80) : `name: x\nmodels:\n  x:\n    ${junk(30)}\n`,
        'models/a.yml': `version: 2\nmodels:\n  - name: a\n    ${junk(60)}\n`,
        'models/b.yml': junk(120),
        'models/a.sql': junk(40),
        'seeds/s.csv': junk(40),
        'snapshots/s.sql': `{% snapshot ${junk(5)} %}${junk(20)}`,
        'dbt_packages/p/dbt_project.yml': junk(50),
        'dbt_packages/p/models/m.sql': junk(10),
      };
      const p = loadProject(inputOf(files));
      assert.ok(Array.isArray(p.diagnostics));
      for (const d of p.diagnostics) assert.ok(d.range.start.line >= 0 && d.range.end.line >= d.range.start.line, JSON.stringify(d));
    }
  });
});
