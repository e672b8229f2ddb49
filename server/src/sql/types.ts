/**
 * Type inference for expressions, after scope resolution has bound column
 * references (their `binding` carries the upstream type). Returns the type
 * in the dialect's lower-case spelling, or undefined when it cannot be known
 * without the warehouse — a wrong guess is worse than none, because drift
 * diagnostics compare these types with declared ones.
 */
import type { Expr, FunctionCall } from './ast';
import type { DialectRules, TypeKind } from './dialect';
import { normalizeType } from './dialect';

const INTEGER_FAMILY = new Set(['tinyint', 'smallint', 'integer', 'int', 'bigint', 'hugeint', 'int64', 'number', 'utinyint', 'usmallint', 'uinteger', 'ubigint']);

const STRING_FUNCTIONS = new Set([
  'lower', 'upper', 'trim', 'ltrim', 'rtrim', 'btrim', 'concat', 'concat_ws', 'substr', 'substring', 'replace', 'left', 'right',
  'lpad', 'rpad', 'regexp_replace', 'regexp_extract', 'regexp_substr', 'md5', 'sha256', 'sha1', 'split_part', 'string_agg',
  'listagg', 'group_concat', 'initcap', 'reverse', 'repeat', 'to_char', 'format', 'printf', 'strftime', 'translate', 'chr',
  'to_varchar', 'to_hex', 'format_date', 'format_timestamp', 'json_extract_string', 'json_extract_path_text', 'uuid_string',
  'string', 'strip_accents', 'lcase', 'ucase', 'quote_ident', 'quote_literal', 'encode',
]);
const BIGINT_FUNCTIONS = new Set([
  'count', 'count_if', 'countif', 'approx_count_distinct', 'approx_distinct', 'row_number', 'rank', 'dense_rank', 'ntile',
  'length', 'char_length', 'character_length', 'strlen', 'len', 'octet_length', 'bit_length', 'array_length', 'len',
  'cardinality', 'strpos', 'instr', 'position', 'datediff', 'date_diff', 'timestampdiff', 'timestamp_diff', 'datetime_diff',
]);
const POSTGRES_INTEGER_FUNCTIONS = new Set(['length', 'char_length', 'character_length', 'octet_length', 'bit_length', 'strpos', 'position', 'ntile', 'array_length', 'cardinality', 'len']);
const DOUBLE_FUNCTIONS = new Set([
  'stddev', 'stddev_pop', 'stddev_samp', 'variance', 'var_pop', 'var_samp', 'corr', 'covar_pop', 'covar_samp', 'percent_rank',
  'cume_dist', 'random', 'rand', 'sqrt', 'ln', 'log', 'log10', 'log2', 'exp', 'power', 'pow', 'median', 'percentile_cont',
  'quantile_cont', 'kurtosis', 'skewness', 'entropy', 'radians', 'degrees', 'sin', 'cos', 'tan', 'atan', 'atan2', 'pi',
  'regr_slope', 'regr_intercept', 'regr_r2',
]);
const BOOLEAN_FUNCTIONS = new Set([
  'bool_and', 'bool_or', 'every', 'logical_and', 'logical_or', 'booland_agg', 'boolor_agg', 'regexp_matches', 'regexp_like',
  'regexp_contains', 'starts_with', 'startswith', 'ends_with', 'endswith', 'contains', 'isfinite', 'isnan', 'is_null', 'equal_null',
  'array_contains', 'list_contains', 'like', 'ilike',
]);
/** Functions whose type is the type of their first argument (or the first known one, for the coalesce family). */
const FIRST_ARG_FUNCTIONS = new Set([
  'min', 'max', 'any_value', 'arbitrary', 'first', 'last', 'first_value', 'last_value', 'nth_value', 'lag', 'lead', 'abs',
  'mode', 'arg_min', 'arg_max', 'min_by', 'max_by', 'argmin', 'argmax', 'greatest', 'least', 'nullif', 'percentile_disc',
  'quantile_disc', 'floor', 'ceil', 'ceiling', 'round', 'trunc', 'truncate', 'sign', 'dateadd', 'date_add', 'date_sub',
  'timestamp_add', 'timestamp_sub', 'datetime_add', 'datetime_sub', 'time_add', 'time_sub',
]);
const COALESCE_FUNCTIONS = new Set(['coalesce', 'ifnull', 'nvl', 'isnull', 'zeroifnull', 'nullifzero', 'if', 'iff', 'nvl2', 'decode']);
const DATE_FUNCTIONS = new Set(['to_date', 'date', 'last_day', 'current_date', 'date_from_parts', 'make_date', 'try_to_date', 'date_from_unix_date', 'parse_date']);
const TIMESTAMP_FUNCTIONS = new Set(['strptime', 'to_timestamp_ntz', 'make_timestamp', 'localtimestamp', 'timestamp_from_parts', 'datetime', 'parse_datetime', 'try_strptime']);
const TIMESTAMPTZ_FUNCTIONS = new Set(['now', 'current_timestamp', 'get_current_timestamp', 'transaction_timestamp', 'to_timestamp', 'to_timestamp_tz', 'to_timestamp_ltz', 'timestamp', 'parse_timestamp', 'sysdate', 'timestamp_seconds', 'timestamp_millis', 'timestamp_micros', 'epoch_ms']);
const DATE_PART_FUNCTIONS = new Set(['extract', 'date_part', 'datepart', 'year', 'month', 'day', 'hour', 'minute', 'second', 'quarter', 'week', 'dayofweek', 'dayofyear', 'dayofmonth', 'weekofyear', 'yearweek', 'epoch', 'isodow']);

