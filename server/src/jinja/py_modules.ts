/**
 * dbt's `modules` context: small, faithful subsets of Python's datetime, pytz
 * and re, enough for the date arithmetic and string matching models do.
 */
import {
  JinjaRuntimeError,
  PyFunction,
  PyObject,
  PyRecord,
  toInt,
  toNumber,
  toStr,
  Undefined,
  type Kwargs,
  type Value,
} from './values';

const DAY_MS = 86_400_000;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

export class TimedeltaValue extends PyObject {
  readonly typeName = 'timedelta';
  constructor(readonly ms: number) {
    super();
  }
  override getAttr(name: string): Value | undefined {
    switch (name) {
      case 'days':
        return Math.floor(this.ms / DAY_MS);
      case 'seconds':
        return Math.floor((this.ms % DAY_MS) / 1000);
      case 'total_seconds':
        return new PyFunction('total_seconds', () => this.ms / 1000);
    }
    return undefined;
  }
  override binary(op: string, other: Value): Value | undefined {
    if (other instanceof TimedeltaValue) {
      if (op === '+') return new TimedeltaValue(this.ms + other.ms);
      if (op === '-') return new TimedeltaValue(this.ms - other.ms);
    }
    if (op === '*' && typeof other === 'number') return new TimedeltaValue(this.ms * other);
    return undefined;
  }
  override toStr(): string {
    const days = Math.floor(this.ms / DAY_MS);
    const rest = this.ms - days * DAY_MS;
    const h = Math.floor(rest / 3_600_000);
    const m = Math.floor((rest % 3_600_000) / 60_000);
    const sec = Math.floor((rest % 60_000) / 1000);
    const time = `${h}:${pad(m)}:${pad(sec)}`;
    return days ? `${days} day${Math.abs(days) === 1 ? '' : 's'}, ${time}` : time;
  }
}

/** datetime.datetime and datetime.date (dateOnly), always in UTC. */
export class DateTimeValue extends PyObject {
  readonly typeName: string;
  constructor(
    readonly ms: number,
    readonly dateOnly = false,
  ) {
    super();
    this.typeName = dateOnly ? 'date' : 'datetime';
  }
  private get d(): Date {
    return new Date(this.ms);
  }
  override getAttr(name: string): Value | undefined {
    const d = this.d;
    switch (name) {
      case 'year':
        return d.getUTCFullYear();
      case 'month':
        return d.getUTCMonth() + 1;
      case 'day':
        return d.getUTCDate();
      case 'hour':
        return d.getUTCHours();
      case 'minute':
        return d.getUTCMinutes();
      case 'second':
        return d.getUTCSeconds();
      case 'microsecond':
        return d.getUTCMilliseconds() * 1000;
      case 'strftime':
        return new PyFunction('strftime', (a) => strftime(d, toStr(a[0] ?? '')));
      case 'isoformat':
        return new PyFunction('isoformat', (a) => this.iso(typeof a[0] === 'string' ? a[0] : 'T'));
      case 'date':
        return new PyFunction('date', () => new DateTimeValue(Math.floor(this.ms / DAY_MS) * DAY_MS, true));
      case 'weekday':
        return new PyFunction('weekday', () => (d.getUTCDay() + 6) % 7);
      case 'isoweekday':
        return new PyFunction('isoweekday', () => ((d.getUTCDay() + 6) % 7) + 1);
      case 'timestamp':
        return new PyFunction('timestamp', () => this.ms / 1000);
      case 'astimezone':
        return new PyFunction('astimezone', () => this);
      case 'replace':
        return new PyFunction('replace', (_a, kw) => {
          const n = new Date(this.ms);
          const set = (k: string, f: (v: number) => void) => {
            const v = kw.get(k);
            if (v !== undefined && v !== null) f(toInt(v, k));
          };
          set('year', (v) => n.setUTCFullYear(v));
          set('month', (v) => n.setUTCMonth(v - 1));
          set('day', (v) => n.setUTCDate(v));
          set('hour', (v) => n.setUTCHours(v));
          set('minute', (v) => n.setUTCMinutes(v));
          set('second', (v) => n.setUTCSeconds(v));
          set('microsecond', (v) => n.setUTCMilliseconds(Math.floor(v / 1000)));
          return new DateTimeValue(n.getTime(), this.dateOnly);
        });
    }
    return undefined;
  }
  override binary(op: string, other: Value): Value | undefined {
    if (other instanceof TimedeltaValue) {
      if (op === '+') return new DateTimeValue(this.ms + other.ms, this.dateOnly);
      if (op === '-') return new DateTimeValue(this.ms - other.ms, this.dateOnly);
    }
    if (op === '-' && other instanceof DateTimeValue) return new TimedeltaValue(this.ms - other.ms);
    return undefined;
  }
  override compareTo(other: Value): number | undefined {
    return other instanceof DateTimeValue ? this.ms - other.ms : undefined;
  }
  private iso(sep: string): string {
    const d = this.d;
    const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
    if (this.dateOnly) return date;
    const ms = d.getUTCMilliseconds();
    return `${date}${sep}${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${ms ? '.' + pad(ms * 1000, 6) : ''}`;
  }
  override toStr(): string {
    return this.iso(' ');
  }
}

