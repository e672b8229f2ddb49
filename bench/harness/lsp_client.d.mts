// Types for lsp_client.mjs.
import type { EventEmitter } from 'node:events';

export interface ChildLike extends EventEmitter {
  stdout: EventEmitter;
  stdin: { write(data: string | Buffer): unknown };
}

export class LspClient {
  constructor(child: ChildLike);
  closed: string | null;
  request(method: string, params: unknown, timeoutMs?: number): Promise<unknown>;
  notify(method: string, params: unknown): void;
  on(method: string, callback: (params: any, receivedAt: number) => void): void;
  waitFor(method: string, predicate: (params: any) => boolean, timeoutMs: number): Promise<{ params: any; at: number }>;
  settle(quietMs: number, limitMs: number): Promise<void>;
  fail(reason: string): void;
}
export function frame(message: unknown): Buffer;
