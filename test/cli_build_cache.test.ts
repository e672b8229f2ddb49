/**
 * The bundled CLI's warehouse commands keep the analysis cache as the report
 * commands do: a `driftwatch build` analyses the whole project, and the next
 * run (build, check, lineage) should not redo it.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { agedCopyOf, runCli } from './lsp/lsp_harness';


const cli = runCli;

describe('CLI: build writes the analysis cache', function () {
  this.timeout(120000);
  const shop = agedCopyOf();

  it('a build leaves the per-model cache and the snapshot behind; --no-cache leaves none', () => {
    const cache = path.join(shop.root, '.driftwatch', 'cache');
    fs.rmSync(cache, { recursive: true, force: true });
    const r = cli('build', '--project', shop.root, '--select', 'raw_customers');
    assert.strictEqual(r.code, 0, r.stdout + r.stderr);
    const files = fs.existsSync(cache) ? fs.readdirSync(cache) : [];
    assert.ok(files.some((f) => /^analysis-v\d+\.jsonl$/.test(f)), `per-model cache written (found: ${files.join(', ')})`);
    assert.ok(files.some((f) => /^snapshot-v\d+\.bin$/.test(f)), 'snapshot written');

    fs.rmSync(cache, { recursive: true, force: true });
    assert.strictEqual(cli('build', '--project', shop.root, '--select', 'raw_customers', '--no-cache').code, 0);
    assert.ok(!fs.existsSync(cache), '--no-cache wrote nothing');
  });
});
