/**
 * Formatting with sql-formatter, mapping our dialects to its language names.
 * Formatting must never lose user text: on any failure the input comes back unchanged.
 */
import { format, type SqlLanguage } from 'sql-formatter';
import type { Dialect } from './api';

const LANGUAGES: Record<Dialect, SqlLanguage> = {
  duckdb: 'duckdb',
  postgres: 'postgresql',
  redshift: 'redshift',
  snowflake: 'snowflake',
  bigquery: 'bigquery',
};

export interface FormatOptions {
  tabWidth?: number;
  keywordCase?: 'preserve' | 'upper' | 'lower';
}

export function formatSql(sql: string, dialect: Dialect, options: FormatOptions = {}): string {
  try {
    return format(sql, {
      language: LANGUAGES[dialect] ?? 'sql',
      tabWidth: options.tabWidth ?? 2,
      keywordCase: options.keywordCase ?? 'preserve',
    });
  } catch {
    return sql;
  }
}
