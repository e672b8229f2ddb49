/**
 * Document outline. SQL models: the model, its CTEs and its output columns.
 * Properties YAML: models/seeds/snapshots and source tables, with their columns.
 */
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver/node';
import type { Range } from '../../core/text';
import { toLspRange } from '../convert';
import { yamlEntriesOf } from '../locate/yaml_entries';
import type { FileContext } from '../workspace_state';

export function documentSymbols(ctx: FileContext): DocumentSymbol[] {
  const { analysis, lines, text } = ctx;
  if (/\.ya?ml$/i.test(ctx.rel)) {
    return yamlEntriesOf(analysis, ctx.rel).map((e) => ({
      name: e.sourceName ? `${e.sourceName}.${e.name}` : e.name,
      detail: e.kind,
      kind: e.kind === 'source' ? SymbolKind.Struct : SymbolKind.Class,
      range: toLspRange(cover(e.range, e.nameRange)),
      selectionRange: toLspRange(e.nameRange),
      children: e.columns.map((c) => ({
        name: c.name,
        detail: c.dataType,
        kind: SymbolKind.Field,
        range: toLspRange(cover(c.range, c.nameRange)),
        selectionRange: toLspRange(c.nameRange),
      })),
    }));
  }
  const out: DocumentSymbol[] = [];
  for (const id of analysis.nodeByFile.get(ctx.rel) ?? []) {
    const node = analysis.nodes.get(id);
    const r = analysis.modelResults.get(id);
    if (!node || !r) continue;
    const children: DocumentSymbol[] = [];
    for (const c of r.ctes) {
      const nameAt = text.indexOf(c.name, c.start);
      const sel = nameAt >= c.start && nameAt < c.end ? lines.rangeOf(nameAt, nameAt + c.name.length) : lines.rangeOf(c.start, c.end);
      children.push({ name: c.name, detail: 'CTE', kind: SymbolKind.Namespace, range: toLspRange(cover(lines.rangeOf(c.start, c.end), sel)), selectionRange: toLspRange(sel) });
    }
    for (const c of r.columns) {
      const range = lines.rangeOf(c.start, c.end);
      children.push({ name: c.name, detail: c.type ?? c.transform, kind: SymbolKind.Field, range: toLspRange(range), selectionRange: toLspRange(range) });
    }
    const whole = lines.rangeOf(0, text.length);
    out.push({ name: node.name, detail: `${node.resourceType} · ${node.materialized}`, kind: SymbolKind.Module, range: toLspRange(whole), selectionRange: toLspRange(lines.rangeOf(0, 0)), children: children.filter((c) => within(c.range, whole)) });
  }
  return out;
}

/** The LSP requires range ⊇ selectionRange; the recorded entry range may end early or be empty. */
function cover(range: Range, inner: Range): Range {
  const before = (a: Range['start'], b: Range['start']) => a.line < b.line || (a.line === b.line && a.character < b.character);
  return { start: before(inner.start, range.start) ? inner.start : range.start, end: before(range.end, inner.end) ? inner.end : range.end };
}

function within(inner: Range, outer: Range): boolean {
  return inner.start.line >= outer.start.line && inner.end.line <= outer.end.line;
}
