/**
 * Relations and columns as templates see them (`ref()` results, `this`,
 * `api.Relation.create`, `adapter.get_columns_in_relation`), and how a
 * relation prints in SQL for each warehouse.
 */
import type { Relation } from './api';
import { PyFunction, PyObject, toStr, truthy, Undefined, type Kwargs, type Value } from './values';

export function quoteChar(dialect: string | undefined): string {
  return dialect === 'bigquery' ? '`' : '"';
}

/** Quotes one identifier for the dialect, doubling embedded quote characters. */
export function quoteIdentifier(name: string, dialect?: string): string {
  const q = quoteChar(dialect);
  return q + name.split(q).join(q + q) + q;
}

/** `"db"."schema"."identifier"`; the database is omitted when empty. */
export function renderRelation(r: Relation, dialect?: string): string {
  const parts: string[] = [];
  if (r.database) parts.push(quoteIdentifier(r.database, dialect));
  if (r.schema) parts.push(quoteIdentifier(r.schema, dialect));
  parts.push(quoteIdentifier(r.identifier, dialect));
  return parts.join('.');
}

interface IncludePolicy {
  database: boolean;
  schema: boolean;
  identifier: boolean;
}

const INCLUDE_ALL: IncludePolicy = { database: true, schema: true, identifier: true };

/** A relation object: prints as its quoted name, exposes dbt's Relation attributes and methods. */
export class RelationValue extends PyObject {
  readonly typeName = 'Relation';
  constructor(
    readonly relation: Relation,
    readonly dialect: string,
    readonly relationType: string | null = 'table',
    private readonly include: IncludePolicy = INCLUDE_ALL,
    /** Quoting is on by default; `quote(identifier=false)` etc. turn parts off. */
    private readonly quoted: IncludePolicy = INCLUDE_ALL,
  ) {
    super();
  }

  /** dbt relations are mappings; packages check `obj is mapping and obj.get('metadata', {}).get('type', '').endswith('Relation')`. */
  override isMapping(): boolean {
    return true;
  }

  private metadata(): Map<Value, Value> {
    const names: Record<string, string> = { duckdb: 'DuckDB', postgres: 'Postgres', redshift: 'Redshift', snowflake: 'Snowflake', bigquery: 'BigQuery' };
    const prefix = names[this.dialect] ?? (this.dialect ? this.dialect[0].toUpperCase() + this.dialect.slice(1) : 'Base');
    return new Map<Value, Value>([['type', `${prefix}Relation`]]);
  }

  override getItem(key: Value): Value | undefined {
    if (key === 'metadata') return this.metadata();
    return typeof key === 'string' ? this.getAttr(key) : undefined;
  }

