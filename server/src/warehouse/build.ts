/**
 * Dev builds: seeds, models and snapshots materialised into the dev target,
 * in DAG order, each one swapped in only when it built (see relation_swap.ts).
 * A failing node reports its error, everything downstream of it is skipped,
 * and unrelated branches carry on. Production targets are refused outright.
 */
import * as path from 'node:path';
import type { AnalyzedNode, ProjectAnalysis } from '../analysis/api';
import type { BuildResult } from '../protocol/lsp_ext';
import { WarehouseError, type DevWarehouse, type RelationName } from './api';
import { topologicalOrder } from './build_order';
import { CsvError } from './csv';
import { replaceRelation } from './relation_swap';
import { loadSeed, seedColumnTypes } from './seeds';
import { buildSnapshot, snapshotConfig } from './snapshot';
import { withEphemeralsInlined } from '../analysis/ephemeral';

export type BuildStatus = 'ok' | 'error' | 'skipped';

export interface BuildProgress {
  node: string;
  /** 1-based position among the nodes being built. */
  index: number;
  total: number;
  status: 'started' | BuildStatus;
  message?: string;
  elapsedMs?: number;
}

export interface BuildOptions {
  /** Which nodes to build (unique id → selected). All seeds, models and snapshots when absent. */
  select?: (uniqueId: string) => boolean;
  signal?: AbortSignal;
  onProgress?: (p: BuildProgress) => void;
  /** Absolute project root (seed files are read relative to it). */
  projectRoot: string;
  /** Per-statement timeout; none by default (builds can be long). */
  timeoutMs?: number;
  /**
   * Nodes built at once (dbt's `threads`). 1 by default; keep 1 on DuckDB,
   * whose concurrent DDL on one catalog can conflict. Independent branches
   * run in parallel; a node always waits for everything upstream in the build.
   */
  concurrency?: number;
}

const TABLE_LIKE = new Set(['table', 'incremental', 'materialized_view', 'dynamic_table']);
/** Diagnostics that mean the compiled SQL cannot be trusted. */
const BLOCKING_CODES = new Set(['jinja-error', 'unresolved-ref', 'unresolved-source', 'cycle']);

export function toRelationName(node: AnalyzedNode): RelationName {
  return { database: node.relation.database || undefined, schema: node.relation.schema, name: node.relation.identifier };
}

function stripTrailing(sql: string): string {
  return sql.replace(/[\s;]+$/, '');
}

function lostNote(lost: string[]): string {
  return lost.length ? `; dropped dependent views that no longer compile (rebuild them): ${lost.join('; ')}` : '';
}

function isBuildable(n: AnalyzedNode): boolean {
  return n.resourceType === 'seed' || n.resourceType === 'model' || n.resourceType === 'snapshot';
}

