/**
 * `driftwatch build`: loads seeds and materialises models and snapshots into
 * the dev target (never a production one). Prints one line per node as it
 * finishes, then a summary.
 * Exit code: 0 everything built, 1 a node failed (or was skipped because of
 * one), 2 configuration or connection errors (nothing was built).
 */
import type { ProjectAnalysis } from '../../analysis/api';
import { selectInAnalysis, SelectorError } from '../../lineage/selector';
import { WarehouseError, type DevWarehouse } from '../../warehouse/api';
import { buildDev, type BuildProgress } from '../../warehouse/build';
import { openResolved, resolveTarget } from '../../warehouse/connect';
import { colors } from '../colors';

export interface BuildCommandOptions {
  analysis: ProjectAnalysis;
  projectRoot: string;
  /** Target name; the profile's default when absent. */
  target?: string;
  /** A dbt selector string (`stg_orders+`, `tag:marts`), or a predicate over unique ids. */
  select?: string | ((uniqueId: string) => boolean);
  out: NodeJS.WritableStream;
  /** Where errors go (default process.stderr). */
  err?: NodeJS.WritableStream;
  isTTY: boolean;
  signal?: AbortSignal;
  format?: 'text' | 'json';
  /** From the client's secret storage, when the CLI is driven by the extension. */
  password?: string;
  env?: Readonly<Record<string, string | undefined>>;
  timeoutMs?: number;
}

/** Turns a selector string into a predicate over the analysis' nodes. Throws SelectorError on bad syntax. */
export function selectorPredicate(analysis: ProjectAnalysis, selector: string): (id: string) => boolean {
  const picked = selectInAnalysis(analysis, selector);
  return (id) => picked.has(id);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)}s`;
}

export async function buildCommand(opts: BuildCommandOptions): Promise<number> {
  const err = opts.err ?? process.stderr;
  const c = colors(opts.isTTY);
  const json = opts.format === 'json';
  let predicate: ((id: string) => boolean) | undefined;
  try {
    predicate = typeof opts.select === 'string' && opts.select.trim() ? selectorPredicate(opts.analysis, opts.select) : typeof opts.select === 'function' ? opts.select : undefined;
  } catch (e) {
    if (e instanceof SelectorError) {
      err.write(`driftwatch build: ${e.message}\n`);
      return 2;
    }
    throw e;
  }

  let wh: DevWarehouse;
  let concurrency = 1;
  try {
    const target = resolveTarget(opts.target, { projectRoot: opts.projectRoot, password: opts.password, env: opts.env });
    // dbt's `threads` for servers; DuckDB builds one node at a time (concurrent DDL on one catalog can conflict).
    if (target.type !== 'duckdb') concurrency = target.threads;
    wh = await openResolved(target, { readOnly: false });
  } catch (e) {
    err.write(`driftwatch build: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }

  const started = Date.now();
  const width = Math.min(60, Math.max(10, ...[...opts.analysis.nodes.keys()].map((id) => id.length)));
  // Lines are numbered as nodes finish: p.index is a node's place in the DAG order, and a node with no
  // built parents (reading only sources) runs before nodes placed ahead of it, so those counters jumped about.
  let finished = 0;
  const onProgress = (p: BuildProgress) => {
    if (json || p.status === 'started') return;
    finished++;
    const label = p.status === 'ok' ? c.green('OK     ') : p.status === 'error' ? c.red('ERROR  ') : c.yellow('SKIP   ');
    const counter = `${String(finished).padStart(String(p.total).length)}/${p.total}`;
    const detail = p.message ? ` ${p.status === 'error' ? p.message.split('\n')[0] : c.dim(p.message)}` : '';
    opts.out.write(`${counter} ${label}${p.node.padEnd(width)} ${c.dim(seconds(p.elapsedMs ?? 0))}${detail}\n`);
  };
  try {
    if (!json) opts.out.write(c.dim(`Building into target "${wh.targetName}" (${wh.type})\n`));
    const result = await buildDev(opts.analysis, wh, { projectRoot: opts.projectRoot, select: predicate, signal: opts.signal, onProgress, timeoutMs: opts.timeoutMs, concurrency });
    const counts = { ok: 0, error: 0, skipped: 0 };
    for (const b of result.built) counts[b.status]++;
    if (json) {
      opts.out.write(JSON.stringify({ target: wh.targetName, ...result, elapsedMs: Date.now() - started }, null, 2) + '\n');
    } else {
      if (result.built.length === 0) opts.out.write('Nothing to build: the selection has no seeds, models or snapshots.\n');
      const summary = `Built ${counts.ok}, failed ${counts.error}, skipped ${counts.skipped} in ${seconds(Date.now() - started)}`;
      opts.out.write((counts.error ? c.red(summary) : counts.skipped ? c.yellow(summary) : c.green(summary)) + '\n');
      for (const b of result.built.filter((x) => x.status === 'error')) {
        opts.out.write(`\n${c.red('error')} in ${b.node}:\n  ${(b.message ?? '').split('\n').join('\n  ')}\n`);
      }
    }
    if (result.built.some((b) => b.status === 'error' && /^cannot connect|connection lost/i.test(b.message ?? ''))) return 2;
    return result.ok ? 0 : 1;
  } catch (e) {
    err.write(`driftwatch build: ${e instanceof Error ? e.message : String(e)}\n`);
    return e instanceof WarehouseError && (e.kind === 'config' || e.kind === 'connection') ? 2 : 1;
  } finally {
    await wh.close();
  }
}
