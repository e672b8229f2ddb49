/**
 * What analysis knows about one column of a relation (a physical table, a
 * CTE, a subquery): its name, the physical columns it derives from, its type
 * and how it was produced. Relations are lists of these.
 */
import type { ColumnSource, ColumnTransform } from './api';

export interface ColumnInfo {
  name: string;
  sources: ColumnSource[];
  type?: string;
  transform: ColumnTransform;
  /** The select item that produced it (offsets in the analysed SQL). */
  start: number;
  end: number;
}

/** A relation's columns, plus stars that could not be expanded because their upstream is unknown. */
export interface Shape {
  columns: ColumnInfo[];
  byKey: Map<string, ColumnInfo>;
  /** Relations behind an unexpanded `*`: a name not among `columns` may still come from one of them. */
  opaque: OpaqueUpstream[];
}

/** Something whose columns are unknown but can still be asked for a column by name. */
export interface OpaqueUpstream {
  lookup(key: string, name: string, depth: number): ColumnInfo | undefined;
}

export function makeShape(columns: ColumnInfo[], opaque: OpaqueUpstream[] = []): Shape {
  const byKey = new Map<string, ColumnInfo>();
  for (const c of columns) {
    const k = c.name.toLowerCase();
    if (!byKey.has(k)) byKey.set(k, c);
  }
  return { columns, byKey, opaque };
}

/**
 * The same column under a (possibly) new name. A passthrough stays a
 * passthrough only while the name still equals the physical column's name.
 */
export function renamed(info: ColumnInfo, name: string, start: number, end: number): ColumnInfo {
  let transform = info.transform;
  if (transform === 'passthrough' || transform === 'renamed') {
    const origin = info.sources.length === 1 ? info.sources[0].column : info.name;
    transform = origin.toLowerCase() === name.toLowerCase() ? 'passthrough' : 'renamed';
  }
  return { name, sources: info.sources, type: info.type, transform, start, end };
}

/** Appends sources not yet present (order-preserving, small lists so a scan is cheapest). */
export function addSources(into: ColumnSource[], from: readonly ColumnSource[]): void {
  outer: for (const s of from) {
    for (const t of into) if (t.table === s.table && t.column === s.column) continue outer;
    into.push(s);
  }
}
