/**
 * `sources:` in properties YAML → one SourceTableDef per table, with the
 * source's database/schema/loaded_at_field/freshness/tags/meta inherited by
 * its tables and overridable per table.
 */
import { makeDiagnostic, type Diagnostic } from '../core/diagnostic';
import { ZERO_RANGE } from '../core/text';
import { readColumns, readMeta } from './column_decls';
import { mergeFreshness, readFreshness, type FreshnessSpec } from './freshness';
import { isPlainObject, toBoolean, toStringList } from './node_config';
import { readTestLists } from './test_decls';
import type { SourceTableDef } from './types';
import { asMap, asSeq, getNode, isNullNode, lookup, scalarString, seqItems, type YamlFile, type YamlNode, type YMap as YamlMap } from './yaml_ranges';

export function readSources(yaml: YamlFile, list: YamlNode | null, packageName: string, diagnostics: Diagnostic[]): SourceTableDef[] {
  const out: SourceTableDef[] = [];
  if (isNullNode(list)) return out;
  const seq = asSeq(list);
  if (!seq) {
    diagnostics.push(makeDiagnostic('project-config', yaml.file, yaml.rangeOf(list), "'sources' must be a list of {name, tables} entries"));
    return out;
  }
  for (const item of seqItems(seq)) {
    const source = asMap(item);
    const nameNode = getNode(source, 'name');
    const sourceName = scalarString(nameNode);
    if (!source || sourceName === undefined) {
      diagnostics.push(makeDiagnostic('project-config', yaml.file, yaml.rangeOf(item), 'a source needs a `name:`'));
      continue;
    }
    if (configValue(yaml, source, 'enabled', toBoolean) === false) continue;
    const inherited = {
      sourceName,
      sourceNameRange: yaml.rangeOf(nameNode),
      database: scalarString(configOrTop(source, 'database')),
      schema: scalarString(configOrTop(source, 'schema')) ?? sourceName,
      loadedAtField: scalarString(configOrTop(source, 'loaded_at_field')),
      freshness: readFreshnessOf(yaml, source, diagnostics),
      tags: tagsOf(yaml, source),
      meta: readMeta(yaml, source),
    };
    const tables = lookup(source, 'tables');
    if (!tables.present || isNullNode(tables.value)) continue;
    const tableSeq = asSeq(tables.value);
    if (!tableSeq) {
      diagnostics.push(makeDiagnostic('project-config', yaml.file, yaml.rangeOf(tables.value), "'tables' must be a list of {name: ...} entries"));
      continue;
    }
    for (const t of seqItems(tableSeq)) {
      const table = readTable(yaml, t, packageName, inherited, diagnostics);
      if (table) out.push(table);
    }
  }
  return out;
}

interface Inherited {
  sourceName: string;
  sourceNameRange: SourceTableDef['sourceNameRange'];
  database?: string;
  schema: string;
  loadedAtField?: string;
  freshness: FreshnessSpec | null | undefined;
  tags: string[];
  meta?: Record<string, unknown>;
}

function readTable(yaml: YamlFile, node: YamlNode, packageName: string, src: Inherited, diagnostics: Diagnostic[]): SourceTableDef | undefined {
  const table = asMap(node);
  const nameNode = getNode(table, 'name');
  const name = scalarString(nameNode);
  if (!table || name === undefined) {
    diagnostics.push(makeDiagnostic('project-config', yaml.file, yaml.rangeOf(node), 'a source table needs a `name:`'));
    return undefined;
  }
  if (configValue(yaml, table, 'enabled', toBoolean) === false) return undefined;

  const loadedAt = lookupConfigOrTop(table, 'loaded_at_field');
  const loadedAtField = loadedAt.present ? scalarString(loadedAt.value) : src.loadedAtField;
  const def: SourceTableDef = {
    uniqueId: `source.${packageName}.${src.sourceName}.${name}`,
    sourceName: src.sourceName,
    name,
    packageName,
    schema: scalarString(configOrTop(table, 'schema')) ?? src.schema,
    identifier: scalarString(configOrTop(table, 'identifier')) ?? name,
    columns: readColumns(yaml, table, diagnostics),
    tests: readTestLists(yaml, table, undefined, diagnostics),
    tags: mergeTags(src.tags, tagsOf(yaml, table)),
    file: yaml.file,
    nameRange: nameNode ? yaml.rangeOf(nameNode) : ZERO_RANGE,
    sourceNameRange: src.sourceNameRange,
    range: yaml.rangeOf(table),
  };
  const database = scalarString(configOrTop(table, 'database')) ?? src.database;
  if (database !== undefined) def.database = database;
  const description = scalarString(getNode(table, 'description'));
  if (description !== undefined) def.description = description;
  if (loadedAtField !== undefined) def.loadedAtField = loadedAtField;
  const freshness = mergeFreshness(src.freshness, readFreshnessOf(yaml, table, diagnostics));
  if (freshness) def.freshness = freshness;
  const meta = readMeta(yaml, table);
  if (src.meta || meta) def.meta = { ...src.meta, ...meta };
  return def;
}

/** dbt ≥ 1.9 also accepts freshness / loaded_at_field under `config:`; the config spelling wins. */
function lookupConfigOrTop(owner: YamlMap, key: string): { present: boolean; value: YamlNode | null } {
  const inConfig = lookup(asMap(getNode(owner, 'config')), key);
  return inConfig.present ? inConfig : lookup(owner, key);
}

function configOrTop(owner: YamlMap, key: string): YamlNode | null {
  return lookupConfigOrTop(owner, key).value;
}

function readFreshnessOf(yaml: YamlFile, owner: YamlMap, diagnostics: Diagnostic[]): FreshnessSpec | null | undefined {
  const found = lookupConfigOrTop(owner, 'freshness');
  return readFreshness(yaml, found.value, found.present, diagnostics);
}

function configValue<T>(yaml: YamlFile, owner: YamlMap, key: string, convert: (v: unknown) => T): T | undefined {
  const config = yaml.toJS(getNode(owner, 'config'));
  return isPlainObject(config) && key in config ? convert(config[key]) : undefined;
}

function tagsOf(yaml: YamlFile, owner: YamlMap): string[] {
  return mergeTags(toStringList(yaml.toJS(getNode(owner, 'tags'))), toStringList(yaml.toJS(lookup(asMap(getNode(owner, 'config')), 'tags').value)));
}

function mergeTags(a: string[], b: string[]): string[] {
  if (b.length === 0) return a;
  const out = [...a];
  for (const t of b) if (!out.includes(t)) out.push(t);
  return out;
}
