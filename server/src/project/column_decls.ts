/**
 * `columns:` and `constraints:` entries of properties YAML.
 */
import { makeDiagnostic, type Diagnostic } from '../core/diagnostic';
import { deferRanges } from '../core/deferred_range';
import { isPlainObject } from './node_config';
import { collectTests } from './test_decls';
import type { ColumnDecl, ConstraintDecl, TestDecl } from './types';
import { asMap, asSeq, getNode, isNullNode, lookup, scalarString, seqItems, type YamlFile, type YamlNode, type YMap as YamlMap } from './yaml_ranges';

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
  // Exact size, without the spare slots a pushed-to array keeps (up to ~50%): these live as long as the project.
  const out = new Array<ColumnDecl>(seq.items.length);
  let n = 0;
  for (const item of seqItems(seq)) {
    const column = readColumn(yaml, item, diagnostics);
    if (column) out[n++] = column;
  }
  if (n < out.length) out.length = n;
  return out;
}

/** One entry of a `columns:` list; undefined (with a diagnostic) when it has no name. */
export function readColumn(yaml: YamlFile, item: YamlNode, diagnostics: Diagnostic[]): ColumnDecl | undefined {
  const map = asMap(item);
  // One pass over the keys for what a column has (~150,000 columns at 10,000 models); the first of a repeated key wins, as getNode has it.
  let nameNode: YamlNode | null | undefined;
  let descriptionNode: YamlNode | null | undefined;
  let dataTypeNode: YamlNode | null | undefined;
  let metaNode: YamlNode | null | undefined;
  let configNode: YamlNode | null | undefined;
  let hasTests = false;
  let hasConstraints = false;
  if (map) {
    const keys = map.keys;
    for (let i = 0; i < keys.length; i++) {
      switch (keys[i].value) {
        case 'name': if (nameNode === undefined) nameNode = map.values[i]; break;
        case 'description': if (descriptionNode === undefined) descriptionNode = map.values[i]; break;
        case 'data_type': if (dataTypeNode === undefined) dataTypeNode = map.values[i]; break;
        case 'data_tests': case 'tests': hasTests = true; break;
        case 'constraints': hasConstraints = true; break;
        case 'meta': if (metaNode === undefined) metaNode = map.values[i]; break;
        case 'config': if (configNode === undefined) configNode = map.values[i]; break;
      }
    }
  }
  const name = yaml.strings.intern(scalarString(nameNode));
  if (!map || name === undefined) {
    diagnostics.push(makeDiagnostic('project-config', yaml.file, yaml.rangeOf(item), 'a column entry needs a `name:`'));
    return undefined;
  }
  const tests = hasTests ? collectTests(yaml, map, name, diagnostics) : undefined;
  const column = newColumnDecl(
    yaml,
    name,
    tests ?? NO_TESTS,
    hasConstraints ? readConstraints(yaml, map, diagnostics) : NO_CONSTRAINTS,
    scalarString(descriptionNode),
    yaml.strings.intern(scalarString(dataTypeNode)),
    nameNode!,
    map,
  );
  if (metaNode || configNode) {
    const meta = metaOf(yaml, metaNode ?? null, configNode ?? null);
    if (meta) column.meta = meta;
  }
  return column;
}

/**
 * A plain object (prototype Object.prototype: it compares and serialises as a
 * literal would) made by a constructor, so V8 gives it in-object room for the
 * optional fields and the deferred ranges' private fields: added to a
 * literal, they would cost an out-of-object store (~40 bytes per column).
 */
function ColumnDeclShape(this: ColumnDecl, name: string, tests: TestDecl[], constraints: ConstraintDecl[], file: string, description: string | undefined, dataType: string | undefined) {
  this.name = name;
  this.tests = tests;
  this.constraints = constraints;
  this.file = file;
  if (description !== undefined) this.description = description;
  if (dataType !== undefined) this.dataType = dataType;
}
ColumnDeclShape.prototype = Object.prototype;

/** A 10,000-model project declares ~150,000 columns; their two ranges are deferred (read for a few diagnostics and edits). */
function newColumnDecl(yaml: YamlFile, name: string, tests: TestDecl[], constraints: ConstraintDecl[], description: string | undefined, dataType: string | undefined, nameNode: YamlNode, map: YamlMap): ColumnDecl {
  const column = new (ColumnDeclShape as unknown as new (...args: Parameters<typeof ColumnDeclShape>) => ColumnDecl)(
    name,
    tests,
    constraints.length ? constraints : NO_CONSTRAINTS,
    yaml.file,
    description,
    dataType,
  );
  return deferRanges(column, yaml.source, 'nameRange', nameNode.start, nameNode.end, 'range', map.start, map.end);
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
  return metaOf(yaml, getNode(owner, 'meta'), getNode(owner, 'config'));
}

/** readMeta given the entry's `meta:` and `config:` values. */
function metaOf(yaml: YamlFile, metaNode: YamlNode | null, configNode: YamlNode | null): Record<string, unknown> | undefined {
  const top = yaml.toJS(metaNode);
  const inConfig = yaml.toJS(getNode(asMap(configNode), 'meta'));
  if (!isPlainObject(top) && !isPlainObject(inConfig)) return undefined;
  return { ...(isPlainObject(top) ? top : {}), ...(isPlainObject(inConfig) ? inConfig : {}) };
}
