/**
 * dbt's cross-database macros and the common dbt_utils macros, written in
 * TypeScript so they render fast and without the packages installed. They
 * produce the SQL the adapter-specific implementations produce for
 * duckdb / postgres / redshift / snowflake / bigquery; a project or an
 * installed package that defines the same macro wins over these.
 */
import { RelationValue } from './relation';
import {
  bindArgs,
  iterate,
  JinjaRuntimeError,
  orDefault,
  repr,
  toInt,
  toStr,
  truthy,
  Undefined,
  type Kwargs,
  type Value,
} from './values';

/** What a builtin macro may ask of the render. */
export interface BuiltinEnv {
  /** target.type: duckdb | postgres | redshift | snowflake | bigquery | … */
  adapter: string;
  quote(identifier: string): string;
  /** Column names of a relation value, undefined when unknown. */
  columnsOf(relation: Value): string[] | undefined;
  varValue(name: string): Value | undefined;
  /** target.name and target.schema, for the naming macros. */
  target: { name: string; schema: string };
}

export type BuiltinMacro = (args: Value[], kwargs: Kwargs, env: BuiltinEnv) => Value;

const s = toStr;

// ---------------------------------------------------------------- types

function typeString(a: string): string {
  return a === 'bigquery' ? 'STRING' : 'TEXT';
}

const TYPES: Record<string, (a: string) => string> = {
  type_string: typeString,
  type_timestamp: () => 'TIMESTAMP',
  type_float: (a) => (a === 'bigquery' ? 'FLOAT64' : 'FLOAT'),
  type_numeric: (a) => (a === 'bigquery' ? 'numeric' : 'numeric(28,6)'),
  type_bigint: (a) => (a === 'bigquery' ? 'int64' : 'bigint'),
  type_int: (a) => (a === 'bigquery' ? 'int64' : 'INT'),
  type_boolean: (a) => (a === 'bigquery' ? 'BOOL' : 'BOOLEAN'),
};

// ---------------------------------------------------------------- cross-database SQL

function dateTrunc(a: string, datepart: string, date: string): string {
  if (a === 'bigquery') return `timestamp_trunc(\n        cast(${date} as timestamp),\n        ${datepart}\n    )`;
  return `date_trunc('${datepart}', ${date})`;
}

function dateadd(a: string, datepart: string, interval: string, from: string): string {
  switch (a) {
    case 'postgres':
      return `${from} + ((interval '1 ${datepart}') * (${interval}))`;
    case 'duckdb': {
      // dbt-duckdb multiplies an interval so column expressions work; it has no quarter/week units
      const unit = datepart.toLowerCase();
      if (unit === 'quarter') return `(${from} + (cast(${interval} as bigint) * 3) * interval 1 month)`;
      if (unit === 'week') return `(${from} + (cast(${interval} as bigint) * 7) * interval 1 day)`;
      return `(${from} + cast(${interval} as bigint) * interval 1 ${unit})`;
    }
    case 'bigquery':
      return `datetime_add(\n            cast( ${from} as datetime),\n        interval ${interval} ${datepart}\n        )`;
    default:
      return `dateadd(\n        ${datepart},\n        ${interval},\n        ${from}\n        )`;
  }
}

