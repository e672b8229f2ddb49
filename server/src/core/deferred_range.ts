/**
 * Ranges computed when read instead of when built. A Range is three objects
 * (~120 bytes in Node's uncompressed heap), and a 10,000-model project holds
 * several hundred thousand of them — a column's select item, a YAML column's
 * name and entry, a test's name — of which an editor session reads a handful.
 *
 * A deferred range is an enumerable own accessor on the object itself, over
 * offsets and a shared RangeSource kept in private fields stamped onto the
 * object. So to every consumer the object still looks like the plain data it
 * was: `JSON.stringify`, spreads, `Object.keys` and `assert.deepStrictEqual`
 * see the same properties with the same values, and the prototype is still
 * Object.prototype. Each read builds a fresh Range; assigning to the property
 * stores a plain value instead.
 *
 * Why private fields: hidden data properties would have to be made
 * non-enumerable with defineProperty, which V8 does slowly (measured: loading
 * the 10,000-model project's YAML went from 1.15 s to 2.0 s); stamping private
 * fields costs what adding ordinary properties costs.
 */
import type { Position, Range } from './text';

/**
 * One text's offsets → ranges, as LineIndex computes them. The line starts are
 * found on the first read and kept in an exact-size Uint32Array: hundreds of
 * YAML files get read for diagnostics, and a pushed-to number[] would keep
 * twice the memory for the life of the project.
 */
export class RangeSource {
  private lineStarts: Uint32Array | undefined;

  /** `file` names the text for deferred locations (see deferredLocationField). */
  constructor(
    readonly text: string,
    readonly file: string = '',
  ) {}

  rangeOf(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  positionAt(offset: number): Position {
    const starts = (this.lineStarts ??= lineStartsOf(this.text));
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - starts[lo] };
  }
}

/** Offsets where lines start; a line ends at \n, \r\n or a lone \r (as LineIndex has it). */
function lineStartsOf(text: string): Uint32Array {
  // Without a CR, indexOf finds the breaks ~4x faster than a charCodeAt loop (14 MB of YAML: ~70 ms → ~18 ms).
  if (text.indexOf('\r') < 0) {
    let count = 1;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
    const starts = new Uint32Array(count);
    let n = 1;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts[n++] = i + 1;
    return starts;
  }
  let count = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) count++;
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      count++;
    }
  }
  const starts = new Uint32Array(count);
  let n = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts[n++] = i + 1;
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts[n++] = i + 1;
    }
  }
  return starts;
}

/** Lets a class stamp private fields onto an object it did not create (a constructor may return another object). */
class Carrier {
  constructor(target: object) {
    return target;
  }
}

/** One span of a RangeSource, stamped onto the object that owns it (3 private fields: most deferred objects have one range). */
class OneSpan extends Carrier {
  #source: RangeSource;
  #start: number;
  #end: number;

  constructor(target: object, source: RangeSource, start: number, end: number) {
    super(target);
    this.#source = source;
    this.#start = start;
    this.#end = end;
  }

