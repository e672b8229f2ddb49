/**
 * `columns:` and `constraints:` entries of properties YAML.
 */
import { makeDiagnostic, type Diagnostic } from '../core/diagnostic';
import { deferRanges, deferredRangeFields } from '../core/deferred_range';
import { isPlainObject } from './node_config';
import { readTestLists } from './test_decls';
import type { ColumnDecl, ConstraintDecl, TestDecl } from './types';
import { asMap, asSeq, getNode, isNullNode, lookup, scalarString, seqItems, type YamlFile, type YamlNode, type YMap as YamlMap } from './yaml_ranges';

/** A 10,000-model project declares ~150,000 columns; their two ranges each are read for a few diagnostics and edits. */
const COLUMN_RANGES = deferredRangeFields('nameRange', 'range');
/** Shared by the many columns without tests or constraints; frozen, since they are shared. */
const NO_TESTS: never[] = Object.freeze([]) as unknown as never[];
const NO_CONSTRAINTS: never[] = Object.freeze([]) as unknown as never[];

export function readColumns(yaml: YamlFile, owner: YamlMap, diagnostics: Diagnostic[]): ColumnDecl[] {
  const list = lookup(owner, 'columns');
  if (!list.present || isNullNode(list.value)) return [];
  const seq = asSeq(list.value);
  if (!seq) {
    diagnostics.push(makeDiagnostic('project-config', yaml.file, yaml.rangeOf(list.value), "'columns' must be a list of {name: ...} entries"));
    return [];
  }
  const out: ColumnDecl[] = [];
  for (const item of seqItems(seq)) {
    const map = asMap(item);
    const nameNode = getNode(map, 'name');
    const name = yaml.strings.intern(scalarString(nameNode));
    if (!map || name === undefined) {
      diagnostics.push(makeDiagnostic('project-config', yaml.file, yaml.rangeOf(item), 'a column entry needs a `name:`'));
      continue;
    }
    const tests = readTestLists(yaml, map, name, diagnostics);
    const column = newColumnDecl(
      yaml,
      name,
      tests.length ? tests : NO_TESTS,
      readConstraints(yaml, map, diagnostics),
      scalarString(getNode(map, 'description')),
      yaml.strings.intern(scalarString(getNode(map, 'data_type'))),
      nameNode!,
      map,
    );
    const meta = readMeta(yaml, map);
    if (meta) column.meta = meta;
    out.push(column);
  }
  return out.slice(); // exact size: a pushed-to array keeps up to ~50% spare slots, and these live as long as the project
}

/**
 * One literal per combination of the optional fields, each with all of its
 * fields: a field added after creation would give every such column an
 * out-of-object property store (~40 bytes; most columns have a description).
 */
function newColumnDecl(yaml: YamlFile, name: string, tests: TestDecl[], constraints: ConstraintDecl[], description: string | undefined, dataType: string | undefined, nameNode: YamlNode, map: YamlMap): ColumnDecl {
  const file = yaml.file;
  const source = yaml.source;
  if (!constraints.length) constraints = NO_CONSTRAINTS;
  const ns = nameNode.start;
  const ne = nameNode.end;
  const s = map.start;
  const e = map.end;
  let column: object;
  if (description !== undefined && dataType !== undefined) {
    column = { name, tests, constraints, file, description, dataType, __rangeSource: source, __nameRangeStart: ns, __nameRangeEnd: ne, __rangeStart: s, __rangeEnd: e };
  } else if (description !== undefined) {
    column = { name, tests, constraints, file, description, __rangeSource: source, __nameRangeStart: ns, __nameRangeEnd: ne, __rangeStart: s, __rangeEnd: e };
  } else if (dataType !== undefined) {
    column = { name, tests, constraints, file, dataType, __rangeSource: source, __nameRangeStart: ns, __nameRangeEnd: ne, __rangeStart: s, __rangeEnd: e };
  } else {
    column = { name, tests, constraints, file, __rangeSource: source, __nameRangeStart: ns, __nameRangeEnd: ne, __rangeStart: s, __rangeEnd: e };
  }
  return deferRanges(column, COLUMN_RANGES) as ColumnDecl;
}

export function readConstraints(yaml: YamlFile, owner: YamlMap, diagnostics: Diagnostic[]): ConstraintDecl[] {
  const list = lookup(owner, 'constraints');
  if (!list.present || isNullNode(list.value)) return [];
  const seq = asSeq(list.value);
  if (!seq) {
    diagnostics.push(makeDiagnostic('project-config', yaml.file, yaml.rangeOf(list.value), "'constraints' must be a list of {type: ...} entries"));
    return [];
  }
  const out: ConstraintDecl[] = [];
  for (const item of seqItems(seq)) {
    const map = asMap(item);
    const type = scalarString(getNode(map, 'type'));
    if (!map || type === undefined) {
      diagnostics.push(makeDiagnostic('project-config', yaml.file, yaml.rangeOf(item), 'a constraint needs a `type:` (not_null, unique, primary_key, foreign_key, check)'));
      continue;
    }
    const c: ConstraintDecl = { type, range: yaml.rangeOf(map) };
    const columns = yaml.toJS(getNode(map, 'columns'));
    if (Array.isArray(columns)) c.columns = columns.map(String);
    else if (typeof columns === 'string') c.columns = [columns];
    const expression = scalarString(getNode(map, 'expression'));
    if (expression !== undefined) c.expression = expression;
    out.push(c);
  }
  return out;
}

/** `meta:` at the entry's top level and under `config:`, merged (config wins, as in dbt). */
export function readMeta(yaml: YamlFile, owner: YamlMap): Record<string, unknown> | undefined {
  const top = yaml.toJS(getNode(owner, 'meta'));
  const inConfig = yaml.toJS(getNode(asMap(getNode(owner, 'config')), 'meta'));
  if (!isPlainObject(top) && !isPlainObject(inConfig)) return undefined;
  return { ...(isPlainObject(top) ? top : {}), ...(isPlainObject(inConfig) ? inConfig : {}) };
}