function postgresDatediff(first: string, second: string, datepart: string): string {
  const yearDiff = `(date_part('year', (${second})::date) - date_part('year', (${first})::date))`;
  const dayDiff = `((${second})::date - (${first})::date)`;
  const part = (p: string, cast = 'timestamp') => `date_part('${p}', (${second})::${cast}) - date_part('${p}', (${first})::${cast})`;
  const hourDiff = `(${dayDiff} * 24 + ${part('hour')})`;
  const minuteDiff = `(${hourDiff} * 60 + ${part('minute')})`;
  const secondDiff = `(${minuteDiff} * 60 + floor(${part('second')}))`;
  switch (datepart.toLowerCase()) {
    case 'year':
      return yearDiff;
    case 'quarter':
      return `(${yearDiff} * 4 + ${part('quarter', 'date')})`;
    case 'month':
      return `(${yearDiff} * 12 + ${part('month', 'date')})`;
    case 'day':
      return dayDiff;
    case 'week':
      return weekDiff(dayDiff, first, second, '/');
    case 'hour':
      return hourDiff;
    case 'minute':
      return minuteDiff;
    case 'second':
      return secondDiff;
    case 'millisecond':
      return `(${minuteDiff} * 60000 + floor(${part('millisecond')}))`;
    case 'microsecond':
      return `(${minuteDiff} * 60000000 + floor(${part('microsecond')}))`;
  }
  throw new JinjaRuntimeError(`Unsupported datepart for macro datediff in postgres: ${datepart}`);
}

/** Whole weeks between two dates, corrected by weekday as dbt's postgres/duckdb implementations do. */
function weekDiff(dayDiff: string, first: string, second: string, div: string): string {
  return (
    `(${dayDiff} ${div} 7 + case\n            when date_part('dow', (${first})::timestamp) <= date_part('dow', (${second})::timestamp) then\n` +
    `                case when ${first} <= ${second} then 0 else -1 end\n            else\n` +
    `                case when ${first} <= ${second} then 1 else 0 end\n        end)`
  );
}

function datediff(a: string, first: string, second: string, datepart: string): string {
  switch (a) {
    case 'postgres':
      return postgresDatediff(first, second, datepart);
    case 'duckdb':
      if (datepart === 'week') return weekDiff(`((${second})::date - (${first})::date)`, first, second, '//');
      return `(date_diff('${datepart}', ${first}::timestamp, ${second}::timestamp ))`;
    case 'bigquery':
      return `datetime_diff(\n            cast(${second} as datetime),\n            cast(${first} as datetime),\n            ${datepart}\n        )`;
    default:
      return `datediff(\n        ${datepart},\n        ${first},\n        ${second}\n        )`;
  }
}

function concat(a: string, fields: Value): string {
  const list = iterate(fields).map(s);
  return a === 'redshift' ? list.join(' || ') : `concat(${list.join(', ')})`;
}

function hash(a: string, field: string): string {
  return a === 'bigquery' ? `to_hex(md5(cast(${field} as ${typeString(a)})))` : `md5(cast(${field} as ${typeString(a)}))`;
}

function safeCast(a: string, field: string, type: string): string {
  if (a === 'snowflake') return `try_cast(${field} as ${type})`;
  if (a === 'bigquery') return `safe_cast(${field} as ${type})`;
  return `cast(${field} as ${type})`;
}

function currentTimestamp(a: string): string {
  switch (a) {
    case 'postgres':
    case 'duckdb':
      return 'now()';
    case 'redshift':
      return 'getdate()';
    case 'snowflake':
      return 'convert_timezone(\'UTC\', current_timestamp())';
    default:
      return 'current_timestamp()';
  }
}

function splitPart(a: string, text: string, delim: string, partNumber: Value): string {
  if (a === 'bigquery') {
    const n = typeof partNumber === 'number' ? partNumber : Number(s(partNumber));
    const idx = n >= 0 ? `safe_offset(${n - 1})` : `safe_offset(array_length(split(${text}, ${delim})) + ${n})`;
    return `split(\n        ${text},\n        ${delim}\n        )[${idx}]`;
  }
  const part = s(partNumber);
  if (a === 'duckdb' && !(Number(part) < 0)) return `coalesce(string_split(${text}, ${delim})[ ${part} ], '')`;
  if ((a === 'postgres' || a === 'redshift' || a === 'duckdb') && Number(part) < 0) {
    // negative part numbers count from the end, as dbt's postgres implementation does
    return `split_part(\n        ${text},\n        ${delim},\n          length(${text})\n          - length(\n              replace(${text},  ${delim}, '')\n          )/ length(${delim}) + 2 + ${part}\n        )`;
  }
  return `split_part(\n        ${text},\n        ${delim},\n        ${part}\n        )`;
}

