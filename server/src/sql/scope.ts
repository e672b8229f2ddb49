/**
 * Name resolution: the relations a SELECT can see (its FROM sources, then
 * the enclosing query's for correlated subqueries) and which of them a column
 * reference binds to. Unqualified names bind to the one relation known to
 * have the column; failing that, to the only relation whose columns are
 * unknown; failing that, to an earlier select-list alias (lateral aliases).
 */
import type { Binding, ColumnRef } from './ast';
import type { ColumnInfo } from './column_info';

/** A relation's columns, plus stars that could not be expanded because their upstream is unknown. */
export interface Shape {
  columns: ColumnInfo[];
  byKey: Map<string, ColumnInfo>;
  /** Relations behind an unexpanded `*`: a name not among `columns` may still come from one of them. */
  opaque: Relation[];
}

export function makeShape(columns: ColumnInfo[], opaque: Relation[] = []): Shape {
  const byKey = new Map<string, ColumnInfo>();
  for (const c of columns) {
    const k = c.name.toLowerCase();
    if (!byKey.has(k)) byKey.set(k, c);
  }
  return { columns, byKey, opaque };
}

export type RelationKind = 'table' | 'cte' | 'subquery' | 'function';

/** A source in a FROM clause, as the query around it sees it. */
export interface Relation {
  kind: RelationKind;
  /** Lower-case name that qualifies its columns: the alias, else the table or CTE name ('' when anonymous). */
  key: string;
  /** Display name (alias, else table/CTE name). */
  name: string;
  /** Physical tables: lower-cased name parts, to match `schema.table.column` qualifiers. */
  partKeys?: string[];
  /** Physical tables: the resolver's key, or the dotted raw name when unresolved. */
  table?: string;
  /** Known columns; undefined when unknown (unresolved table, table function, pivot). */
  shape?: Shape;
  /** Table functions (unnest & co): the columns their arguments read. */
  argumentInfo?: ColumnInfo;
  /** Columns merged by JOIN ... USING / NATURAL: `*` shows them once, from the left side. */
  mergedColumns?: Set<string>;
}

type Knowledge = 'yes' | 'no' | 'maybe';

const MAX_LOOKUP_DEPTH = 64;

/**
 * Opaque upstreams form a DAG (`select * from a x join a y`), which a naive
 * walk explores as a tree: exponential. Every lookup gets a budget of visits.
 */
const LOOKUP_BUDGET = 512;
let budget = 0;

export function knowsColumn(rel: Relation, key: string): Knowledge {
  budget = LOOKUP_BUDGET;
  return knows(rel, key, 0);
}

function knows(rel: Relation, key: string, depth: number): Knowledge {
  const shape = rel.shape;
  if (!shape) return rel.kind === 'function' && rel.key === key && rel.argumentInfo ? 'yes' : 'maybe';
  if (shape.byKey.has(key)) return 'yes';
  if (shape.opaque.length === 0) return 'no';
  if (depth > MAX_LOOKUP_DEPTH || --budget < 0) return 'maybe';
  let result: Knowledge = 'no';
  for (const o of shape.opaque) {
    const k = knows(o, key, depth + 1);
    if (k === 'yes') return 'yes';
    if (k === 'maybe') result = 'maybe';
  }
  return result;
}

/** The column `name` of `rel`, synthesised for physical tables whose columns are unknown. */
export function lookupColumn(rel: Relation, key: string, name: string): ColumnInfo | undefined {
  budget = LOOKUP_BUDGET;
  return lookup(rel, key, name, 0);
}

function lookup(rel: Relation, key: string, name: string, depth: number): ColumnInfo | undefined {
  const shape = rel.shape;
  if (shape) {
    const found = shape.byKey.get(key);
    if (found) return found;
    let maybe: Relation | undefined;
    let maybes = 0;
    if (depth <= MAX_LOOKUP_DEPTH && --budget >= 0) for (const o of shape.opaque) {
      const k = knows(o, key, depth + 1);
      if (k === 'yes') return lookup(o, key, name, depth + 1);
      if (k === 'maybe') {
        maybe = o;
        maybes++;
      }
    }
    if (maybes === 1) return lookup(maybe!, key, name, depth + 1);
    // Declared columns of a physical table may be incomplete (YAML rarely lists all): it still holds the column.
    return rel.kind === 'table' && rel.table !== undefined ? physicalColumn(rel.table, name) : undefined;
  }
  if (rel.kind === 'table' && rel.table !== undefined) return physicalColumn(rel.table, name);
  const arg = rel.argumentInfo;
  return { name, sources: arg ? arg.sources : [], type: undefined, transform: 'derived', start: 0, end: 0 };
}

