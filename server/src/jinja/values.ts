/**
 * Python-ish runtime values for the Jinja evaluator.
 *
 * Representation (chosen so the hot path allocates little):
 *   str → string, int/float → number, bool → boolean, None → null,
 *   list/tuple → Value[], dict → Map, Jinja's Undefined → Undefined,
 *   everything else (relations, loop, adapter, macros…) → a PyObject subclass.
 * Known gap: JS numbers do not distinguish 1 from 1.0, so `{{ 10 / 2 }}`
 * renders "5" where Python would print "5.0".
 */

export type Value = string | number | boolean | null | Undefined | Value[] | PyDict | PyObject;
export type PyDict = Map<Value, Value>;
export type Kwargs = Map<string, Value>;

/** An error raised by a value operation; the evaluator attaches the offending node's range. */
export class JinjaRuntimeError extends Error {
  constructor(
    message: string,
    public start?: number,
    public end?: number,
    public file?: string,
  ) {
    super(message);
  }
}

/** Jinja's Undefined: falsy, renders empty, but fails when called or dereferenced. */
export class Undefined {
  constructor(
    readonly name: string,
    readonly hint?: string,
  ) {}
  describe(): string {
    return this.hint ?? `'${this.name}' is undefined`;
  }
}

export function undef(name: string, hint?: string): Undefined {
  return new Undefined(name, hint);
}

/** Base for objects exposed to templates (relations, loop, adapter, macros, namespaces…). */
export abstract class PyObject {
  abstract readonly typeName: string;
  /** Attribute access; `undefined` means "no such attribute". */
  getAttr(_name: string): Value | undefined {
    return undefined;
  }
  /** Subscript access; default falls back to attributes (Jinja tries both). */
  getItem(key: Value): Value | undefined {
    return typeof key === 'string' ? this.getAttr(key) : undefined;
  }
  callable(): boolean {
    return false;
  }
  call(_args: Value[], _kwargs: Kwargs, _caller: CallerInfo): Value {
    throw new JinjaRuntimeError(`'${this.typeName}' object is not callable`);
  }
  toStr(): string {
    return `<${this.typeName}>`;
  }
  truthy(): boolean {
    return true;
  }
  /** Items when iterated; undefined when not iterable. */
  iterate(): Value[] | undefined {
    return undefined;
  }
  /** Dict-like objects (dbt relations) pass `is mapping`. */
  isMapping(): boolean {
    return false;
  }
  /** Arithmetic with this object on the left (datetime ± timedelta); undefined when unsupported. */
  binary(_op: string, _other: Value): Value | undefined {
    return undefined;
  }
  /** Ordering against another value; undefined when not comparable. */
  compareTo(_other: Value): number | undefined {
    return undefined;
  }
  /** Assignment support for namespace()/dict-like objects. */
  setAttr(_name: string, _value: Value): boolean {
    return false;
  }
}

/** What a native function learns about its call site. */
export interface CallerInfo {
  start: number;
  end: number;
  /** The positional argument expressions (the call's own AST nodes: no allocation per call); `type === 'Const'` marks literals (ref('x')). */
  args?: readonly { start: number; end: number; type: string }[];
}

export type NativeFn = (args: Value[], kwargs: Kwargs, caller: CallerInfo) => Value;

/** A callable implemented in TypeScript. */
export class PyFunction extends PyObject {
  readonly typeName = 'function';
  constructor(
    readonly name: string,
    readonly fn: NativeFn,
    private readonly attrs?: Record<string, Value>,
  ) {
    super();
  }
  override getAttr(name: string): Value | undefined {
    if (this.attrs && Object.prototype.hasOwnProperty.call(this.attrs, name)) return this.attrs[name];
    if (name === 'name' || name === '__name__') return this.name;
    return undefined;
  }
  override callable(): boolean {
    return true;
  }
  override call(args: Value[], kwargs: Kwargs, caller: CallerInfo): Value {
    return this.fn(args, kwargs, caller);
  }
  override toStr(): string {
    return `<function ${this.name}>`;
  }
}

/** A plain attribute bag (target, flags, modules…). */
export class PyRecord extends PyObject {
  constructor(
    readonly typeName: string,
    private readonly fields: Map<string, Value>,
    private readonly str?: string,
  ) {
    super();
  }
  override getAttr(name: string): Value | undefined {
    return this.fields.get(name);
  }
  override toStr(): string {
    return this.str ?? `<${this.typeName}>`;
  }
}

