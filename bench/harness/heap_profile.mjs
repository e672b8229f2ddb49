/**
 * Where the analysis's memory goes. Bundles server/src/workspace/open_project.ts
 * the way bench/run.mjs does and runs bench/harness/index_child.mjs on it (the
 * benchmark's cold peak RSS), then in a fresh `node --expose-gc` child opens the
 * project through `openWorkspace` (server/src/workspace/project_session.ts,
 * which keeps the whole analysis, as the server does) and reports:
 *
 *  - peak RSS and the heap after a full GC with everything still referenced;
 *  - the heap each part holds, measured by dropping the parts one after the
 *    other (in the order listed) and collecting after each: a delta is what
 *    that part held that nothing dropped later still shares;
 *  - with --snapshot: a V8 heap snapshot summarised by constructor (self size),
 *    which at 10,000 models needs ~2 GB; use it on the 1,000-model project;
 *    --snapshot-end summarises what is left after every part was dropped.
 *
 *   node bench/harness/heap_profile.mjs [--models 10000 | --root DIR] [--snapshot] [--session] [--json]
 *
 * --session keeps the ProjectSession too (what the LSP server holds: disk
 * texts, parsed-YAML load cache, the last analysis).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { argsOf, projectRootFrom } from './profile_args.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');
const args = process.argv.slice(2);
const { flag } = argsOf(args);

if (flag('--child')) await child();
else await parent();

async function parent() {
  const root = projectRootFrom(args, repoRoot);
  const { bundleAnalysisEntry } = await import('./index_runs.mjs');
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'driftwatch-heap-'));
  const bundle = await bundleAnalysisEntry(repoRoot, outDir);
  if (!bundle) throw new Error('server/src/workspace/open_project.ts is not in the tree');
  // The benchmark's own measurement first (peak RSS of a cold loadAndAnalyze), then the breakdown.
  const index = JSON.parse(execFileSync(process.execPath, [path.join(here, 'index_child.mjs'), bundle, root, 'false'], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }).trim().split('\n').pop());
  const sessionBundle = await bundleSessionEntry(outDir);
  const childArgs = ['--expose-gc', fileURLToPath(import.meta.url), '--child', sessionBundle, root, ...args.filter((a) => a.startsWith('--') && a !== '--child')];
  const out = execFileSync(process.execPath, childArgs, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'inherit'] });
  const report = JSON.parse(out.trim().split('\n').pop());
  report.index = index;
  fs.rmSync(outDir, { recursive: true, force: true });
  if (flag('--json')) {
    process.stdout.write(JSON.stringify(report, null, 2) + '\n');
    return;
  }
  printReport(report);
}

/**
 * The breakdown needs the whole analysis (ProjectAnalysisDetail), as the server
 * keeps it; open_project.ts hands out only the public view.
 */
