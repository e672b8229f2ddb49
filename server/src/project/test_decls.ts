/**
 * Generic tests attached in properties YAML, in every spelling dbt accepts:
 *   - unique                                   (string)
 *   - accepted_values: {values: [...]}         (mapping, args inline)
 *   - accepted_values: {arguments: {values: [...]}, config: {severity: warn}}   (dbt 1.10)
 *   - relationships: {to: "ref('x')", field: id, severity: warn}   (legacy inline config)
 *   - {name: custom_name, test_name: unique}    (explicit test_name)
 *   - dbt_utils.accepted_range: {min_value: 0}  (namespaced)
 * Both `tests:` and `data_tests:` lists are read by the callers.
 */
import { makeDiagnostic, type Diagnostic } from '../core/diagnostic';
import { isPlainObject, toBoolean } from './node_config';
import type { TestDecl } from './types';
import { deferRanges } from '../core/deferred_range';
import { asMap, asSeq, getNode, isNullNode, lookup, scalarString, seqItems, type YamlFile, type YamlNode, type YMap } from './yaml_ranges';

/** Keys that configure a test rather than pass it an argument. */
const CONFIG_KEYS = new Set(['severity', 'where', 'warn_if', 'error_if', 'enabled', 'limit', 'store_failures', 'store_failures_as', 'tags', 'meta', 'fail_calc', 'alias', 'schema', 'database']);

/** Reads `tests:` and `data_tests:` of a mapping (model, column or source table) into TestDecls. */
export function readTestLists(yaml: YamlFile, owner: YMap | undefined, column: string | undefined, diagnostics: Diagnostic[]): TestDecl[] {
  return collectTests(yaml, owner, column, diagnostics) ?? [];
}

/**
 * readTestLists, but undefined instead of an empty list: most of the ~150,000
 * columns of a 10,000-model project have no tests, and share one frozen list.
 */
export function collectTests(yaml: YamlFile, owner: YMap | undefined, column: string | undefined, diagnostics: Diagnostic[]): TestDecl[] | undefined {
  if (!owner) return undefined;
  // Sized up front (every list item at most one test), then cut to what was read: these lists live as long as the project.
  let size = 0;
  for (let k = 0; k < owner.keys.length; k++) {
    const key = owner.keys[k].value;
    if (key === 'data_tests' || key === 'tests') size += asSeq(owner.values[k])?.items.length ?? 0;
  }
  const out: TestDecl[] = new Array<TestDecl>(size);
  let n = 0;
  // In document order, so diagnostics and UI lists follow the file.
  for (let k = 0; k < owner.keys.length; k++) {
    const key = owner.keys[k].value;
    if (key !== 'data_tests' && key !== 'tests') continue;
    const value = owner.values[k];
    if (isNullNode(value)) continue;
    const seq = asSeq(value);
    if (!seq) {
      diagnostics.push(makeDiagnostic('project-config', yaml.file, yaml.rangeOf(value), `'${key}' must be a list of tests`));
      continue;
    }
    for (const item of seqItems(seq)) {
      const test = readTest(yaml, item, column, diagnostics);
      if (test) out[n++] = test;
    }
  }
  if (n === 0) return undefined;
  if (n < size) out.length = n;
  return out;
}

function readTest(yaml: YamlFile, item: YamlNode, column: string | undefined, diagnostics: Diagnostic[]): TestDecl | undefined {
  const file = yaml.file;
  const asName = scalarString(item);
  if (asName !== undefined) {
    return newTestDecl(yaml, asName, column, item, NO_ARGS, NO_CONFIG); // `- unique`: settled as made
  }
  const map = asMap(item);
  if (!map || map.keys.length === 0) {
    diagnostics.push(makeDiagnostic('project-config', file, yaml.rangeOf(item), 'a test must be a name (`- unique`) or a mapping (`- accepted_values: {values: [...]}`)'));
    return undefined;
  }

  const testName = lookup(map, 'test_name');
  if (testName.present) {
    const name = scalarString(testName.value);
    if (name === undefined) {
      diagnostics.push(makeDiagnostic('project-config', file, yaml.rangeOf(testName.value ?? testName.keyNode), "'test_name' must be the name of a generic test"));
      return undefined;
    }
    const decl = newTestDecl(yaml, name, column, testName.value);
    fillArgsAndConfig(yaml, map, decl, 'test_name', diagnostics);
    return settled(decl);
  }

  const first = { key: String(map.keys[0].value), keyNode: map.keys[0], value: map.values[0] };
  if (map.keys.length > 1) {
    diagnostics.push(makeDiagnostic('project-config', file, yaml.rangeOf(map), `test '${first.key}' has sibling keys; indent its arguments under it (or use test_name:)`));
  }
  const decl = newTestDecl(yaml, first.key, column, first.keyNode);
  if (isNullNode(first.value)) return settled(decl);
  const body = asMap(first.value);
  if (!body) {
    diagnostics.push(makeDiagnostic('project-config', file, yaml.rangeOf(first.value), `arguments of test '${first.key}' must be a mapping`));
    return settled(decl);
  }
  fillArgsAndConfig(yaml, body, decl, undefined, diagnostics);
  return settled(decl);
}