function errorText(err: unknown): string {
  if (err instanceof CsvError) return `seed CSV ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}

export async function buildDev(analysis: ProjectAnalysis, warehouse: DevWarehouse, opts: BuildOptions): Promise<BuildResult> {
  if (warehouse.isProduction) {
    throw new WarehouseError(`target "${warehouse.targetName}" is marked as production; dev builds only write to dev targets`, 'config');
  }
  const nodes = analysis.nodes;
  const { order, cyclic } = topologicalOrder({ ids: [...nodes.keys()], parentsOf: (id) => nodes.get(id)?.parents ?? [] });
  const cyclicSet = new Set(cyclic);
  const wanted = (id: string) => {
    const n = nodes.get(id)!;
    return isBuildable(n) && (!opts.select || opts.select(id));
  };
  const plan = [...order.filter(wanted), ...cyclic.filter(wanted)];
  // Ephemeral models are inlined into their children: never materialised, but a failure above them still blocks below.
  const isEphemeral = (n: AnalyzedNode | undefined) => n?.resourceType === 'model' && n.materialized === 'ephemeral';
  const toBuild = plan.filter((id) => !isEphemeral(nodes.get(id)));

  const blockingMessages = new Map<string, string>();
  for (const d of analysis.diagnostics) {
    if (d.severity === 'error' && BLOCKING_CODES.has(d.code) && !blockingMessages.has(d.file)) {
      blockingMessages.set(d.file, `${d.file}:${d.range.start.line + 1}: ${d.message}`);
    }
  }

  const failed = new Set<string>(); // failed or skipped because of a failure
  const blockedMemo = new Map<string, string | undefined>();
  const blockedBy = (id: string, depth = 0): string | undefined => {
    if (blockedMemo.has(id)) return blockedMemo.get(id);
    let culprit: string | undefined;
    for (const p of nodes.get(id)?.parents ?? []) {
      if (failed.has(p)) culprit = p;
      else if (isEphemeral(nodes.get(p)) && depth < 10_000) culprit = blockedBy(p, depth + 1);
      if (culprit) break;
    }
    // Only memoise ephemeral answers: real nodes' state changes as the build proceeds.
    if (isEphemeral(nodes.get(id))) blockedMemo.set(id, culprit);
    return culprit;
  };

  const total = toBuild.length;
  const position = new Map(toBuild.map((id, i) => [id, i]));
  // What each node waits for: its nearest ancestors that are part of this build
  // (looking through ephemeral and unselected nodes), so that parallel workers
  // never read a relation that is being rebuilt.
  const nearestMemo = new Map<string, string[]>();
  const nearestBuilt = (id: string): string[] => {
    const memo = nearestMemo.get(id);
    if (memo) return memo;
    nearestMemo.set(id, []); // cycle guard
    const out = new Set<string>();
    for (const p of nodes.get(id)?.parents ?? []) {
      if (position.has(p)) out.add(p);
      else if (nodes.has(p)) for (const q of nearestBuilt(p)) out.add(q);
    }
    const list = [...out];
    nearestMemo.set(id, list);
    return list;
  };
  const waiting = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const id of toBuild) {
    const deps = cyclicSet.has(id) ? [] : nearestBuilt(id).filter((p) => !cyclicSet.has(p));
    waiting.set(id, deps.length);
    for (const d of deps) {
      let list = dependents.get(d);
      if (!list) dependents.set(d, (list = []));
      list.push(id);
    }
  }

  const entries: (BuildResult['built'][number] | undefined)[] = new Array(total);
  let connectionLost: string | undefined;
  const runOne = async (id: string): Promise<void> => {
    const i = position.get(id)!;
    const node = nodes.get(id)!;
    const started = Date.now();
    const report = (status: BuildStatus, message?: string) => {
      const elapsedMs = Date.now() - started;
      entries[i] = { node: id, status, message, elapsedMs };
      opts.onProgress?.({ node: id, index: i + 1, total, status, message, elapsedMs });
    };
    if (opts.signal?.aborted) return report('skipped', 'build cancelled');
    if (connectionLost) {
      failed.add(id);
      return report('skipped', 'connection lost');
    }
    const culprit = blockedBy(id);
    if (culprit) {
      failed.add(id);
      return report('skipped', `upstream ${culprit} failed`);
    }
    opts.onProgress?.({ node: id, index: i + 1, total, status: 'started' });
    try {
      report('ok', await buildNode(warehouse, node, analysis, opts, cyclicSet, blockingMessages));
    } catch (err) {
      failed.add(id);
      if (err instanceof WarehouseError && err.kind === 'cancelled') return report('skipped', 'build cancelled');
      // The target is gone; every remaining node would fail the same way.
      if (err instanceof WarehouseError && err.kind === 'connection') connectionLost = errorText(err);
      report('error', errorText(err));
    }
  };

  const concurrency = Math.max(1, Math.floor(opts.concurrency ?? 1));
  await new Promise<void>((resolve) => {
    const ready = toBuild.filter((id) => waiting.get(id) === 0);
    let head = 0;
    let running = 0;
    let finished = 0;
    const pump = () => {
      if (finished === total) return resolve();
      while (running < concurrency && head < ready.length) {
        const id = ready[head++];
        running++;
        // runOne reports its own errors; a throwing onProgress callback must not stall the build.
        void runOne(id).catch(() => undefined).finally(() => {
          running--;
          finished++;
          for (const c of dependents.get(id) ?? []) {
            const left = waiting.get(c)! - 1;
            waiting.set(c, left);
            if (left === 0) ready.push(c);
          }
          pump();
        });
      }
    };
    pump();
  });
  const built = entries.filter((e): e is BuildResult['built'][number] => e !== undefined);
  return { built, ok: built.length === total && built.every((b) => b.status === 'ok') };
}

async function buildNode(
  wh: DevWarehouse,
  node: AnalyzedNode,
  analysis: ProjectAnalysis,
  opts: BuildOptions,
  cyclic: ReadonlySet<string>,
  blocking: ReadonlyMap<string, string>,
): Promise<string | undefined> {
  const target = toRelationName(node);
  const qopts = { signal: opts.signal, timeoutMs: opts.timeoutMs };
  if (cyclic.has(node.uniqueId)) throw new Error('part of a dependency cycle; fix the cycle to build it');
  if (node.resourceType === 'seed') {
    if (!node.file) throw new Error('seed has no file');
    const loaded = await loadSeed(wh, target, path.resolve(opts.projectRoot, node.file), seedColumnTypes(node.config), qopts);
    return `${loaded.rows} rows${lostNote(loaded.lostDependents)}`;
  }
  if (node.file && blocking.has(node.file)) throw new Error(blocking.get(node.file)!);
  const compiled = analysis.compiledSql(node.uniqueId);
  if (!compiled?.trim()) throw new Error('no compiled SQL for this node (see its diagnostics)');
  const sql = stripTrailing(withEphemeralsInlined(analysis, node, compiled));
  if (node.resourceType === 'snapshot') {
    const outcome = await buildSnapshot(wh, target, sql, snapshotConfig(node.config), qopts);
    return outcome === 'created' ? 'snapshot created' : 'snapshot updated';
  }
  const m = node.materialized || 'view';
  if (m === 'view') {
    const outcome = await replaceRelation(wh, target, 'view', (tmp) => wh.execute(`create view ${tmp} as\n${sql}\n`, qopts), qopts);
    return `view${lostNote(outcome.lostDependents)}`;
  }
  if (TABLE_LIKE.has(m)) {
    const outcome = await replaceRelation(wh, target, 'table', (tmp) => wh.execute(`create table ${tmp} as\n${sql}\n`, qopts), qopts);
    return (m === 'table' ? 'table' : `table (${m} is built as a table in dev)`) + lostNote(outcome.lostDependents);
  }
  throw new Error(`materialization "${m}" is not supported by dev builds (view, table, incremental, ephemeral)`);
}
