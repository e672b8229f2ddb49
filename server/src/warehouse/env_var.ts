/**
 * The sliver of Jinja that profiles.yml needs: `{{ env_var('X') }}`,
 * `{{ env_var('X', 'default') }}` and a few filters (`| int`, `| as_number`,
 * `| as_bool`, `| as_text`, `| lower`, `| upper`, `| trim`). Kept apart from the
 * Jinja layer on purpose: connecting must not depend on the template engine,
 * and anything more elaborate here is an error, not a guess.
 */

export class TemplateError extends Error {}

type Value = string | number | boolean;

interface Cursor {
  src: string;
  pos: number;
}

function skipSpace(c: Cursor): void {
  while (c.pos < c.src.length && /\s/.test(c.src[c.pos])) c.pos++;
}

function readString(c: Cursor): string | undefined {
  const quote = c.src[c.pos];
  if (quote !== "'" && quote !== '"') return undefined;
  let out = '';
  for (let i = c.pos + 1; i < c.src.length; i++) {
    const ch = c.src[i];
    if (ch === '\\' && i + 1 < c.src.length) {
      out += c.src[++i];
      continue;
    }
    if (ch === quote) {
      c.pos = i + 1;
      return out;
    }
    out += ch;
  }
  throw new TemplateError(`unterminated string in {{ ${c.src.trim()} }}`);
}

function readPrimary(c: Cursor, env: Readonly<Record<string, string | undefined>>): Value {
  skipSpace(c);
  const str = readString(c);
  if (str !== undefined) return str;
  const num = /^-?\d+(\.\d+)?/.exec(c.src.slice(c.pos));
  if (num) {
    c.pos += num[0].length;
    return Number(num[0]);
  }
  const word = /^[A-Za-z_]\w*/.exec(c.src.slice(c.pos));
  if (!word) throw new TemplateError(`unexpected "${c.src.slice(c.pos, c.pos + 10)}" in {{ ${c.src.trim()} }}`);
  c.pos += word[0].length;
  if (word[0] === 'true' || word[0] === 'True') return true;
  if (word[0] === 'false' || word[0] === 'False') return false;
  if (word[0] !== 'env_var') throw new TemplateError(`only env_var() is supported in profiles.yml, found "${word[0]}"`);
  skipSpace(c);
  if (c.src[c.pos] !== '(') throw new TemplateError('env_var must be called: env_var(\'NAME\')');
  c.pos++;
  const args: Value[] = [];
  for (;;) {
    skipSpace(c);
    if (c.src[c.pos] === ')') {
      c.pos++;
      break;
    }
    args.push(readPrimary(c, env));
    skipSpace(c);
    if (c.src[c.pos] === ',') c.pos++;
    else if (c.src[c.pos] !== ')') throw new TemplateError(`expected , or ) in env_var call: {{ ${c.src.trim()} }}`);
  }
  if (args.length < 1 || args.length > 2 || typeof args[0] !== 'string') {
    throw new TemplateError("env_var takes a name and an optional default: env_var('NAME', 'default')");
  }
  const value = env[args[0]];
  if (value !== undefined) return value;
  if (args.length === 2) return args[1];
  throw new EnvVarMissing(args[0]);
}

/** Raised for an unset variable without a default; carries the name so callers can say which. */
export class EnvVarMissing extends TemplateError {
  constructor(readonly variable: string) {
    super(`environment variable ${variable} is not set and env_var('${variable}') has no default`);
  }
}

function applyFilter(value: Value, filter: string): Value {
  switch (filter) {
    case 'int': {
      const n = parseInt(String(value), 10);
      if (Number.isNaN(n)) throw new TemplateError(`cannot convert "${value}" to int`);
      return n;
    }
    case 'float':
    case 'as_number': {
      const n = Number(value);
      if (String(value).trim() === '' || Number.isNaN(n)) throw new TemplateError(`cannot convert "${value}" to a number`);
      return n;
    }
    case 'as_bool':
      return value === true || /^(true|1|yes)$/i.test(String(value));
    case 'as_text':
    case 'string':
      return String(value);
    case 'lower':
      return String(value).toLowerCase();
    case 'upper':
      return String(value).toUpperCase();
    case 'trim':
      return String(value).trim();
    default:
      throw new TemplateError(`unsupported filter "${filter}" in profiles.yml`);
  }
}

function evalExpression(src: string, env: Readonly<Record<string, string | undefined>>): Value {
  const c: Cursor = { src, pos: 0 };
  let value = readPrimary(c, env);
  for (;;) {
    skipSpace(c);
    if (c.pos >= src.length) return value;
    if (src[c.pos] !== '|') throw new TemplateError(`unexpected "${src.slice(c.pos)}" in {{ ${src.trim()} }}`);
    c.pos++;
    skipSpace(c);
    const name = /^\w+/.exec(src.slice(c.pos));
    if (!name) throw new TemplateError(`expected a filter name after | in {{ ${src.trim()} }}`);
    c.pos += name[0].length;
    value = applyFilter(value, name[0]);
  }
}

/**
 * Renders one profiles.yml value. A value that is exactly one `{{ … }}`
 * keeps the expression's type (so `{{ env_var('PORT') | int }}` is a number);
 * anything mixed with text becomes a string.
 */
export function renderProfileValue(raw: unknown, env: Readonly<Record<string, string | undefined>>): unknown {
  if (typeof raw !== 'string' || !raw.includes('{')) return raw;
  const text = raw.replace(/\{#[\s\S]*?#\}/g, '');
  const whole = /^\s*\{\{([\s\S]*?)\}\}\s*$/.exec(text);
  if (whole && !whole[1].includes('}}')) return evalExpression(whole[1], env);
  if (/\{%/.test(text)) throw new TemplateError('Jinja statements ({% … %}) are not supported in profiles.yml');
  return text.replace(/\{\{([\s\S]*?)\}\}/g, (_m, expr: string) => String(evalExpression(expr, env)));
}