function kind(rules: DialectRules, k: TypeKind): string {
  return rules.types[k];
}

function isInteger(t: string | undefined): boolean {
  if (!t) return false;
  return INTEGER_FAMILY.has(t) || t === 'int' || t.startsWith('number(') && t.endsWith(',0)');
}

function isDecimal(t: string): boolean {
  return t.startsWith('decimal') || t.startsWith('numeric') || t.startsWith('number') || t === 'bignumeric';
}

function isFloat(t: string): boolean {
  return t === 'double' || t === 'double precision' || t === 'float' || t === 'real' || t === 'float64' || t === 'float4' || t === 'float8';
}

function isTemporal(t: string): boolean {
  return t === 'date' || t.startsWith('timestamp') || t === 'datetime' || t === 'time';
}

export function inferType(expr: Expr, rules: DialectRules): string | undefined {
  switch (expr.kind) {
    case 'literal':
      return literalType(expr.literal, expr.text, rules);
    case 'column':
      return expr.binding?.info.type;
    case 'cast':
      return expr.type === 'unknown' ? undefined : expr.type;
    case 'function':
      return functionType(expr, rules);
    case 'case': {
      for (const r of expr.results) {
        const t = inferType(r, rules);
        if (t) return t;
      }
      return expr.otherwise ? inferType(expr.otherwise, rules) : undefined;
    }
    case 'chain':
      return chainType(expr.level, expr.ops, expr.operands, rules);
    case 'unary':
      return expr.op === 'not' ? kind(rules, 'boolean') : inferType(expr.operand, rules);
    case 'predicate':
      return kind(rules, 'boolean');
    case 'subquery':
      return expr.exists ? kind(rules, 'boolean') : expr.columnType;
    case 'list':
    case 'access':
    case 'lambda':
    case 'star':
    case 'error':
      return undefined;
  }
}

function literalType(literal: string, text: string, rules: DialectRules): string | undefined {
  switch (literal) {
    case 'number': {
      const digits = text.replace(/^[-+]/, '').replace(/_/g, '');
      if (/^\d+$/.test(digits)) {
        const n = Number(digits);
        return n <= 2147483647 ? kind(rules, 'integer') : kind(rules, 'bigint');
      }
      if (/e/i.test(digits) || /^0x/i.test(digits)) return /^0x/i.test(digits) ? kind(rules, 'integer') : kind(rules, 'double');
      if (rules.name !== 'duckdb') return kind(rules, 'decimal');
      // DuckDB types 12.50 as DECIMAL(4,2): precision = all digits, scale = digits after the point.
      const [whole, frac = ''] = digits.split('.');
      const intDigits = whole.replace(/^0+/, '').length;
      const scale = frac.length;
      return `decimal(${Math.max(intDigits + scale, scale, 1)},${scale})`;
    }
    case 'string':
      return kind(rules, 'varchar');
    case 'boolean':
      return kind(rules, 'boolean');
    case 'interval':
      return kind(rules, 'interval');
    case 'typed':
      return text;
    default:
      return undefined;
  }
}

