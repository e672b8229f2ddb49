/**
 * Source freshness blocks: `{warn_after, error_after, filter}` set on a
 * source and overridden per table, key by key; `freshness: null` on a table
 * switches it off even when the source sets one.
 */
import { makeDiagnostic, type Diagnostic } from '../core/diagnostic';
import { parseDuration } from './duration';
import type { Duration, SourceTableDef } from './types';
import { asMap, isNullNode, lookup, scalarString, type YamlFile, type YamlNode } from './yaml_ranges';

export type Freshness = NonNullable<SourceTableDef['freshness']>;

/** A freshness block as written: `null` fields are explicit "off", missing fields inherit. */
export interface FreshnessSpec {
  warnAfter?: Duration | null;
  errorAfter?: Duration | null;
  filter?: string | null;
}

/** undefined: not written (inherit); null: `freshness: null` (off). */
export function readFreshness(yaml: YamlFile, node: YamlNode | null, present: boolean, diagnostics: Diagnostic[]): FreshnessSpec | null | undefined {
  if (!present) return undefined;
  if (isNullNode(node)) return null;
  const map = asMap(node);
  if (!map) {
    diagnostics.push(makeDiagnostic('project-config', yaml.file, yaml.rangeOf(node), "'freshness' must be a mapping with warn_after / error_after (or null to disable)"));
    return undefined;
  }
  const spec: FreshnessSpec = {};
  for (const [key, field] of [['warn_after', 'warnAfter'], ['error_after', 'errorAfter']] as const) {
    const found = lookup(map, key);
    if (!found.present) continue;
    if (isNullNode(found.value)) {
      spec[field] = null;
      continue;
    }
    const parsed = parseDuration(yaml.toJS(found.value));
    if (parsed.ok) spec[field] = parsed.duration;
    else diagnostics.push(makeDiagnostic('project-config', yaml.file, yaml.rangeOf(found.value), `${key}: ${parsed.error}`));
  }
  const filter = lookup(map, 'filter');
  if (filter.present) spec.filter = isNullNode(filter.value) ? null : scalarString(filter.value);
  return spec;
}

/** The table's effective freshness from the source's spec and the table's own. */
export function mergeFreshness(source: FreshnessSpec | null | undefined, table: FreshnessSpec | null | undefined): Freshness | undefined {
  if (table === null) return undefined;
  const base = source ?? {};
  const over = table ?? {};
  const pick = <K extends keyof FreshnessSpec>(k: K): FreshnessSpec[K] => (k in over ? over[k] : base[k]);
  if (source === null && table === undefined) return undefined;
  const warnAfter = pick('warnAfter');
  const errorAfter = pick('errorAfter');
  const filter = pick('filter');
  if (!warnAfter && !errorAfter) return undefined;
  const out: Freshness = {};
  if (warnAfter) out.warnAfter = warnAfter;
  if (errorAfter) out.errorAfter = errorAfter;
  if (filter) out.filter = filter;
  return out;
}
