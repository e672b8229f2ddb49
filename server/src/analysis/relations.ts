/**
 * Where each node lives in the warehouse, following dbt's defaults:
 * generate_schema_name (target schema, or `<target>_<custom>` for a custom
 * schema), alias over name, versioned models as `<name>_v<n>` (`1.5` → `1_5`).
 */
import type { Relation, TargetInfo } from '../jinja/api';
import type { NodeConfig, SourceTableDef } from '../project/types';

export function nodeRelation(name: string, config: NodeConfig, target: TargetInfo, version?: string | number): Relation {
  const custom = typeof config.schema === 'string' && config.schema ? config.schema : undefined;
  const schema = custom ? `${target.schema}_${custom}` : target.schema;
  // dbt's generate_alias_name: a versioned model is `<name>_v<version>`, dots in the version becoming underscores.
  const identifier = typeof config.alias === 'string' && config.alias ? config.alias : version !== undefined ? `${name}_v${String(version).replace(/\./g, '_')}` : name;
  const database = typeof config.database === 'string' && config.database ? config.database : target.database || undefined;
  return { database, schema, identifier };
}

/** Whether two relations name the same table, as written (quoting aside, dbt compares them so). */
export function sameRelation(a: Relation, b: Relation): boolean {
  return (a.database || undefined) === (b.database || undefined) && a.schema === b.schema && a.identifier === b.identifier;
}

export function sourceRelation(source: SourceTableDef, target: TargetInfo): Relation {
  return { database: source.database || target.database || undefined, schema: source.schema, identifier: source.identifier };
}

/**
 * Keys under which a table reference in SQL can name a relation: the fully
 * qualified form and the schema-qualified one, lower-cased (unquoted
 * identifiers fold to lower case in DuckDB/Postgres/Redshift).
 */
export function relationKeys(r: Relation): string[] {
  const keys = [`${r.schema}.${r.identifier}`.toLowerCase()];
  if (r.database) keys.unshift(`${r.database}.${r.schema}.${r.identifier}`.toLowerCase());
  return keys;
}

export function relationDisplay(r: Relation): string {
  return [r.database, r.schema, r.identifier].filter(Boolean).join('.');
}
