/**
 * Publishes diagnostics, but only for files whose diagnostics changed since
 * the last publish (plus the documents just edited, whose new version the
 * client waits for). A keystroke in a 10,000-model project must cost one or
 * two notifications, not ten thousand.
 */
import * as path from 'path';
import type { Connection } from 'vscode-languageserver/node';
import type { ProjectAnalysisDetail } from '../analysis/analyze_project';
import type { AnalysisView } from '../analysis/api';
import { applySeverityOverrides, type Diagnostic, type SeverityOverrides } from '../core/diagnostic';
import type { ProjectSession } from '../workspace/project_session';
import { toLspDiagnostic } from './convert';

export interface PublishTarget {
  /** The URI of a file (the client's own spelling when it has the document open). */
  uriOf(abs: string): string;
  /** Version of the open document at this path, if open. */
  versionOf(abs: string): number | undefined;
}

interface Published {
  /** Undefined after invalidate(): the next publish must diff. */
  /** Weak: holding it would keep a replaced analysis alive through the next one's construction. */
  analysis: WeakRef<ProjectAnalysisDetail> | undefined;
  overrides: SeverityOverrides;
  /** Project-relative file → what was last sent. */
  sent: Map<string, Diagnostic[]>;
  /** Every diagnostic of that publish, before severity overrides: the next publish diffs against it by identity. */
  all: readonly Diagnostic[];
}

export class DiagnosticsPublisher {
  private readonly state = new Map<ProjectSession, Published>();
  /** What was shown from a project's snapshot (by project root) before its session existed. */
  private readonly cached = new Map<string, Map<string, Diagnostic[]>>();

  constructor(
    private readonly connection: Connection,
    private readonly target: PublishTarget,
    /** Diagnostics from outside the analysis (check files), computed per analysis. */
    private readonly extra: (session: ProjectSession, analysis: ProjectAnalysisDetail) => Diagnostic[] = () => [],
  ) {}

  /**
   * Publishes what changed for one project. `force` names files to publish even
   * when unchanged (documents just edited: the client correlates by version).
   * Returns how many files were published.
   */
  publish(session: ProjectSession, overrides: SeverityOverrides, force: ReadonlySet<string> = new Set()): number {
    const analysis = session.analysis;
    const prev = this.state.get(session);
    const sameInput = prev && prev.analysis?.deref() === analysis && prev.overrides === overrides;
    let sent = 0;
    if (sameInput) {
      for (const rel of force) {
        this.send(session.root, rel, prev.sent.get(rel) ?? []);
        sent++;
      }
      return sent;
    }
    const all = this.all(session, analysis);
    // After a keystroke most diagnostics are the very objects published last time: regroup only the files that differ.
    const changed = prev && prev.overrides === overrides ? changedFiles(prev.all, all) : undefined;
    if (prev && changed) {
      sent += this.sendFiles(session.root, prev.sent, groupByFile(applySeverityOverrides(all, overrides, changed)), changed, force);
      this.state.set(session, { analysis: new WeakRef(analysis), overrides, sent: prev.sent, all });
      return sent;
    }
    const byFile = groupByFile(hasOverrides(overrides) ? applySeverityOverrides(all, overrides) : all);
    // The first publish of a project diffs against what its snapshot showed, so unchanged files are not sent twice.
    const old = prev?.sent ?? this.cached.get(session.root) ?? new Map<string, Diagnostic[]>();
    this.cached.delete(session.root);
    sent += this.sendChanges(session.root, old, byFile, force);
    this.state.set(session, { analysis: new WeakRef(analysis), overrides, sent: byFile, all });
    return sent;
  }

  /**
   * Updates `sent` in place for the files in `changed` (whose new diagnostics
   * are `regrouped`), sending those that differ and every forced file.
   */
  private sendFiles(root: string, sent: Map<string, Diagnostic[]>, regrouped: ReadonlyMap<string, Diagnostic[]>, changed: ReadonlySet<string>, force: ReadonlySet<string>): number {
    let count = 0;
    for (const rel of changed) {
      const before = sent.get(rel);
      const now = regrouped.get(rel);
      if (now) sent.set(rel, now);
      else sent.delete(rel);
      if (force.has(rel) || (before ? !now || !sameDiagnostics(before, now) : !!now)) {
        this.send(root, rel, now ?? []);
        count++;
      }
    }
    for (const rel of force) {
      if (changed.has(rel)) continue;
      this.send(root, rel, sent.get(rel) ?? []);
      count++;
    }
    return count;
  }

  /**
   * Shows a project's diagnostics from its snapshot while the project is
   * still being opened, except for the files in `notAsOnDisk` (absolute
   * paths of buffers that differ from the disk). Returns how many files were published.
   */
  publishCached(view: AnalysisView, overrides: SeverityOverrides, notAsOnDisk: ReadonlySet<string> = new Set()): number {
    const byFile = groupByFile(hasOverrides(overrides) ? applySeverityOverrides(view.diagnostics, overrides) : view.diagnostics);
    // An editor buffer with unsaved changes would get ranges computed for other text: it waits for the real analysis.
    for (const rel of [...byFile.keys()]) if (notAsOnDisk.has(absPath(view.root, rel))) byFile.delete(rel);
    const sent = this.sendChanges(view.root, this.cached.get(view.root) ?? new Map(), byFile, new Set());
    this.cached.set(view.root, byFile);
    return sent;
  }