export function strftime(d: Date, fmt: string): string {
  let out = '';
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i];
    if (c !== '%' || i + 1 >= fmt.length) {
      out += c;
      continue;
    }
    const f = fmt[++i];
    const hour12 = d.getUTCHours() % 12 || 12;
    switch (f) {
      case 'Y':
        out += d.getUTCFullYear();
        break;
      case 'y':
        out += pad(d.getUTCFullYear() % 100);
        break;
      case 'm':
        out += pad(d.getUTCMonth() + 1);
        break;
      case 'd':
        out += pad(d.getUTCDate());
        break;
      case 'H':
        out += pad(d.getUTCHours());
        break;
      case 'I':
        out += pad(hour12);
        break;
      case 'M':
        out += pad(d.getUTCMinutes());
        break;
      case 'S':
        out += pad(d.getUTCSeconds());
        break;
      case 'f':
        out += pad(d.getUTCMilliseconds() * 1000, 6);
        break;
      case 'p':
        out += d.getUTCHours() < 12 ? 'AM' : 'PM';
        break;
      case 'j': {
        const start = Date.UTC(d.getUTCFullYear(), 0, 1);
        out += pad(Math.floor((d.getTime() - start) / DAY_MS) + 1, 3);
        break;
      }
      case 'b':
        out += MONTHS[d.getUTCMonth()].slice(0, 3);
        break;
      case 'B':
        out += MONTHS[d.getUTCMonth()];
        break;
      case 'a':
        out += DAYS[(d.getUTCDay() + 6) % 7].slice(0, 3);
        break;
      case 'A':
        out += DAYS[(d.getUTCDay() + 6) % 7];
        break;
      case 'w':
        out += d.getUTCDay();
        break;
      case 'Z':
        out += 'UTC';
        break;
      case 'z':
        out += '+0000';
        break;
      case '%':
        out += '%';
        break;
      default:
        out += '%' + f;
    }
  }
  return out;
}

function kwNum(kw: Kwargs, name: string): number {
  const v = kw.get(name);
  return v === undefined ? 0 : toNumber(v, name);
}

function datetimeFromArgs(args: Value[], dateOnly: boolean): DateTimeValue {
  const n = args.map((a) => toInt(a));
  if (n.length < 3) throw new JinjaRuntimeError(`${dateOnly ? 'date' : 'datetime'}() needs year, month and day`);
  return new DateTimeValue(Date.UTC(n[0], n[1] - 1, n[2], n[3] ?? 0, n[4] ?? 0, n[5] ?? 0, Math.floor((n[6] ?? 0) / 1000)), dateOnly);
}

function parseIso(s: string, dateOnly: boolean): DateTimeValue {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?/.exec(s);
  if (!m) throw new JinjaRuntimeError(`Invalid isoformat string: '${s}'`);
  const ms = m[7] ? Math.floor(Number(m[7].padEnd(6, '0')) / 1000) : 0;
  return new DateTimeValue(Date.UTC(+m[1], +m[2] - 1, +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), ms), dateOnly);
}

/** Python's strptime for the common directives. */
function strptime(s: string, fmt: string): DateTimeValue {
  let re = '^';
  const fields: string[] = [];
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i];
    if (c === '%' && i + 1 < fmt.length) {
      const f = fmt[++i];
      const widths: Record<string, string> = { Y: '(\\d{4})', m: '(\\d{1,2})', d: '(\\d{1,2})', H: '(\\d{1,2})', M: '(\\d{1,2})', S: '(\\d{1,2})', f: '(\\d{1,6})', y: '(\\d{2})' };
      if (f === '%') re += '%';
      else if (widths[f]) {
        re += widths[f];
        fields.push(f);
      } else throw new JinjaRuntimeError(`strptime directive %${f} is not supported`);
    } else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  const m = new RegExp(re + '$').exec(s);
  if (!m) throw new JinjaRuntimeError(`time data '${s}' does not match format '${fmt}'`);
  const v: Record<string, number> = { Y: 1900, m: 1, d: 1, H: 0, M: 0, S: 0, f: 0 };
  fields.forEach((f, i) => {
    if (f === 'y') v.Y = 2000 + Number(m[i + 1]) - (Number(m[i + 1]) >= 69 ? 100 : 0);
    else if (f === 'f') v.f = Number(m[i + 1].padEnd(6, '0'));
    else v[f] = Number(m[i + 1]);
  });
  return new DateTimeValue(Date.UTC(v.Y, v.m - 1, v.d, v.H, v.M, v.S, Math.floor(v.f / 1000)));
}

