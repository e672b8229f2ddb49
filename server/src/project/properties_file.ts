/**
 * One properties YAML file (`version: 2` with models/seeds/snapshots/sources)
 * → its entries. Keys Driftwatch does not model (exposures, metrics, macros,
 * semantic_models, unit_tests, …) are ignored without complaint.
 */
import { makeDiagnostic, type Diagnostic } from '../core/diagnostic';
import { readNodeProperties } from './node_properties';
import { readSources } from './source_tables';
import type { NodeProperties, SourceTableDef } from './types';
import { asSeq, isNullNode, lookup, seqItems, YamlFile } from './yaml_ranges';
import type { StringPool } from '../core/string_pool';

export interface PropertiesFile {
  file: string;
  packageName: string;
  models: NodeProperties[];
  seeds: NodeProperties[];
  snapshots: NodeProperties[];
  sources: SourceTableDef[];
  diagnostics: Diagnostic[];
}

export const NODE_KINDS = ['models', 'seeds', 'snapshots'] as const;

/** `strings` pools the names read (columns, tests) across the files of a project. */
export function readPropertiesFile(file: string, text: string, packageName: string, strings?: StringPool): PropertiesFile {
  const out: PropertiesFile = { file, packageName, models: [], seeds: [], snapshots: [], sources: [], diagnostics: [] };
  if (text.trim() === '') return out;
  const yaml = new YamlFile(file, text, strings);
  for (const e of yaml.errors) out.diagnostics.push(makeDiagnostic('yaml-syntax', file, e.range, e.message));
  const root = yaml.rootMap;
  if (!root) {
    // A comment-only file is fine; a list or a scalar at the top is not a properties file.
    if (yaml.errors.length === 0 && !isNullNode(yaml.root)) {
      out.diagnostics.push(makeDiagnostic('project-config', file, yaml.rangeOf(yaml.root), 'a properties file must be a mapping (version: 2, models: …)'));
    }
    return out;
  }
  for (const kind of NODE_KINDS) {
    const found = lookup(root, kind);
    if (!found.present || isNullNode(found.value)) continue;
    const seq = asSeq(found.value);
    if (!seq) {
      out.diagnostics.push(makeDiagnostic('project-config', file, yaml.rangeOf(found.value), `'${kind}' must be a list of {name: ...} entries`));
      continue;
    }
    for (const item of seqItems(seq)) {
      const props = readNodeProperties(yaml, item, kind, out.diagnostics);
      if (props) out[kind].push(props);
    }
  }
  const sources = lookup(root, 'sources');
  if (sources.present) out.sources = readSources(yaml, sources.value, packageName, out.diagnostics);
  return out;
}
