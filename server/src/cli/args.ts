/**
 * A small, strict argument parser: `--flag value`, `--flag=value`, boolean
 * flags, positionals. Unknown flags are an error with a clear message rather
 * than silently ignored, because a mistyped `--selct` should not run everything.
 */

export interface FlagSpec {
  /** Flags that take a value. */
  values: readonly string[];
  /** Flags that are booleans. */
  booleans: readonly string[];
}

export interface ParsedArgs {
  positionals: string[];
  flags: Map<string, string>;
  bools: Set<string>;
}

export class UsageError extends Error {}

export function parseArgs(argv: readonly string[], spec: FlagSpec): ParsedArgs {
  const out: ParsedArgs = { positionals: [], flags: new Map(), bools: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      out.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith('--')) {
      out.positionals.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
    if (spec.booleans.includes(name)) {
      if (eq > 0) throw new UsageError(`--${name} does not take a value`);
      out.bools.add(name);
    } else if (spec.values.includes(name)) {
      const value = eq > 0 ? a.slice(eq + 1) : argv[++i];
      if (value === undefined || (eq < 0 && value.startsWith('--'))) throw new UsageError(`--${name} needs a value`);
      out.flags.set(name, value);
    } else {
      throw new UsageError(`unknown option --${name}`);
    }
  }
  return out;
}

export function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${flag} must be one of ${allowed.join(', ')} (got '${value}')`);
}
