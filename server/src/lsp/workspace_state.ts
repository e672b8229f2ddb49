/**
 * The server's view of the workspace: one ProjectSession per dbt project
 * under the workspace folders, the open editor buffers fed to them as
 * overlays, and the settings they were opened with. Features ask it for the
 * file under a URI together with a fresh analysis of its project.
 */
import * as path from 'path';
import type { ProjectAnalysisDetail } from '../analysis/analyze_project';
import { LineIndex } from '../core/text';
import { openWorkspace, type ProjectSession, type SessionOptions } from '../workspace/project_session';
import { pathToUri, uriToPath } from './convert';
import type { ServerSettings } from './settings';

/** A file of a project, with the analysis that covers it. */
export interface FileContext {
  session: ProjectSession;
  analysis: ProjectAnalysisDetail;
  /** Project-relative POSIX path. */
  rel: string;
  abs: string;
  uri: string;
  text: string;
  lines: LineIndex;
}

export class WorkspaceState {
  sessions: ProjectSession[] = [];
  /** Absolute path → the URI the client used for an open document (kept verbatim for publishing). */
  private readonly openUris = new Map<string, string>();
  /** Sessions with edits not yet analysed. */
  readonly dirty = new Set<ProjectSession>();

  /** The warehouse target chosen in the editor (driftwatch/setTarget); undefined = the settings' or profile's default. */
  activeTarget: string | undefined;
  /** Passwords handed over by the client for this session only; never written anywhere. */
  readonly passwords = new Map<string, string>();

  constructor(public settings: ServerSettings) {}

  get target(): string | undefined {
    return this.activeTarget ?? this.settings.target;
  }

  sessionOptions(): SessionOptions {
    return {
      cache: true,
      dialect: this.settings.dialect,
      // Jinja renders for the target the editor works against (`target.name`, its schema).
      targetName: this.target,
      // Untrusted workspace: env_var() sees nothing, so no secret leaks into rendered SQL.
      env: this.settings.trusted ? (process.env as Record<string, string>) : {},
      // Exposed by --expose-gc in server_process.json, with which the client starts the server.
      collectGarbage: (globalThis as { gc?: () => void }).gc,
    };
  }

  /** Opens every project under the folders; `progress` is called after each folder. */
  async open(folders: string[], progress: (done: number, total: number) => void): Promise<void> {
    const sessions: ProjectSession[] = [];
    for (let i = 0; i < folders.length; i++) {
      try {
        sessions.push(...(await openWorkspace(folders[i], this.sessionOptions())));
      } catch (e) {
        // One unreadable folder must not take the other projects down.
        console.error(`driftwatch: cannot open ${folders[i]}: ${(e as Error).stack ?? e}`);
      }
      progress(i + 1, folders.length);
    }
    // Nested projects: the deepest root owns a file, so look there first.
    sessions.sort((a, b) => b.root.length - a.root.length);
    this.sessions = sessions;
  }

  sessionFor(abs: string): ProjectSession | undefined {
    for (const s of this.sessions) if (s.relPath(abs) !== undefined && !this.insideOtherRoot(s, abs)) return s;
    return undefined;
  }

  /** `dbt_packages/` and nested projects belong to their own root if it was opened separately. */
  private insideOtherRoot(s: ProjectSession, abs: string): boolean {
    for (const o of this.sessions) {
      if (o !== s && o.root.length > s.root.length && o.root.startsWith(s.root + path.sep) && o.relPath(abs) !== undefined) return true;
    }
    return false;
  }

  uriOf(session: ProjectSession, rel: string): string {
    return this.uriOfPath(session.absPath(rel));
  }

  /** The URI of a file: the client's own spelling while it has the document open. */
  uriOfPath(abs: string): string {
    return this.openUris.get(abs) ?? pathToUri(abs);
  }

  /** The editor buffer for a document changed (text) or closed (undefined). */
  setBuffer(uri: string, text: string | undefined): ProjectSession | undefined {
    const abs = uriToPath(uri);
    if (!abs) return undefined;
    if (text === undefined) this.openUris.delete(abs);
    else this.openUris.set(abs, uri);
    const s = this.sessionFor(abs);
    if (s && s.setOverlay(abs, text)) {
      this.dirty.add(s);
      return s;
    }
    return undefined;
  }

  openBuffers(): IterableIterator<[string, string]> {
    return this.openUris.entries();
  }

  isOpen(abs: string): boolean {
    return this.openUris.has(abs);
  }

  /** The file under a URI with an up-to-date analysis; undefined outside every project. */
  file(uri: string): FileContext | undefined {
    const abs = uriToPath(uri);
    if (!abs) return undefined;
    const session = this.sessionFor(abs);
    if (!session) return undefined;
    const rel = session.relPath(abs)!;
    const text = session.fileText(rel);
    if (text === undefined) return undefined;
    const analysis = session.analysis;
    const lines = analysis.lines.text(rel) === text ? analysis.lines.of(rel) : new LineIndex(text);
    return { session, analysis, rel, abs, uri, text, lines };
  }

  /** The project of a node id, with its analysis (node ids are unique per project, not across). */
  findNode(id: string): { session: ProjectSession; analysis: ProjectAnalysisDetail } | undefined {
    for (const session of this.sessions) {
      const analysis = session.analysis;
      if (analysis.nodes.has(id)) return { session, analysis };
    }
    return undefined;
  }
}