/** `namespace()`: the one mutable object Jinja lets `set` write attributes on. */
export class Namespace extends PyObject {
  readonly typeName = 'Namespace';
  constructor(readonly fields: Map<string, Value>) {
    super();
  }
  override getAttr(name: string): Value | undefined {
    return this.fields.get(name);
  }
  override setAttr(name: string, value: Value): boolean {
    this.fields.set(name, value);
    return true;
  }
  override toStr(): string {
    return `<Namespace ${[...this.fields].map(([k, v]) => `${k}=${repr(v)}`).join(', ')}>`;
  }
}

// ------------------------------------------------------------------ tuples

/** Tuples are arrays too; this set only changes how they print: `(1, 2)`. */
const TUPLES = new WeakSet<Value[]>();

export function tuple(items: Value[]): Value[] {
  TUPLES.add(items);
  return items;
}

// ------------------------------------------------------------------ predicates

export function isUndefined(v: Value): v is Undefined {
  return v instanceof Undefined;
}

export function isDict(v: Value): v is PyDict {
  return v instanceof Map;
}

export function truthy(v: Value): boolean {
  if (v === null || v === false || v === 0 || v === '') return false;
  if (v === true || typeof v === 'number' || typeof v === 'string') return true;
  if (v instanceof Undefined) return false;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof Map) return v.size > 0;
  return (v as PyObject).truthy();
}

export function typeName(v: Value): string {
  if (v === null) return 'NoneType';
  switch (typeof v) {
    case 'string':
      return 'str';
    case 'number':
      return Number.isInteger(v) ? 'int' : 'float';
    case 'boolean':
      return 'bool';
  }
  if (v instanceof Undefined) return 'Undefined';
  if (Array.isArray(v)) return 'list';
  if (v instanceof Map) return 'dict';
  return (v as PyObject).typeName;
}

// ------------------------------------------------------------------ printing

export function formatNumber(n: number): string {
  if (Number.isInteger(n)) return Math.abs(n) < 1e16 ? String(n) : n.toExponential().replace('e+', 'e+');
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  return String(n);
}

/** Python's str(): what `{{ value }}` prints. */
export function toStr(v: Value): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return formatNumber(v);
  if (v === null) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (v instanceof Undefined) return '';
  if (Array.isArray(v) || v instanceof Map) return repr(v);
  return (v as PyObject).toStr();
}

/** Python's repr(), used when lists and dicts are printed. */
export function repr(v: Value): string {
  if (typeof v === 'string') {
    const quote = v.includes("'") && !v.includes('"') ? '"' : "'";
    let s = quote;
    for (let i = 0; i < v.length; i++) {
      const c = v[i];
      if (c === '\\') s += '\\\\';
      else if (c === '\n') s += '\\n';
      else if (c === '\t') s += '\\t';
      else if (c === '\r') s += '\\r';
      else if (c === quote) s += '\\' + c;
      else s += c;
    }
    return s + quote;
  }
  if (Array.isArray(v)) {
    if (TUPLES.has(v)) return v.length === 1 ? `(${repr(v[0])},)` : '(' + v.map(repr).join(', ') + ')';
    return '[' + v.map(repr).join(', ') + ']';
  }
  if (v instanceof Map) return '{' + [...v].map(([k, val]) => repr(k) + ': ' + repr(val)).join(', ') + '}';
  return toStr(v);
}

// ------------------------------------------------------------------ comparison

export function equals(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (a instanceof Undefined && b instanceof Undefined) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!equals(a[i], b[i])) return false;
    return true;
  }
  if (a instanceof Map && b instanceof Map) {
    if (a.size !== b.size) return false;
    for (const [k, v] of a) if (!b.has(k) || !equals(v, b.get(k)!)) return false;
    return true;
  }
  // Python: True == 1
  if (typeof a === 'boolean' && typeof b === 'number') return (a ? 1 : 0) === b;
  if (typeof a === 'number' && typeof b === 'boolean') return a === (b ? 1 : 0);
  if (a instanceof PyObject && b instanceof PyObject) return a.toStr() === b.toStr() && a.typeName === b.typeName;
  return false;
}