function listagg(a: string, measure: string, delim: string, orderBy: Value, limit: Value): string {
  const order = orderBy === null || orderBy instanceof Undefined ? '' : s(orderBy);
  const lim = limit === null || limit instanceof Undefined ? '' : s(limit);
  switch (a) {
    case 'postgres':
      if (lim) return `array_to_string(\n        (array_agg(\n            ${measure}\n            ${order}\n        ))[1:${lim}],\n        ${delim}\n        )`;
      return `string_agg(\n        ${measure},\n        ${delim}\n        ${order}\n        )`;
    case 'duckdb':
      if (lim) return `list_aggr(\n        (array_agg(\n            ${measure}\n            ${order}\n        ))[1:${lim}],\n        'string_agg',\n        ${delim}\n        )`;
      return `string_agg(\n        ${measure},\n        ${delim}\n        ${order}\n        )`;
    case 'bigquery':
      return `string_agg(\n        ${measure},\n        ${delim}\n        ${order}\n        ${lim ? `limit ${lim}` : ''}\n        )`;
    case 'redshift':
      if (lim) throw new JinjaRuntimeError('listagg with limit_num is not supported on redshift by this renderer');
      return `listagg(\n        ${measure},\n        ${delim}\n        )${order ? `\n        within group (${order})` : ''}`;
    default:
      if (lim) return `array_to_string(\n        array_slice(\n            array_agg(\n                ${measure}\n            )${order ? ` within group (${order})` : ''}\n            ,0\n            ,${lim}\n        ),\n        ${delim}\n        )`;
      return `listagg(\n        ${measure},\n        ${delim}\n        )${order ? `\n        within group (${order})` : ''}`;
  }
}

function anyValue(a: string, expr: string): string {
  if (a === 'postgres') return `min(${expr})`;
  if (a === 'duckdb') return `arbitrary(${expr})`;
  if (a === 'redshift') return `max(${expr})`;
  return `any_value(${expr})`;
}

function boolOr(a: string, expr: string): string {
  if (a === 'snowflake') return `boolor_agg(${expr})`;
  if (a === 'bigquery') return `logical_or(${expr})`;
  return `bool_or(${expr})`;
}

