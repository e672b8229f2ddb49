// Bundles the three entry points with esbuild. The extension host loads CommonJS;
// the server and the CLI are plain Node programs. Native modules stay external so
// their .node binaries load from node_modules (and ship inside the VSIX).
import * as esbuild from 'esbuild';
import { buildId } from './build_id.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // The identity cached analyses are checked against. A watch build changes under a fixed define,
  // so it gets none: its server then trusts only snapshots it wrote itself.
  define: watch ? {} : { __DRIFTWATCH_BUILD__: JSON.stringify(buildId()) },
  external: ['vscode', '@duckdb/node-api', '@duckdb/node-bindings', '@duckdb/node-bindings-*', 'pg-native'],
};

const entries = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js' },
  { entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js' },
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  // The lineage graph webview runs in a browser context: one self-contained script (dagre bundled in).
  { entryPoints: ['client/src/webview/graph.ts'], outfile: 'dist/webview/graph.js', platform: 'browser', format: 'iife', target: 'es2022', external: [] },
];

const contexts = await Promise.all(entries.map((e) => esbuild.context({ ...common, ...e })));
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}