function numericPromotion(types: (string | undefined)[], rules: DialectRules): string | undefined {
  let result: string | undefined;
  let rank = -1;
  for (const t of types) {
    if (!t) return undefined;
    let r: number;
    if (isInteger(t)) r = t === 'bigint' || t === 'hugeint' ? 1 : 0;
    else if (isDecimal(t)) r = 2;
    else if (isFloat(t)) r = 3;
    else return undefined;
    if (r > rank) {
      rank = r;
      result = t;
    }
  }
  if (rank === 2 && types.some((t) => t !== result)) {
    // Mixed decimal arithmetic widens precision by engine-specific rules; only the generic name is certain.
    return rules.name === 'duckdb' ? undefined : kind(rules, 'decimal');
  }
  return result;
}

function chainType(level: string, ops: string[], operands: Expr[], rules: DialectRules): string | undefined {
  switch (level) {
    case 'or':
    case 'and':
    case 'compare':
      return kind(rules, 'boolean');
    case 'other':
      if (ops.every((o) => o === '||')) return kind(rules, 'varchar');
      if (ops.every((o) => o === '->>' || o === '#>>')) return kind(rules, 'varchar');
      if (ops.every((o) => o === '@>' || o === '<@' || o === '&&' || o === '~' || o === '~*' || o === '!~' || o === '!~*' || o === '~~' || o === '^@')) return kind(rules, 'boolean');
      return undefined;
    case 'add': {
      const types = operands.map((o) => inferType(o, rules));
      const first = types[0];
      if (first && isTemporal(first)) {
        // date ± integer → date; timestamp - timestamp → interval; date ± interval → timestamp (DuckDB/Postgres).
        if (ops.length === 1 && ops[0] === '-' && types[1] && isTemporal(types[1])) return first === 'date' && rules.name !== 'duckdb' ? kind(rules, 'integer') : kind(rules, 'interval');
        if (types.slice(1).every((t) => t && isInteger(t))) return first;
        if (types.slice(1).every((t) => t === kind(rules, 'interval'))) return first === 'date' ? kind(rules, 'timestamp') : first;
        return undefined;
      }
      return numericPromotion(types, rules);
    }
    case 'mul': {
      const types = operands.map((o) => inferType(o, rules));
      const t = numericPromotion(types, rules);
      if (t && ops.includes('/') && rules.integerDivisionIsDouble && isInteger(t)) return kind(rules, 'double');
      if (t && ops.includes('/') && isDecimal(t) && rules.name === 'duckdb') return kind(rules, 'double');
      return t;
    }
    case 'power':
      return kind(rules, 'double');
  }
  return undefined;
}

