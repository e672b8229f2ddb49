/**
 * The on-disk cache of per-model results (`.driftwatch/cache/`), so reopening
 * a big project re-renders and re-parses only what changed since. Entries are
 * validated by their content keys on use, so a stale cache is merely slower,
 * never wrong. JSON, because for these many small plain objects V8's
 * JSON.parse is about twice as fast as v8.deserialize (measured at 10,000
 * models: ~0.55 s vs ~1.1-1.5 s).
 *
 * One entry per line, and a trailing index of where each line is, so an entry
 * is read and parsed only when the analysis asks for it. Parsing the whole
 * file up front (~55 MB at 10,000 models) held every entry, the text it came
 * from and the strings the analysis then pooled all at once: ~65 MB of the
 * language server's peak memory and ~0.9 s of its start.
 *
 *   {"version":6,"context":"…"}             header
 *   ["model.p.a",{…ModelResult…}]           one line per entry
 *   {"index":[["model.p.a","<baseKey>","<depSig>",offset,length,crc32],…]}
 *   <byte offset of the index line>          last line
 *
 * A line whose bytes no longer match its checksum, or whose JSON is not a
 * result, is not used (its model is analysed again) and is not copied into
 * the next file: a damaged cache costs time, never a wrong answer or a crash.
 */
import * as fs from 'fs';
import * as path from 'path';
import { crc32 } from 'zlib';
import type { ModelResult } from '../analysis/model_result';
import { writeFileAtomically } from './atomic_file';

/** Bump when ModelResult's shape or its producers' semantics change. */
const CACHE_VERSION = 6;

/** Stored lines are copied in reads of about this size: few calls, and no buffer the size of the file. */
const COPY_RUN_BYTES = 1 << 20;
/** How much of the file one read brings in at least (~70 entries at 10,000 models). */
const READ_AHEAD_BYTES = 256 << 10;

export function cacheFile(projectRoot: string): string {
  return path.join(projectRoot, '.driftwatch', 'cache', `analysis-v${CACHE_VERSION}.jsonl`);
}

/** What an entry's result was made from: equal fingerprints mean equal results (the keys the analysis reuses a result by). */
export function resultFingerprint(result: ModelResult): string {
  return `${result.baseKey}\0${result.depSig}`;
}

interface StoredLine {
  offset: number;
  length: number;
  crc: number;
}

type IndexEntry = [id: string, baseKey: string, depSig: string, offset: number, length: number, crc: number];

/**
 * The cache as read: entries parsed on `get`. Holds the file open (an atomic
 * rewrite replaces the name, not the file this reads) until `close`.
 */
export class CachedResults {
  /** Entries found damaged when read: their models were analysed again, and the file should be rewritten. */
  readonly damaged = new Set<string>();

  private constructor(
    private fd: number | undefined,
    private readonly where: Map<string, StoredLine>,
    /** Entry id → `resultFingerprint` of its result, read from the index without parsing any entry. */
    readonly fingerprints: ReadonlyMap<string, string>,
  ) {}

  /** Undefined when the file is missing, corrupt, of another version, or written under another context. */
  static open(projectRoot: string, context: string): CachedResults | undefined {
    let fd: number | undefined;
    try {
      fd = fs.openSync(cacheFile(projectRoot), 'r');
      const size = fs.fstatSync(fd).size;
      const header = JSON.parse(readLine(fd, 0, size)) as { version?: number; context?: string };
      if (header?.version !== CACHE_VERSION || header.context !== context) throw new Error('another version or context');
      const tail = readTail(fd, size, 32).split('\n');
      const indexAt = Number(tail[tail.length - 2]);
      if (!Number.isSafeInteger(indexAt) || indexAt <= 0 || indexAt >= size) throw new Error('no index');
      const { index } = JSON.parse(readLine(fd, indexAt, size)) as { index: IndexEntry[] };
      const where = new Map<string, StoredLine>();
      const fingerprints = new Map<string, string>();
      for (const [id, baseKey, depSig, offset, length, crc] of index) {
        if (!(offset > 0 && length > 0 && offset + length <= indexAt) || typeof crc !== 'number') throw new Error('index out of range');
        where.set(id, { offset, length, crc });
        fingerprints.set(id, `${baseKey}\0${depSig}`);
      }
      const opened = new CachedResults(fd, where, fingerprints);
      fd = undefined;
      return opened;
    } catch {
      return undefined; // missing or corrupt: analyse from scratch
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  }

  /** The entry, parsed afresh; undefined when absent, after `close`, or when its line is damaged (then it is re-analysed). */
  get(id: string): ModelResult | undefined {
    const at = this.where.get(id);
    const line = at && this.bytes(at.offset, at.length);
    if (!at || !line) return undefined;
    try {
      if (crc32(line) !== at.crc) throw new Error('checksum');
      const entry: unknown = JSON.parse(line.toString('utf8'));
      if (!Array.isArray(entry) || entry[0] !== id || !isModelResult(entry[1])) throw new Error('not a result');
      return entry[1];
    } catch {
      this.damaged.add(id);
      return undefined;
    }
  }

  /** Where the entry's line is in the file, and its checksum. */
  locate(id: string): Readonly<StoredLine> | undefined {
    return this.where.get(id);
  }

  /**
   * Bytes are read into one reused buffer, a window at a time. Entries are
   * asked for in the order they were written (dependency order), and a save
   * copies runs of consecutive lines: a read per entry was ~10,000 system calls
   * at a warm start of 10,000 models, and a buffer per read left ~35 MB
   * outside the heap until the next collection.
   */
  private window = Buffer.allocUnsafe(0);
  private windowAt = 0;
  private windowLength = 0;

  /** `length` bytes of the file from `offset`, in a buffer valid until the next read; undefined after `close` or past the end. */
  bytes(offset: number, length: number): Buffer | undefined {
    if (this.fd === undefined) return undefined;
    const from = offset - this.windowAt;
    if (from >= 0 && from + length <= this.windowLength) return this.window.subarray(from, from + length);
    const size = Math.max(length, READ_AHEAD_BYTES);
    if (this.window.length < size) this.window = Buffer.allocUnsafe(size);
    try {
      this.windowLength = fs.readSync(this.fd, this.window, 0, size, offset);
    } catch {
      this.windowLength = 0;
    }
    this.windowAt = offset;
    return this.windowLength >= length ? this.window.subarray(0, length) : undefined;
  }

  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
    this.window = Buffer.allocUnsafe(0);
    this.windowLength = 0;
  }
}

