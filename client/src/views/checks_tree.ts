/**
 * The Checks view: datasets → checks with the last status icon, measured
 * value and age; failures first. Results pushed during a run update it live.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { type CheckDataset, type CheckItem, type CheckResultItem, type CheckStatus, listChecksRequest } from '../../../server/src/protocol/lsp_ext';
import { describeResult, latest, sortDatasets, summarize, worstStatus } from './checks_model';

export type ChecksElement = { t: 'dataset'; dataset: CheckDataset } | { t: 'check'; check: CheckItem } | { t: 'info'; text: string };

export class ChecksTreeProvider implements vscode.TreeDataProvider<ChecksElement>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ChecksElement | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private datasets: CheckDataset[] = [];
  private readonly live = new Map<string, CheckResultItem>();
  private error: string | undefined;
  private view: vscode.TreeView<ChecksElement> | undefined;
  private pending: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly client: () => LanguageClient) {}

  attach(view: vscode.TreeView<ChecksElement>): void {
    this.view = view;
  }

  get all(): readonly CheckDataset[] {
    return this.datasets;
  }

  async refresh(): Promise<void> {
    try {
      const result = await this.client().sendRequest(listChecksRequest, {});
      this.datasets = result.datasets;
      this.error = undefined;
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
    }
    this.render();
  }

  /** A result pushed during a run: re-render at most every 200 ms so a 1,000-check run stays cheap. */
  onResult(r: CheckResultItem): void {
    this.live.set(r.id, r);
    if (this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.render();
    }, 200);
  }

  private render(): void {
    this.datasets = sortDatasets(this.datasets, this.live);
    const s = summarize(this.datasets, this.live);
    if (this.view) {
      const total = this.datasets.reduce((n, d) => n + d.checks.length, 0);
      this.view.description = !total ? undefined : s.none === total ? `${total} checks, not run yet` : `${s.fail + s.error} failing · ${s.warn} warning · ${s.pass} passing`;
      this.view.badge = s.fail + s.error ? { value: s.fail + s.error, tooltip: `${s.fail + s.error} failing checks` } : undefined;
    }
    this.changed.fire(undefined);
  }

  getTreeItem(el: ChecksElement): vscode.TreeItem {
    if (el.t === 'info') return new vscode.TreeItem(el.text);
    if (el.t === 'dataset') {
      const d = el.dataset;
      const item = new vscode.TreeItem(d.name, vscode.TreeItemCollapsibleState.Expanded);
      const worst = worstStatus(d.checks, this.live);
      item.description = `${d.checks.length} check${d.checks.length === 1 ? '' : 's'}`;
      item.tooltip = d.dataset;
      item.iconPath = statusIcon(worst, 'database');
      item.contextValue = 'driftwatch.dataset';
      // No resourceUri: VS Code would badge the row with the problem count of the whole file
      // (a _sources.yml shared by several datasets), which reads like this dataset's failures.
      if (d.uri) item.command = { title: 'Open', command: 'vscode.open', arguments: [vscode.Uri.parse(d.uri)] };
      item.id = `dataset:${d.dataset}`;
      return item;
    }
    const c = el.check;
    const last = latest(c, this.live);
    const item = new vscode.TreeItem(c.label, vscode.TreeItemCollapsibleState.None);
    item.description = describeResult(last, Date.now());
    const md = new vscode.MarkdownString(undefined, false);
    md.appendText(`${c.kind === 'dbt-test' ? 'dbt test' : c.kind === 'sla' ? 'SLA' : 'check'} on ${c.dataset}\n`);
    if (last) {
      md.appendText(`\nLast run: ${last.status}${last.value !== null ? `, measured ${last.value}` : ''}${last.threshold ? ` (threshold ${last.threshold})` : ''}\n`);
      if (last.message) md.appendText(`${last.message}\n`);
      if (last.sql) md.appendCodeblock(last.sql, 'sql');
    }
    item.tooltip = md;
    item.iconPath = statusIcon(last?.status, 'circle-large-outline');
    item.contextValue = 'driftwatch.check';
    item.id = `check:${c.id}`;
    const uri = vscode.Uri.parse(c.uri);
    item.command = { title: 'Open check', command: 'vscode.open', arguments: [uri, { selection: new vscode.Range(c.range.start.line, c.range.start.character, c.range.end.line, c.range.end.character) }] };
    return item;
  }

  getChildren(el?: ChecksElement): ChecksElement[] {
    if (!el) {
      if (this.error) return [{ t: 'info', text: `Checks unavailable: ${this.error}` }];
      return this.datasets.map((dataset) => ({ t: 'dataset', dataset }));
    }
    if (el.t === 'dataset') return el.dataset.checks.map((check) => ({ t: 'check', check }));
    return [];
  }

  getParent(el: ChecksElement): ChecksElement | undefined {
    if (el.t !== 'check') return undefined;
    const d = this.datasets.find((x) => x.dataset === el.check.dataset);
    return d ? { t: 'dataset', dataset: d } : undefined;
  }

  dispose(): void {
    if (this.pending) clearTimeout(this.pending);
    this.changed.dispose();
  }
}

export function statusIcon(status: CheckStatus | undefined, fallback: string): vscode.ThemeIcon {
  switch (status) {
    case 'pass':
      return new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
    case 'fail':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
    case 'error':
      return new vscode.ThemeIcon('warning', new vscode.ThemeColor('testing.iconErrored'));
    case 'warn':
      return new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
    case 'skipped':
      return new vscode.ThemeIcon('debug-step-over', new vscode.ThemeColor('testing.iconSkipped'));
    default:
      return new vscode.ThemeIcon(fallback);
  }
}
