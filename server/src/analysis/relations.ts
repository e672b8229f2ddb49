/**
 * Where each node lives in the warehouse, following dbt's defaults:
 * generate_schema_name (target schema, or `<target>_<custom>` for a custom
 * schema), alias over name, versioned models as `<name>_v<n>` (`1.5` → `1_5`),
 * snapshots' target_schema as written; or the project's own generate_*_name
 * macros where it defines them.
 */
import type { Relation, TargetInfo } from '../jinja/api';
import type { NodeConfig, SourceTableDef } from '../project/types';
import type { NamingNode, NamingOverrides, NamingPart } from './custom_naming';

/**
 * @param naming the project's own generate_*_name macros (custom_naming.ts)
 *   and the node they are asked about; dbt's defaults where absent.
 */
export function nodeRelation(
  name: string,
  config: NodeConfig,
  target: TargetInfo,
  version?: string | number,
  naming?: { overrides: NamingOverrides; node: NamingNode },
): Relation {
  const ask = (part: NamingPart, custom: string | undefined) => naming?.overrides.name(part, custom, naming.node);
  // A snapshot's legacy target_schema / target_database are used as written, not through generate_schema_name.
  if (naming?.node.resourceType === 'snapshot' || config.target_schema !== undefined) {
    const targetSchema = text(config.target_schema);
    if (targetSchema) {
      const identifier = ask('alias', text(config.alias)) ?? text(config.alias) ?? name;
      return { database: text(config.target_database) ?? text(config.database) ?? (target.database || undefined), schema: targetSchema, identifier };
    }
  }
  const custom = text(config.schema);
  const schema = ask('schema', custom) ?? (custom ? `${target.schema}_${custom.trim()}` : target.schema);
  // dbt's generate_alias_name: a versioned model is `<name>_v<version>`, dots in the version becoming underscores.
  const alias = text(config.alias);
  const identifier = ask('alias', alias) ?? alias ?? (version !== undefined ? `${name}_v${String(version).replace(/\./g, '_')}` : name);
  const customDatabase = text(config.database);
  const database = ask('database', customDatabase) ?? customDatabase ?? (target.database || undefined);
  return { database, schema, identifier };
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : undefined;
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
