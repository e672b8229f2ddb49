/**
 * Protocol test: a server started on a project with an up-to-date snapshot
 * shows the last analysis' diagnostics before it has opened the project,
 * then does not send them again once the real analysis agrees.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { agedCopyOf, startServer, type LspServer } from './lsp_harness';

describe('LSP: warm start from the analysis snapshot', function () {
  this.timeout(90000);
  const shop = agedCopyOf();
  let server: LspServer | undefined;

  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  /** Publishes that arrived before the project was opened (before the first indexing status with percent 100). */
  function earlyPublishes(s: LspServer): number {
    const opened = s.statuses.findIndex((st) => st.state === 'indexing' && st.percent === 100);
    assert.ok(opened >= 0, JSON.stringify(s.statuses));
    return s.publishedAtStatus[opened];
  }

  it('without a snapshot nothing is published before the project is opened, and the indexed project gets one', async () => {
    server = await startServer(shop.root);
    assert.strictEqual(earlyPublishes(server), 0);
    await server.stop();
    server = undefined;
    assert.ok(fs.readdirSync(path.join(shop.root, '.driftwatch/cache')).some((f) => /^snapshot-v\d+\.bin$/.test(f)));
  });

  it('with an up-to-date snapshot the diagnostics come before the project is opened, and are not sent twice', async () => {
    server = await startServer(shop.root);
    const early = earlyPublishes(server);
    assert.ok(early > 0, 'cached diagnostics were shown first');
    assert.ok(server.statuses.some((st) => st.state === 'indexing' && /last analysis/.test(st.message ?? '')), 'the status says what is shown');
    const marts = server.uri('models/marts/_marts.yml');
    const first = server.published.slice(0, early).find((p) => p.uri === marts);
    assert.ok(first?.diagnostics.some((d) => d.code === 'drift-declared-not-produced'), JSON.stringify(first));
    const ready = server.statuses.findIndex((s) => s.state === 'ready');
    const again = server.published.slice(early, server.publishedAtStatus[ready]).filter((p) => p.uri === marts);
    assert.deepStrictEqual(again, [], 'the real analysis agreed: nothing re-sent');
  });

  it('a file changed since the snapshot is not trusted: nothing early, and the change shows', async () => {
    const file = path.join(shop.root, 'models/marts/_marts.yml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('- name: lifetime_value_usd', '- name: lifetime_value_eur'));
    server = await startServer(shop.root);
    assert.strictEqual(earlyPublishes(server), 0);
    const yaml = await server.waitFor('marts YAML diagnostics', () => server!.latest('models/marts/_marts.yml'));
    assert.ok(yaml.diagnostics.some((d) => d.code === 'drift-declared-not-produced' && String(d.message).includes('lifetime_value_eur')), JSON.stringify(yaml.diagnostics));
  });
});
