/**
 * Writing a large cache file without holding it in memory: the content is
 * produced piece by piece into 1 MB chunks, written as they fill (yielding to
 * the event loop, so the server keeps answering), to a temporary file that
 * replaces the target only when complete. A 10,000-model project's caches are
 * ~150 MB; building them as one string and one buffer doubled the server's
 * peak memory.
 */
import { promises as fs } from 'fs';
import * as path from 'path';

const CHUNK_BYTES = 1 << 20;

export class ChunkedWriter {
  /**
   * One chunk, reused: each write is copied in, and the chunk goes to the file
   * when full. A buffer per write (or per flush) left tens of MB outside the
   * heap until the next collection while a cache was saved. A caller may
   * reuse its own buffer as soon as `write` returns.
   */
  private readonly chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  /** Bytes written so far (flushed or not). */
  offset = 0;

  constructor(private readonly file: fs.FileHandle) {}

  async write(data: string | Uint8Array): Promise<number> {
    const length = typeof data === 'string' ? Buffer.byteLength(data, 'utf8') : data.length;
    if (this.used + length > CHUNK_BYTES) await this.flush();
    if (length > CHUNK_BYTES) {
      // Larger than a chunk: written as it is rather than copied.
      await this.file.write(typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    } else {
      if (typeof data === 'string') this.chunk.write(data, this.used, 'utf8');
      else this.chunk.set(data, this.used);
      this.used += length;
    }
    this.offset += length;
    return length;
  }

  async flush(): Promise<void> {
    if (this.used === 0) return;
    const used = this.used;
    this.used = 0;
    await this.file.write(this.chunk, 0, used);
  }
}

/** A writer killed mid-write (a server stopped at shutdown) leaves its temporary file; an hour later it is surely dead. */
const ABANDONED_AFTER_MS = 3600_000;

/** Writes started by this process: each gets its own temporary file. */
let writes = 0;

/**
 * Writes `file` through `produce`, atomically: a crash or an error leaves the
 * previous version (or none), never half a file. Afterwards the files of the
 * same folder matching `replaces` (older formats of this cache: tens of MB
 * each on big projects) and abandoned temporaries of `file` are removed.
 */
export async function writeFileAtomically(file: string, produce: (out: ChunkedWriter) => Promise<void>, replaces?: RegExp): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  // Unique per write, not only per process: two saves of one process may overlap (one after indexing, one at shutdown).
  const tmp = `${file}.${process.pid}.${++writes}.tmp`;
  const handle = await fs.open(tmp, 'w');
  try {
    const out = new ChunkedWriter(handle);
    await produce(out);
    await out.flush();
  } catch (e) {
    await handle.close().catch(() => undefined);
    await fs.rm(tmp, { force: true });
    throw e;
  }
  await handle.close();
  await fs.rename(tmp, file);
  await removeLeftovers(file, replaces);
}

async function removeLeftovers(file: string, replaces: RegExp | undefined): Promise<void> {
  const dir = path.dirname(file);
  const base = path.basename(file);
  for (const name of await fs.readdir(dir)) {
    const p = path.join(dir, name);
    if (name !== base && replaces?.test(name)) await fs.rm(p, { force: true });
    else if (name.startsWith(`${base}.`) && /\.\d+(\.\d+)?\.tmp$/.test(name)) {
      const st = await fs.stat(p).catch(() => undefined);
      if (st && Date.now() - st.mtimeMs > ABANDONED_AFTER_MS) await fs.rm(p, { force: true });
    }
  }
}