function functionType(call: FunctionCall, rules: DialectRules): string | undefined {
  const name = call.name;
  const args = call.args;
  if (name === 'count' || BIGINT_FUNCTIONS.has(name)) {
    // Postgres counts rows in bigint but measures strings and ntiles in integer.
    if ((rules.name === 'postgres' || rules.name === 'redshift') && POSTGRES_INTEGER_FUNCTIONS.has(name)) return kind(rules, 'integer');
    return kind(rules, 'bigint');
  }
  if (STRING_FUNCTIONS.has(name)) return kind(rules, 'varchar');
  if (BOOLEAN_FUNCTIONS.has(name)) return kind(rules, 'boolean');
  if (DOUBLE_FUNCTIONS.has(name)) return kind(rules, 'double');
  if (DATE_PART_FUNCTIONS.has(name)) return kind(rules, 'datePart');
  if (DATE_FUNCTIONS.has(name)) return kind(rules, 'date');
  if (TIMESTAMP_FUNCTIONS.has(name)) return kind(rules, 'timestamp');
  if (TIMESTAMPTZ_FUNCTIONS.has(name)) return kind(rules, 'timestamptz');
  if (name === 'sum' || name === 'sum_no_overflow') {
    const t = args[0] && inferType(args[0], rules);
    if (!t) return undefined;
    if (isInteger(t)) return rules.name === 'postgres' && t === 'bigint' ? kind(rules, 'decimal') : kind(rules, 'sumOfIntegers');
    if (isDecimal(t) && rules.name === 'duckdb') {
      const m = /^decimal\((\d+),(\d+)\)$/.exec(t);
      return m ? `decimal(38,${m[2]})` : t;
    }
    return t;
  }
  if (name === 'avg' || name === 'mean') {
    const t = args[0] && inferType(args[0], rules);
    if (t && isFloat(t)) return t;
    return kind(rules, 'avg');
  }
  if (name === 'date_trunc' || name === 'datetrunc' || name === 'time_slice' || name === 'timestamp_trunc' || name === 'datetime_trunc') {
    // DuckDB and Postgres truncate dates to timestamps; Snowflake and BigQuery keep the argument's type.
    const arg = rules.name === 'bigquery' ? args[0] : args[1];
    const t = arg && inferType(arg, rules);
    if (rules.name === 'snowflake' || rules.name === 'bigquery') return t;
    if (t === kind(rules, 'timestamptz')) return t;
    return kind(rules, 'timestamp');
  }
  if (name === 'round' && rules.name === 'duckdb' && args.length === 2 && args[1].kind === 'literal' && args[1].literal === 'number') {
    // DuckDB rounds DECIMAL(p,s) to DECIMAL(p,n).
    const t = inferType(args[0], rules);
    const m = t && /^decimal\((\d+),(\d+)\)$/.exec(t);
    if (m) return `decimal(${m[1]},${Math.max(0, Math.min(Number(args[1].text), Number(m[2])))})`;
    return t;
  }
  if (FIRST_ARG_FUNCTIONS.has(name)) {
    let arg = args[0];
    if ((name === 'dateadd' || name === 'date_add' || name === 'timestampadd') && args.length === 3) arg = args[2];
    return arg ? inferType(arg, rules) : undefined;
  }
  if (COALESCE_FUNCTIONS.has(name)) {
    const from = name === 'if' || name === 'iff' ? 1 : name === 'nvl2' ? 1 : 0;
    for (let i = from; i < args.length; i++) {
      const t = inferType(args[i], rules);
      if (t) return t;
    }
    return undefined;
  }
  if (name === 'to_number' || name === 'to_decimal' || name === 'to_numeric') return kind(rules, 'decimal');
  if (name === 'uuid' || name === 'gen_random_uuid') return normalizeType(rules, 'uuid');
  if (name === 'hash') return rules.name === 'duckdb' ? 'ubigint' : undefined;
  return undefined;
}

/** Aggregate functions: a select item calling one (outside OVER) is an aggregate. */
export const AGGREGATE_FUNCTIONS: ReadonlySet<string> = new Set([
  'count', 'sum', 'avg', 'mean', 'min', 'max', 'any_value', 'arbitrary', 'array_agg', 'string_agg', 'listagg', 'group_concat',
  'bool_and', 'bool_or', 'every', 'logical_and', 'logical_or', 'booland_agg', 'boolor_agg', 'stddev', 'stddev_pop', 'stddev_samp',
  'variance', 'var_pop', 'var_samp', 'median', 'mode', 'percentile_cont', 'percentile_disc', 'quantile', 'quantile_cont',
  'quantile_disc', 'approx_count_distinct', 'approx_distinct', 'approx_quantile', 'approx_percentile', 'count_if', 'countif',
  'first', 'last', 'arg_max', 'arg_min', 'argmax', 'argmin', 'max_by', 'min_by', 'histogram', 'list', 'corr', 'covar_pop',
  'covar_samp', 'bit_and', 'bit_or', 'bit_xor', 'product', 'kurtosis', 'skewness', 'entropy', 'regr_slope', 'regr_intercept',
  'regr_r2', 'regr_count', 'sum_no_overflow', 'fsum', 'favg', 'hll_count', 'object_agg', 'json_agg', 'jsonb_agg',
  'json_object_agg', 'array_union_agg', 'bitmap_count', 'approx_top_k', 'approximate_count_distinct',
]);
