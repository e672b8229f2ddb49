/**
 * What differs between the SQL dialects we analyse: how identifiers and
 * strings are quoted, which comment forms exist, how identifiers fold, and
 * how the dialect spells the common types. Everything dialect-specific that
 * the tokenizer, parser and type inference need lives here.
 */
import type { Dialect } from './api';

/** Canonical type kinds that type inference produces; each dialect spells them its own way. */
export type TypeKind =
  | 'integer'
  | 'bigint'
  | 'sumOfIntegers'
  | 'double'
  | 'decimal'
  | 'avg'
  | 'varchar'
  | 'boolean'
  | 'date'
  | 'timestamp'
  | 'timestamptz'
  | 'interval'
  | 'datePart';

export interface DialectRules {
  readonly name: Dialect;
  /** Char code that quotes identifiers: `"` (34) or backtick (96). */
  readonly identifierQuote: number;
  /** BigQuery: "..." is a string, not an identifier. */
  readonly doubleQuotedStrings: boolean;
  /** Strings accept backslash escapes (BigQuery, Snowflake). Postgres only in E'...'. */
  readonly backslashEscapes: boolean;
  /** `$tag$...$tag$` strings (Postgres family, DuckDB); Snowflake only has `$$...$$`. */
  readonly dollarQuotes: 'tagged' | 'plain';
  /** `# comment` (BigQuery). */
  readonly hashComments: boolean;
  /** Postgres and DuckDB allow block comments to nest. */
  readonly nestedBlockComments: boolean;
  /** Keyword that removes columns from `*`: BigQuery `EXCEPT`, others `EXCLUDE`. */
  readonly starExcept: 'except' | 'exclude';
  /** Integer division yields a double (DuckDB) or stays integer (Postgres family). */
  readonly integerDivisionIsDouble: boolean;
  readonly types: Readonly<Record<TypeKind, string>>;
  /** Synonyms normalised to the spelling the warehouse reports (keys lower-case). */
  readonly typeSynonyms: ReadonlyMap<string, string>;
}

const POSTGRES_TYPES: Record<TypeKind, string> = {
  integer: 'integer',
  bigint: 'bigint',
  sumOfIntegers: 'bigint',
  double: 'double precision',
  decimal: 'numeric',
  avg: 'numeric',
  varchar: 'text',
  boolean: 'boolean',
  date: 'date',
  timestamp: 'timestamp without time zone',
  timestamptz: 'timestamp with time zone',
  interval: 'interval',
  datePart: 'numeric',
};

const POSTGRES_SYNONYMS: [string, string][] = [
  ['int', 'integer'],
  ['int4', 'integer'],
  ['int8', 'bigint'],
  ['int2', 'smallint'],
  ['float8', 'double precision'],
  ['double', 'double precision'],
  ['float', 'double precision'],
  ['float4', 'real'],
  ['bool', 'boolean'],
  ['decimal', 'numeric'],
  ['varchar', 'character varying'],
  ['char', 'character'],
  ['timestamp', 'timestamp without time zone'],
  ['timestamptz', 'timestamp with time zone'],
  ['time', 'time without time zone'],
  ['timetz', 'time with time zone'],
];