/** Shared by the tests without arguments or config (most `unique` / `not_null`); frozen, since they are shared. */
const NO_ARGS: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;
const NO_CONFIG: TestDecl['config'] = Object.freeze({}) as TestDecl['config'];

/** A plain object made by a constructor, for in-object room for the deferred range's private fields (see ColumnDeclShape). */
function TestDeclShape(this: TestDecl, name: string, column: string | undefined, file: string, args: TestDecl['args'], config: TestDecl['config']) {
  this.name = name;
  this.column = column;
  this.args = args;
  this.config = config;
  this.file = file;
}
TestDeclShape.prototype = Object.prototype;

/**
 * ~40,000 tests at 10,000 models: the range of the name is deferred (read for a few diagnostics and code lenses).
 * `args` and `config` are fresh objects to fill (then settled), or the shared empties for a test that has none.
 */
function newTestDecl(yaml: YamlFile, name: string, column: string | undefined, at: YamlNode | null | undefined, args: TestDecl['args'] = {}, config: TestDecl['config'] = {}): TestDecl {
  const decl = new (TestDeclShape as unknown as new (...args: Parameters<typeof TestDeclShape>) => TestDecl)(yaml.strings.intern(name), column, yaml.file, args, config);
  return deferRanges(decl, yaml.source, 'range', at?.start ?? 0, at?.end ?? 0);
}

/** The finished declaration: empty args and config become the shared empty objects. */
function settled(decl: TestDecl): TestDecl {
  if (isEmpty(decl.args)) decl.args = NO_ARGS;
  if (isEmpty(decl.config)) decl.config = NO_CONFIG;
  return decl;
}

function isEmpty(o: object): boolean {
  for (const _ in o) return false;
  return true;
}

/** `skip`: the key that named the test (`test_name`), not an argument. */
function fillArgsAndConfig(yaml: YamlFile, body: YMap, decl: TestDecl, skip: string | undefined, diagnostics: Diagnostic[]): void {
  const rawConfig: Record<string, unknown> = {};
  for (let k = 0; k < body.keys.length; k++) {
    const key = String(body.keys[k].value);
    const value = body.values[k];
    if (key === skip) continue;
    if (key === 'config') {
      const c = yaml.toJS(value);
      if (isPlainObject(c)) Object.assign(rawConfig, c);
      else if (c !== null && c !== undefined) diagnostics.push(makeDiagnostic('project-config', yaml.file, yaml.rangeOf(value), `'config' of test '${decl.name}' must be a mapping`));
    } else if (key === 'arguments') {
      const a = yaml.toJS(value);
      if (isPlainObject(a)) Object.assign(decl.args, a);
      else if (a !== null && a !== undefined) diagnostics.push(makeDiagnostic('project-config', yaml.file, yaml.rangeOf(value), `'arguments' of test '${decl.name}' must be a mapping`));
    } else if (key === 'name') {
      const n = scalarString(value);
      if (n !== undefined) decl.config.name = n;
    } else if (CONFIG_KEYS.has(key)) {
      rawConfig[key] = yaml.toJS(value);
    } else {
      decl.args[key] = yaml.toJS(value);
    }
  }
  applyTestConfig(yaml, body, decl, rawConfig, diagnostics);
}

function applyTestConfig(yaml: YamlFile, body: YMap, decl: TestDecl, raw: Record<string, unknown>, diagnostics: Diagnostic[]): void {
  if (raw.severity !== undefined && raw.severity !== null) {
    const s = String(raw.severity).toLowerCase();
    if (s === 'warn' || s === 'error') decl.config.severity = s;
    else diagnostics.push(makeDiagnostic('project-config', yaml.file, severityRange(yaml, body, decl), `severity of test '${decl.name}' must be 'warn' or 'error', got '${String(raw.severity)}'`));
  }
  if (typeof raw.where === 'string') decl.config.where = raw.where;
  if (raw.warn_if !== undefined) decl.config.warnIf = String(raw.warn_if);
  if (raw.error_if !== undefined) decl.config.errorIf = String(raw.error_if);
  const enabled = toBoolean(raw.enabled);
  if (enabled !== undefined) decl.config.enabled = enabled;
  if (typeof raw.name === 'string') decl.config.name = raw.name;
}

/** Where the bad severity is written: inline, under config:, or else the test's name. */
function severityRange(yaml: YamlFile, body: YMap, decl: TestDecl) {
  const node = getNode(body, 'severity') ?? getNode(asMap(getNode(body, 'config')), 'severity');
  return node ? yaml.rangeOf(node) : decl.range;
}
