/**
 * One `models:` / `seeds:` / `snapshots:` entry of a properties YAML →
 * NodeProperties: description, columns, model-level tests and constraints,
 * `config:` (plus the top-level tags/meta/access/group dbt also accepts),
 * and `versions:` for versioned models (model_versions.ts).
 */
import { makeDiagnostic, type Diagnostic } from '../core/diagnostic';
import { readColumns, readConstraints, readMeta } from './column_decls';
import { readVersions } from './model_versions';
import { isPlainObject, mergeConfig, normalizeConfig, toStringList } from './node_config';
import { readTestLists } from './test_decls';
import type { NodeConfig, NodeProperties } from './types';
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
  const props: NodeProperties = {
    name,
    columns: readColumns(yaml, map, diagnostics),
    tests: readTestLists(yaml, map, undefined, diagnostics),
    constraints: readConstraints(yaml, map, diagnostics),
    config: readEntryConfig(yaml, map, diagnostics),
    file: yaml.file,
    nameRange: yaml.rangeOf(nameNode),
    range: yaml.rangeOf(map),
  };
  const description = scalarString(getNode(map, 'description'));
  if (description !== undefined) props.description = description;
  readVersions(yaml, map, props, diagnostics, readEntryConfig);
  const relation = scalarString(getNode(map, 'relation'));
  if (relation !== undefined) props.relation = relation;
  return props;
}

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
