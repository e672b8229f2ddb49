/** Messages between the lineage graph panel (extension host) and its webview. */
import type { GraphModel } from './neighbourhood';

export type ToWebview =
  | { type: 'model'; model: GraphModel; depth: number; maxNodes: number; title: string }
  | { type: 'status'; statuses: Record<string, string> }
  | { type: 'error'; message: string };

export type FromWebview =
  | { type: 'ready' }
  | { type: 'open'; id: string }
  | { type: 'focus'; id: string }
  | { type: 'depth'; depth: number }
  | { type: 'column'; id: string; column: string | null };