  /**
   * A project is being re-opened as a new session: what the old one showed
   * becomes the base the new one's first publish diffs against, instead of
   * clearing every file and sending it all again.
   */
  handOver(session: ProjectSession): void {
    const prev = this.state.get(session);
    if (prev) this.cached.set(session.root, prev.sent);
    this.state.delete(session);
  }

  /** Clears what snapshots (or replaced sessions) showed for projects that did not open after all. */
  dropCached(): void {
    for (const [root, sent] of this.cached) for (const rel of sent.keys()) this.send(root, rel, []);
    this.cached.clear();
  }

  private sendChanges(root: string, old: ReadonlyMap<string, Diagnostic[]>, byFile: ReadonlyMap<string, Diagnostic[]>, force: ReadonlySet<string>): number {
    let sent = 0;
    for (const [rel, diags] of byFile) {
      const before = old.get(rel);
      if (!before || !sameDiagnostics(before, diags) || force.has(rel)) {
        this.send(root, rel, diags);
        sent++;
      }
    }
    // Files that had diagnostics and now have none get an explicit empty list.
    for (const rel of old.keys()) {
      if (!byFile.has(rel)) {
        this.send(root, rel, []);
        sent++;
      }
    }
    for (const rel of force) {
      if (!byFile.has(rel) && !old.has(rel)) {
        this.send(root, rel, []);
        sent++;
      }
    }
    return sent;
  }

  /**
   * Diagnostics from outside the analysis changed (a check run): the next
   * publish of this project diffs everything again instead of only the forced files.
   */
  invalidate(session: ProjectSession): void {
    const prev = this.state.get(session);
    if (prev) this.state.set(session, { ...prev, analysis: undefined });
  }

  /** A project went away (folder removed, dbt_project.yml deleted): clear what it showed. */
  clear(session: ProjectSession): void {
    const prev = this.state.get(session);
    if (!prev) return;
    for (const rel of prev.sent.keys()) this.send(session.root, rel, []);
    this.state.delete(session);
  }

  private all(session: ProjectSession, analysis: ProjectAnalysisDetail): Diagnostic[] {
    const extra = this.extra(session, analysis);
    return extra.length ? [...analysis.diagnostics, ...extra] : analysis.diagnostics;
  }

  private send(root: string, rel: string, diags: Diagnostic[]): void {
    const abs = absPath(root, rel);
    const uri = this.target.uriOf(abs);
    const version = this.target.versionOf(abs);
    const uriOf = (f: string) => this.target.uriOf(absPath(root, f));
    void this.connection.sendDiagnostics({ uri, version, diagnostics: diags.map((d) => toLspDiagnostic(d, uriOf)) });
  }
}

function absPath(root: string, rel: string): string {
  return path.join(root, ...rel.split('/'));
}

function hasOverrides(o: SeverityOverrides): boolean {
  for (const _ in o) return true;
  return false;
}

/**
 * Field-wise equality of what the client shows. No strings are built: this
 * runs over every diagnostic of the project on each keystroke.
 */
export function sameDiagnostics(a: readonly Diagnostic[], b: readonly Diagnostic[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    const r = x.range;
    const q = y.range;
    if (
      x.code !== y.code ||
      x.severity !== y.severity ||
      x.message !== y.message ||
      r.start.line !== q.start.line ||
      r.start.character !== q.start.character ||
      r.end.line !== q.end.line ||
      r.end.character !== q.end.character ||
      (x.related?.length ?? 0) !== (y.related?.length ?? 0)
    ) {
      return false;
    }
  }
  return true;
}

/**
 * The files whose diagnostics are not the same objects, in the same order, as
 * in `before`; undefined when too much changed for a partial regroup to pay.
 * A focused re-analysis keeps the diagnostics of untouched nodes in order and
 * appends the new ones, so one walk with a short look-ahead pairs them up. A
 * file left out had every diagnostic paired, in order: it is unchanged.
 */
export function changedFiles(before: readonly Diagnostic[], after: readonly Diagnostic[]): Set<string> | undefined {
  const LOOK_AHEAD = 64;
  const limit = Math.max(64, after.length >> 3);
  const files = new Set<string>();
  let unpaired = 0;
  let i = 0;
  for (const d of after) {
    if (before[i] === d) {
      i++;
      continue;
    }
    let k = i + 1;
    const end = Math.min(before.length, i + LOOK_AHEAD);
    while (k < end && before[k] !== d) k++;
    if (k < end) {
      for (; i < k; i++) files.add(before[i].file); // dropped
      i++;
    } else files.add(d.file); // new
    if (++unpaired > limit) return undefined;
  }
  for (; i < before.length; i++) {
    files.add(before[i].file);
    if (++unpaired > limit) return undefined;
  }
  return files;
}

function groupByFile(diags: Diagnostic[]): Map<string, Diagnostic[]> {
  const out = new Map<string, Diagnostic[]>();
  for (const d of diags) {
    const list = out.get(d.file);
    if (list) list.push(d);
    else out.set(d.file, [d]);
  }
  return out;
}
