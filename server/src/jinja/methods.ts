/**
 * Python methods on str, list and dict, as templates call them
 * (`name.upper()`, `cols.append(c)`, `d.items()`).
 */
import {
  JinjaRuntimeError,
  PyFunction,
  equals,
  isDict,
  iterate,
  repr,
  toInt,
  toStr,
  tuple,
  typeName,
  Undefined,
  type Kwargs,
  type PyDict,
  type Value,
} from './values';

type Method<T> = (self: T, args: Value[], kwargs: Kwargs) => Value;

function argStr(v: Value | undefined, fname: string): string {
  if (typeof v !== 'string') throw new JinjaRuntimeError(`${fname}() argument must be str, not ${typeName(v ?? null)}`);
  return v;
}

function isWs(c: string): boolean {
  return c === ' ' || c === '\n' || c === '\t' || c === '\r' || c === '\f' || c === '\v';
}

function stripChars(s: string, chars: Value | undefined, left: boolean, right: boolean): string {
  const test = chars === undefined || chars === null || chars instanceof Undefined ? isWs : (c: string) => (chars as string).includes(c);
  let a = 0;
  let b = s.length;
  if (left) while (a < b && test(s[a])) a++;
  if (right) while (b > a && test(s[b - 1])) b--;
  return s.slice(a, b);
}

function pySplit(s: string, sep: Value | undefined, maxsplit: number): string[] {
  if (sep === undefined || sep === null) {
    const parts = s.split(/[ \t\n\r\f\v]+/).filter((p) => p !== '');
    if (maxsplit < 0 || parts.length <= maxsplit + 1) return parts;
    // re-split preserving the remainder verbatim
    const out: string[] = [];
    let i = 0;
    while (out.length < maxsplit) {
      while (i < s.length && isWs(s[i])) i++;
      let j = i;
      while (j < s.length && !isWs(s[j])) j++;
      out.push(s.slice(i, j));
      i = j;
    }
    while (i < s.length && isWs(s[i])) i++;
    out.push(s.slice(i));
    return out;
  }
  const d = argStr(sep, 'split');
  if (d === '') throw new JinjaRuntimeError('empty separator');
  const parts = s.split(d);
  if (maxsplit < 0 || parts.length <= maxsplit + 1) return parts;
  return [...parts.slice(0, maxsplit), parts.slice(maxsplit).join(d)];
}

/** Python's str.format with `{}`, `{0}`, `{name}` and `{{`/`}}`; format specs are honoured for width/precision basics. */
export function pyFormat(fmt: string, args: Value[], kwargs: Kwargs): string {
  let out = '';
  let auto = 0;
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i];
    if (c === '{') {
      if (fmt[i + 1] === '{') {
        out += '{';
        i++;
        continue;
      }
      const close = fmt.indexOf('}', i);
      if (close < 0) throw new JinjaRuntimeError("Single '{' encountered in format string");
      const field = fmt.slice(i + 1, close);
      const colon = field.indexOf(':');
      const key = colon >= 0 ? field.slice(0, colon) : field;
      const spec = colon >= 0 ? field.slice(colon + 1) : '';
      let v: Value | undefined;
      if (key === '') v = args[auto++];
      else if (/^\d+$/.test(key)) v = args[Number(key)];
      else v = kwargs.get(key);
      if (v === undefined) throw new JinjaRuntimeError(`format(): missing value for field '{${key}}'`);
      out += applySpec(v, spec);
      i = close;
    } else if (c === '}') {
      if (fmt[i + 1] === '}') i++;
      out += '}';
    } else out += c;
  }
  return out;
}

