/**
 * `analyzeSql`: the SQL layer's entry point. Parses (recovering from
 * errors), runs scope resolution and column lineage over every query
 * statement, and reports the last query's output columns — a dbt model is
 * one query, possibly preceded by statements we do not analyse.
 */
import type { AnalyzeOptions, OutputColumn, SqlAnalysis } from './api';
import type { Query, Statement } from './ast';
import { dialectRules } from './dialect';
import { LineageAnalyzer, type QueryResult } from './lineage';
import { parseSql } from './parser';

/** The analysis plus the syntax tree it was computed from (bindings filled in), for editor features. */
export interface DetailedAnalysis {
  analysis: SqlAnalysis;
  statements: Statement[];
}

export function analyzeSql(sql: string, opts: AnalyzeOptions): SqlAnalysis {
  return analyzeSqlDetailed(sql, opts).analysis;
}

export function analyzeSqlDetailed(sql: string, opts: AnalyzeOptions): DetailedAnalysis {
  const rules = dialectRules(opts.dialect);
  const text = typeof sql === 'string' ? sql : String(sql ?? '');
  const analysis: SqlAnalysis = { columns: [], tables: [], errors: [], complete: false, ctes: [] };
  let statements: Statement[] = [];
  try {
    const parsed = parseSql(text, rules);
    statements = parsed.statements;
    analysis.errors = parsed.errors;
    const lineage = new LineageAnalyzer(text, rules, opts.resolveTable);
    let last: QueryResult | undefined;
    for (const statement of statements) {
      const query: Query | undefined = statement.query;
      if (!query) continue;
      last = lineage.analyzeQuery(query, undefined, undefined);
      for (const cte of query.ctes) analysis.ctes.push({ name: cte.name.name, start: cte.start, end: cte.end });
    }
    analysis.tables = lineage.tables;
    if (last) {
      analysis.complete = last.shape.opaque.length === 0;
      analysis.columns = last.shape.columns.map(
        (c): OutputColumn => ({ name: c.name, type: c.type, start: c.start, end: c.end, sources: c.sources, transform: c.transform }),
      );
    }
  } catch (e) {
    // Analysis must never take the server down; an internal failure is reported like a syntax error.
    analysis.errors.push({ message: `Internal error while analysing SQL: ${e instanceof Error ? e.message : String(e)}`, start: 0, end: 0 });
  }
  analysis.errors.sort((a, b) => a.start - b.start);
  return { analysis, statements };
}
