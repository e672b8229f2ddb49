import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseYamlFast } from './fast_yaml';
import { syntheticProjectFiles } from './synthetic_project';
import { parseWithLibrary, toJS, type YamlNode } from './yaml_ranges';

/** Every node in document order with its range (and value for scalars), for comparing two parses. */
function shape(node: YamlNode | null, out: unknown[] = []): unknown[] {
  if (node === null) out.push(null);
  else if (node.kind === 'scalar') out.push(['scalar', node.value, node.start, node.end]);
  else if (node.kind === 'seq') {
    out.push(['seq', node.start]);
    for (const item of node.items) shape(item, out);
  } else {
    out.push(['map', node.start]);
    for (let i = 0; i < node.keys.length; i++) {
      shape(node.keys[i], out);
      shape(node.values[i], out);
    }
  }
  return out;
}

function assertSameAsLibrary(text: string, label: string): boolean {
  const fast = parseYamlFast(text);
  if (fast === undefined) return false;
  const lib = parseWithLibrary(text);
  assert.deepEqual(lib.doc.errors.map((e) => e.message), [], `${label}: the fast parser accepted a document the library rejects`);
  assert.deepEqual(toJS(fast), lib.doc.toJS(), `${label}: values differ`);
  assert.deepEqual(shape(fast), shape(lib.root), `${label}: node ranges differ`);
  return true;
}

const HANDLED: Record<string, string> = {
  'block map and seq': 'version: 2\nmodels:\n  - name: a\n    description: The a model.\n    columns:\n      - name: id\n        tests:\n          - unique\n          - not_null\n',
  'seq at key indent': 'tests:\n- unique\n- not_null\nnext: 1\n',
  'scalars of the core schema': 'a: 1\nb: -2\nc: 1.5\nd: .5\ne: 1e3\nf: true\ng: False\nh: null\ni: ~\nj:\nk: 0x1F\nl: 0o17\nm: .inf\nn: yes\no: 1.0.0\np: 007\nq: +3\n',
  'quoted scalars and keys': `"a b": 'it''s'\nc: "tab\\there \\u00e9 \\"q\\""\n'd': ""\ne: ''\n`,
  'flow collections': "values: ['a', \"b\", c d, 1, true]\nconfig: {severity: warn, where: \"x > 1\", n: {m: [1, [2]]}}\nempty: []\nemptymap: {}\ntrailing: [a, b, ]\njson: {\"a\":1}\n",
  'multi-line flow': "values: [\n    'a',\n    'b'\n  ]\nx: 1\n",
  'comments everywhere': '# head\nversion: 2 # trailing\n\nmodels: # here\n  # inside\n  - name: a # c\n    # between\n    description: "x" # after quoted\n# end\n',
  'block scalars': 'a: |\n  line one\n  line two\n\n  after blank\nb: >\n  folded\n  text\n\n  para\nc: |-\n  strip\nd: >+\n  keep\n\ne: x\n',
  'folded with more-indented lines': 'a: >\n  one\n    indented\n  two\nb: 1\n',
  'empty block scalar': 'a: |\nb: 1\n',
  'block scalar with trailing blank lines at end': 'a: |\n  x\n\n\n',
  'nested seq items': 'a:\n  - - 1\n    - 2\n  - 3\n',
  'map in seq item on the next line': 'a:\n  -\n    name: x\n  - name: y\n',
  'urls and colons in plain values': 'url: http://example.com:8080/x\ntime: 12:30\n',
  'hash inside values': 'a: x#y\nb: "#quoted"\n',
  'document marker': '---\na: 1\n',
  'CRLF line ends': 'a: 1\r\nb:\r\n  - x\r\n  - y\r\n',
  'empty document': '',
  'comment-only document': '# nothing\n\n',
  'top-level sequence': '- a\n- b\n',
  'top-level scalar': 'just text\n',
  'indented document': '  a: 1\n  b: 2\n',
  'unicode': 'name: café\ndescription: "naïve — ok"\n',
  'a mapping with more keys than the linear duplicate check': Array.from({ length: 40 }, (_, i) => `k${i}: ${i}\n`).join(''),
  'nested collections between the keys of their parents': 'a:\n  b:\n    - c: 1\n      d: [e, {f: g}]\n    - - h\n      - i: j\n  k: 2\nl:\n  - m\nn: {o: 1, p: 2}\n',
  'quoted scalars with and without escapes, before and after a backslash': 'a: "plain"\n"k\\"ey": "esc \\" q"\nc: "again"\nd: ["x\\ty", "z"]\ne: \'back\\slash\'\nf: "after"\n',
  'sequences of mappings and of sequences': '- name: a\n  description: b\n- - c\n  - d: e\n    f: g\n',
  'the same key in sibling and nested mappings': 'name: a\ncolumns:\n  - name: b\n    config: {name: c}\n  - name: d\n',
  'multi-line plain scalars': 'models:\n  - name: a\n    description: a long\n      text here,\n      and more\n\n      new para\n    columns: []\n  - desc\n    continued\n  - next\n',
};