function applySpec(v: Value, spec: string): string {
  if (!spec) return toStr(v);
  const m = /^([<>^]?)(\d*)(?:\.(\d+))?([dfs%]?)$/.exec(spec);
  if (!m) return toStr(v);
  let s: string;
  if (m[4] === 'f' && typeof v === 'number') s = v.toFixed(m[3] ? Number(m[3]) : 6);
  else if (m[4] === '%' && typeof v === 'number') s = (v * 100).toFixed(m[3] ? Number(m[3]) : 6) + '%';
  else if (m[3] && typeof v === 'number') s = v.toFixed(Number(m[3]));
  else s = toStr(v);
  const width = m[2] ? Number(m[2]) : 0;
  if (s.length < width) {
    const pad = ' '.repeat(width - s.length);
    const align = m[1] || (typeof v === 'number' ? '>' : '<');
    s = align === '>' ? pad + s : align === '^' ? pad.slice(0, pad.length >> 1) + s + pad.slice(pad.length >> 1) : s + pad;
  }
  return s;
}

/** Python's `%` string formatting (`'%s_%d' % (a, b)`). */
export function percentFormat(fmt: string, arg: Value): string {
  const values = Array.isArray(arg) ? arg : [arg];
  let k = 0;
  let out = '';
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i];
    if (c !== '%') {
      out += c;
      continue;
    }
    let j = i + 1;
    let key: string | undefined;
    if (fmt[j] === '(') {
      const close = fmt.indexOf(')', j);
      key = fmt.slice(j + 1, close);
      j = close + 1;
    }
    const m = /^[-+ 0#]*(\d*)(?:\.(\d+))?([sdifrx%])/.exec(fmt.slice(j));
    if (!m) throw new JinjaRuntimeError('unsupported format character');
    i = j + m[0].length - 1;
    if (m[3] === '%') {
      out += '%';
      continue;
    }
    const v = key !== undefined && arg instanceof Map ? arg.get(key) ?? null : values[k++];
    if (v === undefined) throw new JinjaRuntimeError('not enough arguments for format string');
    let s: string;
    if (m[3] === 'd' || m[3] === 'i') s = String(Math.trunc(Number(v)));
    else if (m[3] === 'f') s = Number(v).toFixed(m[2] ? Number(m[2]) : 6);
    else if (m[3] === 'r') s = repr(v);
    else if (m[3] === 'x') s = Math.trunc(Number(v)).toString(16);
    else s = toStr(v);
    if (m[1] && s.length < Number(m[1])) s = ' '.repeat(Number(m[1]) - s.length) + s;
    out += s;
  }
  return out;
}

function titleCase(s: string): string {
  let out = '';
  let prevLetter = false;
  for (const c of s) {
    const isLetter = c.toLowerCase() !== c.toUpperCase();
    out += isLetter ? (prevLetter ? c.toLowerCase() : c.toUpperCase()) : c;
    prevLetter = isLetter;
  }
  return out;
}

export function capitalize(s: string): string {
  return s ? s[0].toUpperCase() + s.slice(1).toLowerCase() : s;
}

