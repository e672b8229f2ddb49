/**
 * `columns:` and `constraints:` entries of properties YAML.
 */
import { makeDiagnostic, type Diagnostic } from '../core/diagnostic';
import { isPlainObject } from './node_config';
import { readTestLists } from './test_decls';
import type { ColumnDecl, ConstraintDecl } from './types';
import { asMap, asSeq, isNullNode, lookup, scalarString, seqItems, type YamlFile } from './yaml_ranges';

type YamlMap = NonNullable<ReturnType<typeof asMap>>;

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
    const nameNode = lookup(map, 'name').value;
    const name = scalarString(nameNode);
    if (!map || name === undefined) {
      diagnostics.push(makeDiagnostic('project-config', yaml.file, yaml.rangeOf(item), 'a column entry needs a `name:`'));
      continue;
    }
    const column: ColumnDecl = {
      name,
      tests: readTestLists(yaml, map, name, diagnostics),
      constraints: readConstraints(yaml, map, diagnostics),
      file: yaml.file,
      nameRange: yaml.rangeOf(nameNode),
      range: yaml.rangeOf(map),
    };
    const description = scalarString(lookup(map, 'description').value);
    if (description !== undefined) column.description = description;
    const dataType = scalarString(lookup(map, 'data_type').value);
    if (dataType !== undefined) column.dataType = dataType;
    const meta = readMeta(yaml, map);
    if (meta) column.meta = meta;
    out.push(column);
  }
  return out;
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
    const type = scalarString(lookup(map, 'type').value);
    if (!map || type === undefined) {
      diagnostics.push(makeDiagnostic('project-config', yaml.file, yaml.rangeOf(item), 'a constraint needs a `type:` (not_null, unique, primary_key, foreign_key, check)'));
      continue;
    }
    const c: ConstraintDecl = { type, range: yaml.rangeOf(map) };
    const columns = yaml.toJS(lookup(map, 'columns').value);
    if (Array.isArray(columns)) c.columns = columns.map(String);
    else if (typeof columns === 'string') c.columns = [columns];
    const expression = scalarString(lookup(map, 'expression').value);
    if (expression !== undefined) c.expression = expression;
    out.push(c);
  }
  return out;
}

/** `meta:` at the entry's top level and under `config:`, merged (config wins, as in dbt). */
export function readMeta(yaml: YamlFile, owner: YamlMap): Record<string, unknown> | undefined {
  const top = yaml.toJS(lookup(owner, 'meta').value);
  const inConfig = yaml.toJS(lookup(asMap(lookup(owner, 'config').value), 'meta').value);
  if (!isPlainObject(top) && !isPlainObject(inConfig)) return undefined;
  return { ...(isPlainObject(top) ? top : {}), ...(isPlainObject(inConfig) ? inConfig : {}) };
}