const GIVES_UP: Record<string, string> = {
  anchors: 'a: &x 1\nb: *x\n',
  tags: 'a: !!str 1\n',
  'two documents': 'a: 1\n---\nb: 2\n',
  'a multi-line plain scalar after a comment': 'description: a long # note\n  text here\n',
  'multi-line quoted': 'description: "a long\n  text here"\n',
  'duplicate keys': 'a: 1\na: 2\n',
  'duplicate keys past the linear check': Array.from({ length: 30 }, (_, i) => `k${i}: ${i}\n`).join('') + 'k3: again\n',
  'duplicate keys just before the set takes over': Array.from({ length: 16 }, (_, i) => `k${i}: ${i}\n`).join('') + 'k0: again\n',
  'duplicate keys after a nested mapping': 'a:\n  b: 1\n  c: 2\nb: 3\na: 4\n',
  'duplicate keys in a flow mapping': 'a: {b: 1, c: 2, b: 3}\n',
  'duplicate numeric keys': '1: a\n01: b\n',
  'tab indentation': 'a:\n\t- x\n',
  'bad indentation': 'a: 1\n   b: 2\n',
  'unterminated quote': 'a: "x\nb: 2\n',
  'unterminated flow': 'a: [1, 2\nb: 3\n',
  'value with colon-space': 'a: b: c\n',
  'explicit key': '? a\n: b\n',
  directive: '%YAML 1.2\n---\na: 1\n',
  'explicit indentation indicator': 'a: |2\n   x\n',
};

describe('the fast YAML parser', () => {
  for (const [label, text] of Object.entries(HANDLED)) {
    it(`handles ${label} exactly like the yaml library`, () => {
      assert.ok(assertSameAsLibrary(text, label), `${label}: the fast parser gave up`);
    });
  }

  for (const [label, text] of Object.entries(GIVES_UP)) {
    it(`leaves ${label} to the yaml library`, () => {
      assert.equal(parseYamlFast(text), undefined);
    });
  }

  it('parses every YAML file of the example project like the library', function () {
    this.timeout(60_000);
    const root = path.resolve(__dirname, '../../../examples/shop');
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory() && !e.name.startsWith('.')) walk(path.join(dir, e.name));
        else if (e.name.endsWith('.yml')) files.push(path.join(dir, e.name));
      }
    };
    walk(root);
    assert.ok(files.length >= 5);
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      // Every file must either match the library or be left to it; the properties files must be handled.
      const handled = assertSameAsLibrary(text, f);
      if (/_(sources|staging|marts|seeds|snapshots)\.yml$/.test(f)) assert.ok(handled, `${f} was left to the slow parser`);
    }
  });

  it('parses the synthetic project YAML like the library', function () {
    this.timeout(60_000); // the library side is slow
    for (const [file, text] of syntheticProjectFiles({ models: 100, perFolder: 50 })) {
      if (file.endsWith('.yml')) assert.ok(assertSameAsLibrary(text, file), `${file} was left to the slow parser`);
    }
  });

  it('either matches the library or gives up on thousands of mutated properties files', function () {
    this.timeout(120_000);
    const base = HANDLED['block map and seq'] + HANDLED['flow collections'] + HANDLED['block scalars'] + HANDLED['comments everywhere'].replace('version: 2', 'version2: 2').replace('models:', 'models2:');
    assert.ok(parseYamlFast(base), 'the base document must be on the fast path');
    let seed = 12345;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const inserts = [' ', '  ', '\n', ':', ': ', '- ', '#', ' #', '"', "'", '[', ']', '{', '}', ',', '|', '>', '\t', '\r', '&a ', '*a', '!', '?', '---\n', 'x'];
    let fast = 0;
    for (let i = 0; i < 3000; i++) {
      const at = Math.floor(random() * base.length);
      const r = random();
      const text = r < 0.3 ? base.slice(0, at) + base.slice(at + 1) : base.slice(0, at) + inserts[Math.floor(random() * inserts.length)] + base.slice(at);
      if (assertSameAsLibrary(text, `mutation ${i} at ${at}: ${JSON.stringify(text.slice(Math.max(0, at - 20), at + 20))}`)) fast++;
    }
    // Most small edits keep the document valid and on the fast path.
    assert.ok(fast > 300, `only ${fast} mutations stayed on the fast path`);
  });

  it('builds light nodes with scalar keys', () => {
    const root = parseYamlFast('a: [1]\nb: {c: d}\n');
    assert.ok(root && root.kind === 'map');
    assert.deepEqual(root.keys.map((k) => k.value), ['a', 'b']);
    assert.deepEqual(root.values.map((v) => v?.kind), ['seq', 'map']);
  });
});
