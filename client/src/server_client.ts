/**
 * Starts the Driftwatch language server (dist/server.js) over Node IPC and
 * owns the LanguageClient. Everything else in the client talks to the server
 * through the instance this returns.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions, type ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { initOptions } from './settings';
import serverProcess from '../../server/src/protocol/server_process.json';

export const SETTINGS_SECTION = 'driftwatch';

export function createServerClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, projectRoots: readonly string[]): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  // How the server process runs (server_process.json; the benchmark starts it the same way): a 4 MB young
  // generation, two malloc arenas and a collection after a full analysis' model loop (--expose-gc) each
  // took 10–20 MB off the peak of a 10,000-model project's server.
  const options = { execArgv: serverProcess.execArgv, env: { ...process.env, ...serverProcess.env } };
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options },
    // --inspect lets a developer attach to the server from a launch config; the port is fixed so the config can name it.
    debug: { module, transport: TransportKind.ipc, options: { ...options, execArgv: [...options.execArgv, '--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector(projectRoots),
    outputChannel: output,
    traceOutputChannel: output,
    // A function, so a restart (after the user grants trust or edits settings) sends the current values.
    initializationOptions: () => {
      const cfg = vscode.workspace.getConfiguration(SETTINGS_SECTION);
      return initOptions((key, fallback) => cfg.get(key, fallback), vscode.workspace.isTrusted);
    },
    synchronize: {
      configurationSection: SETTINGS_SECTION,
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{sql,yml,yaml,csv}'),
    },
    markdown: { isTrusted: false, supportHtml: false },
  };
  return new LanguageClient('driftwatch', 'Driftwatch', serverOptions, clientOptions);
}

/**
 * SQL, Jinja-SQL and YAML files, limited to the folders that hold a
 * dbt_project.yml so a stray .sql elsewhere in the workspace is not analysed.
 * With no project found yet (activated by a command), any file of those languages.
 */
export function documentSelector(projectRoots: readonly string[]): { scheme: string; language: string; pattern?: string }[] {
  const languages = ['sql', 'jinja-sql', 'yaml'];
  if (!projectRoots.length) return languages.map((language) => ({ scheme: 'file', language }));
  const out: { scheme: string; language: string; pattern?: string }[] = [];
  for (const root of projectRoots) {
    const base = root.replace(/\\/g, '/').replace(/[[\]{}?*]/g, (c) => `[${c}]`);
    for (const language of languages) out.push({ scheme: 'file', language, pattern: `${base}/**/*` });
  }
  return out;
}

/** Folders (absolute paths) of every dbt_project.yml in the workspace, ignoring installed packages. */
export async function findProjectRoots(): Promise<string[]> {
  const files = await vscode.workspace.findFiles('**/dbt_project.yml', '{**/node_modules/**,**/dbt_packages/**,**/target/**}', 50);
  return files.map((f) => path.dirname(f.fsPath)).sort();
}
