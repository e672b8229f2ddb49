/**
 * The warehouse-facing commands (check, build, diff), registered by name so
 * main.ts stays a dispatcher. Each returns its exit code.
 */
import type { ProjectSession } from '../workspace/project_session';
import type { ParsedArgs } from './args';

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

export const COMMANDS: Record<string, Command> = {};
