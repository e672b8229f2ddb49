import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { writeFileAtomically } from './atomic_file';

describe('writing large cache files atomically, in chunks', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dw-atomic-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes every piece in order across chunk boundaries and reports offsets', async () => {
    const file = path.join(dir, 'sub', 'out.bin');
    const offsets: number[] = [];
    const piece = 'é'.repeat(300_000); // 600,000 bytes: pieces straddle the 1 MB chunks
    await writeFileAtomically(file, async (out) => {
      for (let i = 0; i < 5; i++) {
        await out.write(piece);
        offsets.push(out.offset);
      }
      await out.write(Buffer.from([1, 2, 3]));
    });
    const bytes = fs.readFileSync(file);
    assert.strictEqual(bytes.length, 5 * 600_000 + 3);
    assert.deepStrictEqual(offsets, [600_000, 1_200_000, 1_800_000, 2_400_000, 3_000_000]);
    assert.strictEqual(bytes.toString('utf8', 0, 600_000), piece);
    assert.deepStrictEqual([...bytes.subarray(-3)], [1, 2, 3]);
    assert.deepStrictEqual(fs.readdirSync(path.dirname(file)), ['out.bin'], 'no temporary file left');
  });

  it('two overlapping writes of one file in one process each leave a whole file, never a mix', async () => {
    const file = path.join(dir, 'cache.bin');
    const piece = (c: string) => c.repeat(300_000); // several chunks each, so the writes interleave at their yields
    const write = (c: string) => writeFileAtomically(file, async (out) => {
      for (let i = 0; i < 8; i++) await out.write(piece(c));
    });
    await Promise.all([write('a'), write('b')]);
    const text = fs.readFileSync(file, 'utf8');
    assert.ok(text === 'a'.repeat(2_400_000) || text === 'b'.repeat(2_400_000), `a mix of ${new Set(text).size} letters, ${text.length} bytes`);
    assert.deepStrictEqual(fs.readdirSync(dir), ['cache.bin'], 'no temporary left');
  });

  it('a failure while producing keeps the previous file and leaves no temporary file', async () => {
    const file = path.join(dir, 'out.json');
    fs.writeFileSync(file, 'previous');
    await assert.rejects(
      writeFileAtomically(file, async (out) => {
        await out.write('x'.repeat(3 << 20));
        throw new Error('disk full, say');
      }),
      /disk full/,
    );
    assert.strictEqual(fs.readFileSync(file, 'utf8'), 'previous');
    assert.deepStrictEqual(fs.readdirSync(dir), ['out.json']);
  });

  it('removes the older formats it replaces and temporaries abandoned over an hour ago, nothing else', async () => {
    const file = path.join(dir, 'cache-v2.bin');
    const hourAgo = new Date(Date.now() - 2 * 3600_000);
    for (const name of ['cache-v1.bin', 'cache-v2.bin.123.tmp', 'cache-v2.bin.456.tmp', 'notes.txt']) fs.writeFileSync(path.join(dir, name), 'x');
    fs.utimesSync(path.join(dir, 'cache-v2.bin.123.tmp'), hourAgo, hourAgo);
    await writeFileAtomically(file, (out) => out.write('new').then(() => undefined), /^cache-v\d+\.bin$/);
    assert.deepStrictEqual(fs.readdirSync(dir).sort(), ['cache-v2.bin', 'cache-v2.bin.456.tmp', 'notes.txt'], 'a recent temporary may be another writer at work');
  });
});
