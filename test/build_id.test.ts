import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

describe('build id (what a snapshot must have been made by)', () => {
  let dir: string;
  let buildId: (root?: string) => string;
  before(async () => {
    ({ buildId } = await import(path.join(__dirname, '..', 'scripts', 'build_id.mjs')));
  });
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dw-build-id-'));
    fs.mkdirSync(path.join(dir, 'server', 'src', 'core'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'package.json'), '{"version":"1.0.0"}');
    fs.writeFileSync(path.join(dir, 'server', 'src', 'core', 'a.ts'), 'export const a = 1;');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is the same however the repository is named (the bundler runs from the root, the benchmark with an absolute path)', () => {
    const cwd = process.cwd();
    try {
      process.chdir(dir);
      assert.strictEqual(buildId('.'), buildId(dir));
    } finally {
      process.chdir(cwd);
    }
  });

  it('changes with any server source or the version, not with tests', () => {
    const before = buildId(dir);
    fs.writeFileSync(path.join(dir, 'server', 'src', 'core', 'a.test.ts'), 'it("x", () => {});');
    assert.strictEqual(buildId(dir), before);
    fs.writeFileSync(path.join(dir, 'server', 'src', 'core', 'a.ts'), 'export const a = 2;');
    const edited = buildId(dir);
    assert.notStrictEqual(edited, before);
    fs.writeFileSync(path.join(dir, 'package.json'), '{"version":"1.0.1"}');
    assert.notStrictEqual(buildId(dir), edited);
  });
});