const DIALECTS: Record<Dialect, DialectRules> = {
  duckdb: {
    name: 'duckdb',
    identifierQuote: 34,
    doubleQuotedStrings: false,
    backslashEscapes: false,
    dollarQuotes: 'tagged',
    hashComments: false,
    nestedBlockComments: true,
    starExcept: 'exclude',
    integerDivisionIsDouble: true,
    types: {
      integer: 'integer',
      bigint: 'bigint',
      sumOfIntegers: 'hugeint',
      double: 'double',
      decimal: 'decimal',
      avg: 'double',
      varchar: 'varchar',
      boolean: 'boolean',
      date: 'date',
      timestamp: 'timestamp',
      timestamptz: 'timestamp with time zone',
      interval: 'interval',
      datePart: 'bigint',
    },
    typeSynonyms: new Map([
      ['int', 'integer'],
      ['int4', 'integer'],
      ['signed', 'integer'],
      ['int8', 'bigint'],
      ['long', 'bigint'],
      ['int2', 'smallint'],
      ['short', 'smallint'],
      ['int1', 'tinyint'],
      ['float8', 'double'],
      ['double precision', 'double'],
      ['float4', 'float'],
      ['real', 'float'],
      ['bool', 'boolean'],
      ['logical', 'boolean'],
      ['numeric', 'decimal(18,3)'],
      ['decimal', 'decimal(18,3)'],
      ['text', 'varchar'],
      ['string', 'varchar'],
      ['char', 'varchar'],
      ['bpchar', 'varchar'],
      ['character varying', 'varchar'],
      ['datetime', 'timestamp'],
      ['timestamp without time zone', 'timestamp'],
      ['timestamptz', 'timestamp with time zone'],
      ['bytea', 'blob'],
    ]),
  },
  postgres: {
    name: 'postgres',
    identifierQuote: 34,
    doubleQuotedStrings: false,
    backslashEscapes: false,
    dollarQuotes: 'tagged',
    hashComments: false,
    nestedBlockComments: true,
    starExcept: 'exclude',
    integerDivisionIsDouble: false,
    types: POSTGRES_TYPES,
    typeSynonyms: new Map(POSTGRES_SYNONYMS),
  },
  redshift: {
    name: 'redshift',
    identifierQuote: 34,
    doubleQuotedStrings: false,
    backslashEscapes: false,
    dollarQuotes: 'tagged',
    hashComments: false,
    nestedBlockComments: false,
    starExcept: 'exclude',
    integerDivisionIsDouble: false,
    types: { ...POSTGRES_TYPES, varchar: 'character varying' },
    typeSynonyms: new Map([...POSTGRES_SYNONYMS, ['text', 'character varying']]),
  },
  snowflake: {
    name: 'snowflake',
    identifierQuote: 34,
    doubleQuotedStrings: false,
    backslashEscapes: true,
    dollarQuotes: 'plain',
    hashComments: false,
    nestedBlockComments: false,
    starExcept: 'exclude',
    integerDivisionIsDouble: true,
    types: {
      integer: 'number',
      bigint: 'number',
      sumOfIntegers: 'number',
      double: 'float',
      decimal: 'number',
      avg: 'number',
      varchar: 'varchar',
      boolean: 'boolean',
      date: 'date',
      timestamp: 'timestamp_ntz',
      timestamptz: 'timestamp_ltz',
      interval: 'interval',
      datePart: 'number',
    },
    typeSynonyms: new Map([
      ['int', 'number'],
      ['integer', 'number'],
      ['bigint', 'number'],
      ['smallint', 'number'],
      ['tinyint', 'number'],
      ['byteint', 'number'],
      ['decimal', 'number'],
      ['numeric', 'number'],
      ['double', 'float'],
      ['double precision', 'float'],
      ['real', 'float'],
      ['float4', 'float'],
      ['float8', 'float'],
      ['text', 'varchar'],
      ['string', 'varchar'],
      ['char', 'varchar'],
      ['character', 'varchar'],
      ['bool', 'boolean'],
      ['datetime', 'timestamp_ntz'],
      ['timestamp', 'timestamp_ntz'],
    ]),
  },
  bigquery: {
    name: 'bigquery',
    identifierQuote: 96,
    doubleQuotedStrings: true,
    backslashEscapes: true,
    dollarQuotes: 'plain',
    hashComments: true,
    nestedBlockComments: false,
    starExcept: 'except',
    integerDivisionIsDouble: true,
    types: {
      integer: 'int64',
      bigint: 'int64',
      sumOfIntegers: 'int64',
      double: 'float64',
      decimal: 'numeric',
      avg: 'float64',
      varchar: 'string',
      boolean: 'bool',
      date: 'date',
      timestamp: 'datetime',
      timestamptz: 'timestamp',
      interval: 'interval',
      datePart: 'int64',
    },
    typeSynonyms: new Map([
      ['int', 'int64'],
      ['integer', 'int64'],
      ['bigint', 'int64'],
      ['smallint', 'int64'],
      ['tinyint', 'int64'],
      ['byteint', 'int64'],
      ['float', 'float64'],
      ['double', 'float64'],
      ['decimal', 'numeric'],
      ['bigdecimal', 'bignumeric'],
      ['boolean', 'bool'],
      ['varchar', 'string'],
      ['text', 'string'],
    ]),
  },
};

export function dialectRules(dialect: Dialect): DialectRules {
  return DIALECTS[dialect] ?? DIALECTS.duckdb;
}

