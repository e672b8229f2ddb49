/**
 * Resolution of ref() and source() calls to nodes, as dbt does it: a ref
 * finds a model, seed or snapshot by name (optionally in a package, optionally
 * a version; the latest version by default); a source finds a declared table.
 */
import { didYouMean } from '../core/did_you_mean';
import { compareVersions } from '../project/model_versions';

export interface RefTarget {
  uniqueId: string;
  name: string;
  packageName: string;
  version?: string | number;
  latest?: boolean;
}

export type RefResolution =
  | { kind: 'ok'; uniqueId: string }
  | { kind: 'disabled'; uniqueId: string }
  | { kind: 'missing'; suggestion?: string }
  | { kind: 'bad-version'; versions: (string | number)[] };

export class RefIndex {
  private readonly byName = new Map<string, RefTarget[]>();
  private readonly disabled = new Map<string, string>();

  constructor(targets: RefTarget[], disabled: { name: string; uniqueId: string }[]) {
    for (const t of targets) {
      const list = this.byName.get(t.name);
      if (list) list.push(t);
      else this.byName.set(t.name, [t]);
    }
    for (const d of disabled) this.disabled.set(d.name, d.uniqueId);
  }

  get names(): IterableIterator<string> {
    return this.byName.keys();
  }

  resolve(name: string, pkg: string | undefined, version: string | number | undefined, currentPackage: string): RefResolution {
    let candidates = this.byName.get(name);
    if (candidates && pkg) candidates = candidates.filter((c) => c.packageName === pkg);
    if (!candidates || candidates.length === 0) {
      const disabled = this.disabled.get(name);
      if (disabled) return { kind: 'disabled', uniqueId: disabled };
      return { kind: 'missing', suggestion: didYouMean(name, this.byName.keys()) };
    }
    // Prefer the calling package's own node, as dbt does.
    const own = candidates.filter((c) => c.packageName === currentPackage);
    if (own.length) candidates = own;
    if (version !== undefined) {
      const v = candidates.find((c) => String(c.version) === String(version));
      if (!v) return { kind: 'bad-version', versions: candidates.map((c) => c.version).filter((x): x is string | number => x !== undefined).sort(compareVersions) };
      return { kind: 'ok', uniqueId: v.uniqueId };
    }
    // Without latest_version, dbt takes the greatest version, compared as it compares them (not file order).
    const latest = candidates.find((c) => c.latest) ?? candidates.reduce((a, b) => (compareVersions(a.version ?? '', b.version ?? '') < 0 ? b : a));
    return { kind: 'ok', uniqueId: latest.uniqueId };
  }
}

export class SourceIndex {
  private readonly tables = new Map<string, string>(); // "source.table" → uniqueId
  private readonly sources = new Map<string, string[]>();

  constructor(entries: { sourceName: string; name: string; uniqueId: string }[]) {
    for (const e of entries) {
      this.tables.set(`${e.sourceName}\u0000${e.name}`, e.uniqueId);
      const list = this.sources.get(e.sourceName);
      if (list) list.push(e.name);
      else this.sources.set(e.sourceName, [e.name]);
    }
  }

  get sourceNames(): IterableIterator<string> {
    return this.sources.keys();
  }

  tablesOf(source: string): string[] {
    return this.sources.get(source) ?? [];
  }

  resolve(source: string, table: string): { kind: 'ok'; uniqueId: string } | { kind: 'missing-source'; suggestion?: string } | { kind: 'missing-table'; suggestion?: string } {
    const id = this.tables.get(`${source}\u0000${table}`);
    if (id) return { kind: 'ok', uniqueId: id };
    const tables = this.sources.get(source);
    if (!tables) return { kind: 'missing-source', suggestion: didYouMean(source, this.sources.keys()) };
    return { kind: 'missing-table', suggestion: didYouMean(table, tables) };
  }
}
