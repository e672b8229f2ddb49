/**
 * Jinja filters (`value | name(args)`), plus dbt's as_bool/as_number/as_text/as_native.
 */
import { capitalize, pyFormat } from './methods';
import {
  compare,
  equals,
  formatNumber,
  fromJs,
  isDict,
  iterate,
  JinjaRuntimeError,
  length,
  toInt,
  toJs,
  toNumber,
  toStr,
  truthy,
  tuple,
  typeName,
  Undefined,
  type Kwargs,
  type Value,
} from './values';

/** What filters need from the evaluator. */
export interface FilterEnv {
  getAttr(v: Value, name: string): Value;
  callTest(name: string, v: Value, args: Value[]): boolean;
  callFilter(name: string, v: Value, args: Value[], kwargs: Kwargs): Value;
}

export type FilterFn = (v: Value, args: Value[], kwargs: Kwargs, env: FilterEnv) => Value;

function arg(args: Value[], kwargs: Kwargs, i: number, name: string, dflt: Value): Value {
  if (i < args.length) return args[i];
  const k = kwargs.get(name);
  return k === undefined ? dflt : k;
}

/** Attribute paths like `a.b` or `0` as map/sort/selectattr take them. */
function attrGetter(env: FilterEnv, path: Value): (v: Value) => Value {
  const parts = toStr(path).split('.');
  return (v) => {
    let cur = v;
    // like Jinja's attribute getters: item first, then attribute (so a key named 'values' beats dict.values)
    for (const p of parts) {
      if (/^\d+$/.test(p) && Array.isArray(cur)) cur = cur[Number(p)] ?? new Undefined(p);
      else if (cur instanceof Map && cur.has(p)) cur = cur.get(p)!;
      else cur = env.getAttr(cur, p);
    }
    return cur;
  };
}

function toList(v: Value): Value[] {
  return iterate(v).slice();
}

function sortKey(v: Value, caseSensitive: boolean): Value {
  return !caseSensitive && typeof v === 'string' ? v.toLowerCase() : v;
}

function selectOrReject(select: boolean, byAttr: boolean): FilterFn {
  return (v, args, kwargs, env) => {
    const items = iterate(v);
    let get: (x: Value) => Value = (x) => x;
    let rest = args;
    if (byAttr) {
      if (!args.length) throw new JinjaRuntimeError('selectattr/rejectattr need an attribute name');
      get = attrGetter(env, args[0]);
      rest = args.slice(1);
    }
    let test: (x: Value) => boolean;
    if (rest.length) {
      const name = toStr(rest[0]);
      const testArgs = rest.slice(1);
      test = (x) => env.callTest(name, x, testArgs);
    } else test = (x) => truthy(x);
    void kwargs;
    return items.filter((x) => test(get(x)) === select);
  };
}

function indent(s: string, width: Value, first: boolean, blank: boolean): string {
  const pad = typeof width === 'string' ? width : ' '.repeat(toInt(width));
  const lines = s.split('\n');
  return lines
    .map((line, i) => {
      if (i === 0 && !first) return line;
      if (!blank && line.trim() === '') return line;
      return pad + line;
    })
    .join('\n');
}

function round(v: number, precision: number, method: string): number {
  const f = 10 ** precision;
  const x = v * f;
  let r: number;
  if (method === 'ceil') r = Math.ceil(x);
  else if (method === 'floor') r = Math.floor(x);
  else {
    // Python rounds half away from zero in Jinja's `round` (it uses round() on floats; close enough for SQL templating)
    r = Math.sign(x) * Math.round(Math.abs(x));
  }
  return r / f;
}

function toJson(v: Value, indentBy?: number): string {
  return JSON.stringify(toJs(v), null, indentBy) ?? 'null';
}

