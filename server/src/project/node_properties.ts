/**
 * One `models:` / `seeds:` / `snapshots:` entry of a properties YAML →
 * NodeProperties: description, columns, model-level tests and constraints,
 * `config:` (plus the top-level tags/meta/access/group dbt also accepts),
 * and `versions:` for versioned models (model_versions.ts).
 */
import { makeDiagnostic, type Diagnostic } from '../core/diagnostic';
import { deferRanges } from '../core/deferred_range';
import { readColumns, readConstraints, readMeta } from './column_decls';
import { readVersions } from './model_versions';
import { isPlainObject, mergeConfig, normalizeConfig, toStringList } from './node_config';
import { readTestLists } from './test_decls';
import type { ColumnDecl, ConstraintDecl, NodeConfig, NodeProperties, TestDecl } from './types';
import { asMap, getNode, isNullNode, lookup, scalarString, type YamlFile, type YamlNode, type YMap } from './yaml_ranges';

/** Top-level keys of an entry that are really configs. */
const TOP_LEVEL_CONFIGS = ['access', 'group', 'docs'];

export function readNodeProperties(yaml: YamlFile, item: YamlNode, kind: string, diagnostics: Diagnostic[]): NodeProperties | undefined {
  const map = asMap(item);
  const nameNode = getNode(map, 'name');
  const name = scalarString(nameNode);
  if (!map || name === undefined) {
    diagnostics.push(makeDiagnostic('project-config', yaml.file, yaml.rangeOf(item), `an entry of '${kind}' needs a \`name:\``));
    return undefined;
  }
  const props = new (NodePropertiesShape as unknown as new (...args: Parameters<typeof NodePropertiesShape>) => NodeProperties)(
    name,
    readColumns(yaml, map, diagnostics),
    readTestLists(yaml, map, undefined, diagnostics),
    readConstraints(yaml, map, diagnostics),
    readEntryConfig(yaml, map, diagnostics),
    yaml.file,
  );
  // Deferred, so loading a project maps no offset of its properties YAML to a line (read for diagnostics and navigation).
  deferRanges(props, yaml.source, 'nameRange', nameNode!.start, nameNode!.end, 'range', map.start, map.end);
  const description = scalarString(getNode(map, 'description'));
  if (description !== undefined) props.description = description;
  readVersions(yaml, map, props, diagnostics, readEntryConfig);
  const relation = scalarString(getNode(map, 'relation'));
  if (relation !== undefined) props.relation = relation;
  return props;
}

/** A plain object made by a constructor, with in-object room for the deferred ranges (see ColumnDeclShape); keys in the order the literal had. */
function NodePropertiesShape(this: NodeProperties, name: string, columns: ColumnDecl[], tests: TestDecl[], constraints: ConstraintDecl[], config: NodeConfig, file: string) {
  this.name = name;
  this.columns = columns;
  this.tests = tests;
  this.constraints = constraints;
  this.config = config;
  this.file = file;
}
NodePropertiesShape.prototype = Object.prototype;

function readEntryConfig(yaml: YamlFile, map: YMap, diagnostics: Diagnostic[]): NodeConfig {
  const top: Record<string, unknown> = {};
  for (const key of TOP_LEVEL_CONFIGS) {
    const found = lookup(map, key);
    if (found.present) top[key] = yaml.toJS(found.value);
  }
  const tags = lookup(map, 'tags');
  if (tags.present) top.tags = toStringList(yaml.toJS(tags.value));
  let config = normalizeConfig(top);
  const meta = readMeta(yaml, map);
  const found = lookup(map, 'config');
  if (found.present && !isNullNode(found.value)) {
    const raw = yaml.toJS(found.value);
    if (isPlainObject(raw)) config = mergeConfig(config, normalizeConfig(raw));
    else diagnostics.push(makeDiagnostic('project-config', yaml.file, yaml.rangeOf(found.value), "'config' must be a mapping (materialized, enabled, tags, contract, …)"));
  }
  if (meta) config.meta = meta;
  return config;
}
