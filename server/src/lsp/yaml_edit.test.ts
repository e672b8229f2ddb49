import * as assert from 'assert';
import { parse } from 'yaml';
import { LineIndex } from '../core/text';
import { addSequenceItems, appendTopLevelEntry, applyOffsetEdits, newPropertiesFile, setEntryScalar } from './yaml_edit';

const MARTS = `version: 2

models:
  - name: customers
    description: One row per customer.
    columns:
      - name: customer_id
        description: Primary key.
        data_tests:
          - unique
      - name: first_name
      # Deliberate drift: a comment that belongs to the next entry.
      - name: lifetime_value_usd
        description: Total.

  - name: orders
    columns:
      - name: order_id
`;

function nameRange(text: string, name: string, nth = 0) {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(`name: ${name}`, at + 1);
  const li = new LineIndex(text);
  const start = at + 'name: '.length;
  return li.rangeOf(start, start + name.length);
}

function apply(text: string, edit: ReturnType<typeof addSequenceItems>) {
  assert.ok(edit, 'expected an edit');
  const out = applyOffsetEdits(text, [edit!]);
  return { out, doc: parse(out) };
}

describe('yaml_edit', () => {
  it('adds a test to an existing data_tests list with its indentation', () => {
    const { out, doc } = apply(MARTS, addSequenceItems(MARTS, nameRange(MARTS, 'customer_id'), ['data_tests', 'tests'], [['not_null']]));
    assert.deepStrictEqual(doc.models[0].columns[0].data_tests, ['unique', 'not_null']);
    assert.ok(out.includes('          - unique\n          - not_null\n'));
  });

  it('creates data_tests on a column without tests, before the next entry comment', () => {
    const { doc, out } = apply(MARTS, addSequenceItems(MARTS, nameRange(MARTS, 'first_name'), ['data_tests', 'tests'], [['unique'], ['not_null']]));
    assert.deepStrictEqual(doc.models[0].columns[1], { name: 'first_name', data_tests: ['unique', 'not_null'] });
    assert.ok(out.includes('not_null\n      # Deliberate drift'));
  });

  it('appends a column entry after the last column of a model', () => {
    const { doc } = apply(MARTS, addSequenceItems(MARTS, nameRange(MARTS, 'customers'), ['columns'], [['name: lifetime_value', 'data_type: double']]));
    const cols = doc.models[0].columns;
    assert.deepStrictEqual(cols[cols.length - 1], { name: 'lifetime_value', data_type: 'double' });
    assert.strictEqual(doc.models[1].name, 'orders');
  });

  it('creates a columns key on a model without one', () => {
    const text = 'models:\n  - name: a\n    description: x\n  - name: b\n';
    const { doc } = apply(text, addSequenceItems(text, nameRange(text, 'a'), ['columns'], [['name: id', 'data_tests:', '  - unique']]));
    assert.deepStrictEqual(doc.models[0], { name: 'a', description: 'x', columns: [{ name: 'id', data_tests: ['unique'] }] });
    assert.deepStrictEqual(doc.models[1], { name: 'b' });
  });

  it('handles sequences indented at the same column as their key, and CRLF', () => {
    const text = 'models:\r\n- name: a\r\n  columns:\r\n  - name: id\r\n- name: b\r\n';
    const edit = addSequenceItems(text, nameRange(text, 'id'), ['data_tests', 'tests'], [['unique']]);
    const { doc, out } = apply(text, edit);
    assert.deepStrictEqual(doc.models[0].columns[0], { name: 'id', data_tests: ['unique'] });
    assert.ok(!/[^\r]\n/.test(out), 'kept CRLF line endings');
  });

  it('refuses flow-style blocks', () => {
    const text = 'models:\n  - name: a\n    columns: [{name: id}]\n';
    assert.strictEqual(addSequenceItems(text, nameRange(text, 'a'), ['columns'], [['name: x']]), undefined);
  });

  it('appends a model entry to the top-level list, or creates the list', () => {
    const { doc } = apply(MARTS, appendTopLevelEntry(MARTS, 'models', ['name: int_x', 'columns:', '  - name: id']));
    assert.deepStrictEqual(doc.models[2], { name: 'int_x', columns: [{ name: 'id' }] });
    const bare = 'version: 2\nsources:\n  - name: raw';
    const created = apply(bare, appendTopLevelEntry(bare, 'models', ['name: m']));
    assert.deepStrictEqual(created.doc.models, [{ name: 'm' }]);
    assert.strictEqual(created.doc.sources[0].name, 'raw');
  });

  it('writes a parseable new properties file', () => {
    assert.deepStrictEqual(parse(newPropertiesFile(['name: m', 'columns:', '  - name: id'])), { version: 2, models: [{ name: 'm', columns: [{ name: 'id' }] }] });
  });

  it('sets a scalar of an entry in place (keeping its comment) or adds it', () => {
    const text = 'models:\n  - name: m\n    columns:\n      - name: id\n        data_type: int  # the key\n      - name: x\n';
    const { doc, out } = apply(text, setEntryScalar(text, nameRange(text, 'id'), 'data_type', 'bigint'));
    assert.deepStrictEqual(doc.models[0].columns[0], { name: 'id', data_type: 'bigint' });
    assert.ok(out.includes('data_type: bigint  # the key'));
    const added = apply(text, setEntryScalar(text, nameRange(text, 'x'), 'data_type', 'varchar'));
    assert.deepStrictEqual(added.doc.models[0].columns[1], { name: 'x', data_type: 'varchar' });
  });

  it('finds an entry by another key (a version of a versioned model by its `v:`)', () => {
    const text = 'models:\n  - name: m\n    versions:\n      - v: 1\n      - v: 2\n        columns:\n          - include: all\n';
    const vRange = (v: string) => {
      const at = text.indexOf(`v: ${v}`) + 'v: '.length;
      return new LineIndex(text).rangeOf(at, at + v.length);
    };
    const first = apply(text, addSequenceItems(text, vRange('1'), ['columns'], [['name: a']], 'v'));
    assert.deepStrictEqual(first.doc.models[0].versions, [{ v: 1, columns: [{ name: 'a' }] }, { v: 2, columns: [{ include: 'all' }] }]);
    const second = apply(text, addSequenceItems(text, vRange('2'), ['columns'], [['name: b']], 'v'));
    assert.deepStrictEqual(second.doc.models[0].versions[1].columns, [{ include: 'all' }, { name: 'b' }]);
    const flow = 'models:\n  - name: m\n    versions: [{v: 1}]\n';
    const at = flow.indexOf('1}');
    assert.strictEqual(addSequenceItems(flow, new LineIndex(flow).rangeOf(at, at + 1), ['columns'], [['name: a']], 'v'), undefined);
  });
});