function datetimeModule(now: () => number): PyRecord {
  const datetimeClass = new PyFunction('datetime', (a) => datetimeFromArgs(a, false), {
    now: new PyFunction('now', () => new DateTimeValue(now())),
    utcnow: new PyFunction('utcnow', () => new DateTimeValue(now())),
    today: new PyFunction('today', () => new DateTimeValue(now())),
    fromisoformat: new PyFunction('fromisoformat', (a) => parseIso(toStr(a[0] ?? ''), false)),
    strptime: new PyFunction('strptime', (a) => strptime(toStr(a[0] ?? ''), toStr(a[1] ?? ''))),
    fromtimestamp: new PyFunction('fromtimestamp', (a) => new DateTimeValue(toNumber(a[0] ?? 0) * 1000)),
  });
  const dateClass = new PyFunction('date', (a) => datetimeFromArgs(a, true), {
    today: new PyFunction('today', () => new DateTimeValue(Math.floor(now() / DAY_MS) * DAY_MS, true)),
    fromisoformat: new PyFunction('fromisoformat', (a) => parseIso(toStr(a[0] ?? ''), true)),
  });
  const timedelta = new PyFunction('timedelta', (a, kw) => {
    const days = (a[0] !== undefined ? toNumber(a[0]) : 0) + kwNum(kw, 'days') + kwNum(kw, 'weeks') * 7;
    const secs = (a[1] !== undefined ? toNumber(a[1]) : 0) + kwNum(kw, 'seconds') + kwNum(kw, 'minutes') * 60 + kwNum(kw, 'hours') * 3600;
    return new TimedeltaValue(days * DAY_MS + secs * 1000 + kwNum(kw, 'milliseconds') + kwNum(kw, 'microseconds') / 1000);
  });
  const tz = new PyRecord('timezone', new Map<string, Value>([['utc', new PyRecord('UTC', new Map(), 'UTC')]]));
  return new PyRecord(
    'module',
    new Map<string, Value>([
      ['datetime', datetimeClass],
      ['date', dateClass],
      ['timedelta', timedelta],
      ['timezone', tz],
    ]),
    "<module 'datetime'>",
  );
}

// ---------------------------------------------------------------- re