  static span(owner: object): { source: RangeSource; start: number; end: number } | undefined {
    if (!(#source in owner)) return undefined;
    const o = owner as OneSpan;
    return { source: o.#source, start: o.#start, end: o.#end };
  }

  static range(owner: object): Range {
    const o = owner as OneSpan;
    return o.#source.rangeOf(o.#start, o.#end);
  }
}

/** Two spans of one RangeSource (a YAML column's name and whole entry). */
class TwoSpans extends Carrier {
  #source: RangeSource;
  #start0: number;
  #end0: number;
  #start1: number;
  #end1: number;

  constructor(target: object, source: RangeSource, start0: number, end0: number, start1: number, end1: number) {
    super(target);
    this.#source = source;
    this.#start0 = start0;
    this.#end0 = end0;
    this.#start1 = start1;
    this.#end1 = end1;
  }

  static span(owner: object, slot: 0 | 1): { source: RangeSource; start: number; end: number } | undefined {
    if (!(#source in owner)) return undefined;
    const o = owner as TwoSpans;
    return slot === 0 ? { source: o.#source, start: o.#start0, end: o.#end0 } : { source: o.#source, start: o.#start1, end: o.#end1 };
  }

  static range(owner: object, slot: 0 | 1): Range {
    const o = owner as TwoSpans;
    return slot === 0 ? o.#source.rangeOf(o.#start0, o.#end0) : o.#source.rangeOf(o.#start1, o.#end1);
  }
}

/**
 * One shared accessor per key, slot and kind, so objects of one shape share
 * one hidden class. Indexed by slot (+2 for a location), not by a composite
 * string: this runs once per deferred object.
 */
const accessors = new Map<string, PropertyDescriptor[]>();

function accessorFor(key: string, slot: 0 | 1, location: boolean, one: boolean): PropertyDescriptor {
  let forKey = accessors.get(key);
  if (!forKey) accessors.set(key, (forKey = []));
  const index = slot + (location ? 2 : 0) + (one ? 4 : 0);
  let d = forKey[index];
  if (!d) {
    d = {
      get: location
        ? function (this: object) {
            const span = OneSpan.span(this)!;
            return { file: span.source.file, range: span.source.rangeOf(span.start, span.end) };
          }
        : one
          ? function (this: object) {
              return OneSpan.range(this);
            }
          : function (this: object) {
              return TwoSpans.range(this, slot);
            },
      set(this: object, value: unknown) {
        Object.defineProperty(this, key, { value, writable: true, enumerable: true, configurable: true });
      },
      enumerable: true,
      configurable: true,
    };
    forKey[index] = d;
  }
  return d;
}

/**
 * Adds `key` (and `key2`) to `target` as deferred ranges of `source`: the
 * offsets `start`/`end` (and `start2`/`end2`). The keys come after the
 * target's own keys in enumeration order. An object takes one call at most.
 */
export function deferRanges<T extends object>(target: T, source: RangeSource, key: string, start: number, end: number, key2?: string, start2 = 0, end2 = 0): T {
  if (key2 === undefined) {
    new OneSpan(target, source, start, end);
    return Object.defineProperty(target, key, accessorFor(key, 0, false, true));
  }
  new TwoSpans(target, source, start, end, start2, end2);
  Object.defineProperty(target, key, accessorFor(key, 0, false, false));
  return Object.defineProperty(target, key2, accessorFor(key2, 1, false, false));
}

/** Adds a deferred `location` ({ file: source.file, range }) to `target`, after its own keys. One call per object. */
export function deferLocation<T extends object>(target: T, source: RangeSource, start: number, end: number): T & { location: { file: string; range: Range } } {
  new OneSpan(target, source, start, end);
  Object.defineProperty(target, 'location', accessorFor('location', 0, true, true));
  return target as T & { location: { file: string; range: Range } };
}

/** Where a deferred range of `owner` comes from, or undefined when `key` holds a plain range (or was assigned one). */
export function deferredSpan(owner: object, key: string): { source: RangeSource; start: number; end: number } | undefined {
  const get = Object.getOwnPropertyDescriptor(owner, key)?.get;
  if (!get) return undefined;
  const forKey = accessors.get(key);
  if (get === forKey?.[4]?.get) return OneSpan.span(owner);
  if (get === forKey?.[0]?.get) return TwoSpans.span(owner, 0);
  if (get === forKey?.[1]?.get) return TwoSpans.span(owner, 1);
  return undefined;
}

/** `{ file, range }` whose range is computed from `source` when read. */
export function deferredLocation(file: string, source: RangeSource, start: number, end: number): { file: string; range: Range } {
  return deferRanges(new (LocationShape as unknown as new (file: string) => { file: string; range: Range })(file), source, 'range', start, end);
}

/**
 * A plain object (prototype Object.prototype) made by a constructor: V8 gives
 * constructed objects spare in-object fields, where the private fields of a
 * deferral then go; a literal would need an out-of-object store for them.
 * Objects that get deferred ranges should be made this way where many are.
 */
function LocationShape(this: { file: string }, file: string) {
  this.file = file;
}
LocationShape.prototype = Object.prototype;

/** The location of `owner[key]` in `file`, deferred when that range is, else the plain range. */
export function locationOf(file: string, owner: object, key: string): { file: string; range: Range } {
  const span = deferredSpan(owner, key);
  if (span) return deferredLocation(file, span.source, span.start, span.end);
  return { file, range: (owner as Record<string, Range>)[key] };
}
