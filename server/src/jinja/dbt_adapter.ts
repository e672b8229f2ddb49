/**
 * dbt's `adapter` object as a render without a warehouse sees it: quoting and
 * dispatch work; introspection answers from known columns or "nothing found".
 */
import { ColumnValue, quoteIdentifier, RelationValue } from './relation';
import { JinjaRuntimeError, PyFunction, PyObject, toStr, truthy, type Value } from './values';
import type { DbtContext } from './api';

/** What the adapter needs from the render session. */
export interface AdapterHost {
  readonly ctx: DbtContext;
  dispatch(name: string, namespace: string | undefined): Value;
  dispatchIn(name: string, packages: string[]): Value;
}

export class AdapterObject extends PyObject {
  readonly typeName = 'Adapter';
  constructor(private readonly session: AdapterHost) {
    super();
  }
  override getAttr(name: string): Value | undefined {
    const s = this.session;
    const dialect = s.ctx.target?.type ?? 'postgres';
    switch (name) {
      case 'dispatch':
        return new PyFunction('adapter.dispatch', (a, k) => {
          const macroName = a[0] ?? k.get('macro_name');
          if (typeof macroName !== 'string') throw new JinjaRuntimeError('adapter.dispatch() needs a macro name');
          const ns = a[1] ?? k.get('macro_namespace');
          // legacy `packages=[...]` gives the search order directly
          const packages = k.get('packages');
          if (Array.isArray(packages) && packages.length) return s.dispatchIn(macroName, packages.map(toStr));
          return s.dispatch(macroName, typeof ns === 'string' ? ns : undefined);
        });
      case 'quote':
      case 'quote_as_configured':
        return new PyFunction(`adapter.${name}`, (a) => quoteIdentifier(toStr(a[0] ?? ''), dialect));
      case 'quote_seed_column':
        return new PyFunction('adapter.quote_seed_column', (a) => (truthy(a[1] ?? true) ? quoteIdentifier(toStr(a[0] ?? ''), dialect) : toStr(a[0] ?? '')));
      case 'get_columns_in_relation':
        return new PyFunction('adapter.get_columns_in_relation', (a) => {
          const rel = a[0];
          if (!(rel instanceof RelationValue)) return [];
          const typed = s.ctx.relationColumnTypes?.(rel.relation);
          if (typed) return typed.map((c) => new ColumnValue(c.name, c.type ?? null, dialect));
          return (s.ctx.relationColumns?.(rel.relation) ?? []).map((c) => new ColumnValue(c, null, dialect));
        });
      case 'type':
        return new PyFunction('adapter.type', () => dialect);
      case 'get_relation':
      case 'load_relation':
      case 'load_cached_relation':
        return new PyFunction(`adapter.${name}`, () => null);
      case 'check_schema_exists':
      case 'already_exists':
        return new PyFunction(`adapter.${name}`, () => false);
      case 'get_missing_columns':
      case 'list_relations_without_caching':
      case 'list_schemas':
      case 'get_column_schema_from_query':
        return new PyFunction(`adapter.${name}`, () => []);
      case 'drop_relation':
      case 'rename_relation':
      case 'truncate_relation':
      case 'expand_target_column_types':
      case 'create_schema':
      case 'drop_schema':
      case 'cache_added':
      case 'cache_dropped':
      case 'cache_renamed':
      case 'commit':
        return new PyFunction(`adapter.${name}`, () => '');
    }
    return undefined;
  }
}
