/**
 * A copy-on-write view of a Map: reads fall through to a shared base, writes
 * land in a small layer of overrides. Copying a 10,000-entry Map costs tens of
 * milliseconds in V8 (it iterates), which is the whole keystroke budget; a
 * layer costs nothing. Layers stack on the same base, so the chain never
 * deepens: a new layer copies only the previous overrides, and once those
 * grow large the view is flattened into a plain Map.
 *
 * Overrides only replace or add keys; deletion is not supported (a focused
 * re-analysis never removes nodes — that takes the full pipeline).
 */
export class LayeredMap<K, V> implements Map<K, V> {
  private readonly top: Map<K, V>;
  private added = 0;

  private constructor(
    private readonly base: ReadonlyMap<K, V>,
    top: Map<K, V>,
  ) {
    this.top = top;
    for (const k of top.keys()) if (!base.has(k)) this.added++;
  }

  /** Past this many overrides a layer is flattened into a plain Map. */
  static readonly FLATTEN_AT = 2000;

  /** A writable view over `from` (a plain Map or another layer) that leaves `from` untouched. */
  static over<K, V>(from: ReadonlyMap<K, V>): Map<K, V> {
    if (from instanceof LayeredMap) {
      if (from.top.size >= LayeredMap.FLATTEN_AT) return new Map(from);
      return new LayeredMap<K, V>(from.base, new Map(from.top));
    }
    return new LayeredMap<K, V>(from, new Map());
  }

  get size(): number {
    return this.base.size + this.added;
  }

  get(key: K): V | undefined {
    const v = this.top.get(key);
    return v !== undefined || this.top.has(key) ? v : this.base.get(key);
  }

  has(key: K): boolean {
    return this.top.has(key) || this.base.has(key);
  }

  set(key: K, value: V): this {
    if (!this.top.has(key) && !this.base.has(key)) this.added++;
    this.top.set(key, value);
    return this;
  }

  delete(): boolean {
    throw new Error('LayeredMap does not support delete');
  }

  clear(): void {
    throw new Error('LayeredMap does not support clear');
  }

  *entries(): MapIterator<[K, V]> {
    for (const [k, v] of this.base) yield [k, this.top.has(k) ? this.top.get(k)! : v];
    for (const [k, v] of this.top) if (!this.base.has(k)) yield [k, v];
  }

  *keys(): MapIterator<K> {
    for (const [k] of this.entries()) yield k;
  }

  *values(): MapIterator<V> {
    for (const [, v] of this.entries()) yield v;
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }

  forEach(fn: (value: V, key: K, map: Map<K, V>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.entries()) fn.call(thisArg, v, k, this);
  }

  get [Symbol.toStringTag](): string {
    return 'LayeredMap';
  }
}
