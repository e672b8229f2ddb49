/**
 * Code lenses on a model: `↑ n upstream · ↓ m downstream`, opening the
 * lineage graph. Counts are direct parents/children; the tooltip has the
 * transitive totals.
 */
import type { CodeLens } from 'vscode-languageserver/node';
import { toLspRange } from '../convert';
import type { FileContext } from '../workspace_state';

export function codeLenses(ctx: FileContext): CodeLens[] {
  const { analysis } = ctx;
  const out: CodeLens[] = [];
  for (const id of analysis.nodeByFile.get(ctx.rel) ?? []) {
    const node = analysis.nodes.get(id);
    if (!node) continue;
    const range = toLspRange(ctx.lines.rangeOf(0, 0));
    const up = analysis.dag.walk(id, 'up').size - 1;
    const down = analysis.dag.walk(id, 'down').size - 1;
    out.push({
      range,
      command: {
        title: `↑ ${node.parents.length} upstream · ↓ ${node.children.length} downstream`,
        command: 'driftwatch.showLineageGraph',
        arguments: [id],
        tooltip: `${up} upstream and ${down} downstream nodes in all`,
      } as CodeLens['command'],
    });
  }
  return out;
}
