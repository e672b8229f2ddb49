/**
 * Loading a seed CSV into the dev target. DuckDB reads the file itself
 * (read_csv with the header, types detected, `column_types` honoured);
 * Postgres and Redshift get a parsed table sent as batched, parameterised
 * INSERTs — values never pass through string concatenation.
 */
import * as fs from 'node:fs';
import type { DevWarehouse, QueryOptions, RelationName } from './api';
import { inferColumnType, parseCsv } from './csv';
import { quoteLiteral } from './normalize';
import { replaceRelation } from './relation_swap';

/** Postgres binds at most 65535 parameters per statement; stay well under. */
const MAX_PARAMS = 30_000;

export interface SeedLoad {
  rows: number;
  /** Dependent views the reload dropped and could not recreate (see relation_swap.ts). */
  lostDependents: string[];
}

/** `column_types` from the seed's config, keys as written. */
export function seedColumnTypes(config: Record<string, unknown>): Record<string, string> {
  const raw = (config.column_types ?? config.columnTypes) as unknown;
  const out: Record<string, string> = {};
  if (raw && typeof raw === 'object') for (const [k, v] of Object.entries(raw as Record<string, unknown>)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** Refuses a type string that could carry SQL beyond a type name (it is spliced into DDL). */
function safeType(type: string): string {
  if (!/^[A-Za-z][A-Za-z0-9_ ]*(\(\s*\d+\s*(,\s*\d+\s*)?\))?(\[\])?$/.test(type.trim())) {
    throw new Error(`column type "${type}" in column_types is not a plain SQL type name`);
  }
  return type.trim();
}

export async function loadSeed(
  wh: DevWarehouse,
  target: RelationName,
  csvPath: string,
  columnTypes: Record<string, string>,
  options: QueryOptions = {},
): Promise<SeedLoad> {
  const text = fs.readFileSync(csvPath, 'utf8');
  // Parse everywhere, DuckDB included: malformed files fail with our line-numbered message, and we learn the row count.
  const table = parseCsv(text);
  const lowerTypes = new Map(Object.entries(columnTypes).map(([k, v]) => [k.toLowerCase(), safeType(v)]));
  if (wh.type === 'duckdb') {
    const typeEntries = table.header.filter((h) => lowerTypes.has(h.toLowerCase())).map((h) => `${quoteLiteral(h)}: ${quoteLiteral(lowerTypes.get(h.toLowerCase())!)}`);
    // all_varchar-free detection over the whole file, so a late odd value cannot break the load.
    const args = [quoteLiteral(csvPath), 'header = true', 'auto_detect = true', 'sample_size = -1'];
    if (typeEntries.length) args.push(`types = {${typeEntries.join(', ')}}`);
    const outcome = await replaceRelation(wh, target, 'table', (tmp) => wh.execute(`create table ${tmp} as select * from read_csv(${args.join(', ')})`, options), options);
    return { rows: table.rows.length, lostDependents: outcome.lostDependents };
  }
  const types = table.header.map((h, i) => lowerTypes.get(h.toLowerCase()) ?? inferColumnType(table.rows, i));
  const cols = table.header.map((h, i) => `${wh.quoteIdent(h)} ${types[i]}`).join(', ');
  const perBatch = Math.max(1, Math.floor(MAX_PARAMS / Math.max(1, table.header.length)));
  const outcome = await replaceRelation(
    wh,
    target,
    'table',
    async (tmp) => {
      await wh.execute(`create table ${tmp} (${cols})`, options);
      for (let start = 0; start < table.rows.length; start += perBatch) {
        const end = Math.min(table.rows.length, start + perBatch);
        const params: unknown[] = [];
        const tuples: string[] = [];
        for (let r = start; r < end; r++) {
          const row = table.rows[r];
          const ph: string[] = [];
          for (let c = 0; c < row.length; c++) {
            params.push(row[c]);
            ph.push(`$${params.length}`);
          }
          tuples.push(`(${ph.join(', ')})`);
        }
        await wh.execute(`insert into ${tmp} values ${tuples.join(', ')}`, { ...options, params });
      }
    },
    options,
  );
  return { rows: table.rows.length, lostDependents: outcome.lostDependents };
}