/** Python ordering: numbers with numbers, strings with strings, lists lexicographically. */
export function compare(a: Value, b: Value): number {
  const na = typeof a === 'boolean' ? (a ? 1 : 0) : a;
  const nb = typeof b === 'boolean' ? (b ? 1 : 0) : b;
  if (typeof na === 'number' && typeof nb === 'number') return na < nb ? -1 : na > nb ? 1 : 0;
  if (typeof na === 'string' && typeof nb === 'string') return na < nb ? -1 : na > nb ? 1 : 0;
  if (Array.isArray(na) && Array.isArray(nb)) {
    const n = Math.min(na.length, nb.length);
    for (let i = 0; i < n; i++) {
      const c = compare(na[i], nb[i]);
      if (c !== 0) return c;
    }
    return na.length - nb.length;
  }
  if (a instanceof PyObject) {
    const c = a.compareTo(b);
    if (c !== undefined) return c;
  }
  throw new JinjaRuntimeError(`'<' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
}

export function contains(container: Value, item: Value): boolean {
  if (typeof container === 'string') {
    if (typeof item !== 'string') throw new JinjaRuntimeError(`'in <string>' requires string as left operand, not ${typeName(item)}`);
    return container.includes(item);
  }
  if (Array.isArray(container)) {
    for (const x of container) if (equals(x, item)) return true;
    return false;
  }
  if (container instanceof Map) return container.has(item);
  if (container instanceof Undefined) throw new JinjaRuntimeError(`argument of type 'Undefined' is not iterable (${container.describe()})`);
  if (container instanceof PyObject) {
    const items = container.iterate();
    if (items) return items.some((x) => equals(x, item));
  }
  throw new JinjaRuntimeError(`argument of type '${typeName(container)}' is not iterable`);
}

/** Items of an iterable value (dicts iterate keys, strings characters). */
export function iterate(v: Value): Value[] {
  if (Array.isArray(v)) return v;
  if (typeof v === 'string') return Array.from(v);
  if (v instanceof Map) return [...v.keys()];
  if (v instanceof Undefined) return [];
  if (v instanceof PyObject) {
    const items = v.iterate();
    if (items) return items;
  }
  throw new JinjaRuntimeError(`'${typeName(v)}' object is not iterable`);
}

export function length(v: Value): number {
  if (typeof v === 'string' || Array.isArray(v)) return v.length;
  if (v instanceof Map) return v.size;
  if (v instanceof Undefined) return 0;
  if (v instanceof PyObject) {
    const items = v.iterate();
    if (items) return items.length;
  }
  throw new JinjaRuntimeError(`object of type '${typeName(v)}' has no len()`);
}

// ------------------------------------------------------------------ conversion

/** Converts plain JS data (YAML vars, config) into runtime values. */
export function fromJs(x: unknown): Value {
  if (x === null || x === undefined) return null;
  switch (typeof x) {
    case 'string':
    case 'number':
    case 'boolean':
      return x;
    case 'bigint':
      return Number(x);
  }
  if (Array.isArray(x)) return x.map(fromJs);
  if (x instanceof Map) {
    const m: PyDict = new Map();
    for (const [k, v] of x) m.set(fromJs(k), fromJs(v));
    return m;
  }
  if (x instanceof PyObject || x instanceof Undefined) return x;
  if (x instanceof Date) return x.toISOString();
  if (typeof x === 'object') {
    const m: PyDict = new Map();
    for (const k of Object.keys(x as object)) m.set(k, fromJs((x as Record<string, unknown>)[k]));
    return m;
  }
  return null;
}

/** Converts runtime values back to plain JSON-able data (config() results, tojson). */
export function toJs(v: Value): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof Undefined) return null;
  if (Array.isArray(v)) return v.map(toJs);
  if (v instanceof Map) {
    const o: Record<string, unknown> = {};
    for (const [k, val] of v) o[typeof k === 'string' ? k : toStr(k)] = toJs(val);
    return o;
  }
  return v.toStr();
}

export function toNumber(v: Value, what = 'value'): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  throw new JinjaRuntimeError(`${what} must be a number, not ${typeName(v)}`);
}

export function toInt(v: Value, what = 'value'): number {
  const n = toNumber(v, what);
  if (!Number.isInteger(n)) throw new JinjaRuntimeError(`${what} must be an integer, not float`);
  return n;
}

/** Reads positional-or-keyword arguments by parameter name (Python-style binding). */
export function bindArgs(fname: string, params: string[], args: Value[], kwargs: Kwargs, required = 0): Value[] {
  if (args.length > params.length) throw new JinjaRuntimeError(`${fname}() takes at most ${params.length} arguments (${args.length} given)`);
  const out: Value[] = new Array(params.length);
  for (let i = 0; i < params.length; i++) {
    const kw = kwargs.get(params[i]);
    if (i < args.length) {
      if (kw !== undefined) throw new JinjaRuntimeError(`${fname}() got multiple values for argument '${params[i]}'`);
      out[i] = args[i];
    } else out[i] = kw === undefined ? new Undefined(params[i]) : kw;
  }
  for (let i = 0; i < required; i++) {
    if (out[i] instanceof Undefined && !kwargs.has(params[i]) && i >= args.length)
      throw new JinjaRuntimeError(`${fname}() missing required argument '${params[i]}'`);
  }
  return out;
}

/** An argument value, or the default when not given (Undefined counts as not given). */
export function orDefault(v: Value, d: Value): Value {
  return v instanceof Undefined ? d : v;
}
