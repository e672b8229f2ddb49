/**
 * Test Explorer integration: every check and dbt test is a TestItem
 * (dataset → check) discovered with driftwatch/listChecks. The Run profile
 * sends the selected ids to driftwatch/runChecks; cancelling the run cancels
 * the request. Runs started elsewhere (palette, Checks view) are mirrored as
 * read-only test runs so Test Explorer always shows the latest results.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { type CheckDataset, type CheckResultItem, listChecksRequest, type RunChecksResult } from '../../../server/src/protocol/lsp_ext';
import type { CheckRunner } from '../check_runner';
import type { ServerEvents } from '../server_events';
import { requireTrust } from '../trust';
import { checkOutcome } from './check_outcome';

export class ChecksTestController implements vscode.Disposable {
  readonly controller = vscode.tests.createTestController('driftwatch', 'Driftwatch');
  readonly runProfile: vscode.TestRunProfile;
  private readonly checkItems = new Map<string, vscode.TestItem>();
  /** Set while a Test Explorer run is in flight: pushed results go to it live. */
  private activeRun: { run: vscode.TestRun; pending: Set<string> } | undefined;
  private readonly subs: vscode.Disposable[] = [];

  constructor(private readonly client: () => LanguageClient, private readonly runner: CheckRunner, events: ServerEvents) {
    this.controller.refreshHandler = () => this.refresh();
    this.runProfile = this.controller.createRunProfile('Run checks', vscode.TestRunProfileKind.Run, (req, token) => this.runHandler(req, token), true);
    this.subs.push(
      events.onCheckResult((r) => this.onPushed(r)),
      runner.onDidFinish((result) => this.mirror(result)),
    );
  }

  get items(): ReadonlyMap<string, vscode.TestItem> {
    return this.checkItems;
  }

  async refresh(): Promise<void> {
    const { datasets } = await this.client().sendRequest(listChecksRequest, {});
    this.replaceAll(datasets);
  }

  private replaceAll(datasets: readonly CheckDataset[]): void {
    this.checkItems.clear();
    const top: vscode.TestItem[] = [];
    for (const d of datasets) {
      const dsItem = this.controller.createTestItem(`dataset:${d.dataset}`, d.name, d.uri ? vscode.Uri.parse(d.uri) : undefined);
      dsItem.description = d.dataset;
      const kids: vscode.TestItem[] = [];
      for (const c of d.checks) {
        const item = this.controller.createTestItem(c.id, c.label, vscode.Uri.parse(c.uri));
        item.range = new vscode.Range(c.range.start.line, c.range.start.character, c.range.end.line, c.range.end.character);
        item.description = c.kind === 'dbt-test' ? 'dbt test' : c.kind === 'sla' ? 'SLA' : undefined;
        item.tags = [new vscode.TestTag(c.kind)];
        kids.push(item);
        this.checkItems.set(c.id, item);
      }
      dsItem.children.replace(kids);
      top.push(dsItem);
    }
    this.controller.items.replace(top);
  }

  private leafIds(request: vscode.TestRunRequest): string[] | undefined {
    if (!request.include) {
      if (!request.exclude?.length) return undefined; // everything
      const excluded = new Set(request.exclude.flatMap((i) => this.leavesOf(i)));
      return [...this.checkItems.keys()].filter((id) => !excluded.has(id));
    }
    const excluded = new Set((request.exclude ?? []).flatMap((i) => this.leavesOf(i)));
    return [...new Set(request.include.flatMap((i) => this.leavesOf(i)))].filter((id) => !excluded.has(id));
  }

  private leavesOf(item: vscode.TestItem): string[] {
    if (this.checkItems.get(item.id) === item) return [item.id];
    const out: string[] = [];
    item.children.forEach((c) => out.push(...this.leavesOf(c)));
    return out;
  }

  private async runHandler(request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<void> {
    if (!requireTrust('Running checks')) return;
    const ids = this.leafIds(request);
    const run = this.controller.createTestRun(request, 'Driftwatch checks', true);
    const targets = ids ?? [...this.checkItems.keys()];
    for (const id of targets) {
      const item = this.checkItems.get(id);
      if (item) run.started(item);
    }
    this.activeRun = { run, pending: new Set(targets) };
    try {
      const result = await this.runner.request(ids ? { ids } : {}, token);
      for (const r of result.results) this.report(run, r);
      if (result.cancelled || token.isCancellationRequested) this.skipPending(run, 'cancelled');
      run.appendOutput(`\r\n${result.summary.pass} passed, ${result.summary.fail} failed, ${result.summary.warn} warned, ${result.summary.error} errored${result.cancelled ? ' (cancelled)' : ''}\r\n`);
    } catch (e) {
      if (token.isCancellationRequested) this.skipPending(run, 'cancelled');
      else {
        const msg = e instanceof Error ? e.message : String(e);
        for (const id of this.activeRun.pending) {
          const item = this.checkItems.get(id);
          if (item) run.errored(item, new vscode.TestMessage(`Check run failed: ${msg}`));
        }
        run.appendOutput(`Check run failed: ${msg}\r\n`);
      }
    } finally {
      this.activeRun = undefined;
      run.end();
    }
  }

  private onPushed(r: CheckResultItem): void {
    if (this.activeRun?.pending.has(r.id)) this.report(this.activeRun.run, r);
  }

  private report(run: vscode.TestRun, r: CheckResultItem): void {
    const item = this.checkItems.get(r.id);
    if (!item) return;
    if (this.activeRun?.run === run) {
      if (!this.activeRun.pending.delete(r.id)) return; // already reported from a pushed result
    }
    const o = checkOutcome(r);
    run.appendOutput(o.output, item.uri && item.range ? new vscode.Location(item.uri, item.range) : undefined, item);
    const msg = () => {
      const m = o.expected !== undefined && o.actual !== undefined ? vscode.TestMessage.diff(o.message ?? '', o.expected, o.actual) : new vscode.TestMessage(o.message ?? '');
      if (item.uri && item.range) m.location = new vscode.Location(item.uri, item.range);
      return m;
    };
    switch (o.outcome) {
      case 'passed':
        return run.passed(item, r.elapsedMs);
      case 'skipped':
        return run.skipped(item);
      case 'failed':
        return run.failed(item, msg(), r.elapsedMs);
      case 'errored':
        return run.errored(item, msg(), r.elapsedMs);
    }
  }

  private skipPending(run: vscode.TestRun, why: string): void {
    for (const id of this.activeRun?.pending ?? []) {
      const item = this.checkItems.get(id);
      if (item) run.skipped(item);
    }
    run.appendOutput(`Run ${why}.\r\n`);
  }

  /** Shows a run started from the palette or the Checks view as a (non-persisted) test run. */
  private mirror(result: RunChecksResult): void {
    if (this.activeRun || !result.results.length) return;
    const items = result.results.map((r) => this.checkItems.get(r.id)).filter((i): i is vscode.TestItem => !!i);
    if (!items.length) return;
    const run = this.controller.createTestRun(new vscode.TestRunRequest(items), 'Driftwatch checks', false);
    for (const r of result.results) this.report(run, r);
    run.end();
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
    this.controller.dispose();
  }
}
