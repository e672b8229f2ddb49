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
