/**
 * What rendering and parsing one model yields. Plain, serialisable data, so a
 * result can be reused across edits (in memory) and across sessions (the
 * on-disk cache) as long as its inputs have not changed.
 * All offsets are offsets into the model's FILE (snapshot bodies already shifted).
 */
import type { ColumnLineageRef } from './api';

export interface RefUse {
  name: string;
  package?: string;
  version?: string | number;
  start: number;
  end: number;
}

export interface SourceUse {
  source: string;
  table: string;
  start: number;
  end: number;
  /** Offsets of the source-name and table-name literals. */
  sourceStart: number;
  sourceEnd: number;
  tableStart: number;
  tableEnd: number;
}

export interface ColumnResult {
  name: string;
  type?: string;
  start: number;
  end: number;
  /**
   * The upstream columns this column derives from. The node's AnalyzedColumn
   * holds this same array (190,000 columns at 10,000 models: a second copy
   * cost ~16 MB), so neither side may mutate it.
   */
  lineage: ColumnLineageRef[];
  transform: string;
  /**
   * The select item as a range in the file. No longer computed (the node's
   * column location defers it: 190,000 eager ranges cost ~23 MB at 10,000
   * models); kept optional so consumers fall back to start/end.
   */
  range?: import('../core/text').Range;
}

export interface TableUse {
  /** Dotted, unquoted name as written or rendered. */
  name: string;
  /** The node it resolves to, if any. */
  node?: string;
  start: number;
  end: number;
  /** True when the text came from a Jinja expression (ref/source/macro), false when typed literally. */
  fromJinja: boolean;
}

export interface OffsetMessage {
  message: string;
  start: number;
  end: number;
  /** Set when the error is located in another file (e.g. inside a macro). */
  file?: string;
}

export interface ModelResult {
  /** Hash of the model's own inputs (text, config, macros, vars, target, dialect). */
  baseKey: string;
  /** Signature of the upstream nodes it actually used (relations and columns). */
  depSig: string;
  config: Record<string, unknown>;
  refs: RefUse[];
  sources: SourceUse[];
  columns: ColumnResult[];
  tables: TableUse[];
  ctes: { name: string; start: number; end: number }[];
  jinjaErrors: OffsetMessage[];
  sqlErrors: OffsetMessage[];
  /** False when `*` could not be expanded because upstream columns were unknown. */
  columnsComplete: boolean;
}
