/**
 * Resolves the `models:` / `seeds:` / `snapshots:` folder trees of
 * dbt_project.yml for one node. The tree is keyed by package name, then
 * folder names, then (optionally) the node's own name; configs at each level
 * apply to everything below. A key is a config when it starts with `+` or is
 * a known config name; any other key holding a mapping is a folder.
 */
import { isPlainObject, mergeConfig, normalizeConfig } from './node_config';
import type { NodeConfig } from './types';

const KNOWN_CONFIGS = new Set([
  'materialized', 'enabled', 'tags', 'schema', 'database', 'alias', 'unique_key', 'contract', 'meta', 'docs',
  'persist_docs', 'pre-hook', 'post-hook', 'pre_hook', 'post_hook', 'full_refresh', 'on_schema_change',
  'incremental_strategy', 'grants', 'quoting', 'column_types', 'delimiter', 'quote_columns', 'target_schema',
  'target_database', 'strategy', 'updated_at', 'check_cols', 'snapshot_meta_column_names', 'hard_deletes',
  'invalidate_hard_deletes', 'sql_header', 'group', 'access', 'event_time', 'batch_size', 'lookback', 'begin',
  'concurrent_batches', 'severity', 'store_failures', 'where', 'limit', 'warn_if', 'error_if', 'bind',
  'partition_by', 'cluster_by', 'sort', 'dist', 'labels', 'transient', 'copy_grants', 'on_configuration_change',
  'indexes', 'file_format', 'location_root', 'packages', 'freshness', 'incremental_predicates',
  'merge_update_columns', 'merge_exclude_columns', 'secure', 'snowflake_warehouse', 'query_tag', 'sort_type',
]);

/** The config keys set directly at one level of the tree (folders excluded). */
export function configAtLevel(level: Record<string, unknown>): NodeConfig {
  const raw: Record<string, unknown> = {};
  let any = false;
  for (const key of Object.keys(level)) {
    const value = level[key];
    if (isConfigKey(key, value)) {
      raw[key] = value;
      any = true;
    }
  }
  return any ? normalizeConfig(raw) : {};
}

/**
 * `+key` is always a config. A known config name is a config unless it holds a
 * mapping where the config takes none (then it is a folder named like a config,
 * e.g. `tags/`). An unknown key is a folder when it holds a mapping or nothing
 * (`staging:` with no configs yet), and a custom config otherwise.
 */
function isConfigKey(key: string, value: unknown): boolean {
  if (key.startsWith('+')) return true;
  if (KNOWN_CONFIGS.has(key)) return !isPlainObject(value) || isLeafConfigObject(key);
  return !isPlainObject(value) && value !== null;
}

/** The sub-tree for a folder (or node name) at one level, if any; `+`-keys are never folders. */
export function childLevel(level: Record<string, unknown>, name: string): Record<string, unknown> | undefined {
  if (KNOWN_CONFIGS.has(name)) {
    // A folder named like a config (e.g. `tags/`) is only a folder if its value is a mapping of configs/folders.
    const v = level[name];
    return isPlainObject(v) && !isLeafConfigObject(name) ? v : undefined;
  }
  const v = level[name];
  return isPlainObject(v) ? v : undefined;
}

function isLeafConfigObject(name: string): boolean {
  return name === 'meta' || name === 'contract' || name === 'docs' || name === 'grants' || name === 'persist_docs' || name === 'quoting' || name === 'column_types';
}

/**
 * Effective config for a node from a dbt_project.yml tree.
 * @param tree the `models:` (or `seeds:`/`snapshots:`) block as plain JS
 * @param packageName the node's package (the first level below the top)
 * @param folders folders between the resource path and the file
 * @param nodeName the node's name (its own key at the deepest level, if present)
 */
export function configForPath(tree: Record<string, unknown>, packageName: string, folders: readonly string[], nodeName?: string): NodeConfig {
  return configForNode(folderConfig(tree, packageName, folders), nodeName);
}

/** The config a folder gives everything in it, plus the tree level for node-name lookups. */
export interface FolderConfig {
  config: NodeConfig;
  /** The deepest tree level reached; undefined when the folder path left the tree early. */
  level: Record<string, unknown> | undefined;
}

/** Config of a folder (shared by every node in it, so callers can memoise it per folder). */
export function folderConfig(tree: Record<string, unknown>, packageName: string, folders: readonly string[]): FolderConfig {
  let config = configAtLevel(tree);
  let level = childLevel(tree, packageName);
  if (!level) return { config, level: undefined };
  config = mergeConfig(config, configAtLevel(level));
  for (const folder of folders) {
    level = childLevel(level, folder);
    if (!level) return { config, level: undefined };
    config = mergeConfig(config, configAtLevel(level));
  }
  return { config, level };
}

/** A node's config: its folder's, plus a key named after the node at the folder's level. */
export function configForNode(folder: FolderConfig, nodeName?: string): NodeConfig {
  if (nodeName === undefined || !folder.level) return folder.config;
  const own = childLevel(folder.level, nodeName);
  return own ? mergeConfig(folder.config, configAtLevel(own)) : folder.config;
}
