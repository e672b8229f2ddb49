/**
 * The datasets and columns a check may name, taken from the project analysis.
 * A dataset is found by any name a user would write: `orders`,
 * `model:orders`, `seed:raw_payments`, `source:raw.orders`, `ref('orders')`,
 * `source('raw', 'orders')` or the unique id. A versioned model's bare name
 * (and `ref('x')`) is its latest version, as ref() resolves it; each version
 * is `x.v2` or `ref('x', v=2)`, and reports name it so.
 */
import type { AnalyzedNode, ProjectAnalysis } from '../analysis/api';
import type { ResourceType } from '../project/types';
import { ephemeralAsCtes, isEphemeral } from '../analysis/ephemeral';
import type { DatasetTarget, EphemeralRead } from './model';
import { displayName } from '../analysis/display_name';

export interface CatalogDataset extends DatasetTarget {
  kind: ResourceType;
  name: string;
  /** Known columns (declared or produced); empty when the project does not know them. */
  columns: string[];
  /** Whether `columns` is the full list (seeds, parsed models), so an unknown column is worth a warning; source YAML often lists only some. */
  columnsComplete?: boolean;
  loadedAtField?: string;
  /** For a version of a versioned model: its version, and whether it is the one a bare `ref()` means. */
  version?: { v: string; latest: boolean };
}

export interface CheckCatalog {
  datasets: CatalogDataset[];
  resolve(reference: string): CatalogDataset | undefined;
  /** Names worth suggesting for an unknown reference, best first. */
  suggest(reference: string): string[];
}

export function catalogFromAnalysis(analysis: ProjectAnalysis): CheckCatalog {
  const datasets: CatalogDataset[] = [];
  const rootPackage = analysis.project?.config?.name;
  // Package nodes first, so a root-project model claims a bare name over a package's model of the same name.
  const nodes = [...analysis.nodes.values()].sort((a, b) => Number(a.packageName === rootPackage) - Number(b.packageName === rootPackage));
  for (const node of nodes) {
    const isSource = node.resourceType === 'source';
    // Version nodes carry their version and the one a bare ref() means (the loader's latest_version default).
    const version = node.version === undefined ? undefined : { v: String(node.version), latest: String(node.latestVersion ?? '') === String(node.version) };
    const d: CatalogDataset = {
      id: node.uniqueId,
      kind: node.resourceType,
      name: node.name,
      display: isSource ? `source:${displayName(node)}` : version ? `${node.name}.v${version.v}` : node.name,
      version,
      relation: { database: node.relation.database || undefined, schema: node.relation.schema, name: node.relation.identifier },
      columns: withLoadedAt(node.columns.map((c) => c.name), node.loadedAtField),
      columnsComplete: node.resourceType === 'seed' || (node.resourceType !== 'source' && node.columns.some((c) => c.produced)),
      loadedAtField: node.loadedAtField,
    };
    if (isEphemeral(node)) readEphemeral(d, analysis, node);
    datasets.push(d);
  }
  return makeCatalog(datasets);
}

/**
 * An ephemeral model's `ephemeral` (its SQL as CTEs), rendered when a check
 * first reads it: the editor builds catalogs for validation and completion,
 * which never need it.
 */
function readEphemeral(d: CatalogDataset, analysis: ProjectAnalysis, node: AnalyzedNode): void {
  let read: EphemeralRead | undefined;
  Object.defineProperty(d, 'ephemeral', {
    enumerable: true,
    get: () => {
      if (read) return read;
      try {
        read = ephemeralAsCtes(analysis, node);
      } catch (e) {
        read = { error: `${d.display} is ephemeral (never built), and its SQL cannot be read: ${e instanceof Error ? e.message : String(e)}` };
      }
      return read;
    },
  });
}

/** The part of a catalog dataset a check spec keeps; an ephemeral model's SQL is still rendered only when read. */
export function datasetTarget(d: CatalogDataset): DatasetTarget {
  const t: DatasetTarget = { id: d.id, display: d.display, relation: d.relation };
  if ('ephemeral' in d) Object.defineProperty(t, 'ephemeral', { enumerable: true, get: () => d.ephemeral });
  return t;
}

function withLoadedAt(columns: string[], loadedAt: string | undefined): string[] {
  return loadedAt && !columns.some((c) => c.toLowerCase() === loadedAt.toLowerCase()) ? [...columns, loadedAt] : columns;
}

export function makeCatalog(datasets: CatalogDataset[]): CheckCatalog {
  const byKey = new Map<string, CatalogDataset>();
  const add = (key: string, d: CatalogDataset, override = false) => {
    const k = key.toLowerCase();
    if (override || !byKey.has(k)) byKey.set(k, d);
  };
  for (const d of datasets) {
    add(d.id, d, true);
    if (d.version) {
      // Every version shares the name; only the latest claims it (ref('x') means that one).
      add(d.display, d, true);
      add(`${d.kind}:${d.display}`, d, true);
      if (!d.version.latest) continue;
      add(`${d.kind}:${d.name}`, d, true);
      add(d.name, d, true);
      continue;
    }
    add(`${d.kind}:${d.name}`, d);
    if (d.kind === 'source') add(d.display, d, true);
    // Bare names: models win over seeds/snapshots of the same name, sources never claim bare names.
    else if (d.kind === 'model') add(d.name, d, true);
    else add(d.name, d);
  }
  return {
    datasets,
    resolve(reference: string) {
      const key = normaliseReference(reference);
      return key === undefined ? undefined : byKey.get(key.toLowerCase());
    },
    suggest(reference: string) {
      const key = (normaliseReference(reference) ?? reference).toLowerCase();
      const names = [...new Set(datasets.map((d) => d.display))];
      return rankBySimilarity(key, names);
    },
  };
}

/** Turns `ref('x')`, `source('a','b')` and friends into catalog keys. */
function normaliseReference(reference: string): string | undefined {
  const s = reference.trim();
  const ref = /^ref\(\s*['"]([^'"]+)['"]\s*(?:,\s*['"]([^'"]+)['"]\s*)?(?:,\s*(?:v|version)\s*=\s*(['"]?)([^'"\s)]+)\3\s*)?\)$/.exec(s);
  if (ref) return (ref[2] ?? ref[1]) + (ref[4] !== undefined ? `.v${ref[4]}` : '');
  const src = /^source\(\s*['"]([^'"]+)['"]\s*,\s*['"]([^'"]+)['"]\s*\)$/.exec(s);
  if (src) return `source:${src[1]}.${src[2]}`;
  return s;
}

/** Up to three candidates within a small edit distance, closest first. */
export function rankBySimilarity(target: string, candidates: string[]): string[] {
  const t = target.toLowerCase();
  const scored: { name: string; d: number }[] = [];
  for (const c of candidates) {
    const lc = c.toLowerCase();
    const bare = lc.includes(':') ? lc.slice(lc.indexOf(':') + 1) : lc;
    const d = Math.min(editDistance(t, lc), editDistance(t, bare));
    if (d <= Math.max(2, Math.floor(t.length / 3))) scored.push({ name: c, d });
  }
  scored.sort((a, b) => a.d - b.d || a.name.localeCompare(b.name));
  return scored.slice(0, 3).map((s) => s.name);
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 8) return 99;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}
