/**
 * The one place where core types become protocol types and back. The core
 * speaks project-relative paths, offsets and its own Range/Diagnostic; the
 * protocol speaks URIs and LSP objects. Nothing else in lsp/ builds them.
 */
import { fileURLToPath, pathToFileURL } from 'url';
import {
  DiagnosticSeverity,
  type Diagnostic as LspDiagnostic,
  type DiagnosticRelatedInformation,
  type Location,
  type Range as LspRange,
} from 'vscode-languageserver/node';
import type { Diagnostic, Severity } from '../core/diagnostic';
import type { Range } from '../core/text';

export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined; // a malformed URI from the client names no file we know
  }
}

export function pathToUri(abs: string): string {
  return pathToFileURL(abs).href;
}

/** Core and LSP ranges have the same shape; copying keeps callers from sharing mutable objects. */
export function toLspRange(r: Range): LspRange {
  return { start: { line: r.start.line, character: r.start.character }, end: { line: r.end.line, character: r.end.character } };
}

export function toSeverity(s: Severity): DiagnosticSeverity {
  switch (s) {
    case 'error':
      return DiagnosticSeverity.Error;
    case 'warning':
      return DiagnosticSeverity.Warning;
    case 'information':
      return DiagnosticSeverity.Information;
    default:
      return DiagnosticSeverity.Hint;
  }
}

/** `uriOf` maps a project-relative file to its URI (related locations may live in other files). */
export function toLspDiagnostic(d: Diagnostic, uriOf: (rel: string) => string): LspDiagnostic {
  const out: LspDiagnostic = {
    range: toLspRange(d.range),
    severity: toSeverity(d.severity),
    code: d.code,
    source: 'driftwatch',
    message: d.message,
  };
  if (d.related?.length) {
    out.relatedInformation = d.related.map(
      (r): DiagnosticRelatedInformation => ({ location: { uri: uriOf(r.file), range: toLspRange(r.range) }, message: r.message }),
    );
  }
  // Quick fixes read the payload back from the diagnostic the client hands us.
  if (d.data) out.data = { ...d.data, code: d.code };
  return out;
}

export function location(uri: string, r: Range): Location {
  return { uri, range: toLspRange(r) };
}