function escapeSingleQuotes(a: string, v: string): string {
  return a === 'bigquery' || a === 'snowflake' ? v.replace(/'/g, "\\'") : v.replace(/'/g, "''");
}

/** The `dbt` namespace: dbt-core's cross-database macros. */
export const DBT_MACROS: Record<string, BuiltinMacro> = {
  date_trunc: (args, kw, env) => {
    const [datepart, date] = bindArgs('date_trunc', ['datepart', 'date'], args, kw, 2);
    return dateTrunc(env.adapter, s(datepart), s(date));
  },
  dateadd: (args, kw, env) => {
    const [datepart, interval, from] = bindArgs('dateadd', ['datepart', 'interval', 'from_date_or_timestamp'], args, kw, 3);
    return dateadd(env.adapter, s(datepart), s(interval), s(from));
  },
  datediff: (args, kw, env) => {
    const [first, second, datepart] = bindArgs('datediff', ['first_date', 'second_date', 'datepart'], args, kw, 3);
    return datediff(env.adapter, s(first), s(second), s(datepart));
  },
  concat: (args, kw, env) => concat(env.adapter, bindArgs('concat', ['fields'], args, kw, 1)[0]),
  hash: (args, kw, env) => hash(env.adapter, s(bindArgs('hash', ['field'], args, kw, 1)[0])),
  safe_cast: (args, kw, env) => {
    const [field, type] = bindArgs('safe_cast', ['field', 'type'], args, kw, 2);
    return safeCast(env.adapter, s(field), s(type));
  },
  cast: (args, kw) => {
    const [field, type] = bindArgs('cast', ['field', 'type'], args, kw, 2);
    return `cast(${s(field)} as ${s(type)})`;
  },
  current_timestamp: (_a, _k, env) => currentTimestamp(env.adapter),
  current_timestamp_backcompat: (_a, _k, env) => currentTimestamp(env.adapter),
  current_timestamp_in_utc_backcompat: (_a, _k, env) => currentTimestamp(env.adapter),
  split_part: (args, kw, env) => {
    const [text, delim, part] = bindArgs('split_part', ['string_text', 'delimiter_text', 'part_number'], args, kw, 3);
    return splitPart(env.adapter, s(text), s(delim), part);
  },
  listagg: (args, kw, env) => {
    const [measure, delim, orderBy, limit] = bindArgs('listagg', ['measure', 'delimiter_text', 'order_by_clause', 'limit_num'], args, kw, 1);
    return listagg(env.adapter, s(measure), s(orderDefault(delim, "','")), orderBy, limit);
  },
  cast_bool_to_text: (args, kw, env) => `cast(${s(bindArgs('cast_bool_to_text', ['field'], args, kw, 1)[0])} as ${typeString(env.adapter)})`,
  any_value: (args, kw, env) => anyValue(env.adapter, s(bindArgs('any_value', ['expression'], args, kw, 1)[0])),
  bool_or: (args, kw, env) => boolOr(env.adapter, s(bindArgs('bool_or', ['expression'], args, kw, 1)[0])),
  escape_single_quotes: (args, kw, env) => escapeSingleQuotes(env.adapter, s(bindArgs('escape_single_quotes', ['expression'], args, kw, 1)[0])),
  string_literal: (args, kw) => `'${s(bindArgs('string_literal', ['value'], args, kw, 1)[0])}'`,
  replace: (args, kw) => {
    const [field, old, rep] = bindArgs('replace', ['field', 'old_chars', 'new_chars'], args, kw, 3);
    return `replace(\n    ${s(field)},\n    ${s(old)},\n    ${s(rep)}\n    )`;
  },
  length: (args, kw, env) => `${env.adapter === 'redshift' ? 'len' : 'length'}(\n        ${s(bindArgs('length', ['expression'], args, kw, 1)[0])}\n    )`,
  right: (args, kw) => {
    const [text, n] = bindArgs('right', ['string_text', 'length_expression'], args, kw, 2);
    return `right(\n        ${s(text)},\n        ${s(n)}\n    )`;
  },
  position: (args, kw) => {
    const [sub, text] = bindArgs('position', ['substring_text', 'string_text'], args, kw, 2);
    return `position(\n        ${s(sub)} in ${s(text)}\n    )`;
  },
  last_day: (args, kw, env) => {
    const [date, datepart] = bindArgs('last_day', ['date', 'datepart'], args, kw, 2);
    const trunc = dateTrunc(env.adapter, s(datepart), s(date));
    const next = dateadd(env.adapter, s(datepart), '1', trunc);
    return `cast(\n        ${dateadd(env.adapter, 'day', '-1', next)}\n        as date)`;
  },
};
for (const [name, fn] of Object.entries(TYPES)) DBT_MACROS[name] = (_a, _k, env) => fn(env.adapter);

function orderDefault(v: Value, d: Value): Value {
  return v instanceof Undefined || v === null ? d : v;
}

// ---------------------------------------------------------------- dbt_utils

function expectRelation(macro: string, v: Value): RelationValue {
  if (v instanceof RelationValue) return v;
  throw new JinjaRuntimeError(`Macro ${macro} expected a Relation but received the value: ${repr(v)}`);
}

function lowerSet(v: Value): Set<string> {
  const out = new Set<string>();
  if (v === null || v instanceof Undefined) return out;
  for (const x of iterate(v)) out.add(s(x).toLowerCase());
  return out;
}

function filteredColumns(env: BuiltinEnv, from: Value, except: Value): string[] | undefined {
  const cols = env.columnsOf(from);
  if (!cols) return undefined;
  const ex = lowerSet(except);
  return cols.filter((c) => !ex.has(c.toLowerCase()));
}

function slugify(v: string): string {
  let out = v.replace(/[ -]+/g, '_').replace(/[^a-zA-Z0-9_]/g, '').toLowerCase();
  if (/^[0-9]/.test(out)) out = '_' + out;
  return out;
}

function surrogateFields(env: BuiltinEnv, fields: Value[], nullValue: string): string {
  const parts: string[] = [];
  fields.forEach((f, i) => {
    parts.push(`coalesce(cast(${s(f)} as ${typeString(env.adapter)}), '${nullValue}')`);
    if (i < fields.length - 1) parts.push("'-'");
  });
  return hash(env.adapter, concat(env.adapter, parts));
}

export const DBT_UTILS_MACROS: Record<string, BuiltinMacro> = {
  star: (args, kw, env) => {
    const [from, relationAlias, except, prefix, suffix, quoteIdentifiers] = bindArgs(
      'star',
      ['from', 'relation_alias', 'except', 'prefix', 'suffix', 'quote_identifiers'],
      args,
      kw,
      1,
    );
    expectRelation('star', from);
    const cols = filteredColumns(env, from, orDefault(except, []));
    // columns unknown (no warehouse, no YAML): `*` keeps the SQL valid, as dbt_utils does at parse time
    if (!cols || !cols.length) return '*';
    const alias = truthy(orDefault(relationAlias, false)) ? s(relationAlias) + '.' : '';
    const pre = s(orDefault(prefix, ''));
    const suf = s(orDefault(suffix, ''));
    const quote = truthy(orDefault(quoteIdentifiers, true));
    return cols
      .map((c) => {
        const name = quote ? env.quote(c) : c;
        const renamed = pre || suf ? ` as ${quote ? env.quote(pre + c + suf) : pre + c + suf}` : '';
        return alias + name + renamed;
      })
      .join(',\n  ');
  },
  get_filtered_columns_in_relation: (args, kw, env) => {
    const [from, except] = bindArgs('get_filtered_columns_in_relation', ['from', 'except'], args, kw, 1);
    expectRelation('get_filtered_columns_in_relation', from);
    return filteredColumns(env, from, orDefault(except, [])) ?? [];
  },
  generate_surrogate_key: (args, kw, env) => {
    const [fieldList] = bindArgs('generate_surrogate_key', ['field_list'], args, kw, 1);
    if (!Array.isArray(fieldList)) throw new JinjaRuntimeError('generate_surrogate_key expects a list of field names');
    const emptyNulls = truthy(env.varValue('surrogate_key_treat_nulls_as_empty_strings') ?? false);
    return surrogateFields(env, fieldList, emptyNulls ? '' : '_dbt_utils_surrogate_key_null_');
  },
  surrogate_key: (args, kw, env) => {
    // legacy (dbt_utils < 1.0): a list or varargs, nulls as empty strings
    const fields = args.length === 1 && Array.isArray(args[0]) ? args[0] : args.length ? args : iterate(kw.get('field_list') ?? []);
    return surrogateFields(env, fields, '');
  },
  union_relations: (args, kw, env) => {
    const [relations, columnOverride, include, exclude, sourceColumnName, where] = bindArgs(
      'union_relations',
      ['relations', 'column_override', 'include', 'exclude', 'source_column_name', 'where'],
      args,
      kw,
      1,
    );
    const rels = iterate(relations).map((r) => expectRelation('union_relations', r));
    const inc = lowerSet(orDefault(include, []));
    const exc = lowerSet(orDefault(exclude, []));
    if (inc.size && exc.size) throw new JinjaRuntimeError('Both include and exclude arguments were provided to `union`. Only one is allowed');
    const srcCol = s(orDefault(sourceColumnName, '_dbt_source_relation'));
    const overrides = columnOverride instanceof Map ? columnOverride : new Map<Value, Value>();
    const perRelation = rels.map((r) => env.columnsOf(r));
    const superset: string[] = [];
    const seen = new Set<string>();
    for (const cols of perRelation)
      for (const c of cols ?? []) {
        const k = c.toLowerCase();
        if (seen.has(k) || (inc.size && !inc.has(k)) || exc.has(k)) continue;
        seen.add(k);
        superset.push(c);
      }
    const whereText = where === null || where instanceof Undefined ? '' : `\n    where ${s(where)}`;
    return rels
      .map((rel, i) => {
        const own = perRelation[i];
        const lines = [`cast('${rel.toStr()}' as ${typeString(env.adapter)}) as ${env.quote(srcCol)}`];
        if (!own) lines.push('*');
        else {
          const ownSet = new Set(own.map((c) => c.toLowerCase()));
          for (const c of superset) {
            const type = overrides.get(c);
            const value = ownSet.has(c.toLowerCase()) ? env.quote(c) : 'null';
            lines.push(type !== undefined ? `cast(${value} as ${s(type)}) as ${env.quote(c)}` : `${value} as ${env.quote(c)}`);
          }
        }
        return `(\n    select\n        ${lines.join(',\n        ')}\n    from ${rel.toStr()}${whereText}\n)`;
      })
      .join('\n\nunion all\n\n');
  },
  pivot: (args, kw, env) => {
    const [column, values, alias, agg, cmp, prefix, suffix, thenValue, elseValue, quoteIdentifiers, distinct] = bindArgs(
      'pivot',
      ['column', 'values', 'alias', 'agg', 'cmp', 'prefix', 'suffix', 'then_value', 'else_value', 'quote_identifiers', 'distinct'],
      args,
      kw,
      2,
    );
    const pre = s(orDefault(prefix, ''));
    const suf = s(orDefault(suffix, ''));
    const quote = truthy(orDefault(quoteIdentifiers, true));
    return iterate(values)
      .map((v) => {
        const val = s(v);
        let out = `${s(orDefault(agg, 'sum'))}(\n    ${truthy(orDefault(distinct, false)) ? 'distinct ' : ''}case\n    when ${s(column)} ${s(orDefault(cmp, '='))} '${escapeSingleQuotes(env.adapter, val)}'\n      then ${s(orDefault(thenValue, 1))}\n    else ${s(orDefault(elseValue, 0))}\n    end\n  )`;
        if (truthy(orDefault(alias, true))) out += ` as ${quote ? env.quote(pre + val + suf) : slugify(pre + val + suf)}`;
        return out;
      })
      .join(',\n  ');
  },
  get_column_values: (args, kw) => {
    const [, , , , dflt] = bindArgs('get_column_values', ['table', 'column', 'order_by', 'max_records', 'default', 'where'], args, kw, 2);
    // no warehouse query during analysis: the declared default, else an empty list
    return dflt instanceof Undefined || dflt === null ? [] : dflt;
  },
  get_relations_by_pattern: () => [],
  get_relations_by_prefix: () => [],
  get_query_results_as_dict: () => new Map(),
  get_single_value: (args, kw) => {
    const [, dflt] = bindArgs('get_single_value', ['query', 'default'], args, kw, 1);
    return dflt instanceof Undefined ? null : dflt;
  },
  deduplicate: (args, kw, env) => {
    const [relation, partitionBy, orderBy] = bindArgs('deduplicate', ['relation', 'partition_by', 'order_by'], args, kw, 3);
    const rel = s(relation);
    const p = s(partitionBy);
    const o = s(orderBy);
    switch (env.adapter) {
      case 'postgres':
        return `select\n        distinct on (${p}) *\n    from ${rel}\n    order by ${p}, ${o}`;
      case 'snowflake':
      case 'duckdb':
        return `select *\n    from ${rel}\n    qualify\n        row_number() over (\n            partition by ${p}\n            order by ${o}\n        ) = 1`;
      case 'bigquery':
        return `select unique.*\n    from (\n        select\n            array_agg (\n                original\n                order by ${o}\n                limit 1\n            )[offset(0)] unique\n        from ${rel} original\n        group by ${p}\n    )`;
      default:
        return (
          `with row_numbered as (\n        select\n            _inner.*,\n            row_number() over (\n                partition by ${p}\n                order by ${o}\n            ) as rn\n        from ${rel} as _inner\n    )\n\n` +
          `    select\n        distinct data.*\n    from ${rel} as data\n    natural join row_numbered\n    where row_numbered.rn = 1`
        );
    }
  },
  group_by: (args, kw) => {
    const n = toInt(bindArgs('group_by', ['n'], args, kw, 1)[0], 'n');
    return 'group by ' + Array.from({ length: n }, (_, i) => String(i + 1)).join(',');
  },
  safe_add: (args, kw) => {
    const fields = args.length === 1 && Array.isArray(args[0]) ? args[0] : args.length ? args : iterate(kw.get('field_list') ?? []);
    return fields.map((f) => `coalesce(${s(f)}, 0)`).join(' +\n ');
  },
  safe_subtract: (args, kw) => {
    const fields = args.length === 1 && Array.isArray(args[0]) ? args[0] : iterate(kw.get('field_list') ?? []);
    return fields.map((f) => `coalesce(${s(f)}, 0)`).join(' -\n ');
  },
  safe_divide: (args, kw) => {
    const [num, den] = bindArgs('safe_divide', ['numerator', 'denominator'], args, kw, 2);
    return `( ${s(num)} ) / nullif( ( ${s(den)} ), 0)`;
  },
  slugify: (args, kw) => slugify(s(bindArgs('slugify', ['string'], args, kw, 1)[0])),
};

// dbt_utils < 1.0 shipped its own cross-database macros; they now forward to dbt's.
for (const name of [
  'date_trunc',
  'dateadd',
  'datediff',
  'concat',
  'hash',
  'safe_cast',
  'current_timestamp',
  'split_part',
  'listagg',
  'cast_bool_to_text',
  'any_value',
  'bool_or',
  'escape_single_quotes',
  'string_literal',
  'replace',
  'length',
  'right',
  'position',
  'last_day',
  ...Object.keys(TYPES),
])
  DBT_UTILS_MACROS[name] ??= DBT_MACROS[name];

// dbt's own schema naming, for projects whose generate_schema_name override calls them.
/** The target schema, or `<target schema>_<custom>` (dbt's default generate_schema_name). */
DBT_MACROS.default__generate_schema_name = (args, kw, env) => {
  const [custom] = bindArgs('default__generate_schema_name', ['custom_schema_name', 'node'], args, kw, 1);
  return custom === null || custom === undefined || custom instanceof Undefined ? env.target.schema : `${env.target.schema}_${s(custom).trim()}`;
};
/** A custom schema as written in the `prod` target, the target schema everywhere else. */
DBT_MACROS.generate_schema_name_for_env = (args, kw, env) => {
  const [custom] = bindArgs('generate_schema_name_for_env', ['custom_schema_name', 'node'], args, kw, 1);
  const none = custom === null || custom === undefined || custom instanceof Undefined;
  return env.target.name === 'prod' && !none ? s(custom).trim() : env.target.schema;
};

/** Builtin macros by namespace. */
export const BUILTIN_NAMESPACES: Record<string, Record<string, BuiltinMacro>> = {
  dbt: DBT_MACROS,
  dbt_utils: DBT_UTILS_MACROS,
};
