/**
 * Reads dbt_project.yml into a ProjectConfig. Never throws: a missing or
 * malformed file yields dbt's defaults plus `project-config` / `yaml-syntax`
 * diagnostics pointing at the offending key.
 */
import { makeDiagnostic, type Diagnostic } from '../core/diagnostic';
import { ZERO_RANGE, type Range } from '../core/text';
import { isPlainObject } from './node_config';
import { normalizeResourcePath } from './paths';
import type { ProjectConfig } from './types';
import { asMap, getNode, asSeq, lookup, scalarString, seqItems, stringValue, YamlFile, type YamlNode } from './yaml_ranges';

export const DEFAULT_PATHS = {
  modelPaths: ['models'],
  seedPaths: ['seeds'],
  macroPaths: ['macros'],
  snapshotPaths: ['snapshots'],
  testPaths: ['tests'],
  analysisPaths: ['analyses'],
} as const;

type PathKey = keyof typeof DEFAULT_PATHS;

/** dbt_project.yml keys for each path list; the second spelling is dbt < 1.0's. */
const PATH_KEYS: [PathKey, string, string?][] = [
  ['modelPaths', 'model-paths', 'source-paths'],
  ['seedPaths', 'seed-paths', 'data-paths'],
  ['macroPaths', 'macro-paths'],
  ['snapshotPaths', 'snapshot-paths'],
  ['testPaths', 'test-paths'],
  ['analysisPaths', 'analysis-paths'],
];

