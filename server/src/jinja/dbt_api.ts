/**
 * dbt's `api` (Relation.create, Column helpers) and `exceptions` namespaces.
 */
import { ColumnValue, RelationValue } from './relation';
import { JinjaRuntimeError, PyFunction, PyRecord, toStr, Undefined, type Value } from './values';

export function makeApi(dialect: string): PyRecord {
  const create = new PyFunction('Relation.create', (a, k) => {
    const get = (i: number, key: string) => {
      const v = a[i] ?? k.get(key);
      return v === undefined || v === null || v instanceof Undefined ? '' : toStr(v);
    };
    const type = k.get('type');
    return new RelationValue({ database: get(0, 'database'), schema: get(1, 'schema'), identifier: get(2, 'identifier') }, dialect, type === undefined || type === null ? null : toStr(type));
  });
  const translate = (t: string): string => {
    const labels: Record<string, string> =
      dialect === 'bigquery'
        ? { STRING: 'STRING', TIMESTAMP: 'TIMESTAMP', FLOAT: 'FLOAT64', INTEGER: 'INT64', BOOLEAN: 'BOOLEAN' }
        : { STRING: 'TEXT', TIMESTAMP: 'TIMESTAMP', FLOAT: 'FLOAT', INTEGER: 'INT', BOOLEAN: 'BOOLEAN' };
    return labels[t.toUpperCase()] ?? t;
  };
  const column = new PyFunction('Column', (a, k) => new ColumnValue(toStr(a[0] ?? k.get('column') ?? ''), a[1] === undefined && !k.has('dtype') ? null : toStr(a[1] ?? k.get('dtype')!), dialect), {
    create: new PyFunction('Column.create', (a) => new ColumnValue(toStr(a[0] ?? ''), a[1] === undefined ? null : toStr(a[1]), dialect)),
    translate_type: new PyFunction('Column.translate_type', (a) => translate(toStr(a[0] ?? ''))),
    numeric_type: new PyFunction('Column.numeric_type', (a) => (a[1] === undefined || a[1] === null ? toStr(a[0] ?? 'numeric') : `${toStr(a[0] ?? 'numeric')}(${toStr(a[1])},${toStr(a[2] ?? 0)})`)),
    string_type: new PyFunction('Column.string_type', (a) => (dialect === 'bigquery' ? 'string' : `character varying(${toStr(a[0] ?? 256)})`)),
  });
  return new PyRecord(
    'api',
    new Map<string, Value>([
      ['Relation', new PyRecord('Relation', new Map<string, Value>([['create', create]]))],
      ['Column', column],
    ]),
  );
}

export function makeExceptions(): PyRecord {
  const raise = (kind: string) =>
    new PyFunction(kind, (a) => {
      throw new JinjaRuntimeError(toStr(a[0] ?? kind));
    });
  const noop = (kind: string) => new PyFunction(kind, () => '');
  return new PyRecord(
    'exceptions',
    new Map<string, Value>([
      ['raise_compiler_error', raise('raise_compiler_error')],
      ['raise_not_implemented', raise('raise_not_implemented')],
      ['raise_database_error', raise('raise_database_error')],
      ['raise_dependency_error', raise('raise_dependency_error')],
      ['raise_fail_fast_error', raise('raise_fail_fast_error')],
      ['raise_contract_error', raise('raise_contract_error')],
      ['column_type_missing', raise('column_type_missing')],
      ['missing_config', raise('missing_config')],
      ['missing_materialization', raise('missing_materialization')],
      ['relation_wrong_type', raise('relation_wrong_type')],
      ['warn', noop('warn')],
      ['warn_snapshot_timestamp_data_types', noop('warn_snapshot_timestamp_data_types')],
    ]),
  );
}
