/**
 * The `driftwatch` command line: the same core as the language server,
 * headless, for CI and terminals. Exit codes: 0 success, 1 findings (an
 * error diagnostic, a failed check), 2 usage, configuration or connection errors.
 */
import * as path from 'path';
import { promises as fs } from 'fs';
import { openWorkspace, workspaceViews, type ProjectSession } from '../workspace/project_session';
import { parseArgs, oneOf, UsageError, type ParsedArgs } from './args';
import { colors, useColor } from './colors';
import { lineageJson, lineageText } from './commands/lineage';
import { diagnoseJson, diagnoseSarif, diagnoseText } from './commands/diagnose';
import { SelectorError } from '../lineage/selector';
import type { Dialect } from '../sql/api';
import { loadYamlVars } from './vars';
import { COMMANDS, type CommandContext } from './registry';

const VERSION = '0.1.0';

const USAGE = `driftwatch ${VERSION} — lineage, diagnostics and data checks for dbt-style projects

Usage: driftwatch <command> [options]

Commands:
  lineage     Print model- and column-level lineage        --select SEL --format json|text
  diagnose    Print diagnostics (exit 1 on any error)      --format json|text|sarif
  check       Run data checks against a warehouse target   --select SEL --target T --format text|json|junit|sarif
  build       Load seeds and build models into the dev target   --select SEL --target T
  diff        Compare a model in dev with another target   MODEL --against prod [--key col,...] --format text|json

Common options:
  --project DIR   project folder, or a folder containing projects (default: .)
  --dialect D     duckdb | postgres | redshift | snowflake | bigquery (default: from profiles.yml, else duckdb)
  --vars YAML     override project vars, e.g. --vars '{start_date: 2024-01-01}'
  --no-cache      ignore and do not write the analysis cache
  --help, --version
`;

const SPEC = {
  values: ['project', 'select', 'format', 'dialect', 'vars', 'target', 'against', 'key', 'timeout', 'concurrency'],
  booleans: ['help', 'version', 'no-cache', 'quiet'],
};

async function main(argv: string[]): Promise<number> {
  const out = process.stdout;
  const err = process.stderr;
  let args: ParsedArgs;
  try {
    args = parseArgs(argv, SPEC);
  } catch (e) {
    err.write(`driftwatch: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.bools.has('version')) {
    out.write(`${VERSION}\n`);
    return 0;
  }
  const [command, ...rest] = args.positionals;
  if (args.bools.has('help') || !command) {
    out.write(USAGE);
    return command || args.bools.has('help') ? 0 : 2;
  }
  const known = ['lineage', 'diagnose', ...Object.keys(COMMANDS)];
  if (!known.includes(command)) {
    err.write(`driftwatch: unknown command '${command}'\n\n${USAGE}`);
    return 2;
  }

  const baseDir = path.resolve(args.flags.get('project') ?? '.');
  try {
    const stat = await fs.stat(baseDir).catch(() => undefined);
    if (!stat?.isDirectory()) {
      err.write(`driftwatch: project folder not found: ${baseDir}\n`);
      return 2;
    }
    const dialect = args.flags.get('dialect') as Dialect | undefined;
    if (dialect) oneOf('dialect', dialect, ['duckdb', 'postgres', 'redshift', 'snowflake', 'bigquery'] as const, 'duckdb');
    const vars = args.flags.has('vars') ? loadYamlVars(args.flags.get('vars')!) : undefined;
    // The analysis renders for the target the command works on: relations (schema, `target.name` in
    // config()) are the ones dbt would build there, not the profile default's.
    const sessionOptions = { dialect, vars, cache: !args.bools.has('no-cache'), targetName: args.flags.get('target') };
    const c = colors(useColor(out));
    const selector = args.flags.get('select');

    // The reports need only the public analysis: an up-to-date snapshot answers them without the pipeline.
    if (command === 'lineage' || command === 'diagnose') {
      const opened = await workspaceViews(baseDir, sessionOptions);
      if (!opened.length) {
        err.write(`driftwatch: no dbt_project.yml found under ${baseDir}\n`);
        return 2;
      }
      const analyses = opened.map((o) => o.view);
      await saveCaches(opened.flatMap((o) => (o.session ? [o.session] : [])), args);
      if (command === 'lineage') {
        const format = oneOf('format', args.flags.get('format'), ['json', 'text'] as const, 'text');
        out.write(format === 'json' ? JSON.stringify(lineageJson(analyses, baseDir, selector), null, 2) + '\n' : lineageText(analyses, c, selector));
        return 0;
      }
      const format = oneOf('format', args.flags.get('format'), ['json', 'text', 'sarif'] as const, 'text');
      const projects = analyses.map((a) => ({ root: a.root, diagnostics: a.diagnostics }));
      if (format === 'json') out.write(JSON.stringify(diagnoseJson(projects, baseDir), null, 2) + '\n');
      else if (format === 'sarif') out.write(JSON.stringify(diagnoseSarif(projects, baseDir, VERSION), null, 2) + '\n');
      else out.write(diagnoseText(projects, baseDir, c));
      return projects.some((p) => p.diagnostics.some((d) => d.severity === 'error')) ? 1 : 0;
    }

    const sessions = await openWorkspace(baseDir, sessionOptions);
    if (!sessions.length) {
      err.write(`driftwatch: no dbt_project.yml found under ${baseDir}\n`);
      return 2;
    }
    const ctx: CommandContext = { args, rest, sessions, baseDir, out, err, isTTY: useColor(out) };
    const code = await COMMANDS[command](ctx);
    // A build or check analysed the project as lineage/diagnose do: keep that work for the next run.
    await saveCaches(sessions, args);
    return code;
  } catch (e) {
    if (e instanceof UsageError || e instanceof SelectorError) {
      err.write(`driftwatch: ${e.message}\n`);
      return 2;
    }
    err.write(`driftwatch: ${(e as Error).stack ?? e}\n`);
    return 2;
  }
}

async function saveCaches(sessions: ProjectSession[], args: ParsedArgs): Promise<void> {
  if (args.bools.has('no-cache')) return;
  // The cache is an optimisation: a read-only checkout must not fail the command.
  await Promise.all(sessions.map((s) => s.saveCache().catch(() => undefined)));
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`driftwatch: ${(e as Error).stack ?? e}\n`);
    process.exitCode = 2;
  },
);
