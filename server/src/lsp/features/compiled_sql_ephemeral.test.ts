/**
 * The compiled-SQL view shows what a build or a preview runs: ephemeral
 * parents inlined as __dbt__cte__ CTEs (as dbt's target/compiled does), by
 * the same function, with render errors still listed.
 */
import * as assert from 'node:assert/strict';
import { analyzeProject, DEFAULT_TARGET } from '../../analysis/analyze_project';
import { inputOf, MINIMAL_PROJECT_YML } from '../../project/test_support';
import { withEphemeralsInlined } from '../../analysis/ephemeral';
import { compiledSql } from './compiled_sql';

const FILES: Record<string, string> = {
  'dbt_project.yml': MINIMAL_PROJECT_YML,
  'models/base.sql': 'select 1 as id',
  'models/eph_a.sql': "{{ config(materialized='ephemeral') }}\nselect id from {{ ref('base') }}",
  'models/eph_b.sql': "{{ config(materialized='ephemeral') }}\nselect id * 10 as id from {{ ref('eph_a') }}",
  'models/reader.sql': "select id from {{ ref('eph_b') }}",
  'models/broken_eph.sql': "{{ config(materialized='ephemeral') }}\nselect {{ undefined_macro() }} as id",
  'models/reads_broken.sql': "select id from {{ ref('broken_eph') }}",
  'models/empty_eph.sql': "{{ config(materialized='ephemeral') }}",
  'models/reads_empty.sql': "select * from {{ ref('empty_eph') }}",
};

describe('driftwatch/compiledSql shows ephemeral parents inlined, as builds run them', () => {
  const analysis = analyzeProject(inputOf(FILES), { dialect: 'duckdb', target: DEFAULT_TARGET });
  const id = (name: string) => [...analysis.nodes.values()].find((n) => n.name === name)!.uniqueId;

  it('inlines nested ephemeral parents as __dbt__cte__ CTEs and no longer names their relations', () => {
    const r = compiledSql(analysis, id('reader'));
    assert.deepEqual(r.errors, []);
    const sql = r.sql ?? '';
    assert.match(sql, /__dbt__cte__eph_a\s+as\s*\(/i);
    assert.match(sql, /__dbt__cte__eph_b\s+as\s*\(/i);
    assert.ok(sql.indexOf('__dbt__cte__eph_a') < sql.indexOf('__dbt__cte__eph_b as'), 'eph_a is defined before eph_b reads it');
    const eph = analysis.nodes.get(id('eph_b'))!;
    assert.ok(!sql.includes(`"${eph.relation.identifier}"`), `the ephemeral relation is still named:\n${sql}`);
  });

  it('is the SQL a build runs (same function), only formatted', () => {
    const node = analysis.nodes.get(id('reader'))!;
    const run = withEphemeralsInlined(analysis, node, analysis.compiledSql(node.uniqueId)!);
    const squash = (s: string) => s.replace(/\s+/g, '').toLowerCase();
    assert.equal(squash(compiledSql(analysis, node.uniqueId).sql ?? ''), squash(run));
  });

  it('leaves a model without ephemeral parents as rendered', () => {
    const r = compiledSql(analysis, id('eph_a'));
    assert.doesNotMatch(r.sql ?? '', /__dbt__cte__/);
    assert.match(r.sql ?? '', /"base"/);
  });

  it("lists an inlined ephemeral parent's render errors, naming its file", () => {
    const r = compiledSql(analysis, id('reads_broken'));
    assert.match(r.sql ?? '', /__dbt__cte__broken_eph/);
    assert.ok(r.errors.some((e) => e.startsWith('models/broken_eph.sql') && /undefined_macro/.test(e)), JSON.stringify(r.errors));
  });

  it('an ephemeral parent without SQL leaves the rendered SQL shown, and says why it cannot run', () => {
    const r = compiledSql(analysis, id('reads_empty'));
    assert.match(r.sql ?? '', /"empty_eph"/);
    assert.ok(r.errors.some((e) => /empty_eph has no compiled SQL to inline/.test(e)), JSON.stringify(r.errors));
  });
});
