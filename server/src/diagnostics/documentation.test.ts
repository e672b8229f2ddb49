import * as assert from 'node:assert/strict';
import { analyzeLoadedProject, DEFAULT_TARGET } from '../analysis/analyze_project';
import { loadProject } from '../project/load';
import { inputOf, MINIMAL_PROJECT_YML } from '../project/test_support';
import { patchModelText } from '../workspace/patch_project';

const OPTIONS = { dialect: 'duckdb' as const, target: DEFAULT_TARGET };

function analyze(yaml: string, extra: Record<string, string> = {}) {
  const input = inputOf({
    'dbt_project.yml': MINIMAL_PROJECT_YML,
    'models/m_v1.sql': 'select 1 as id',
    'models/m_v2.sql': 'select 1 as id',
    'models/m_v3.sql': 'select 1 as id',
    'models/m.yml': yaml,
    ...extra,
  });
  return { input, analysis: analyzeLoadedProject(loadProject(input), input, OPTIONS) };
}

const undocumented = (a: ReturnType<typeof analyze>['analysis']) =>
  a.diagnostics.filter((d) => d.code === 'undocumented-model').map((d) => [d.file, d.range.start.line, d.data?.node]);

const VERSIONS = ['models:', '  - name: m', '    versions:', '      - v: 1', '      - v: 2', '      - v: 3'];

describe('undocumented-model on versioned models', () => {
  it('reports a versioned model without any description once, on its name, for the version ref() resolves to', () => {
    const { analysis } = analyze(VERSIONS.join('\n'));
    assert.deepEqual(undocumented(analysis), [['models/m.yml', 1, 'model.acme.m.v3']]);
    const withLatest = analyze([...VERSIONS.slice(0, 2), '    latest_version: 2', ...VERSIONS.slice(2)].join('\n'));
    assert.deepEqual(undocumented(withLatest.analysis), [['models/m.yml', 1, 'model.acme.m.v2']]);
  });

  it('says nothing when the model has a description: every version inherits it', () => {
    const { analysis } = analyze([...VERSIONS.slice(0, 2), '    description: M', ...VERSIONS.slice(2)].join('\n'));
    assert.deepEqual(undocumented(analysis), []);
  });

  it('reports each version without one on its own entry when other versions have their own', () => {
    const yaml = [...VERSIONS.slice(0, 5), '        description: Second', VERSIONS[5]].join('\n');
    const { analysis } = analyze(yaml);
    assert.deepEqual(undocumented(analysis), [
      ['models/m.yml', 3, 'model.acme.m.v1'],
      ['models/m.yml', 6, 'model.acme.m.v3'],
    ]);
  });

  it('keeps the one finding where it was when a focused re-analysis visits another version', () => {
    const { input, analysis } = analyze(VERSIONS.join('\n'));
    const rel = 'models/m_v1.sql';
    const files = new Map(input.files);
    files.set(rel, 'select 2 as id');
    const input2 = { ...input, files };
    const focused = analysis.refocus!(patchModelText(analysis.project, rel, files.get(rel))!, input2, ['model.acme.m.v1']);
    assert.ok(focused, 'refocus applies');
    assert.deepEqual(undocumented(focused), [['models/m.yml', 1, 'model.acme.m.v3']]);
  });

  it('still reports an unversioned model on its name, or on its SQL when it has no properties', () => {
    const { analysis } = analyze(VERSIONS.join('\n'), { 'models/other.sql': 'select 1 as id', 'models/p.sql': 'select 1 as id', 'models/p.yml': 'models:\n  - name: p\n' });
    assert.deepEqual(undocumented(analysis).filter(([, , node]) => node !== 'model.acme.m.v3'), [
      ['models/other.sql', 0, 'model.acme.other'],
      ['models/p.yml', 1, 'model.acme.p'],
    ]);
  });
});