function physicalColumn(table: string, name: string): ColumnInfo {
  return { name, sources: [{ table, column: name }], transform: 'passthrough', start: 0, end: 0 };
}

export class Scope {
  readonly relations: Relation[] = [];
  /**
   * Select-list columns defined so far (lateral column aliases, GROUP BY/ORDER BY aliases).
   * An array searched only when ordinary resolution fails: cheaper than a map per SELECT.
   */
  selectItems: readonly ColumnInfo[] | undefined;
  /** Lambda parameters shadow every column of the same name. */
  lambdaParams: Set<string> | undefined;

  constructor(readonly parent?: Scope) {}

  /** The relation a qualifier (`t`, `s.t`, `db.s.t`) names, in this scope only. */
  findLocal(qualifier: { key: string }[]): Relation | undefined {
    const n = qualifier.length;
    if (n === 0) return undefined;
    const last = qualifier[n - 1].key;
    for (const rel of this.relations) {
      if (n === 1) {
        if (rel.key === last) return rel;
        continue;
      }
      const parts = rel.partKeys;
      if (!parts || parts.length < n || rel.key !== parts[parts.length - 1]) continue;
      let match = true;
      for (let i = 1; i <= n; i++) {
        if (parts[parts.length - i] !== qualifier[n - i].key) {
          match = false;
          break;
        }
      }
      if (match) return rel;
    }
    // An unaliased table is still reachable by its bare name even when the qualifier is `t` and key came from an alias.
    return undefined;
  }

  resolve(ref: ColumnRef): Binding | undefined {
    const parts = ref.parts;
    const n = parts.length;
    const column = parts[n - 1];
    if (n === 1) return this.resolveName(column.key, column.name);
    for (let s: Scope | undefined = this; s; s = s.parent) {
      if (s.lambdaParams?.has(parts[0].key)) return undefined;
      // Try the longest qualifier first: `s.t.c` before `t.c` (struct field access).
      for (let q = n - 1; q >= 1; q--) {
        const rel = s.findLocal(parts.slice(0, q));
        if (!rel) continue;
        const colPart = parts[q];
        const info = lookupColumn(rel, colPart.key, colPart.name);
        if (!info) return { info: unknownColumn(colPart.name), relation: rel.name, relationKind: kindOf(rel) };
        if (q === n - 1) return { info, relation: rel.name, relationKind: kindOf(rel) };
        return { info: fieldOf(info, column.name), relation: rel.name, relationKind: kindOf(rel) };
      }
    }
    // `col.field`: a struct field of an unqualified column (only one that exists, not a guessed one).
    const base = this.resolveName(parts[0].key, parts[0].name, true);
    if (!base) return undefined;
    return { ...base, info: fieldOf(base.info, column.name) };
  }

  private resolveName(key: string, name: string, onlyKnown = false): Binding | undefined {
    for (let s: Scope | undefined = this; s; s = s.parent) {
      if (s.lambdaParams?.has(key)) return undefined;
      let maybe: Relation | undefined;
      let maybes = 0;
      for (const rel of s.relations) {
        const k = knowsColumn(rel, key);
        if (k === 'yes') {
          const info = lookupColumn(rel, key, name);
          if (info) return { info, relation: rel.name, relationKind: kindOf(rel) };
        } else if (k === 'maybe') {
          maybe = rel;
          maybes++;
        }
      }
      if (maybes === 1) {
        const info = lookupColumn(maybe!, key, name);
        if (info) return { info, relation: maybe!.name, relationKind: kindOf(maybe!) };
      }
      const alias = s.selectItems && findByName(s.selectItems, key);
      if (alias) return { info: alias, relationKind: 'select-alias' };
      if (!onlyKnown && maybes === 0 && s.relations.length === 1 && s.relations[0].kind === 'table') {
        const only = s.relations[0];
        const info = lookupColumn(only, key, name);
        if (info) return { info, relation: only.name, relationKind: 'table' };
      }
      // Several relations could hold it and none is known to: ambiguous, so bind to nothing rather than guess.
      if (maybes > 1) return undefined;
    }
    return undefined;
  }
}

function findByName(columns: readonly ColumnInfo[], key: string): ColumnInfo | undefined {
  for (const c of columns) if (c.name.length === key.length && c.name.toLowerCase() === key) return c;
  return undefined;
}

function kindOf(rel: Relation): Binding['relationKind'] {
  return rel.kind;
}

function unknownColumn(name: string): ColumnInfo {
  return { name, sources: [], transform: 'derived', start: 0, end: 0 };
}

function fieldOf(info: ColumnInfo, field: string): ColumnInfo {
  return { name: field, sources: info.sources, type: undefined, transform: 'derived', start: info.start, end: info.end };
}