export interface ParsedProjectConfig {
  config: ProjectConfig;
  /** Range of the `name:` value (or the file start when missing). */
  nameRange: Range;
  diagnostics: Diagnostic[];
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function defaultProjectConfig(name: string): ProjectConfig {
  return {
    name,
    modelPaths: [...DEFAULT_PATHS.modelPaths],
    seedPaths: [...DEFAULT_PATHS.seedPaths],
    macroPaths: [...DEFAULT_PATHS.macroPaths],
    snapshotPaths: [...DEFAULT_PATHS.snapshotPaths],
    testPaths: [...DEFAULT_PATHS.testPaths],
    analysisPaths: [...DEFAULT_PATHS.analysisPaths],
    vars: {},
    modelsConfig: {},
    seedsConfig: {},
    snapshotsConfig: {},
    dispatch: [],
  };
}

/**
 * @param file project-relative path of the dbt_project.yml (for diagnostics)
 * @param text its content, or undefined when the file does not exist
 * @param fallbackName the name to use when the file has none (e.g. the folder name)
 */
export function parseProjectConfig(file: string, text: string | undefined, fallbackName: string): ParsedProjectConfig {
  const diagnostics: Diagnostic[] = [];
  const config = defaultProjectConfig(fallbackName);
  if (text === undefined) {
    diagnostics.push(makeDiagnostic('project-config', file, ZERO_RANGE, `${file} not found; using dbt's default paths and the name '${fallbackName}'`));
    return { config, nameRange: ZERO_RANGE, diagnostics };
  }
  const yaml = new YamlFile(file, text);
  for (const e of yaml.errors) diagnostics.push(makeDiagnostic('yaml-syntax', file, e.range, e.message));
  const root = yaml.rootMap;
  if (!root) {
    if (yaml.errors.length === 0) diagnostics.push(makeDiagnostic('project-config', file, ZERO_RANGE, `${file} must be a mapping of keys (name, profile, model-paths, …)`));
    return { config, nameRange: ZERO_RANGE, diagnostics };
  }
  const problem = (range: Range, message: string) => diagnostics.push(makeDiagnostic('project-config', file, range, message));

  // name
  const name = lookup(root, 'name');
  let nameRange = ZERO_RANGE;
  const nameValue = scalarString(name.value);
  if (!name.present) problem(ZERO_RANGE, `${file} has no 'name'; using '${fallbackName}'`);
  else if (nameValue === undefined || !IDENTIFIER.test(nameValue)) {
    nameRange = yaml.rangeOf(name.value ?? name.keyNode);
    problem(nameRange, `project 'name' must be an identifier (letters, digits, underscores), got ${JSON.stringify(yaml.toJS(name.value) ?? null)}; using '${fallbackName}'`);
  } else {
    config.name = nameValue;
    nameRange = yaml.rangeOf(name.value);
  }

  const version = lookup(root, 'version');
  if (version.present) {
    const v = scalarString(version.value);
    if (v !== undefined) config.version = v;
    else problem(yaml.rangeOf(version.value ?? version.keyNode), "'version' must be a string such as '1.0.0'");
  }

  const profile = lookup(root, 'profile');
  if (profile.present) {
    const p = scalarString(profile.value);
    if (p !== undefined) config.profile = p;
    else problem(yaml.rangeOf(profile.value ?? profile.keyNode), "'profile' must be the name of a profile in profiles.yml");
  }

  for (const [field, key, legacyKey] of PATH_KEYS) {
    let found = lookup(root, key);
    if (!found.present && legacyKey) found = lookup(root, legacyKey);
    if (!found.present) continue;
    const paths = readPathList(yaml, found.value, key, problem);
    if (paths) config[field] = paths;
  }

  const vars = lookup(root, 'vars');
  if (vars.present && vars.value) {
    const v = yaml.toJS(vars.value);
    if (isPlainObject(v)) config.vars = v;
    else if (v !== null) problem(yaml.rangeOf(vars.value), "'vars' must be a mapping of variable names to values");
  }

  for (const [field, key] of [['modelsConfig', 'models'], ['seedsConfig', 'seeds'], ['snapshotsConfig', 'snapshots']] as const) {
    const block = lookup(root, key);
    if (!block.present || !block.value) continue;
    const v = yaml.toJS(block.value);
    if (isPlainObject(v)) config[field] = v;
    else if (v !== null) problem(yaml.rangeOf(block.value), `'${key}' must be a mapping of package and folder names to configs`);
  }

  const dispatch = lookup(root, 'dispatch');
  if (dispatch.present && dispatch.value) config.dispatch = readDispatch(yaml, dispatch.value, problem);

  return { config, nameRange, diagnostics };
}

function readPathList(yaml: YamlFile, node: YamlNode | null, key: string, problem: (r: Range, m: string) => void): string[] | undefined {
  const single = stringValue(node);
  if (single !== undefined) return [normalizeResourcePath(single)];
  const seq = asSeq(node);
  if (!seq) {
    problem(yaml.rangeOf(node), `'${key}' must be a list of folders, e.g. ["${key.replace(/-paths$/, 's')}"]; using the default`);
    return undefined;
  }
  const out: string[] = [];
  for (const item of seqItems(seq)) {
    const s = stringValue(item);
    if (s === undefined || s.trim() === '') problem(yaml.rangeOf(item), `'${key}' entries must be folder names`);
    else out.push(normalizeResourcePath(s));
  }
  return out;
}

function readDispatch(yaml: YamlFile, node: YamlNode, problem: (r: Range, m: string) => void): ProjectConfig['dispatch'] {
  const out: ProjectConfig['dispatch'] = [];
  const seq = asSeq(node);
  if (!seq) {
    problem(yaml.rangeOf(node), "'dispatch' must be a list of {macro_namespace, search_order}");
    return out;
  }
  for (const item of seqItems(seq)) {
    const map = asMap(item);
    const ns = scalarString(getNode(map, 'macro_namespace'));
    const order = yaml.toJS(getNode(map, 'search_order'));
    if (!map || ns === undefined || !Array.isArray(order)) {
      problem(yaml.rangeOf(item), "each dispatch entry needs 'macro_namespace' (string) and 'search_order' (list of package names)");
      continue;
    }
    out.push({ macroNamespace: ns, searchOrder: order.map(String) });
  }
  return out;
}
