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