/**
 * The name a user expects to see for an identifier, as dbt shows it: unquoted
 * identifiers lower-case (whatever the warehouse folds them to), quoted ones
 * as written. On Snowflake an all-upper-case quoted identifier is the same
 * object as the unquoted one, so it is shown lower-case too.
 */
export function displayName(rules: DialectRules, text: string, quoted: boolean): string {
  if (!quoted) return text.toLowerCase();
  if (rules.name === 'snowflake' && text === text.toUpperCase()) return text.toLowerCase();
  return text;
}

/** Normalises a written type (`NUMERIC(18, 2)`, `int`, `character  varying`) to the dialect's lower-case spelling. */
export function normalizeType(rules: DialectRules, written: string): string {
  const cache = TYPE_CACHE[rules.name];
  const cached = cache.get(written);
  if (cached !== undefined) return cached;
  const t = normalizeTypeUncached(rules, written);
  // Models repeat a handful of type spellings; the bound keeps adversarial input from growing the cache.
  if (cache.size < 10000) cache.set(written, t);
  return t;
}

const TYPE_CACHE: Record<Dialect, Map<string, string>> = {
  duckdb: new Map(),
  postgres: new Map(),
  redshift: new Map(),
  snowflake: new Map(),
  bigquery: new Map(),
};

function normalizeTypeUncached(rules: DialectRules, written: string): string {
  let t = written.toLowerCase().replace(/\s+/g, ' ').replace(/\s*([(),<>])\s*/g, '$1').trim();
  const paren = t.indexOf('(');
  const base = paren < 0 ? t : t.slice(0, paren);
  const args = paren < 0 ? '' : t.slice(paren);
  const mapped = rules.typeSynonyms.get(base);
  if (mapped !== undefined) {
    // A synonym that carries its own precision (duckdb `decimal` → `decimal(18,3)`) yields to written precision.
    const mappedParen = mapped.indexOf('(');
    t = args ? (mappedParen < 0 ? mapped : mapped.slice(0, mappedParen)) + args : mapped;
  }
  // DuckDB ignores varchar lengths and reports plain VARCHAR.
  if (rules.name === 'duckdb' && t.startsWith('varchar(')) t = 'varchar';
  return t;
}

/** Date/time part names that appear as bare words in `extract(year from x)`, `datediff(day, a, b)`, `interval 1 day`. */
export const DATE_PARTS: ReadonlySet<string> = new Set([
  'year', 'years', 'yy', 'yyyy', 'quarter', 'quarters', 'qtr', 'month', 'months', 'mon', 'mm', 'week', 'weeks', 'wk', 'isoweek',
  'day', 'days', 'dd', 'dayofweek', 'dow', 'dayofyear', 'doy', 'isodow', 'isoyear', 'hour', 'hours', 'hh', 'minute', 'minutes',
  'mi', 'second', 'seconds', 'ss', 'millisecond', 'milliseconds', 'ms', 'microsecond', 'microseconds', 'us', 'nanosecond',
  'ns', 'epoch', 'century', 'decade', 'millennium', 'timezone', 'timezone_hour', 'timezone_minute', 'week_day',
  'yearofweek', 'weekday', 'dayofmonth', 'weekofyear', 'epoch_second', 'epoch_millisecond',
]);

/**
 * Words that end an expression or a FROM item, so they can never be an
 * implicit alias (`select a from t where ...`: `where` is not t's alias).
 */
export const RESERVED: ReadonlySet<string> = new Set([
  'select', 'from', 'where', 'group', 'having', 'qualify', 'window', 'order', 'limit', 'offset', 'fetch', 'union',
  'intersect', 'except', 'minus', 'join', 'inner', 'left', 'right', 'full', 'outer', 'cross', 'natural', 'lateral', 'on',
  'using', 'as', 'and', 'or', 'not', 'is', 'in', 'like', 'ilike', 'between', 'when', 'then', 'else', 'end', 'case', 'with',
  'values', 'into', 'over', 'filter', 'asc', 'desc', 'partition', 'by', 'all', 'distinct', 'anti', 'semi', 'asof',
  'positional', 'returning', 'for', 'tablesample', 'pivot', 'unpivot', 'glob', 'similar', 'escape', 'collate', 'rlike',
  'regexp', 'match_recognize', 'exclude', 'null', 'true', 'false', 'lambda',
]);
