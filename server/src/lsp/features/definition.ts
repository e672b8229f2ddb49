/**
 * Go to definition: ref('x') → the model file; source('a','b') → the YAML
 * table entry; a macro call → its `{% macro %}`; a column → the upstream
 * column(s) it derives from (lineage) or the select item that defines it;
 * a model name in properties YAML → the model file.
 */
import type { Location } from 'vscode-languageserver/node';
import { location } from '../convert';
import { symbolAt } from '../locate/symbol_at';
import { columnLocation, columnOf, nodeLocation, type FileRange } from '../node_facts';
import type { FileContext } from '../workspace_state';

export function definition(ctx: FileContext, offset: number, uriOf: (rel: string) => string): Location[] {
  const { analysis } = ctx;
  const s = symbolAt(ctx, offset);
  if (!s) return [];
  const out: FileRange[] = [];
  switch (s.kind) {
    case 'node': {
      const node = analysis.nodes.get(s.nodeId);
      if (!node) break;
      if (s.via === 'source-name') {
        const src = analysis.project.sources.find((x) => x.uniqueId === s.nodeId);
        if (src) out.push({ file: src.file, range: src.sourceNameRange });
        break;
      }
      const loc = nodeLocation(node);
      if (loc) out.push(loc);
      break;
    }
    case 'column': {
      const node = analysis.nodes.get(s.nodeId);
      const col = node && columnOf(node, s.column);
      if (!node || !col) break;
      if (s.via === 'output') {
        // On an output column, the interesting definition is upstream: what it is computed from.
        const matching = col.lineage.filter((l) => l.column.toLowerCase() === s.word.toLowerCase());
        for (const l of matching.length ? matching : col.lineage) {
          const up = analysis.nodes.get(l.node);
          const upCol = up && columnOf(up, l.column);
          const loc = up && (upCol ? columnLocation(analysis, up, upCol) : nodeLocation(up));
          if (loc) out.push(loc);
        }
        if (!out.length && col.location) out.push(col.location);
        break;
      }
      const loc = columnLocation(analysis, node, col);
      if (loc) out.push(loc);
      break;
    }
    case 'local-column':
      return [location(ctx.uri, s.definition)];
    case 'macro': {
      const li = analysis.lines.of(s.info.file);
      out.push({ file: s.info.file, range: li.rangeOf(s.info.nameStart, s.info.nameEnd) });
      break;
    }
    case 'unresolved':
      break;
  }
  return out.map((l) => location(uriOf(l.file), l.range));
}
