import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { ModelResult } from '../analysis/model_result';
import { crc32 } from 'zlib';
import { CachedResults, cacheFile, resultFingerprint, writeAnalysisCache } from './analysis_cache';

/** Every entry of the cache, parsed (the reader parses an entry only when asked). */
function readAll(root: string, context: string): Map<string, ModelResult> | undefined {
  const cached = CachedResults.open(root, context);
  if (!cached) return undefined;
  try {
    const out = new Map<string, ModelResult>();
    for (const id of cached.fingerprints.keys()) out.set(id, cached.get(id)!);
    return out;
  } finally {
    cached.close();
  }
}

function result(i: number): ModelResult {
  return {
    baseKey: `k${i}`,
    depSig: 's',
    // Multi-byte text, so chunk boundaries fall inside characters somewhere in ~10 MB.
    config: { comment: `café ${i} ${'é'.repeat(1500 + (i % 7))}` },
    refs: [],
    sources: [],
    columns: [],
    tables: [],
    ctes: [],
    jinjaErrors: [],
    sqlErrors: [],
    columnsComplete: true,
  };
}

describe('per-model cache on disk', () => {
  let root: string;
  beforeEach(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'dw-cache-'))));
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('reads back every entry exactly, across read chunks and multi-byte characters', async () => {
    const results = new Map<string, ModelResult>();
    for (let i = 0; i < 3000; i++) results.set(`model.p.m${i}`, result(i));
    await writeAnalysisCache(root, results, 'ctx');
    assert.ok(fs.statSync(cacheFile(root)).size > 8 << 20, 'spans several 4 MB chunks');
    assert.deepStrictEqual(readAll(root, 'ctx'), results);
  });

  it('indexes every entry by its fingerprint and parses only the entries asked for', async () => {
    const results = new Map([
      ['model.p.a', result(1)],
      ['model.p.b', result(2)],
    ]);
    await writeAnalysisCache(root, results, 'ctx');
    const cached = CachedResults.open(root, 'ctx')!;
    assert.deepStrictEqual([...cached.fingerprints], [
      ['model.p.a', resultFingerprint(result(1))],
      ['model.p.b', resultFingerprint(result(2))],
    ]);
    assert.deepStrictEqual(cached.get('model.p.b'), result(2));
    assert.notStrictEqual(cached.get('model.p.b'), cached.get('model.p.b'), 'parsed afresh: the analysis keeps what it reuses');
    assert.strictEqual(cached.get('model.p.missing'), undefined);
    cached.close();
    assert.strictEqual(cached.get('model.p.a'), undefined, 'nothing is read after close');
  });

  it('copies entries whose fingerprint the file already holds and serialises only the others', async () => {
    await writeAnalysisCache(root, new Map([['model.p.a', result(1)], ['model.p.b', result(2)]]), 'ctx');
    // Same keys as the stored entry, so the same result by the cache's premise; the object differs only to show which was written.
    const sameKeys = { ...result(1), config: { marker: 'in memory' } };
    const changed = { ...result(3), baseKey: 'k3-new' };
    await writeAnalysisCache(root, new Map([['model.p.a', sameKeys], ['model.p.b', changed]]), 'ctx');
    assert.deepStrictEqual(readAll(root, 'ctx'), new Map([['model.p.a', result(1)], ['model.p.b', changed]]));
    // Under another context nothing is copied.
    await writeAnalysisCache(root, new Map([['model.p.a', sameKeys]]), 'other');
    assert.deepStrictEqual(readAll(root, 'other'), new Map([['model.p.a', sameKeys]]));
  });

  it('keeps reading the file it opened when a writer replaces it', async () => {
    await writeAnalysisCache(root, new Map([['model.p.a', result(1)]]), 'ctx');
    const cached = CachedResults.open(root, 'ctx')!;
    await writeAnalysisCache(root, new Map([['model.p.a', result(7)]]), 'ctx');
    assert.deepStrictEqual(cached.get('model.p.a'), result(1));
    cached.close();
  });

  it('does not use a line whose bytes changed, even when it is still valid JSON of the same length, and does not copy it forward', async () => {
    await writeAnalysisCache(root, new Map([['model.p.a', result(1)], ['model.p.b', result(2)]]), 'ctx');
    const text = fs.readFileSync(cacheFile(root), 'utf8');
    // Same length, still JSON, still a result: only the checksum can tell.
    fs.writeFileSync(cacheFile(root), text.replace('"comment":"café 1', '"comment":"cafè 1'));
    const cached = CachedResults.open(root, 'ctx')!;
    assert.strictEqual(cached.get('model.p.a'), undefined);
    assert.deepStrictEqual([...cached.damaged], ['model.p.a']);
    assert.deepStrictEqual(cached.get('model.p.b'), result(2));
    cached.close();
    // Written again with the same keys (the model was re-analysed): the damaged line is replaced, not copied.
    await writeAnalysisCache(root, new Map([['model.p.a', result(1)], ['model.p.b', result(2)]]), 'ctx');
    assert.deepStrictEqual(readAll(root, 'ctx'), new Map([['model.p.a', result(1)], ['model.p.b', result(2)]]));
  });

  it('treats a line of another shape as damaged instead of handing it to the analysis', async () => {
    await writeAnalysisCache(root, new Map([['model.p.a', result(1)]]), 'ctx');
    const cached = CachedResults.open(root, 'ctx')!;
    const at = cached.locate('model.p.a')!;
    cached.close();
    // A writer's mistake rather than disk damage: a checksum that matches over a line that is not a result.
    const bytes = fs.readFileSync(cacheFile(root));
    const line = Buffer.from(bytes.subarray(at.offset, at.offset + at.length).toString('utf8').replace('"columns":[', '"colXmns":['));
    // The index (after the line, so it does not move) gets the new line's checksum.
    const rest = bytes.subarray(at.offset + at.length).toString('utf8').replace(`,${at.crc}]`, `,${crc32(line)}]`);
    fs.writeFileSync(cacheFile(root), Buffer.concat([bytes.subarray(0, at.offset), line, Buffer.from(rest)]));
    const again = CachedResults.open(root, 'ctx')!;
    assert.strictEqual(again.get('model.p.a'), undefined);
    assert.ok(again.damaged.has('model.p.a'));
    again.close();
  });

  it('drops an entry whose line is damaged and keeps the others', async () => {
    await writeAnalysisCache(root, new Map([['model.p.a', result(1)], ['model.p.b', result(2)]]), 'ctx');
    const text = fs.readFileSync(cacheFile(root), 'utf8');
    const at = text.indexOf('["model.p.a"');
    fs.writeFileSync(cacheFile(root), text.slice(0, at) + 'X' + text.slice(at + 1));
    const cached = CachedResults.open(root, 'ctx')!;
    assert.strictEqual(cached.get('model.p.a'), undefined);
    assert.deepStrictEqual(cached.get('model.p.b'), result(2));
    cached.close();
  });

  it('is not used under another context, when corrupt, or when missing', async () => {
    assert.strictEqual(CachedResults.open(root, 'ctx'), undefined);
    await writeAnalysisCache(root, new Map([['model.p.a', result(1)]]), 'ctx');
    assert.strictEqual(CachedResults.open(root, 'other env values'), undefined);
    const whole = fs.readFileSync(cacheFile(root), 'utf8');
    fs.writeFileSync(cacheFile(root), whole.slice(0, 80));
    assert.strictEqual(CachedResults.open(root, 'ctx'), undefined, 'cut short: no index');
    fs.writeFileSync(cacheFile(root), whole.replace(/\d+\n$/, '999999\n'));
    assert.strictEqual(CachedResults.open(root, 'ctx'), undefined, 'index offset past the end');
  });

  it('removes caches of older formats when it writes', async () => {
    const dir = path.dirname(cacheFile(root));
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'analysis-v3.json'), '{}');
    await writeAnalysisCache(root, new Map(), 'ctx');
    assert.deepStrictEqual(fs.readdirSync(dir), [path.basename(cacheFile(root))]);
  });
});