/** Python regex syntax → JavaScript (named groups and anchors differ). */
function toJsRegex(pattern: string, flags: number, global: boolean): RegExp {
  const src = pattern.replace(/\(\?P<(\w+)>/g, '(?<$1>').replace(/\(\?P=(\w+)\)/g, '\\k<$1>').replace(/\\A/g, '^').replace(/\\Z/g, '$');
  let f = global ? 'g' : '';
  if (flags & 2) f += 'i';
  if (flags & 8) f += 'm';
  if (flags & 16) f += 's';
  try {
    return new RegExp(src, f);
  } catch (e) {
    throw new JinjaRuntimeError(`Invalid regular expression '${pattern}': ${(e as Error).message}`);
  }
}

class MatchValue extends PyObject {
  readonly typeName = 're.Match';
  constructor(private readonly m: RegExpExecArray) {
    super();
  }
  override getAttr(name: string): Value | undefined {
    const m = this.m;
    switch (name) {
      case 'group':
        return new PyFunction('group', (a) => {
          if (a.length > 1) return a.map((g) => this.group(g));
          return this.group(a[0] ?? 0);
        });
      case 'groups':
        return new PyFunction('groups', () => m.slice(1).map((g) => g ?? null));
      case 'groupdict':
        return new PyFunction('groupdict', () => new Map<Value, Value>(Object.entries(m.groups ?? {}).map(([k, v]) => [k, v ?? null])));
      case 'start':
        return new PyFunction('start', () => m.index);
      case 'end':
        return new PyFunction('end', () => m.index + m[0].length);
      case 'span':
        return new PyFunction('span', () => [m.index, m.index + m[0].length]);
      case 'string':
        return m.input;
    }
    return undefined;
  }
  private group(g: Value): Value {
    const v = typeof g === 'number' ? this.m[g] : this.m.groups?.[toStr(g)];
    return v === undefined ? null : v;
  }
}

function reModule(): PyRecord {
  const flagsOf = (a: Value[], kw: Kwargs, i: number) => {
    const v = a[i] ?? kw.get('flags');
    return v === undefined || v instanceof Undefined ? 0 : toInt(v);
  };
  const match = (pattern: string, s: string, flags: number, anchored: 'start' | 'full' | 'none'): Value => {
    const re = toJsRegex(anchored === 'none' ? pattern : anchored === 'start' ? `^(?:${pattern})` : `^(?:${pattern})$`, flags, false);
    const m = re.exec(s);
    return m ? new MatchValue(m) : null;
  };
  const fns = (bound?: { pattern: string; flags: number }): Map<string, Value> => {
    // for compiled patterns the pattern argument is implicit
    const p = (a: Value[]) => (bound ? bound.pattern : toStr(a[0] ?? ''));
    const rest = (a: Value[]) => (bound ? a : a.slice(1));
    const fl = (a: Value[], kw: Kwargs, i: number) => (bound ? bound.flags : flagsOf(a, kw, i));
    return new Map<string, Value>([
      ['match', new PyFunction('match', (a, kw) => match(p(a), toStr(rest(a)[0] ?? ''), fl(a, kw, 2), 'start'))],
      ['fullmatch', new PyFunction('fullmatch', (a, kw) => match(p(a), toStr(rest(a)[0] ?? ''), fl(a, kw, 2), 'full'))],
      ['search', new PyFunction('search', (a, kw) => match(p(a), toStr(rest(a)[0] ?? ''), fl(a, kw, 2), 'none'))],
      [
        'findall',
        new PyFunction('findall', (a, kw) => {
          const re = toJsRegex(p(a), fl(a, kw, 2), true);
          const out: Value[] = [];
          for (const m of toStr(rest(a)[0] ?? '').matchAll(re)) out.push(m.length > 2 ? m.slice(1).map((g) => g ?? '') : m.length === 2 ? (m[1] ?? '') : m[0]);
          return out;
        }),
      ],
      [
        'sub',
        new PyFunction('sub', (a, kw) => {
          const r = rest(a);
          const count = r[2] !== undefined ? toInt(r[2]) : kw.has('count') ? toInt(kw.get('count')!) : 0;
          const re = toJsRegex(p(a), bound ? bound.flags : flagsOf(r, kw, 3), true);
          const repl = toStr(r[0] ?? '').replace(/\\(\d+)/g, '$$$1').replace(/\\g<(\w+)>/g, (_m, g) => (/^\d+$/.test(g) ? `$${g}` : `$<${g}>`));
          let n = 0;
          return toStr(r[1] ?? '').replace(re, (...m) => {
            if (count && n >= count) return m[0];
            n++;
            return repl.replace(/\$(\d+)|\$<(\w+)>/g, (_x, d, name) => {
              if (d) return m[Number(d)] ?? '';
              const groups = m[m.length - 1];
              return typeof groups === 'object' && groups ? groups[name] ?? '' : '';
            });
          });
        }),
      ],
      ['split', new PyFunction('split', (a, kw) => toStr(rest(a)[0] ?? '').split(toJsRegex(p(a), fl(a, kw, 3), false)))],
      ['escape', new PyFunction('escape', (a) => toStr(a[0] ?? '').replace(/[.*+?^${}()|[\]\\-]/g, '\\$&'))],
    ]);
  };
  const module = fns();
  module.set('compile', new PyFunction('compile', (a, kw) => new PyRecord('re.Pattern', fns({ pattern: toStr(a[0] ?? ''), flags: flagsOf(a, kw, 1) }))));
  module.set('IGNORECASE', 2);
  module.set('I', 2);
  module.set('MULTILINE', 8);
  module.set('M', 8);
  module.set('DOTALL', 16);
  module.set('S', 16);
  return new PyRecord('module', module, "<module 're'>");
}

function pytzModule(): PyRecord {
  const utc = new PyRecord('UTC', new Map(), 'UTC');
  return new PyRecord(
    'module',
    new Map<string, Value>([
      ['utc', utc],
      ['UTC', utc],
      ['timezone', new PyFunction('timezone', (a) => new PyRecord('tzinfo', new Map(), toStr(a[0] ?? 'UTC')))],
    ]),
    "<module 'pytz'>",
  );
}

export function makeModules(now: () => number): PyRecord {
  return new PyRecord(
    'modules',
    new Map<string, Value>([
      ['datetime', datetimeModule(now)],
      ['re', reModule()],
      ['pytz', pytzModule()],
    ]),
  );
}
