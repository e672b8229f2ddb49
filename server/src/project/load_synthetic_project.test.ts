import * as assert from 'node:assert/strict';
import { loadProject } from './load';
import { readPropertiesFile } from './properties_file';
import { syntheticProjectFiles } from './synthetic_project';
import { YamlFile } from './yaml_ranges';

describe('loading a large synthetic project', () => {
  const files = syntheticProjectFiles({ models: 2000, perFolder: 100 });

  it('loads every model, source and seed with its properties and folder config', function () {
    this.timeout(60_000);
    const p = loadProject({ root: '/synthetic', files });
    assert.deepEqual(p.diagnostics, []);
    assert.equal(p.models.length, 2000);
    assert.equal(p.sources.length, 100);
    assert.equal(p.seeds.length, 20);
    assert.ok(p.models.every((m) => m.props && m.props.columns.length === 3));
    const staging = p.models.find((m) => m.name === 'stg_0')!;
    assert.deepEqual([staging.config.materialized, staging.config.tags], ['view', ['staging']]);
    const mart = p.models.find((m) => m.name === 'fct_1999')!;
    assert.equal(mart.config.materialized, 'table');
    assert.deepEqual(mart.props!.columns[2].tests[0].args, { values: ['new', 'done'] });
    assert.equal(new Set(p.models.map((m) => m.uniqueId)).size, 2000);
  });

  it('parses all of its properties files on the fast YAML path', () => {
    // Falling back to the yaml library is correct but several times slower; this guards the 10k-model budget.
    for (const [file, text] of files) {
      if (!file.endsWith('.yml') || file === 'dbt_project.yml') continue;
      assert.ok(new YamlFile(file, text).usedFastParser, `${file} fell back to the slow parser`);
      assert.deepEqual(readPropertiesFile(file, text, 'synthetic').diagnostics, []);
    }
  });
});