const STR_METHODS: Record<string, Method<string>> = {
  upper: (s) => s.toUpperCase(),
  lower: (s) => s.toLowerCase(),
  strip: (s, a) => stripChars(s, a[0], true, true),
  lstrip: (s, a) => stripChars(s, a[0], true, false),
  rstrip: (s, a) => stripChars(s, a[0], false, true),
  split: (s, a, kw) => pySplit(s, a[0] ?? kw.get('sep'), a[1] !== undefined ? toInt(a[1]) : kw.has('maxsplit') ? toInt(kw.get('maxsplit')!) : -1),
  rsplit: (s, a, kw) => {
    const max = a[1] !== undefined ? toInt(a[1]) : kw.has('maxsplit') ? toInt(kw.get('maxsplit')!) : -1;
    const sep = a[0] ?? kw.get('sep') ?? null;
    if (max < 0 || sep === null) return pySplit(s, sep, max);
    const d = argStr(sep, 'rsplit');
    const parts = s.split(d);
    if (parts.length <= max + 1) return parts;
    return [parts.slice(0, parts.length - max).join(d), ...parts.slice(parts.length - max)];
  },
  splitlines: (s) => s.split(/\r\n|\r|\n/).filter((_, i, arr) => i < arr.length - 1 || arr[i] !== ''),
  join: (s, a) => iterate(a[0] ?? []).map((x) => {
    if (typeof x !== 'string') throw new JinjaRuntimeError(`sequence item: expected str instance, ${typeName(x)} found`);
    return x;
  }).join(s),
  replace: (s, a) => {
    const old = argStr(a[0], 'replace');
    const rep = argStr(a[1], 'replace');
    const count = a[2] !== undefined ? toInt(a[2]) : -1;
    if (count < 0) return s.split(old).join(rep);
    const parts = s.split(old);
    return parts.slice(0, count + 1).join(rep) + (parts.length > count + 1 ? old + parts.slice(count + 1).join(old) : '');
  },
  startswith: (s, a) => (Array.isArray(a[0]) ? a[0].some((p) => s.startsWith(argStr(p, 'startswith'))) : s.startsWith(argStr(a[0], 'startswith'))),
  endswith: (s, a) => (Array.isArray(a[0]) ? a[0].some((p) => s.endsWith(argStr(p, 'endswith'))) : s.endsWith(argStr(a[0], 'endswith'))),
  format: (s, a, kw) => pyFormat(s, a, kw),
  title: (s) => titleCase(s),
  capitalize: (s) => capitalize(s),
  find: (s, a) => s.indexOf(argStr(a[0], 'find')),
  rfind: (s, a) => s.lastIndexOf(argStr(a[0], 'rfind')),
  index: (s, a) => {
    const i = s.indexOf(argStr(a[0], 'index'));
    if (i < 0) throw new JinjaRuntimeError('substring not found');
    return i;
  },
  count: (s, a) => {
    const sub = argStr(a[0], 'count');
    return sub === '' ? s.length + 1 : s.split(sub).length - 1;
  },
  isdigit: (s) => s.length > 0 && /^[0-9]+$/.test(s),
  isnumeric: (s) => s.length > 0 && /^[0-9]+$/.test(s),
  isalpha: (s) => s.length > 0 && /^[A-Za-z]+$/.test(s),
  isalnum: (s) => s.length > 0 && /^[A-Za-z0-9]+$/.test(s),
  isupper: (s) => s !== s.toLowerCase() && s === s.toUpperCase(),
  islower: (s) => s !== s.toUpperCase() && s === s.toLowerCase(),
  isspace: (s) => s.length > 0 && /^\s+$/.test(s),
  zfill: (s, a) => {
    const w = toInt(a[0] ?? 0);
    return s.length >= w ? s : (s[0] === '-' ? '-' + '0'.repeat(w - s.length) + s.slice(1) : '0'.repeat(w - s.length) + s);
  },
  ljust: (s, a) => s.padEnd(toInt(a[0] ?? 0), typeof a[1] === 'string' ? a[1] : ' '),
  rjust: (s, a) => s.padStart(toInt(a[0] ?? 0), typeof a[1] === 'string' ? a[1] : ' '),
  center: (s, a) => {
    const w = toInt(a[0] ?? 0);
    if (s.length >= w) return s;
    const left = (w - s.length) >> 1;
    return ' '.repeat(left) + s + ' '.repeat(w - s.length - left);
  },
  partition: (s, a) => {
    const sep = argStr(a[0], 'partition');
    const i = s.indexOf(sep);
    return i < 0 ? [s, '', ''] : [s.slice(0, i), sep, s.slice(i + sep.length)];
  },
  removeprefix: (s, a) => (s.startsWith(argStr(a[0], 'removeprefix')) ? s.slice((a[0] as string).length) : s),
  removesuffix: (s, a) => (a[0] && s.endsWith(argStr(a[0], 'removesuffix')) ? s.slice(0, s.length - (a[0] as string).length) : s),
  swapcase: (s) => Array.from(s, (c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join(''),
};

function normIndex(i: number, len: number): number {
  return i < 0 ? Math.max(0, len + i) : Math.min(i, len);
}

const LIST_METHODS: Record<string, Method<Value[]>> = {
  append: (l, a) => {
    l.push(a[0] ?? null);
    return null;
  },
  extend: (l, a) => {
    for (const x of iterate(a[0] ?? [])) l.push(x);
    return null;
  },
  insert: (l, a) => {
    l.splice(normIndex(toInt(a[0] ?? 0), l.length), 0, a[1] ?? null);
    return null;
  },
  pop: (l, a) => {
    if (!l.length) throw new JinjaRuntimeError('pop from empty list');
    const i = a[0] === undefined ? l.length - 1 : toInt(a[0]) < 0 ? l.length + toInt(a[0]) : toInt(a[0]);
    if (i < 0 || i >= l.length) throw new JinjaRuntimeError('pop index out of range');
    return l.splice(i, 1)[0];
  },
  remove: (l, a) => {
    const i = l.findIndex((x) => equals(x, a[0] ?? null));
    if (i < 0) throw new JinjaRuntimeError('list.remove(x): x not in list');
    l.splice(i, 1);
    return null;
  },
  index: (l, a) => {
    const i = l.findIndex((x) => equals(x, a[0] ?? null));
    if (i < 0) throw new JinjaRuntimeError(`${repr(a[0] ?? null)} is not in list`);
    return i;
  },
  count: (l, a) => l.filter((x) => equals(x, a[0] ?? null)).length,
  reverse: (l) => {
    l.reverse();
    return null;
  },
  copy: (l) => l.slice(),
  clear: (l) => {
    l.length = 0;
    return null;
  },
};

const DICT_METHODS: Record<string, Method<PyDict>> = {
  get: (d, a) => {
    const v = d.get(a[0] ?? null);
    return v === undefined ? (a[1] ?? null) : v;
  },
  items: (d) => [...d].map(([k, v]) => tuple([k, v])),
  keys: (d) => [...d.keys()],
  values: (d) => [...d.values()],
  update: (d, a, kw) => {
    const src = a[0];
    if (isDict(src ?? null)) for (const [k, v] of src as PyDict) d.set(k, v);
    else if (Array.isArray(src)) for (const pair of src) if (Array.isArray(pair)) d.set(pair[0], pair[1]);
    for (const [k, v] of kw) d.set(k, v);
    return null;
  },
  pop: (d, a) => {
    const k = a[0] ?? null;
    if (d.has(k)) {
      const v = d.get(k)!;
      d.delete(k);
      return v;
    }
    if (a.length > 1) return a[1];
    throw new JinjaRuntimeError(`KeyError: ${repr(k)}`);
  },
  setdefault: (d, a) => {
    const k = a[0] ?? null;
    if (!d.has(k)) d.set(k, a[1] ?? null);
    return d.get(k)!;
  },
  copy: (d) => new Map(d),
  clear: (d) => {
    d.clear();
    return null;
  },
};

/** Calls a method on a builtin value directly (the evaluator's fast path for `x.m(...)`); undefined when there is no such method. */
export function callMethod(self: Value, name: string, args: Value[], kwargs: Kwargs): Value | undefined {
  let m: Method<never> | undefined;
  if (typeof self === 'string') m = Object.prototype.hasOwnProperty.call(STR_METHODS, name) ? STR_METHODS[name] : undefined;
  else if (Array.isArray(self)) m = Object.prototype.hasOwnProperty.call(LIST_METHODS, name) ? LIST_METHODS[name] : undefined;
  else if (self instanceof Map) m = Object.prototype.hasOwnProperty.call(DICT_METHODS, name) ? DICT_METHODS[name] : undefined;
  if (!m) return undefined;
  return (m as Method<Value>)(self, args, kwargs);
}

/** The bound method object for `x.m` used without calling it immediately. */
export function boundMethod(self: Value, name: string): PyFunction | undefined {
  const table: Record<string, unknown> | undefined =
    typeof self === 'string' ? STR_METHODS : Array.isArray(self) ? LIST_METHODS : self instanceof Map ? DICT_METHODS : undefined;
  if (!table || !Object.prototype.hasOwnProperty.call(table, name)) return undefined;
  return new PyFunction(name, (args, kwargs) => callMethod(self, name, args, kwargs) ?? null);
}
