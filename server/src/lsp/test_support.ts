/**
 * For unit tests of LSP features, imported before them: tsconfig `paths`
 * point the vscode-languageserver family at their .d.ts files (for the
 * type checker), and esbuild-register follows them at run time, where a .d.ts
 * cannot load. Each mapped .d.ts has its compiled .js beside it: load that.
 * Also builds the FileContext features take, over in-memory files.
 */
import Module = require('module');
import type { ProjectAnalysisDetail } from '../analysis/analyze_project';
import { LineIndex } from '../core/text';
import type { ProjectSession } from '../workspace/project_session';
import type { FileContext } from './workspace_state';

type Resolve = (request: string, ...rest: unknown[]) => string;
const resolver = Module as unknown as { _resolveFilename: Resolve };
const resolve = resolver._resolveFilename;
resolver._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]): string {
  const found = resolve.call(this, request, ...rest);
  return /[\\/]node_modules[\\/]vscode-[\w-]+[\\/].*\.d\.ts$/.test(found) ? found.slice(0, -'.d.ts'.length) + '.js' : found;
};

/** A FileContext over in-memory files and their analysis, as the server would hand a feature. */
export function fileContextOf(files: Record<string, string>, analysis: ProjectAnalysisDetail, rel: string): FileContext {
  const text = files[rel];
  return {
    session: { fileText: (f: string) => files[f] } as unknown as ProjectSession,
    analysis,
    rel,
    abs: `/p/${rel}`,
    uri: `file:///p/${rel}`,
    text,
    lines: new LineIndex(text),
  };
}
