/** Test support: a resolver over an in-memory catalog, and a compact view of analysis results. */
import type { AnalyzeOptions, Dialect, SqlAnalysis, TableResolver } from './api';
import { analyzeSql } from './analyze';

/** `{ 'main.orders': ['id:integer', 'amount:decimal(18,2)', 'status'], 'raw.unknown': null }` — null means "exists, columns unknown". */
export function catalog(tables: Record<string, string[] | null>): TableResolver {
  return (parts) => {
    const wanted = parts.map((p) => p.toLowerCase());
    for (const [key, cols] of Object.entries(tables)) {
      const keyParts = key.split('.');
      if (wanted.length > keyParts.length) continue;
      if (!wanted.every((p, i) => p === keyParts[keyParts.length - wanted.length + i])) continue;
      return {
        key,
        columns: cols?.map((c) => {
          const [name, type] = c.split(':');
          return { name, type };
        }),
      };
    }
    return undefined;
  };
}

export const SHOP = catalog({
  'main.orders': ['id:integer', 'customer_id:integer', 'amount:decimal(18,2)', 'status:varchar', 'ordered_at:timestamp'],
  'main.customers': ['id:integer', 'name:varchar', 'email:varchar', 'created_at:date'],
  'main.payments': ['id:integer', 'order_id:integer', 'amount:decimal(18,2)', 'method:varchar'],
  'raw.events': null,
  'raw.clicks': null,
});

export function analyze(sql: string, dialect: Dialect = 'duckdb', resolveTable: TableResolver = SHOP): SqlAnalysis {
  const opts: AnalyzeOptions = { dialect, resolveTable };
  return analyzeSql(sql, opts);
}

/** `name <- table.col, table.col [transform]` per output column. */
export function lineageOf(a: SqlAnalysis): string[] {
  return a.columns.map((c) => `${c.name} <- ${c.sources.map((s) => `${s.table}.${s.column}`).join(', ')} [${c.transform}]`);
}

export function namesOf(a: SqlAnalysis): string[] {
  return a.columns.map((c) => c.name);
}
