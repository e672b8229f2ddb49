/** driftwatch/nodeAt: the node a document defines (or the cursor names) and the column under the cursor. */
import type { NodeAtResult } from '../../protocol/lsp_ext';
import { symbolAt } from '../locate/symbol_at';
import type { FileContext } from '../workspace_state';

export function nodeAt(ctx: FileContext, offset: number | undefined): NodeAtResult {
  const own = ctx.analysis.nodeByFile.get(ctx.rel)?.[0] ?? null;
  if (offset === undefined) return { node: own };
  const s = symbolAt(ctx, offset, true);
  if (s?.kind === 'column') return { node: s.nodeId, column: s.column };
  if (s?.kind === 'node') return { node: s.nodeId };
  if (s?.kind === 'local-column') return { node: own, column: s.column };
  return { node: own };
}
