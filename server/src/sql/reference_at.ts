/**
 * Editor helper: which column a cursor position refers to, resolved through
 * scope (alias → table, CTE, subquery), with the physical columns it derives from.
 */
import type { AnalyzeOptions, ColumnSource } from './api';
import type { ColumnRef, Statement } from './ast';
import { analyzeSqlDetailed } from './analyze';

export interface ColumnReference {
  /** Physical tables: the resolver key (or dotted raw name); CTEs and subqueries: their name. Absent when unbound. */
  table?: string;
  column: string;
  /** What `table` names. */
  relationKind?: 'table' | 'cte' | 'subquery' | 'function' | 'select-alias';
  /** Physical columns the referenced column derives from. */
  sources: ColumnSource[];
  start: number;
  end: number;
}

export function columnReferenceAt(sql: string, offset: number, opts: AnalyzeOptions): ColumnReference | undefined {
  const { statements } = analyzeSqlDetailed(sql, opts);
  const ref = findColumnRef(statements, offset);
  if (!ref) return undefined;
  const column = ref.parts[ref.parts.length - 1].name;
  const b = ref.binding;
  if (!b) {
    const qualifier = ref.parts.slice(0, -1).map((p) => p.name).join('.');
    return { table: qualifier || undefined, column, sources: [], start: ref.start, end: ref.end };
  }
  let table = b.relation;
  if (b.relationKind === 'table' && b.info.sources.length === 1) table = b.info.sources[0].table;
  return { table, column, relationKind: b.relationKind, sources: b.info.sources, start: ref.start, end: ref.end };
}

/** The innermost column reference whose range contains `offset` (generic walk: editor path, not the hot path). */
function findColumnRef(statements: Statement[], offset: number): ColumnRef | undefined {
  let best: ColumnRef | undefined;
  const stack: unknown[] = [];
  for (const s of statements) if (s.query && s.query.start <= offset && offset <= s.query.end) stack.push(s.query);
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      for (const n of node) stack.push(n);
      continue;
    }
    const rec = node as Record<string, unknown>;
    if (typeof rec.start === 'number' && typeof rec.end === 'number' && rec.kind !== undefined) {
      if (offset < rec.start || offset > rec.end) continue;
    }
    if (rec.kind === 'column') {
      const ref = rec as unknown as ColumnRef;
      if (!best || ref.end - ref.start <= best.end - best.start) best = ref;
      continue;
    }
    for (const key in rec) {
      if (key === 'binding' || key === 'columnType') continue;
      const v = rec[key];
      if (v && typeof v === 'object') stack.push(v);
    }
  }
  return best;
}
