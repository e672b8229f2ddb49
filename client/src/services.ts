/** What commands need from the running extension, gathered so each command file stays small. */
import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { CheckRunner } from './check_runner';
import type { CompiledSqlProvider } from './compiled_sql_provider';
import type { GraphPanel } from './graph/graph_panel';
import type { PreviewPanel } from './preview_panel';
import type { Targets } from './targets';
import type { ChecksTestController } from './testing/test_controller';
import type { ChecksTreeProvider } from './views/checks_tree';
import type { LineageTreeProvider } from './views/lineage_tree';

export interface Services {
  context: vscode.ExtensionContext;
  client(): LanguageClient;
  output: vscode.LogOutputChannel;
  runner: CheckRunner;
  lineage: LineageTreeProvider;
  checks: ChecksTreeProvider;
  tests: ChecksTestController;
  graph: GraphPanel;
  compiled: CompiledSqlProvider;
  preview: PreviewPanel;
  targets: Targets;
  restart(): Promise<void>;
}
