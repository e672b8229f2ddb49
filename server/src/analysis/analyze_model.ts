/**
 * Render one model's Jinja, then analyse the rendered SQL, and express every
 * finding in offsets of the model's file (through the Jinja source map).
 */
import type { DbtContext, RenderResult } from '../jinja/api';
import { renderTemplate } from '../jinja';
import type { Dialect, TableResolver } from '../sql/api';
import { analyzeSql } from '../sql/analyze';
import type { ColumnResult, ModelResult, OffsetMessage, TableUse } from './model_result';
import type { ColumnLineageRef } from './api';
import { StringPool } from '../core/string_pool';

export interface ModelInput {
  /** The template text (for snapshots, the block body). */
  template: string;
  /** Offset of the template inside its file (snapshot bodies), added to every offset. */
  offset: number;
  file: string;
  ctx: DbtContext;
  dialect: Dialect;
  /** Resolves rendered table names to node ids and their columns. */
  resolveTable: TableResolver;
  /** Shares equal column names and types across the models of one analysis. */
  strings?: StringPool;
}

/** A column without upstream columns (a literal, an unresolved table); shared and frozen, like every lineage list it is read-only. */
export const NO_LINEAGE: ColumnLineageRef[] = Object.freeze([]) as unknown as ColumnLineageRef[];

/**
 * The model's rendered SQL alone. Not kept in the analysis: it is rendered
 * again when asked for (~17 MB at 10,000 models, read only by builds,
 * previews and the compiled-SQL view), and a render is deterministic for a
 * given context.
 */
export function compileModel(input: Pick<ModelInput, 'template' | 'file' | 'ctx'>): string {
  return renderTemplate(input.template, input.ctx, { file: input.file }).output;
}

export function analyzeModel(input: ModelInput, baseKey: string): Omit<ModelResult, 'depSig'> {
  const { template, offset } = input;
  const rendered: RenderResult = renderTemplate(template, input.ctx, { file: input.file });
  const toFile = (outputOffset: number) => rendered.map.toTemplate(outputOffset) + offset;

  const jinjaErrors: OffsetMessage[] = rendered.errors.map((e) =>
    e.file && e.file !== input.file
      ? { message: e.message, start: e.start, end: e.end, file: e.file }
      : { message: e.message, start: e.start + offset, end: e.end + offset },
  );

  const sql = rendered.output;
  const analysis = analyzeSql(sql, { dialect: input.dialect, resolveTable: input.resolveTable });

  const pool = input.strings ?? new StringPool();
  const columns: ColumnResult[] = analysis.columns.map((c) => {
    const start = toFile(c.start);
    const end = Math.max(start, toFile(c.end));
    // map() over the filtered list sizes the array exactly; push() would leave ~17 slots of slack in every one.
    const upstream = c.sources.filter((s) => s.table.includes('.') && isNodeId(s.table));
    const lineage = upstream.length ? upstream.map((s): ColumnLineageRef => ({ node: s.table, column: pool.intern(s.column) })) : NO_LINEAGE;
    return {
      name: pool.intern(c.name),
      type: pool.intern(c.type),
      start,
      end,
      lineage,
      transform: c.transform,
    };
  });

  const tables: TableUse[] = analysis.tables.map((t) => {
    const start = toFile(t.start);
    // Output produced by `{{ … }}` maps to the tag's opening, so a table whose
    // text maps onto "{{" came from Jinja; anything else was typed literally.
    const fromJinja = template.startsWith('{{', start - offset) || template.startsWith('{%', start - offset);
    return { name: pool.intern(t.parts.join('.')), node: t.key, start, end: fromJinja ? start + 2 : toFile(t.end), fromJinja };
  });

  const sqlErrors: OffsetMessage[] = analysis.errors.map((e) => {
    const start = toFile(e.start);
    return { message: e.message, start, end: Math.max(start, toFile(e.end)) };
  });

  // Most lists are empty for most models: one shared frozen empty list instead of 10,000 each.
  return {
    baseKey,
    // A copy: the renderer builds config key by key, which leaves V8 a slow dictionary object (~170 bytes each, kept per model).
    config: isEmptyObject(rendered.config) ? NO_CONFIG : { ...rendered.config },
    refs: orNone(rendered.refs.map((r) => ({ name: r.name, package: r.package, version: r.version, start: r.nameStart + offset, end: r.nameEnd + offset }))),
    sources: orNone(rendered.sources.map((s) => ({
      source: s.source,
      table: s.table,
      start: s.start + offset,
      end: s.end + offset,
      sourceStart: s.sourceStart + offset,
      sourceEnd: s.sourceEnd + offset,
      tableStart: s.tableStart + offset,
      tableEnd: s.tableEnd + offset,
    }))),
    columns,
    tables: orNone(tables),
    ctes: orNone(analysis.ctes.map((c) => ({ name: pool.intern(c.name), start: toFile(c.start), end: toFile(c.end) }))),
    jinjaErrors: orNone(jinjaErrors),
    sqlErrors: orNone(sqlErrors),
    columnsComplete: analysis.complete,
  };
}

const NONE: never[] = Object.freeze([]) as unknown as never[];
const NO_CONFIG: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

/** The list itself, or the shared empty one. */
function orNone<T>(list: T[]): T[] {
  return list.length ? list : NONE;
}

function isEmptyObject(o: object): boolean {
  for (const _ in o) return false;
  return true;
}

function isNodeId(s: string): boolean {
  return /^(model|seed|snapshot|source)\./.test(s);
}

/**
 * A result reused from an earlier analysis, brought to the shape a fresh one
 * has: its names in this analysis' pool and its empty lists shared. Results
 * read back from the disk cache are otherwise ~190,000 private copies of
 * column names, types and node ids at 10,000 models (~30 MB more than a cold
 * analysis). Only equal values are swapped in, so whoever else holds the
 * result sees no change.
 */
export function poolReusedResult<R extends Omit<ModelResult, 'depSig'>>(r: R, pool: StringPool): R {
  for (const c of r.columns) {
    c.name = pool.intern(c.name);
    c.type = pool.intern(c.type);
    if (c.lineage.length === 0) c.lineage = NO_LINEAGE;
    else if (!Object.isFrozen(c.lineage)) for (const l of c.lineage) {
      l.node = pool.intern(l.node);
      l.column = pool.intern(l.column);
    }
  }
  for (const t of r.tables) t.name = pool.intern(t.name);
  for (const c of r.ctes) c.name = pool.intern(c.name);
  if (r.refs.length === 0) r.refs = NONE;
  if (r.sources.length === 0) r.sources = NONE;
  if (r.tables.length === 0) r.tables = NONE;
  if (r.ctes.length === 0) r.ctes = NONE;
  if (r.jinjaErrors.length === 0) r.jinjaErrors = NONE;
  if (r.sqlErrors.length === 0) r.sqlErrors = NONE;
  if (isEmptyObject(r.config)) r.config = NO_CONFIG;
  return r;
}
