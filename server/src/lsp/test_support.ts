/**
 * For unit tests of LSP features, imported before them: tsconfig `paths`
 * point the vscode-languageserver family at their .d.ts files (for the
 * type checker), and esbuild-register follows them at run time, where a .d.ts
 * cannot load. Each mapped .d.ts has its compiled .js beside it: load that.
 */
import Module = require('module');

type Resolve = (request: string, ...rest: unknown[]) => string;
const resolver = Module as unknown as { _resolveFilename: Resolve };
const resolve = resolver._resolveFilename;
resolver._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]): string {
  const found = resolve.call(this, request, ...rest);
  return /[\\/]node_modules[\\/]vscode-[\w-]+[\\/].*\.d\.ts$/.test(found) ? found.slice(0, -'.d.ts'.length) + '.js' : found;
};
