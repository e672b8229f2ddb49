import * as assert from 'node:assert/strict';
import { deferredSpan } from '../core/deferred_range';
import { loadProject } from './load';
import { readPropertiesFile } from './properties_file';
import { inputOf, MINIMAL_PROJECT_YML } from './test_support';
import { asMap, asSeq, getNode, lookup, YamlFile } from './yaml_ranges';

/** Written with CRLF, a comment, a quoted name and a flow entry, so offsets and lines do not line up trivially. */
const TEXT = [
  '# properties',
  'version: 2',
  'models:',
  '  - name: orders',
  '    description: "All orders."',
  '    columns:',
  '      - name: id',
  '        data_tests: [unique]',
  '',
  '  - name: "customers"   # quoted',
  '    tests:',
  '      - not_null:',
  '          column_name: id',
  '  - {name: flow_model, description: x}',
  'seeds:',
  '  - name: countries',
  '',
].join('\r\n');

describe('ranges of properties entries', () => {
  it('are deferred, and read as the ranges of the name and of the whole entry', () => {
    const parsed = readPropertiesFile('models/_models.yml', TEXT, 'acme');
    const yaml = new YamlFile('models/_models.yml', TEXT);
    const entries = [...asSeq(lookup(yaml.rootMap, 'models').value)!.items, ...asSeq(lookup(yaml.rootMap, 'seeds').value)!.items];
    const props = [...parsed.models, ...parsed.seeds];
    assert.equal(props.length, 4);
    props.forEach((p, i) => {
      const map = asMap(entries[i])!;
      assert.ok(deferredSpan(p, 'nameRange') && deferredSpan(p, 'range'), `${p.name}: deferred`);
      assert.deepEqual(p.nameRange, yaml.rangeOf(getNode(map, 'name')), `${p.name}: nameRange`);
      assert.deepEqual(p.range, yaml.rangeOf(map), `${p.name}: range`);
    });
    assert.deepEqual(parsed.models[1].nameRange, { start: { line: 9, character: 10 }, end: { line: 9, character: 21 } });
  });

  it('keep the key order and JSON of the plain entry they replaced', () => {
    const orders = readPropertiesFile('models/_models.yml', TEXT, 'acme').models[0];
    assert.deepEqual(Object.keys(orders), ['name', 'columns', 'tests', 'constraints', 'config', 'file', 'nameRange', 'range', 'description']);
    assert.equal(Object.getPrototypeOf(orders), Object.prototype);
    const plain = { ...orders };
    assert.equal(JSON.stringify(orders), JSON.stringify(plain));
    assert.deepEqual(orders, plain);
  });

  it('stay deferred in the project\'s list of entries, with the entry\'s range', () => {
    const project = loadProject(inputOf({ 'dbt_project.yml': MINIMAL_PROJECT_YML, 'models/_models.yml': TEXT, 'models/orders.sql': 'select 1 as id' }));
    const parsed = readPropertiesFile('models/_models.yml', TEXT, 'acme');
    assert.deepEqual(
      project.propertyEntries.map((e) => ({ ...e })),
      [...parsed.models.map((p) => ({ kind: 'models', name: p.name, file: p.file, nameRange: p.nameRange })), { kind: 'seeds', name: 'countries', file: 'models/_models.yml', nameRange: parsed.seeds[0].nameRange }],
    );
    assert.ok(project.propertyEntries.every((e) => deferredSpan(e, 'nameRange')));
    assert.deepEqual(Object.keys(project.propertyEntries[0]), ['kind', 'name', 'file', 'nameRange']);
  });
});
