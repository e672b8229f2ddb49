import * as assert from 'assert';
import * as path from 'path';
import type { Connection } from 'vscode-languageserver/node';
import type { AnalysisView } from '../analysis/api';
import { makeDiagnostic, type Diagnostic } from '../core/diagnostic';
import type { ProjectSession } from '../workspace/project_session';
import type { DiagnosticsPublisher as Publisher } from './diagnostics_publisher';

// convert.ts pulls in vscode-languageserver, which the TypeScript loader of unit
// tests resolves to its .d.ts: stand in for the one conversion the publisher uses.
require.cache[require.resolve('./convert')] = { exports: { toLspDiagnostic: (d: Diagnostic) => d } } as unknown as NodeModule;
const { DiagnosticsPublisher } = require('./diagnostics_publisher') as { DiagnosticsPublisher: typeof Publisher };
// The publisher keeps the stand-in; test files loaded after this one get the real module (see test_support.ts).
delete require.cache[require.resolve('./convert')];

const ROOT = path.resolve('/tmp/dw-publisher-project');
const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 4 } };

function fakeConnection(sent: { uri: string; count: number }[]): Connection {
  return { sendDiagnostics: async (p: { uri: string; diagnostics: unknown[] }) => void sent.push({ uri: p.uri, count: p.diagnostics.length }) } as unknown as Connection;
}

function diag(file: string): Diagnostic {
  return makeDiagnostic('missing-tests', file, range, `no tests in ${file}`);
}

function view(diagnostics: Diagnostic[]): AnalysisView {
  return { root: ROOT, projectName: 'p', nodes: new Map(), diagnostics, order: [] };
}

function session(diagnostics: Diagnostic[]): ProjectSession {
  const analysis = { diagnostics };
  return { root: ROOT, analysis, absPath: (rel: string) => path.join(ROOT, rel) } as unknown as ProjectSession;
}

describe('publishing diagnostics shown from a snapshot', () => {
  const uri = (rel: string) => `file://${path.join(ROOT, rel)}`;

  it('shows the cached diagnostics, and the first real publish sends only what differs', () => {
    const sent: { uri: string; count: number }[] = [];
    const publisher = new DiagnosticsPublisher(fakeConnection(sent), { uriOf: (abs) => `file://${abs}`, versionOf: () => undefined });
    const a = diag('models/a.sql');
    const b = diag('models/b.sql');
    publisher.publishCached(view([a, b]), {});
    assert.deepStrictEqual(sent, [{ uri: uri('models/a.sql'), count: 1 }, { uri: uri('models/b.sql'), count: 1 }]);
    sent.length = 0;
    // The live analysis agrees on a.sql, found b.sql fixed and c.sql new.
    publisher.publish(session([{ ...a }, diag('models/c.sql')]), {});
    assert.deepStrictEqual(sent, [{ uri: uri('models/c.sql'), count: 1 }, { uri: uri('models/b.sql'), count: 0 }]);
  });

  it('leaves out files whose editor buffer differs from the disk, and clears what no project claimed', () => {
    const sent: { uri: string; count: number }[] = [];
    const publisher = new DiagnosticsPublisher(fakeConnection(sent), { uriOf: (abs) => `file://${abs}`, versionOf: () => undefined });
    publisher.publishCached(view([diag('models/a.sql'), diag('models/edited.sql')]), {}, new Set([path.join(ROOT, 'models/edited.sql')]));
    assert.deepStrictEqual(sent, [{ uri: uri('models/a.sql'), count: 1 }]);
    publisher.dropCached();
    assert.deepStrictEqual(sent.at(-1), { uri: uri('models/a.sql'), count: 0 });
  });
});

describe('publishing after a keystroke', () => {
  const uri = (rel: string) => `file://${path.join(ROOT, rel)}`;
  const { changedFiles } = require('./diagnostics_publisher') as { changedFiles: (a: Diagnostic[], b: Diagnostic[]) => Set<string> | undefined };

  /** A session whose analysis can be replaced, as an edit replaces it. */
  function liveSession(diagnostics: Diagnostic[]) {
    const s = session(diagnostics) as unknown as { analysis: { diagnostics: Diagnostic[] } };
    return { session: s as unknown as ProjectSession, next: (d: Diagnostic[]) => void (s.analysis = { diagnostics: d }) };
  }

  it('names every file whose diagnostics are not the same objects in the same order', () => {
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((f) => diag(`models/${f}.sql`));
    const b2 = diag('models/b.sql');
    assert.deepStrictEqual(changedFiles([a, b, c], [a, b, c]), new Set());
    assert.deepStrictEqual(changedFiles([a, b, c], [a, c, b2]), new Set(['models/b.sql']));
    assert.deepStrictEqual(changedFiles([a, b, c], [a, b, c, d]), new Set(['models/d.sql']));
    assert.deepStrictEqual(changedFiles([a, b, c], [b, c]), new Set(['models/a.sql']));
    // Two diagnostics of one file swapped: that file changed.
    const a2 = diag('models/a.sql');
    assert.deepStrictEqual(changedFiles([a, a2, c], [a2, a, c]), new Set(['models/a.sql']));
  });

  it('gives up on a partial regroup when most diagnostics are new (a full re-analysis)', () => {
    const before = Array.from({ length: 1000 }, (_, i) => diag(`models/m${i}.sql`));
    const after = before.map((x) => ({ ...x }));
    assert.strictEqual(changedFiles(before, after), undefined);
  });

  it('sends only the files an edit changed, and what a full regroup would have sent', () => {
    const sent: { uri: string; count: number }[] = [];
    const publisher = new DiagnosticsPublisher(fakeConnection(sent), { uriOf: (abs) => `file://${abs}`, versionOf: () => undefined });
    const overrides = {};
    const others = Array.from({ length: 200 }, (_, i) => diag(`models/other_${i}.sql`));
    const edited = [diag('models/edited.sql'), diag('models/edited.sql')];
    const yaml = diag('models/schema.yml');
    const live = liveSession([...others, ...edited, yaml]);
    publisher.publish(live.session, overrides);
    assert.strictEqual(sent.length, 202);
    sent.length = 0;
    // The edit fixed one of edited.sql's problems and the YAML one, and made a new one in a child.
    live.next([...others, edited[0], diag('models/child.sql')]);
    publisher.publish(live.session, overrides, new Set(['models/edited.sql']));
    const byUri = (list: typeof sent) => [...list].sort((x, y) => x.uri.localeCompare(y.uri));
    assert.deepStrictEqual(byUri(sent), [
      { uri: uri('models/child.sql'), count: 1 },
      { uri: uri('models/edited.sql'), count: 1 },
      { uri: uri('models/schema.yml'), count: 0 },
    ]);
    sent.length = 0;
    // A comment typed: the same diagnostics in a new list. Only the forced document goes out, with what it has.
    live.next([...others, edited[0], (live.session.analysis.diagnostics as Diagnostic[]).at(-1)!]);
    publisher.publish(live.session, overrides, new Set(['models/edited.sql']));
    assert.deepStrictEqual(sent, [{ uri: uri('models/edited.sql'), count: 1 }]);
  });
});
