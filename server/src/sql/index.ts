/** The SQL layer's public surface (see api.ts for the contract types). */
export * from './api';
export { analyzeSql, analyzeSqlDetailed, type DetailedAnalysis } from './analyze';
export { columnReferenceAt, type ColumnReference } from './reference_at';
export { formatSql, type FormatOptions } from './format';
export { dialectRules, displayName, normalizeType } from './dialect';