  override getAttr(name: string): Value | undefined {
    const r = this.relation;
    switch (name) {
      case 'get':
        return new PyFunction('get', (a) => {
          const v = this.getItem(a[0] ?? null);
          return v === undefined || v instanceof PyFunction ? (a[1] ?? null) : v;
        });
      case 'metadata':
        return this.metadata();
      case 'database':
      case 'project':
        return r.database || null;
      case 'schema':
      case 'dataset':
        return r.schema || null;
      case 'identifier':
      case 'name':
      case 'table':
        return r.identifier;
      case 'type':
        return this.relationType;
      case 'is_table':
        return this.relationType === 'table';
      case 'is_view':
        return this.relationType === 'view';
      case 'is_cte':
        return this.relationType === 'cte';
      case 'is_materialized_view':
        return this.relationType === 'materialized_view';
      case 'path':
        return new Map<Value, Value>([
          ['database', r.database || null],
          ['schema', r.schema || null],
          ['identifier', r.identifier],
        ]);
      case 'render':
        return new PyFunction('render', () => this.toStr());
      case 'render_limited':
        return new PyFunction('render_limited', () => this.toStr());
      case 'include':
        return new PyFunction('include', (args, kw) => new RelationValue(r, this.dialect, this.relationType, this.withFlags(this.include, args, kw), this.quoted));
      case 'quote':
        return new PyFunction('quote', (args, kw) => new RelationValue(r, this.dialect, this.relationType, this.include, this.withFlags(this.quoted, args, kw)));
      case 'incorporate':
        return new PyFunction('incorporate', (_args, kw) => {
          const path = kw.get('path');
          const next: Relation = { ...r };
          if (path instanceof Map) {
            const db = path.get('database');
            const schema = path.get('schema');
            const id = path.get('identifier');
            if (db !== undefined) next.database = db === null ? '' : toStr(db);
            if (schema !== undefined) next.schema = schema === null ? '' : toStr(schema);
            if (id !== undefined) next.identifier = toStr(id);
          }
          const type = kw.get('type');
          return new RelationValue(next, this.dialect, type === undefined ? this.relationType : type === null ? null : toStr(type), this.include, this.quoted);
        });
      case 'replace_path':
        return new PyFunction('replace_path', (_args, kw) => {
          const next: Relation = { ...r };
          const db = kw.get('database');
          const schema = kw.get('schema');
          const id = kw.get('identifier');
          if (db !== undefined) next.database = db === null ? '' : toStr(db);
          if (schema !== undefined) next.schema = schema === null ? '' : toStr(schema);
          if (id !== undefined) next.identifier = toStr(id);
          return new RelationValue(next, this.dialect, this.relationType, this.include, this.quoted);
        });
      case 'without_identifier':
        return new PyFunction('without_identifier', () => new RelationValue(r, this.dialect, this.relationType, { ...this.include, identifier: false }, this.quoted));
    }
    return undefined;
  }

  private withFlags(base: IncludePolicy, args: Value[], kw: Kwargs): IncludePolicy {
    const next = { ...base };
    const keys: (keyof IncludePolicy)[] = ['database', 'schema', 'identifier'];
    keys.forEach((k, i) => {
      const v = i < args.length ? args[i] : kw.get(k);
      if (v !== undefined && v !== null && !(v instanceof Undefined)) next[k] = truthy(v);
    });
    return next;
  }

  override toStr(): string {
    const r = this.relation;
    const parts: string[] = [];
    const part = (s: string, quote: boolean) => (quote ? quoteIdentifier(s, this.dialect) : s);
    if (this.include.database && r.database) parts.push(part(r.database, this.quoted.database));
    if (this.include.schema && r.schema) parts.push(part(r.schema, this.quoted.schema));
    if (this.include.identifier && r.identifier) parts.push(part(r.identifier, this.quoted.identifier));
    return parts.join('.');
  }
}

/** A column as `adapter.get_columns_in_relation` returns it. Types are unknown in static analysis. */
export class ColumnValue extends PyObject {
  readonly typeName = 'Column';
  constructor(
    readonly name: string,
    readonly dataType: string | null,
    readonly dialect: string,
  ) {
    super();
  }
  override getAttr(attr: string): Value | undefined {
    const t = (this.dataType ?? '').toLowerCase();
    switch (attr) {
      case 'name':
      case 'column':
        return this.name;
      case 'quoted':
        return quoteIdentifier(this.name, this.dialect);
      case 'data_type':
      case 'dtype':
        return this.dataType;
      case 'char_size':
      case 'numeric_precision':
      case 'numeric_scale':
        return null;
      case 'is_string':
        return new PyFunction('is_string', () => /char|text|string/.test(t));
      case 'is_number':
      case 'is_numeric':
        return new PyFunction(attr, () => /int|numeric|decimal|float|double|real|number/.test(t));
      case 'is_integer':
        return new PyFunction('is_integer', () => /int/.test(t));
      case 'is_float':
        return new PyFunction('is_float', () => /float|double|real/.test(t));
      case 'string_size':
        return new PyFunction('string_size', () => 256);
    }
    return undefined;
  }
  override toStr(): string {
    return `<Column ${this.name} (${this.dataType ?? 'unknown'})>`;
  }
}
