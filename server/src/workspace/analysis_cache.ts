/**
 * The on-disk cache of per-model results (`.driftwatch/cache/`), so reopening
 * a big project re-renders and re-parses only what changed since. Entries are
 * validated by their content keys on use, so a stale cache is merely slower,
 * never wrong. JSON, because for these many small plain objects V8's
 * JSON.parse is about twice as fast as v8.deserialize (measured at 10,000
 * models: ~0.55 s vs ~1.1-1.5 s), and load time is what a warm start waits on.
 * One entry per line, read in chunks: the whole file as one string (~55 MB at
 * 10,000 models) was the largest transient allocation of a server start.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { ModelResult } from '../analysis/model_result';
import { writeFileAtomically } from './atomic_file';

/** Bump when ModelResult's shape or its producers' semantics change. */
const CACHE_VERSION = 4;

const READ_CHUNK_BYTES = 4 << 20;

export function cacheFile(projectRoot: string): string {
  return path.join(projectRoot, '.driftwatch', 'cache', `analysis-v${CACHE_VERSION}.jsonl`);
}

/**
 * @param context what the results depend on besides their own keys (the values
 *   of the environment variables the project reads): a cache written under a
 *   different context is not used.
 */
export async function readAnalysisCache(projectRoot: string, context: string): Promise<Map<string, ModelResult> | undefined> {
  try {
    const entries = new Map<string, ModelResult>();
    let header: { version?: number; context?: string } | undefined;
    for (const line of readLines(cacheFile(projectRoot))) {
      if (!header) {
        header = JSON.parse(line) as { version?: number; context?: string };
        if (header?.version !== CACHE_VERSION || header.context !== context) return undefined;
        continue;
      }
      const [id, result] = JSON.parse(line) as [string, ModelResult];
      entries.set(id, result);
    }
    return header ? entries : undefined;
  } catch {
    return undefined; // missing or corrupt: analyse from scratch
  }
}

/** The lines of a UTF-8 file, read a chunk at a time (a line may span chunks). */
function* readLines(file: string): Generator<string> {
  const fd = fs.openSync(file, 'r');
  try {
    const chunk = Buffer.allocUnsafe(READ_CHUNK_BYTES);
    let carry = Buffer.alloc(0); // bytes after the last newline, so no character is split
    for (;;) {
      const n = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      const data = carry.length ? Buffer.concat([carry, chunk.subarray(0, n)]) : chunk.subarray(0, n);
      const end = data.lastIndexOf(10) + 1;
      for (const line of data.toString('utf8', 0, end).split('\n')) if (line) yield line;
      carry = Buffer.from(data.subarray(end));
    }
    if (carry.length) yield carry.toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}

export async function writeAnalysisCache(projectRoot: string, results: ReadonlyMap<string, ModelResult>, context: string): Promise<void> {
  const file = cacheFile(projectRoot);
  await writeFileAtomically(file, async (out) => {
    await out.write(JSON.stringify({ version: CACHE_VERSION, context }) + '\n');
    for (const entry of results) await out.write(JSON.stringify(entry) + '\n');
  }, /^analysis-v\d+\.(bin|json|jsonl)$/);
}
