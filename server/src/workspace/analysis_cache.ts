/**
 * The on-disk cache of per-model results (`.driftwatch/cache/`), so reopening
 * a big project re-renders and re-parses only what changed since. Entries are
 * validated by their content keys on use, so a stale cache is merely slower,
 * never wrong. JSON, because for these many small plain objects V8's
 * JSON.parse is about twice as fast as v8.deserialize (measured at 10,000
 * models: ~0.55 s vs ~1.1-1.5 s), and load time is what a warm start waits on.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import type { ModelResult } from '../analysis/model_result';
import { writeFileAtomically } from './atomic_file';

/** Bump when ModelResult's shape or its producers' semantics change. */
const CACHE_VERSION = 3;

export function cacheFile(projectRoot: string): string {
  return path.join(projectRoot, '.driftwatch', 'cache', `analysis-v${CACHE_VERSION}.json`);
}

/**
 * @param context what the results depend on besides their own keys (the values
 *   of the environment variables the project reads): a cache written under a
 *   different context is not used.
 */
export async function readAnalysisCache(projectRoot: string, context: string): Promise<Map<string, ModelResult> | undefined> {
  try {
    const text = await fs.readFile(cacheFile(projectRoot), 'utf8');
    const data = JSON.parse(text) as { version: number; context?: string; entries: [string, ModelResult][] };
    if (data?.version !== CACHE_VERSION || data.context !== context || !Array.isArray(data.entries)) return undefined;
    return new Map(data.entries);
  } catch {
    return undefined; // missing or corrupt: analyse from scratch
  }
}

export async function writeAnalysisCache(projectRoot: string, results: ReadonlyMap<string, ModelResult>, context: string): Promise<void> {
  const file = cacheFile(projectRoot);
  await writeFileAtomically(file, async (out) => {
    await out.write(`{"version":${CACHE_VERSION},"context":${JSON.stringify(context)},"entries":[`);
    let first = true;
    for (const entry of results) {
      await out.write((first ? '' : ',') + JSON.stringify(entry));
      first = false;
    }
    await out.write(']}');
  });
  // Caches of older formats are dead weight (tens of MB on big projects).
  for (const name of await fs.readdir(path.dirname(file))) {
    if (/^analysis-v\d+\.(bin|json)$/.test(name) && name !== path.basename(file)) await fs.rm(path.join(path.dirname(file), name), { force: true });
  }
}
