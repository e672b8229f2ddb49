/**
 * The manifest and the code must agree: a menu entry for an undeclared
 * command, a declared command nobody registers, a setting the code reads
 * but never declares, or a grammar/icon path that does not exist all fail
 * silently in VS Code, so they fail here instead.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const c = pkg.contributes;

function sources(dir: string): string {
  let out = '';
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out += sources(p);
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) out += fs.readFileSync(p, 'utf8');
  }
  return out;
}
const code = sources(path.join(ROOT, 'client/src'));

describe('extension manifest', () => {
  const declared = new Set<string>(c.commands.map((x: { command: string }) => x.command));

  it('every command in menus and keybindings is declared', () => {
    const used: string[] = [];
    for (const entries of Object.values(c.menus) as { command: string }[][]) for (const e of entries) used.push(e.command);
    for (const k of c.keybindings) used.push(k.command);
    assert.deepEqual(used.filter((x) => !declared.has(x)), []);
  });

  it('every declared command is registered by the client', () => {
    const missing = [...declared].filter((id) => !code.includes(`'${id}'`));
    assert.deepEqual(missing, []);
  });

  it('every driftwatch.* setting the client reads is declared', () => {
    const props = new Set(Object.keys(c.configuration.properties));
    const read = [...code.matchAll(/(?:cfg\(\)|\bget)\.?(?:get)?(?:<[^>]*>)?\('([a-zA-Z.]+)'/g)].map((m) => `driftwatch.${m[1]}`);
    assert.ok(read.length >= 5, `found ${read.length} reads`);
    assert.deepEqual(read.filter((k) => !props.has(k)), []);
  });

  it('views, containers and the walkthrough point at files that exist', () => {
    const files = [
      ...c.viewsContainers.activitybar.map((v: { icon: string }) => v.icon),
      ...c.grammars.map((g: { path: string }) => g.path),
      ...c.languages.map((l: { configuration: string }) => l.configuration),
      ...c.walkthroughs.flatMap((w: { steps: { media: { markdown: string } }[] }) => w.steps.map((s) => s.media.markdown)),
      ...c.yamlValidation.map((y: { url: string }) => y.url).filter((u: string) => !u.includes('driftwatch-checks')),
    ];
    assert.deepEqual(files.filter((f) => !fs.existsSync(path.join(ROOT, f))), []);
    const viewIds = c.views.driftwatch.map((v: { id: string }) => v.id);
    for (const id of viewIds) assert.ok(code.includes(`'${id}'`), `${id} has a tree view`);
  });

  it('grammars are valid JSON whose regular expressions compile', () => {
    for (const g of c.grammars) {
      const grammar = JSON.parse(fs.readFileSync(path.join(ROOT, g.path), 'utf8'));
      assert.equal(grammar.scopeName, g.scopeName);
      const walk = (node: unknown): void => {
        if (!node || typeof node !== 'object') return;
        for (const [k, v] of Object.entries(node)) {
          // Backreferences to the begin match (\1 in `end`) are TextMate-only; substitute before compiling.
          if ((k === 'match' || k === 'begin' || k === 'end') && typeof v === 'string') new RegExp(v.replace(/\\[1-9]/g, ' '));
          else walk(v);
        }
      };
      walk(grammar);
    }
  });

  it('declares limited support for untrusted workspaces', () => {
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.ok(pkg.capabilities.untrustedWorkspaces.description.length > 20);
  });
});
