/**
 * The on-disk cache of per-model results (`.driftwatch/cache/`), so reopening
 * a big project re-renders and re-parses only what changed since. Entries are
 * validated by their content keys on use, so a stale cache is merely slower,
 * never wrong. v8 serialisation: compact and several times faster than JSON.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import { deserialize, serialize } from 'v8';
import type { ModelResult } from '../analysis/model_result';

/** Bump when ModelResult's shape or its producers' semantics change. */
const CACHE_VERSION = 2;

export function cacheFile(projectRoot: string): string {
  return path.join(projectRoot, '.driftwatch', 'cache', `analysis-v${CACHE_VERSION}.bin`);
}

export async function readAnalysisCache(projectRoot: string): Promise<Map<string, ModelResult> | undefined> {
  try {
    const buf = await fs.readFile(cacheFile(projectRoot));
    const data = deserialize(buf) as { version: number; entries: [string, ModelResult][] };
    if (data?.version !== CACHE_VERSION || !Array.isArray(data.entries)) return undefined;
    return new Map(data.entries);
  } catch {
    return undefined; // missing or corrupt: analyse from scratch
  }
}

export async function writeAnalysisCache(projectRoot: string, results: ReadonlyMap<string, ModelResult>): Promise<void> {
  const file = cacheFile(projectRoot);
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(tmp, serialize({ version: CACHE_VERSION, entries: [...results] }));
  await fs.rename(tmp, file); // atomic: a crash never leaves a half-written cache
}