export const FILTERS: Record<string, FilterFn> = {
  upper: (v) => toStr(v).toUpperCase(),
  lower: (v) => toStr(v).toLowerCase(),
  capitalize: (v) => capitalize(toStr(v)),
  title: (v) => toStr(v).replace(/\w\S*/g, (w) => w[0].toUpperCase() + w.slice(1).toLowerCase()),
  trim: (v, a) => {
    const s = toStr(v);
    if (typeof a[0] !== 'string') return s.trim();
    let i = 0;
    let j = s.length;
    while (i < j && a[0].includes(s[i])) i++;
    while (j > i && a[0].includes(s[j - 1])) j--;
    return s.slice(i, j);
  },
  striptags: (v) => toStr(v).replace(/<[^>]*>/g, '').replace(/\s+/g, ' ').trim(),
  join: (v, a, kw, env) => {
    const sep = toStr(arg(a, kw, 0, 'd', ''));
    const attr = arg(a, kw, 1, 'attribute', null);
    let items = iterate(v);
    if (attr !== null) items = items.map(attrGetter(env, attr));
    return items.map(toStr).join(sep);
  },
  length: (v) => length(v),
  count: (v) => length(v),
  default: (v, a, kw) => {
    const d = arg(a, kw, 0, 'default_value', '');
    const boolean = truthy(arg(a, kw, 1, 'boolean', false));
    if (v instanceof Undefined || (boolean && !truthy(v))) return d;
    return v;
  },
  replace: (v, a, kw) => {
    const s = toStr(v);
    const old = toStr(a[0] ?? '');
    const rep = toStr(a[1] ?? '');
    const count = arg(a, kw, 2, 'count', null);
    if (count === null) return s.split(old).join(rep);
    const parts = s.split(old);
    const n = toInt(count);
    return parts.slice(0, n + 1).join(rep) + (parts.length > n + 1 ? old + parts.slice(n + 1).join(old) : '');
  },
  list: (v) => toList(v),
  first: (v) => {
    const items = iterate(v);
    return items.length ? items[0] : new Undefined('first', 'No first item, sequence was empty.');
  },
  last: (v) => {
    const items = iterate(v);
    return items.length ? items[items.length - 1] : new Undefined('last', 'No last item, sequence was empty.');
  },
  map: (v, a, kw, env) => {
    const items = iterate(v);
    const attr = kw.get('attribute');
    if (attr !== undefined) {
      const get = attrGetter(env, attr);
      const dflt = kw.get('default');
      return items.map((x) => {
        const r = get(x);
        return r instanceof Undefined && dflt !== undefined ? dflt : r;
      });
    }
    if (!a.length) throw new JinjaRuntimeError('map() needs a filter name or attribute=');
    const name = toStr(a[0]);
    const rest = a.slice(1);
    return items.map((x) => env.callFilter(name, x, rest, new Map()));
  },
  select: selectOrReject(true, false),
  reject: selectOrReject(false, false),
  selectattr: selectOrReject(true, true),
  rejectattr: selectOrReject(false, true),
  sort: (v, a, kw, env) => {
    const reverse = truthy(arg(a, kw, 0, 'reverse', false));
    const cs = truthy(arg(a, kw, 1, 'case_sensitive', false));
    const attr = arg(a, kw, 2, 'attribute', null);
    const get = attr === null ? (x: Value) => x : attrGetter(env, attr);
    const items = toList(v);
    items.sort((x, y) => compare(sortKey(get(x), cs), sortKey(get(y), cs)) * (reverse ? -1 : 1));
    return items;
  },
  dictsort: (v, a, kw) => {
    if (!isDict(v)) throw new JinjaRuntimeError('dictsort expects a mapping');
    const cs = truthy(arg(a, kw, 0, 'case_sensitive', false));
    const byValue = toStr(arg(a, kw, 1, 'by', 'key')) === 'value';
    const reverse = truthy(arg(a, kw, 2, 'reverse', false));
    const pairs: Value[][] = [...v].map(([k, val]) => tuple([k, val]));
    pairs.sort((x, y) => compare(sortKey(x[byValue ? 1 : 0], cs), sortKey(y[byValue ? 1 : 0], cs)) * (reverse ? -1 : 1));
    return pairs;
  },
  unique: (v, a, kw, env) => {
    const cs = truthy(arg(a, kw, 0, 'case_sensitive', false));
    const attr = arg(a, kw, 1, 'attribute', null);
    const get = attr === null ? (x: Value) => x : attrGetter(env, attr);
    const out: Value[] = [];
    const seen: Value[] = [];
    for (const x of iterate(v)) {
      const k = sortKey(get(x), cs);
      if (!seen.some((s) => equals(s, k))) {
        seen.push(k);
        out.push(x);
      }
    }
    return out;
  },
  reverse: (v) => (typeof v === 'string' ? Array.from(v).reverse().join('') : toList(v).reverse()),
  int: (v, a, kw) => {
    const d = arg(a, kw, 0, 'default', 0);
    if (typeof v === 'number') return Math.trunc(v);
    if (typeof v === 'boolean') return v ? 1 : 0;
    const s = toStr(v).trim();
    if (/^[-+]?\d+$/.test(s)) return parseInt(s, 10);
    const f = Number(s);
    return s !== '' && Number.isFinite(f) ? Math.trunc(f) : d;
  },
  float: (v, a, kw) => {
    const d = arg(a, kw, 0, 'default', 0);
    if (typeof v === 'number') return v;
    if (typeof v === 'boolean') return v ? 1 : 0;
    const s = toStr(v).trim();
    const f = Number(s);
    return s !== '' && !Number.isNaN(f) ? f : d;
  },
  string: (v) => toStr(v),
  round: (v, a, kw) => round(toNumber(v), toInt(arg(a, kw, 0, 'precision', 0)), toStr(arg(a, kw, 1, 'method', 'common'))),
  abs: (v) => Math.abs(toNumber(v)),
  sum: (v, a, kw, env) => {
    const attr = arg(a, kw, 0, 'attribute', null);
    const get = attr === null ? (x: Value) => x : attrGetter(env, attr);
    let s = toNumber(arg(a, kw, 1, 'start', 0));
    for (const x of iterate(v)) s += toNumber(get(x));
    return s;
  },
  min: (v) => iterate(v).reduce((m: Value, x) => (m === null || compare(x, m) < 0 ? x : m), null),
  max: (v) => iterate(v).reduce((m: Value, x) => (m === null || compare(x, m) > 0 ? x : m), null),
  tojson: (v, a, kw) => {
    const ind = arg(a, kw, 0, 'indent', null);
    return toJson(v, ind === null ? undefined : toInt(ind));
  },
  indent: (v, a, kw) => indent(toStr(v), arg(a, kw, 0, 'width', 4), truthy(arg(a, kw, 1, 'first', false)), truthy(arg(a, kw, 2, 'blank', false))),
  format: (v, a, kw) => {
    const s = toStr(v);
    if (a.length || kw.size) {
      // Jinja's format filter is printf-style
      let i = 0;
      return s.replace(/%(\d*)(?:\.(\d+))?([sdfr%])/g, (_m, _w, prec, t) => {
        if (t === '%') return '%';
        const x = a[i++] ?? null;
        if (t === 'd') return String(Math.trunc(toNumber(x)));
        if (t === 'f') return toNumber(x).toFixed(prec ? Number(prec) : 6);
        return toStr(x);
      });
    }
    return pyFormat(s, [], new Map());
  },
  safe: (v) => v,
  escape: (v) => toStr(v).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&#34;').replace(/'/g, '&#39;'),
  e: (v) => FILTERS.escape(v, [], new Map(), undefined as never),
  batch: (v, a) => {
    const n = toInt(a[0] ?? 1);
    if (n <= 0) throw new JinjaRuntimeError('batch size must be positive');
    const items = iterate(v);
    const out: Value[] = [];
    for (let i = 0; i < items.length; i += n) {
      const chunk = items.slice(i, i + n);
      if (a[1] !== undefined) while (chunk.length < n) chunk.push(a[1]);
      out.push(chunk);
    }
    return out;
  },
  items: (v) => (isDict(v) ? [...v].map(([k, x]) => tuple([k, x])) : v instanceof Undefined ? [] : (() => {
    throw new JinjaRuntimeError(`items filter expects a mapping, got ${typeName(v)}`);
  })()),
  attr: (v, a, _kw, env) => env.getAttr(v, toStr(a[0] ?? '')),
  wordcount: (v) => toStr(v).split(/\s+/).filter(Boolean).length,
  truncate: (v, a, kw) => {
    const s = toStr(v);
    const n = toInt(arg(a, kw, 0, 'length', 255));
    const end = toStr(arg(a, kw, 2, 'end', '...'));
    return s.length <= n ? s : s.slice(0, Math.max(0, n - end.length)) + end;
  },
  center: (v, a) => {
    const s = toStr(v);
    const w = toInt(a[0] ?? 80);
    if (s.length >= w) return s;
    const left = (w - s.length) >> 1;
    return ' '.repeat(left) + s + ' '.repeat(w - s.length - left);
  },
  groupby: (v, a, kw, env) => {
    const get = attrGetter(env, arg(a, kw, 0, 'attribute', ''));
    const groups: { grouper: Value; list: Value[] }[] = [];
    const items = iterate(v).slice().sort((x, y) => compare(get(x), get(y)));
    for (const x of items) {
      const k = get(x);
      const g = groups.find((gr) => equals(gr.grouper, k));
      if (g) g.list.push(x);
      else groups.push({ grouper: k, list: [x] });
    }
    return groups.map((g) => tuple([g.grouper, g.list]));
  },
  // dbt's native-type filters
  as_bool: (v) => (typeof v === 'string' ? (/^true$/i.test(v.trim()) ? true : /^false$/i.test(v.trim()) ? false : v) : v),
  as_number: (v) => {
    if (typeof v !== 'string') return v;
    const n = Number(v.trim());
    return v.trim() !== '' && !Number.isNaN(n) ? n : v;
  },
  as_text: (v) => toStr(v),
  as_native: (v) => {
    if (typeof v !== 'string') return v;
    try {
      return fromJs(JSON.parse(v));
    } catch {
      return v;
    }
  },
  filesizeformat: (v) => formatNumber(toNumber(v)) + ' Bytes',
  pprint: (v) => toStr(v),
};
FILTERS.d = FILTERS.default;