async function bundleSessionEntry(outDir) {
  const esbuild = await import('esbuild');
  const outfile = path.join(outDir, 'project_session.js');
  await esbuild.build({
    entryPoints: [path.join(repoRoot, 'server/src/workspace/project_session.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'error',
    external: ['vscode', '@duckdb/node-api', '@duckdb/node-bindings', '@duckdb/node-bindings-*', 'pg-native'],
  });
  return outfile;
}

function printReport(r) {
  const mb = (b) => (b / 1048576).toFixed(1).padStart(7);
  console.log(`${r.root}: ${r.summary.nodes} nodes, ${r.summary.columns} columns, ${r.summary.edges} column edges, ${r.summary.diagnostics} diagnostics`);
  if (r.index.ok) console.log(`cold loadAndAnalyze (bench/harness/index_child.mjs): ${r.index.elapsedMs.toFixed(0)} ms, peak RSS ${mb(r.index.maxRssKb * 1024)} MB, heap used at the end ${r.index.heapUsedMb.toFixed(1)} MB`);
  else console.log(`cold loadAndAnalyze failed: ${r.index.error}`);
  console.log(`compiled SQL ${mb(r.summary.compiledSqlChars)} M chars, model file texts ${mb(r.summary.fileTextChars)} M chars, ${r.summary.lineIndexes} line indexes kept`);
  console.log(`\nbreakdown process (openWorkspace${flag('--session') ? ', sessions kept' : ''}):`);
  console.log(`analyze ${r.elapsedMs.toFixed(0)} ms; peak RSS ${mb(r.maxRss)} MB; heap after GC ${mb(r.heapAfterGc)} MB (external ${mb(r.external)} MB)`);
  console.log('\npart (dropped in this order)                                   heap MB   share');
  let total = 0;
  for (const p of r.parts) total += p.bytes;
  for (const p of r.parts) console.log(`${p.name.padEnd(60)} ${mb(p.bytes)}  ${((100 * p.bytes) / r.heapAfterGc).toFixed(1).padStart(5)}%`);
  console.log(`${'(all parts)'.padEnd(60)} ${mb(total)}`);
  console.log(`${'left after dropping everything (node, bundle, runtime)'.padEnd(60)} ${mb(r.heapAfterGc - total)}`);
  if (r.snapshot) {
    console.log(`\nheap snapshot (${r.snapshot.file}), self size by constructor, top 30:`);
    for (const row of r.snapshot.top) console.log(`${row.name.slice(0, 50).padEnd(50)} ${String(row.count).padStart(9)} ${mb(row.bytes)} MB`);
  }
}

/** Fills `held` instead of returning: an awaited result left in the caller's frame would keep everything alive. */
async function open(api, root, held) {
  const sessions = await api.openWorkspace(root, { cache: flag('--cache') });
  held.analyses = sessions.map((s) => s.analysis);
  if (flag('--session')) held.sessions = sessions;
}

/** Counted in a function of its own, so no loop variable keeps an analysis on the stack. */
function summarise(analyses) {
  const summary = { nodes: 0, columns: 0, edges: 0, diagnostics: 0, compiledSqlChars: 0, fileTextChars: 0, lineIndexes: 0 };
  for (const a of analyses) {
    summary.diagnostics += a.diagnostics.length;
    for (const n of a.nodes.values()) {
      summary.nodes++;
      summary.compiledSqlChars += n.compiledSql?.length ?? 0;
      for (const c of n.columns) {
        summary.columns++;
        summary.edges += c.lineage.length;
      }
    }
    for (const f of a.project.models) summary.fileTextChars += f.rawSql.length;
    summary.lineIndexes += a.lines?.cache?.size ?? 0;
  }
  return summary;
}

async function child() {
  const [bundle, root] = args.slice(1, 3);
  const require = createRequire(import.meta.url);
  const api = require(bundle);
  const gcHeap = () => {
    global.gc();
    global.gc();
    return process.memoryUsage().heapUsed;
  };
  const started = performance.now();
  const held = { analyses: [], sessions: undefined };
  await open(api, root, held);
  const elapsedMs = performance.now() - started;
  const maxRss = process.resourceUsage().maxRSS * 1024;
  const heapAfterGc = gcHeap();
  const external = process.memoryUsage().external;
  const summary = summarise(held.analyses);

  let snapshot;
  if (flag('--snapshot')) snapshot = summariseSnapshot(v8.writeHeapSnapshot(path.join(os.tmpdir(), `driftwatch-${process.pid}.heapsnapshot`)));

  const parts = [];
  let before = gcHeap();
  const drop = (name, fn) => {
    fn();
    const after = gcHeap();
    parts.push({ name, bytes: before - after });
    before = after;
  };
  const each = (fn) => {
    for (const a of held.analyses) fn(a);
  };
  const results = (fn) => each((a) => {
    for (const r of a.modelResults.values()) fn(r);
  });
  const nodeColumns = (fn) => each((a) => {
    for (const n of a.nodes.values()) for (const c of n.columns) fn(c);
  });

  if (held.sessions) {
    drop('session: disk texts map, overlays, load cache (parsed YAML)', () => {
      for (const s of held.sessions) {
        s.disk = new Map();
        if (s.loadCache) {
          s.loadCache.properties?.clear?.();
          s.loadCache.projectConfigs?.clear?.();
        }
      }
    });
    drop('session: the rest (memo, lastAnalysis, project)', () => {
      held.sessions = undefined;
    });
  }
  drop('refocus closure (edit state: work items, column signatures, relation index)', () => each((a) => delete a.refocus));
  drop('diagnostics', () => each((a) => { a.diagnostics = []; }));
  drop('compiled SQL fields (node and model result)', () => {
    each((a) => { for (const n of a.nodes.values()) delete n.compiledSql; });
    results((r) => { r.compiledSql = ''; });
  });
  drop('model results: refs, sources, tables, ctes, errors, config, keys', () => results((r) => {
    r.refs = []; r.sources = []; r.tables = []; r.ctes = []; r.jinjaErrors = []; r.sqlErrors = []; r.config = {}; r.baseKey = ''; r.depSig = '';
  }));
  drop('column ranges (node location + result range)', () => {
    nodeColumns((c) => { delete c.location; });
    results((r) => { for (const c of r.columns) delete c.range; });
  });
  drop('column lineage (node and result columns)', () => {
    nodeColumns((c) => { c.lineage = []; });
    results((r) => { for (const c of r.columns) c.lineage = []; });
  });
  drop('model result columns (names, types, lineage pairs)', () => each((a) => a.modelResults.clear?.()));
  drop('node columns (AnalyzedColumn objects, descriptions)', () => each((a) => { for (const n of a.nodes.values()) n.columns = []; }));
  drop('line indexes and the file-text map of analysis.lines', () => each((a) => { a.lines = undefined; }));
  drop('project: properties YAML (model/seed props, source columns)', () => each((a) => {
    for (const m of [...a.project.models, ...a.project.seeds, ...a.project.snapshots]) delete m.props;
    for (const s of a.project.sources) { s.columns = []; s.tests = []; }
    a.project.propertyEntries = [];
  }));
  drop('project: model raw SQL (the file texts)', () => each((a) => {
    for (const m of a.project.models) m.rawSql = '';
    for (const m of a.project.snapshots) m.rawSql = '';
  }));
  drop('project: the rest (config, macros, defs)', () => each((a) => {
    a.project = undefined; a.modelDefs = undefined; a.macros = undefined;
  }));
  drop('node tests (TestDecl, shared with the properties)', () => each((a) => { for (const n of a.nodes.values()) n.tests = []; }));
  drop('graph (nodes with config, relations; dag, ref/source indexes, nodeByFile)', () => {
    held.analyses = [];
  });

  // What survives dropping every part (module-level state, the runtime): summarised when asked.
  if (flag('--snapshot-end')) snapshot = summariseSnapshot(v8.writeHeapSnapshot(path.join(os.tmpdir(), `driftwatch-end-${process.pid}.heapsnapshot`)));

  process.stdout.write(JSON.stringify({ root, elapsedMs, maxRss, heapAfterGc, external, summary, parts, snapshot }) + '\n');
}

/** Self size by constructor name from a .heapsnapshot (the format is an array of ints per node plus a string table). */
function summariseSnapshot(file) {
  const snap = JSON.parse(fs.readFileSync(file, 'utf8'));
  const meta = snap.snapshot.meta;
  const fields = meta.node_fields;
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const types = meta.node_types[0];
  const byName = new Map();
  const nodes = snap.nodes;
  for (let i = 0; i < nodes.length; i += width) {
    const type = types[nodes[i + typeAt]];
    let name = type === 'object' || type === 'native' ? snap.strings[nodes[i + nameAt]] : `(${type})`;
    if (type === 'array') name = '(array)';
    const row = byName.get(name) ?? { name, count: 0, bytes: 0 };
    row.count++;
    row.bytes += nodes[i + sizeAt];
    byName.set(name, row);
  }
  const top = [...byName.values()].sort((a, b) => b.bytes - a.bytes).slice(0, 30);
  return { file, top };
}
