import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readProjectInput } from './discover';
import { analyzeLoadedProject, DEFAULT_TARGET } from '../analysis/analyze_project';
import { loadProject } from '../project/load';

function write(root: string, rel: string, content: string): void {
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

describe('seeds and snapshots of installed packages', () => {
  let root: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'driftwatch-pkg-nodes-'));
    write(root, 'dbt_project.yml', 'name: shop\nseeds:\n  geo:\n    +schema: reference\n');
    write(root, 'models/orders.sql', [
      'select o.id, c.name as country, h.valid_from',
      "from {{ ref('country_codes') }} as c",
      "join {{ ref('geo', 'country_codes') }} as o on o.code = c.code",
      "join {{ ref('country_history') }} as h on h.code = c.code",
    ].join('\n'));
    write(root, 'models/orders.yml', 'models:\n  - name: orders\n    description: x\n    columns:\n      - name: id\n        tests: [unique, not_null]\n');
    // The package keeps its seeds under its own seed path, not dbt's default.
    write(root, 'dbt_packages/dbt-geo/dbt_project.yml', 'name: geo\nseed-paths: ["data"]\nsnapshot-paths: ["snaps"]\nseeds:\n  geo:\n    +schema: geo_raw\n');
    write(root, 'dbt_packages/dbt-geo/data/country_codes.csv', 'id,code,name\n1,DE,Germany\n');
    write(root, 'dbt_packages/dbt-geo/data/seeds.yml', 'seeds:\n  - name: country_codes\n    columns:\n      - name: code\n');
    write(root, 'dbt_packages/dbt-geo/seeds/ignored.csv', 'x\n1\n'); // not a seed path of this package
    write(root, 'dbt_packages/dbt-geo/models/geo_model.sql', "select * from {{ ref('country_codes') }}");
    write(root, 'dbt_packages/dbt-geo/models/stray.csv', 'x\n1\n'); // CSV outside the seed paths is no seed
    write(root, 'dbt_packages/dbt-geo/snaps/country_history.sql', [
      '{% snapshot country_history %}',
      "{{ config(unique_key='code', strategy='check', check_cols='all', target_schema='snapshots') }}",
      "select code, name from {{ ref('country_codes') }}",
      '{% endsnapshot %}',
    ].join('\n'));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  async function analyse() {
    const input = await readProjectInput(root, {});
    return { input, analysis: analyzeLoadedProject(loadProject(input), input, { dialect: 'duckdb', target: DEFAULT_TARGET }) };
  }

  it('reads a package’s seeds and snapshots from its own seed-paths and snapshot-paths', async () => {
    const { input } = await analyse();
    const files = [...input.files.keys()].filter((f) => f.startsWith('dbt_packages/'));
    assert.deepEqual(files, [
      'dbt_packages/dbt-geo/data/country_codes.csv',
      'dbt_packages/dbt-geo/data/seeds.yml',
      'dbt_packages/dbt-geo/dbt_project.yml',
      'dbt_packages/dbt-geo/models/geo_model.sql',
      'dbt_packages/dbt-geo/snaps/country_history.sql',
    ]);
  });

  it('loads them as seed.<package>.<name> and snapshot.<package>.<name>, with the CSV header as columns', async () => {
    const { analysis } = await analyse();
    const seed = analysis.nodes.get('seed.geo.country_codes')!;
    assert.deepEqual(seed.columns.map((c) => c.name), ['id', 'code', 'name']);
    assert.equal(seed.packageName, 'geo');
    // The root project's seeds: {geo: …} config wins over the package's own.
    assert.equal(seed.config.schema, 'reference');
    const snap = analysis.nodes.get('snapshot.geo.country_history')!;
    assert.deepEqual(snap.parents, ['seed.geo.country_codes']);
    assert.ok(snap.columns.some((c) => c.name === 'dbt_valid_from'));
  });

  it('resolves ref() to them by name and by package, from the project and from the package itself', async () => {
    const { analysis } = await analyse();
    assert.deepEqual([...analysis.nodes.get('model.shop.orders')!.parents].sort(), ['seed.geo.country_codes', 'snapshot.geo.country_history']);
    assert.deepEqual(analysis.nodes.get('model.geo.geo_model')!.parents, ['seed.geo.country_codes']);
    assert.deepEqual(analysis.diagnostics.filter((d) => d.code === 'unresolved-ref'), []);
  });

  it('reports nothing about the package’s own nodes: no missing tests, documentation or unknown properties entries', async () => {
    const { analysis } = await analyse();
    const aboutPackage = analysis.diagnostics.filter((d) => d.file.startsWith('dbt_packages/') || String(d.data?.node ?? '').includes('.geo.'));
    assert.deepEqual(aboutPackage.map((d) => [d.code, d.file, d.message]), []);
  });
});
