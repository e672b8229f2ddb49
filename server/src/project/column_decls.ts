/**
 * `columns:` and `constraints:` entries of properties YAML.
 */
import { makeDiagnostic, type Diagnostic } from '../core/diagnostic';
import { deferRanges, deferredRangeFields } from '../core/deferred_range';
import { isPlainObject } from './node_config';
import { readTestLists } from './test_decls';
import type { ColumnDecl, ConstraintDecl } from './types';
import { asMap, asSeq, getNode, isNullNode, lookup, scalarString, seqItems, type YamlFile, type YMap as YamlMap } from './yaml_ranges';

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
    const constraints = readConstraints(yaml, map, diagnostics);
    const column = deferRanges(
      {
        name,
        tests: tests.length ? tests : NO_TESTS,
        constraints: constraints.length ? constraints : NO_CONSTRAINTS,
        file: yaml.file,
        __rangeSource: yaml.source,
        __nameRangeStart: nameNode!.start,
        __nameRangeEnd: nameNode!.end,
        __rangeStart: map.start,
        __rangeEnd: map.end,
      },
      COLUMN_RANGES,
    ) as unknown as ColumnDecl;
    const description = scalarString(getNode(map, 'description'));
    if (description !== undefined) column.description = description;
    const dataType = yaml.strings.intern(scalarString(getNode(map, 'data_type')));
    if (dataType !== undefined) column.dataType = dataType;
    const meta = readMeta(yaml, map);
    if (meta) column.meta = meta;
    out.push(column);
  }
  return out.slice(); // exact size: a pushed-to array keeps up to ~50% spare slots, and these live as long as the project
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
