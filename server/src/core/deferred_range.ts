/**
 * Ranges computed when read instead of when built. A Range is three objects
 * (~120 bytes in Node's uncompressed heap), and a 10,000-model project holds
 * several hundred thousand of them — a column's select item, a YAML column's
 * name and entry, a test's name — of which an editor session reads a handful.
 *
 * A deferred range is an enumerable own accessor on the object itself, over
 * non-enumerable offsets and a shared RangeSource. So to every consumer the
 * object still looks like the plain data it was: `JSON.stringify`, spreads,
 * `Object.keys` and `assert.deepStrictEqual` see the same properties with the
 * same values, and the prototype is still Object.prototype. Each read builds
 * a fresh Range; assigning to the property stores a plain value instead.
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

/** The hidden fields of a deferred range named `key`. */
const SOURCE = '__rangeSource';
const startField = (key: string) => `__${key}Start`;
const endField = (key: string) => `__${key}End`;

/**
 * Property descriptors that turn `keys` of an object into deferred ranges.
 * Built once per shape and shared: objects made from the same literal and the
 * same descriptors share one hidden class, so this costs no per-object map.
 */
export function deferredRangeFields(...keys: string[]): PropertyDescriptorMap {
  const descriptors: PropertyDescriptorMap = { [SOURCE]: { enumerable: false } };
  for (const key of keys) {
    const start = startField(key);
    const end = endField(key);
    descriptors[start] = { enumerable: false };
    descriptors[end] = { enumerable: false };
    descriptors[key] = {
      get(this: Record<string, unknown>): Range {
        return (this[SOURCE] as RangeSource).rangeOf(this[start] as number, this[end] as number);
      },
      set(this: object, value: Range) {
        Object.defineProperty(this, key, { value, writable: true, enumerable: true, configurable: true });
      },
      enumerable: true,
      configurable: true,
    };
  }
  return descriptors;
}

/**
 * Defers the ranges of `target`, which must already hold, for each deferred
 * key K, the fields `__KStart` and `__KEnd` (offsets into `source.text`) and
 * `__rangeSource` — in its literal, so every object of the shape gets them in
 * the same order — and must NOT hold K itself: V8 turns an object whose data
 * property is redefined as an accessor into a slow dictionary (measured: the
 * heap grew instead of shrinking), while a new accessor keeps a shared hidden
 * class. The ranges then follow the literal's keys in enumeration order, as
 * they did when they were written last in the literal. `fields` comes from
 * deferredRangeFields.
 */
export function deferRanges<T extends object>(target: T, fields: PropertyDescriptorMap): T {
  return Object.defineProperties(target, fields);
}

/** Where a deferred range of `owner` comes from, or undefined when `key` holds a plain range. */
export function deferredSpan(owner: object, key: string): { source: RangeSource; start: number; end: number } | undefined {
  const o = owner as Record<string, unknown>;
  const source = o[SOURCE];
  const start = o[startField(key)];
  const end = o[endField(key)];
  if (!(source instanceof RangeSource) || typeof start !== 'number' || typeof end !== 'number') return undefined;
  // An assigned value replaces the accessor; then the offsets no longer describe it.
  if (typeof Object.getOwnPropertyDescriptor(owner, key)?.get !== 'function') return undefined;
  return { source, start, end };
}

const LOCATION_FIELDS = deferredRangeFields('range');

/**
 * Descriptors for a deferred `location` ({ file, range }) on an object that
 * holds `__locationSource` (whose `file` is the location's file),
 * `__locationStart` and `__locationEnd` in its literal (same rules as
 * deferRanges): one object less per located thing than a deferred range
 * inside a location object.
 */
export function deferredLocationField(): PropertyDescriptorMap {
  return {
    __locationSource: { enumerable: false },
    __locationStart: { enumerable: false },
    __locationEnd: { enumerable: false },
    location: {
      get(this: { __locationSource: RangeSource; __locationStart: number; __locationEnd: number }) {
        return { file: this.__locationSource.file, range: this.__locationSource.rangeOf(this.__locationStart, this.__locationEnd) };
      },
      set(this: object, value: unknown) {
        Object.defineProperty(this, 'location', { value, writable: true, enumerable: true, configurable: true });
      },
      enumerable: true,
      configurable: true,
    },
  };
}

/** `{ file, range }` whose range is computed from `source` when read. */
export function deferredLocation(file: string, source: RangeSource, start: number, end: number): { file: string; range: Range } {
  return deferRanges({ file, __rangeSource: source, __rangeStart: start, __rangeEnd: end }, LOCATION_FIELDS) as unknown as { file: string; range: Range };
}

/** The location of `owner[key]` in `file`, deferred when that range is, else the plain range. */
export function locationOf(file: string, owner: object, key: string): { file: string; range: Range } {
  const span = deferredSpan(owner, key);
  if (span) return deferredLocation(file, span.source, span.start, span.end);
  return { file, range: (owner as Record<string, Range>)[key] };
}
