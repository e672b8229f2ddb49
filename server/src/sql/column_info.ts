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

/** Membership index for long source lists, so that appending stays linear overall. */
const LARGE_LIST = 32;
const indexes = new WeakMap<ColumnSource[], Set<string>>();

/** Appends sources not yet present, preserving order. */
export function addSources(into: ColumnSource[], from: readonly ColumnSource[]): void {
  if (into.length + from.length <= LARGE_LIST) {
    outer: for (const s of from) {
      for (const t of into) if (t.table === s.table && t.column === s.column) continue outer;
      into.push(s);
    }
    return;
  }
  let index = indexes.get(into);
  if (!index) {
    index = new Set();
    for (const t of into) index.add(t.table + '\u0000' + t.column);
    indexes.set(into, index);
  }
  for (const s of from) {
    const k = s.table + '\u0000' + s.column;
    if (index.has(k)) continue;
    index.add(k);
    into.push(s);
  }
}
