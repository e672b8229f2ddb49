import { createHash } from 'crypto';

/** Content hash used as cache key; sha1 is fast in Node's native crypto and collisions are irrelevant here. */
export function contentHash(...parts: string[]): string {
  const h = createHash('sha1');
  for (const p of parts) {
    h.update(p);
    h.update('\u0000');
  }
  return h.digest('base64url');
}
