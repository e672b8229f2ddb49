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
  private parts: Buffer[] = [];
  private pending = 0;
  /** Bytes written so far (flushed or not). */
  offset = 0;

  constructor(private readonly file: fs.FileHandle) {}

  async write(data: string | Buffer): Promise<number> {
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    if (buf.length >= CHUNK_BYTES) {
      // Already a chunk: written as it is rather than copied into one.
      await this.flush();
      this.offset += buf.length;
      await this.file.write(buf);
      return buf.length;
    }
    this.parts.push(buf);
    this.pending += buf.length;
    this.offset += buf.length;
    if (this.pending >= CHUNK_BYTES) await this.flush();
    return buf.length;
  }

  async flush(): Promise<void> {
    if (this.pending === 0) return;
    const chunk = this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts, this.pending);
    this.parts = [];
    this.pending = 0;
    await this.file.write(chunk);
  }
}

/** A writer killed mid-write (a server stopped at shutdown) leaves its temporary file; an hour later it is surely dead. */
const ABANDONED_AFTER_MS = 3600_000;

/**
 * Writes `file` through `produce`, atomically: a crash or an error leaves the
 * previous version (or none), never half a file. Afterwards the files of the
 * same folder matching `replaces` (older formats of this cache: tens of MB
 * each on big projects) and abandoned temporaries of `file` are removed.
 */
let writes = 0;

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
