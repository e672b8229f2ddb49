import { fileContextOf } from '../test_support'; // before the modules that import vscode-languageserver
import * as assert from 'node:assert/strict';
import { analyzeProject, DEFAULT_TARGET } from '../../analysis/analyze_project';
import { inputOf, MINIMAL_PROJECT_YML } from '../../project/test_support';
import { definition } from './definition';
import { hover } from './hover';

const FILES: Record<string, string> = {
  'dbt_project.yml': MINIMAL_PROJECT_YML,
  'models/dim.yml': ['models:', '  - name: dim', '    description: Dimension', '    latest_version: 1', '    versions:', '      - v: 1', '      - v: 2', '        description: Dimension, by spend'].join('\n'),
  'models/dim_v1.sql': 'select 1 as id, 2 as segment',
  'models/dim_v2.sql': 'select 1 as id, 3 as spend_segment',
  'models/reader.sql': [
    "with a as (select * from {{ ref('dim') }}),", //                       0: latest (v1)
    "b as (select * from {{ ref('dim', v=2) }}),", //                       1
    "c as (select * from {{ ref('dim', version='2') }} c2),", //            2
    "d as (select * from {{ ref('dim', v=7) }})", //                         3
    'select c2.spend_segment from c',
  ].join('\n'),
};

describe('hover and go to definition on a versioned ref()', () => {
  const analysis = analyzeProject(inputOf(FILES), { dialect: 'duckdb', target: DEFAULT_TARGET });
  const ctx = fileContextOf(FILES, analysis, 'models/reader.sql');
  const offsetOf = (line: number, needle = "'dim'") => ctx.lines.offsetAt({ line, character: FILES['models/reader.sql'].split('\n')[line].indexOf(needle) + 2 });
  const hoverText = (offset: number) => {
    const h = hover(ctx, offset);
    return h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '';
  };
  const target = (offset: number) => definition(ctx, offset, (rel) => rel).map((l) => l.uri);

  it('lands on the version the ref asks for, as v= or version=, number or string', () => {
    assert.deepEqual(target(offsetOf(1)), ['models/dim_v2.sql']);
    assert.deepEqual(target(offsetOf(2)), ['models/dim_v2.sql']);
    assert.deepEqual(target(offsetOf(0)), ['models/dim_v1.sql'], 'no version: latest_version');
  });

  it('describes that version: its number, whether it is the latest, its own description and columns', () => {
    const v2 = hoverText(offsetOf(1));
    assert.match(v2, /^\*\*dim\*\* v2 \(of 1, 2\) · model/);
    assert.match(v2, /Dimension, by spend/);
    assert.match(v2, /\| spend\\_segment \|/);
    assert.doesNotMatch(v2, /\| segment \|/);
    assert.match(hoverText(offsetOf(0)), /^\*\*dim\*\* v1 \(latest of 1, 2\) · model/);
  });

  it('says which versions exist when the one asked for is not one of them, and jumps nowhere', () => {
    assert.equal(hoverText(offsetOf(3)), '`dim` has no version 7 (its versions: 1, 2).');
    assert.deepEqual(target(offsetOf(3)), []);
  });

  it('resolves a column through an alias of a versioned ref to that version', () => {
    const line = 4;
    const offset = ctx.lines.offsetAt({ line, character: 'select c2.'.length + 2 });
    assert.deepEqual(target(offset), ['models/dim_v2.sql']);
  });
});
