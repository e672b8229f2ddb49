/**
 * Node config values as they come from YAML or config(): normalised to our
 * `NodeConfig` shape and merged in dbt's precedence order. Kept apart from
 * the folder tree walk so the analysis can reuse `mergeConfig` for in-file
 * config() calls.
 */
import type { NodeConfig } from './types';

/** Configs whose values combine across levels instead of the deeper one winning (dbt's "additive" configs). */
const ADDITIVE_LISTS = new Set(['tags', 'pre-hook', 'post-hook', 'pre_hook', 'post_hook']);
const MERGED_OBJECTS = new Set(['meta', 'docs', 'grants', 'persist_docs', 'quoting', 'column_types']);

/** Turns raw config keys (`materialized`, `+tags`, `unique_key`, `contract: {enforced}`) into a NodeConfig. */
export function normalizeConfig(raw: Record<string, unknown>): NodeConfig {
  const out: NodeConfig = {};
  for (const rawKey of Object.keys(raw)) {
    const key = rawKey.startsWith('+') ? rawKey.slice(1) : rawKey;
    const value = raw[rawKey];
    switch (key) {
      case 'materialized':
      case 'schema':
      case 'database':
      case 'alias':
        if (typeof value === 'string') out[key] = value;
        else if (value !== null && value !== undefined) out[key] = String(value);
        break;
      case 'enabled': {
        const b = toBoolean(value);
        if (b !== undefined) out.enabled = b;
        else if (value !== null && value !== undefined) out.enabled_expression = value; // e.g. a Jinja string; decided by the renderer
        break;
      }
      case 'tags':
        out.tags = toStringList(value);
        break;
      case 'unique_key':
        if (typeof value === 'string') out.uniqueKey = value;
        else if (Array.isArray(value)) out.uniqueKey = value.map(String);
        break;
      case 'contract':
        if (value && typeof value === 'object' && !Array.isArray(value)) {
          const enforced = toBoolean((value as Record<string, unknown>).enforced);
          if (enforced !== undefined) out.contractEnforced = enforced;
          out.contract = value;
        }
        break;
      case 'meta':
        if (value && typeof value === 'object' && !Array.isArray(value)) out.meta = { ...(value as Record<string, unknown>) };
        break;
      default:
        out[key] = value;
    }
  }
  return out;
}

/** `over` on top of `base`: scalars replace, tags and hooks accumulate, meta-like objects merge key by key. */
export function mergeConfig(base: NodeConfig, over: NodeConfig): NodeConfig {
  const out: NodeConfig = { ...base };
  for (const key of Object.keys(over)) {
    const value = over[key];
    if (value === undefined) continue;
    const prev = out[key];
    if (ADDITIVE_LISTS.has(key) && Array.isArray(prev)) {
      const list = [...prev];
      for (const v of Array.isArray(value) ? value : [value]) if (!list.includes(v)) list.push(v);
      out[key] = list;
    } else if (MERGED_OBJECTS.has(key) && isPlainObject(prev) && isPlainObject(value)) {
      out[key] = { ...prev, ...value };
    } else {
      out[key] = value;
    }
  }
  return out;
}

export function toBoolean(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (s === 'true') return true;
    if (s === 'false') return false;
  }
  return undefined;
}

export function toStringList(v: unknown): string[] {
  if (v === null || v === undefined) return [];
  if (Array.isArray(v)) return v.filter((x) => x !== null && x !== undefined).map(String);
  return [String(v)];
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
