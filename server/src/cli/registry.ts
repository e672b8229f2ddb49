/**
 * The warehouse-facing commands (check, build, diff), registered by name so
 * main.ts stays a dispatcher. Each connects, delegates to its command module
 * and returns its exit code; connection and configuration errors are exit 2.
 */
import * as path from 'path';
import type { ProjectSession } from '../workspace/project_session';
import { analysisUnderTarget } from '../workspace/target_view';
import type { ProjectAnalysis } from '../analysis/api';
import { oneOf, UsageError, type ParsedArgs } from './args';
import { checkCommand } from './commands/check';
import { buildCommand } from './commands/build';
import { diffCommand } from './commands/diff';
import { selectedNodes } from './commands/lineage';
import { viewOfAnalysis } from '../analysis/analysis_view';
import { openWarehouse } from '../warehouse/connect';
import { WarehouseError } from '../warehouse/api';

export interface CommandContext {
  args: ParsedArgs;
  /** Positionals after the command name. */
  rest: string[];
  sessions: ProjectSession[];
  baseDir: string;
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  isTTY: boolean;
}

export type Command = (ctx: CommandContext) => Promise<number>;

/** Ctrl-C stops running statements on the server instead of leaving them behind. */
function interruptSignal(): AbortSignal {
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  return controller.signal;
}

function numberFlag(args: ParsedArgs, name: string): number | undefined {
  const v = args.flags.get(name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--${name} must be a positive number (got '${v}')`);
  return n;
}

function selection(session: ProjectSession, selector: string | undefined): ((id: string) => boolean) | undefined {
  if (!selector) return undefined;
  const ids = new Set(selectedNodes(viewOfAnalysis(session.analysis), selector).map((n) => n.uniqueId));
  return (id) => ids.has(id);
}

async function withWarehouseErrors(ctx: CommandContext, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof WarehouseError) {
      ctx.err.write(`driftwatch: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

const check: Command = (ctx) =>
  withWarehouseErrors(ctx, async () => {
    const format = oneOf('format', ctx.args.flags.get('format'), ['text', 'json', 'junit', 'sarif'] as const, 'text');
    const signal = interruptSignal();
    let worst = 0;
    for (const session of ctx.sessions) {
      const warehouse = await openWarehouse(ctx.args.flags.get('target'), { projectRoot: session.root, readOnly: true });
      try {
        const code = await checkCommand({
          analysis: session.analysis,
          checkFiles: session.checkFiles(),
          warehouse,
          select: selection(session, ctx.args.flags.get('select')),
          format,
          historyPath: path.join(session.root, '.driftwatch', 'history.duckdb'),
          out: ctx.out,
          err: ctx.err,
          isTTY: ctx.isTTY,
          signal,
          concurrency: numberFlag(ctx.args, 'concurrency'),
          timeoutMs: numberFlag(ctx.args, 'timeout'),
        });
        worst = Math.max(worst, code);
      } finally {
        await warehouse.close();
      }
    }
    return worst;
  });

const build: Command = (ctx) =>
  withWarehouseErrors(ctx, async () => {
    const format = oneOf('format', ctx.args.flags.get('format'), ['text', 'json'] as const, 'text');
    const signal = interruptSignal();
    let worst = 0;
    for (const session of ctx.sessions) {
      const code = await buildCommand({
        analysis: session.analysis,
        projectRoot: session.root,
        target: ctx.args.flags.get('target'),
        select: selection(session, ctx.args.flags.get('select')),
        out: ctx.out,
        err: ctx.err,
        isTTY: ctx.isTTY,
        signal,
        format,
        timeoutMs: numberFlag(ctx.args, 'timeout'),
      });
      worst = Math.max(worst, code);
    }
    return worst;
  });

const diff: Command = (ctx) =>
  withWarehouseErrors(ctx, async () => {
    const node = ctx.rest[0];
    if (!node || ctx.rest.length > 1) throw new UsageError('diff takes one model: driftwatch diff MODEL --against prod');
    const against = ctx.args.flags.get('against');
    if (!against) throw new UsageError('diff needs --against TARGET (e.g. --against prod)');
    if (ctx.sessions.length > 1) throw new UsageError('diff works on one project: point --project at it');
    const session = ctx.sessions[0];
    const key = ctx.args.flags.get('key')?.split(',').map((k) => k.trim()).filter(Boolean);
    // The other side's relation is where the project puts the model for that target (schema='s_' ~ target.name).
    let otherAnalysis: ProjectAnalysis | undefined;
    try {
      otherAnalysis = analysisUnderTarget(session, against, process.env);
    } catch {
      otherAnalysis = undefined; // a target profiles.yml cannot give: diffNode reports it when it connects
    }
    return diffCommand({
      analysis: session.analysis,
      otherAnalysis,
      projectRoot: session.root,
      node,
      against,
      target: ctx.args.flags.get('target'),
      key,
      format: oneOf('format', ctx.args.flags.get('format'), ['text', 'json'] as const, 'text'),
      out: ctx.out,
      err: ctx.err,
      signal: interruptSignal(),
      timeoutMs: numberFlag(ctx.args, 'timeout'),
    });
  });

export const COMMANDS: Record<string, Command> = { check, build, diff };
