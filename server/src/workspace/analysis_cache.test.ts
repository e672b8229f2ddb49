import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { ModelResult } from '../analysis/model_result';
import { cacheFile, readAnalysisCache, writeAnalysisCache } from './analysis_cache';

function result(i: number): ModelResult {
  return {
    baseKey: `k${i}`,
    depSig: 's',
    // Multi-byte text, so chunk boundaries fall inside characters somewhere in ~10 MB.
    compiledSql: `select 'café ${i}' as name -- ${'é'.repeat(1500 + (i % 7))}`,
    config: {},
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
    assert.deepStrictEqual(await readAnalysisCache(root, 'ctx'), results);
  });

  it('is not used under another context, when corrupt, or when missing', async () => {
    assert.strictEqual(await readAnalysisCache(root, 'ctx'), undefined);
    await writeAnalysisCache(root, new Map([['model.p.a', result(1)]]), 'ctx');
    assert.strictEqual(await readAnalysisCache(root, 'other env values'), undefined);
    fs.writeFileSync(cacheFile(root), fs.readFileSync(cacheFile(root), 'utf8').slice(0, 80));
    assert.strictEqual(await readAnalysisCache(root, 'ctx'), undefined);
  });

  it('removes caches of older formats when it writes', async () => {
    const dir = path.dirname(cacheFile(root));
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'analysis-v3.json'), '{}');
    await writeAnalysisCache(root, new Map(), 'ctx');
    assert.deepStrictEqual(fs.readdirSync(dir), [path.basename(cacheFile(root))]);
  });
});