/** The line starting at `offset`, without its newline. */
function readLine(fd: number, offset: number, size: number): string {
  const parts: Buffer[] = [];
  for (let at = offset, step = 64 << 10; at < size; at += step, step = Math.min(step * 2, 16 << 20)) {
    const buf = Buffer.allocUnsafe(Math.min(step, size - at));
    const n = fs.readSync(fd, buf, 0, buf.length, at);
    const nl = buf.subarray(0, n).indexOf(10);
    if (nl >= 0) {
      parts.push(buf.subarray(0, nl));
      return Buffer.concat(parts).toString('utf8');
    }
    parts.push(buf.subarray(0, n));
    if (n < buf.length) break;
  }
  throw new Error(`no line end after offset ${offset}`);
}

function readTail(fd: number, size: number, bytes: number): string {
  const n = Math.min(bytes, size);
  const buf = Buffer.allocUnsafe(n);
  fs.readSync(fd, buf, 0, n, size - n);
  return buf.toString('latin1');
}

/**
 * Writes the cache. An entry the file already holds with the same fingerprint
 * is copied as stored instead of serialised again: after an edit, one entry
 * changed, and re-serialising 10,000 (~37 MB of JSON, ~0.5 s and as much
 * garbage, after every pause in typing) was most of the cost of saving.
 */
export async function writeAnalysisCache(projectRoot: string, results: ReadonlyMap<string, ModelResult>, context: string): Promise<void> {
  const file = cacheFile(projectRoot);
  const previous = CachedResults.open(projectRoot, context);
  try {
    await writeFileAtomically(
      file,
      async (out) => {
        await out.write(JSON.stringify({ version: CACHE_VERSION, context }) + '\n');
        const index: IndexEntry[] = [];
        const serialise = async (id: string, result: ModelResult) => {
          const line = Buffer.from(JSON.stringify([id, result]), 'utf8');
          index.push([id, result.baseKey, result.depSig, out.offset, line.length, crc32(line)]);
          await out.write(line);
          await out.write('\n');
        };
        // Stored lines that follow each other in the old file (the usual case: the same order as last time)
        // are read in one call; each is checked against its checksum before it is copied.
        let run: { from: number; to: number; entries: { id: string; result: ModelResult; at: Readonly<StoredLine> }[] } | undefined;
        const flush = async () => {
          if (!run) return;
          const { from, to, entries } = run;
          run = undefined;
          const bytes = previous!.bytes(from, to - from);
          for (const { id, result, at } of entries) {
            const line = bytes?.subarray(at.offset - from, at.offset - from + at.length);
            if (!line || crc32(line) !== at.crc) {
              await serialise(id, result);
              continue;
            }
            index.push([id, result.baseKey, result.depSig, out.offset, at.length, at.crc]);
            await out.write(line);
            await out.write('\n');
          }
        };
        for (const [id, result] of results) {
          const stored = previous?.fingerprints.get(id) === resultFingerprint(result) ? previous.locate(id) : undefined;
          if (stored) {
            if (run && (run.to !== stored.offset || run.to - run.from >= COPY_RUN_BYTES)) await flush();
            run ??= { from: stored.offset, to: stored.offset, entries: [] };
            run.entries.push({ id, result, at: stored });
            run.to = stored.offset + stored.length + 1; // with its newline
            continue;
          }
          await flush();
          await serialise(id, result);
        }
        await flush();
        const indexAt = out.offset;
        await out.write(JSON.stringify({ index }) + '\n');
        await out.write(`${indexAt}\n`);
      },
      /^analysis-v\d+\.(bin|json|jsonl)$/,
    );
  } finally {
    previous?.close();
  }
}

/** Enough of a ModelResult's shape that using it cannot throw: a line of another shape is treated as damaged. */
function isModelResult(x: unknown): x is ModelResult {
  if (typeof x !== 'object' || x === null) return false;
  const r = x as Record<string, unknown>;
  return (
    typeof r.baseKey === 'string' &&
    typeof r.depSig === 'string' &&
    typeof r.config === 'object' && r.config !== null &&
    typeof r.columnsComplete === 'boolean' &&
    Array.isArray(r.refs) && Array.isArray(r.sources) && Array.isArray(r.columns) && Array.isArray(r.tables) &&
    Array.isArray(r.ctes) && Array.isArray(r.jinjaErrors) && Array.isArray(r.sqlErrors)
  );
}
