/**
 * The syntax tree our parser builds: only as much structure as scope,
 * lineage and type inference need. Operator chains of one precedence level
 * are flat lists (`a + b + c` is one node), so a 5 MB chain of additions is a
 * shallow tree and every walker can stay recursive.
 */
import type { ColumnInfo } from './column_info';

export interface Span {
  start: number;
  end: number;
}

export interface Ident extends Span {
  /** As the user expects to see it (see `displayName`). */
  name: string;
  /** Lower-cased name, for case-insensitive matching. */
  key: string;
  quoted: boolean;
}

export interface ColumnRef extends Span {
  kind: 'column';
  parts: Ident[];
  /** Filled in by scope resolution: what the reference binds to. */
  binding?: Binding;
}

/** Where a column reference resolved to. */
export interface Binding {
  info: ColumnInfo;
  /** The FROM source (alias or table name) it bound to, when it bound to one. */
  relation?: string;
  relationKind?: 'table' | 'cte' | 'subquery' | 'function' | 'select-alias';
}

export interface Star extends Span {
  kind: 'star';
  qualifier: Ident[];
  except: Ident[];
  replace: { expr: Expr; alias: Ident }[];
  /** Snowflake RENAME: the column keeps its place under a new name. */
  rename?: { from: Ident; to: Ident }[];
  /** DuckDB `* LIKE 'a%'` / `* NOT ILIKE …`, Snowflake `* ILIKE '%id%'`: keeps the columns whose names match. */
  pattern?: { op: string; negated: boolean; text: string };
}

export interface Literal extends Span {
  kind: 'literal';
  literal: 'number' | 'string' | 'boolean' | 'null' | 'interval' | 'typed' | 'param' | 'datepart';
  text: string;
}

export interface WindowSpec extends Span {
  name?: string;
  partitionBy: Expr[];
  orderBy: Expr[];
}

export interface FunctionCall extends Span {
  kind: 'function';
  /** Lower-cased last name part (`my_schema.fn` → `fn`). */
  name: string;
  args: Expr[];
  distinct: boolean;
  filter?: Expr;
  over?: WindowSpec;
  /** ORDER BY inside the call or WITHIN GROUP. */
  orderBy: Expr[];
}

export interface Cast extends Span {
  kind: 'cast';
  expr: Expr;
  /** Normalised type in the dialect's spelling. */
  type: string;
}

export interface Case extends Span {
  kind: 'case';
  operand?: Expr;
  conditions: Expr[];
  results: Expr[];
  otherwise?: Expr;
}

export type ChainLevel = 'or' | 'and' | 'compare' | 'other' | 'add' | 'mul' | 'power';

export interface Chain extends Span {
  kind: 'chain';
  level: ChainLevel;
  ops: string[];
  operands: Expr[];
}

export interface Unary extends Span {
  kind: 'unary';
  op: string;
  operand: Expr;
}

/** IS [NOT] NULL, [NOT] IN, BETWEEN, LIKE & co: always boolean. */
export interface Predicate extends Span {
  kind: 'predicate';
  op: string;
  operands: Expr[];
}

export interface SubqueryExpr extends Span {
  kind: 'subquery';
  query: Query;
  exists: boolean;
  /** Type of the subquery's first column, filled in by analysis. */
  columnType?: string;
}

export interface ListExpr extends Span {
  kind: 'list';
  shape: 'row' | 'array' | 'struct';
  items: Expr[];
}

export interface Access extends Span {
  kind: 'access';
  base: Expr;
  index: Expr[];
}

export interface Lambda extends Span {
  kind: 'lambda';
  params: Ident[];
  body: Expr;
}

export interface ErrorExpr extends Span {
  kind: 'error';
}

export type Expr =
  | ColumnRef
  | Star
  | Literal
  | FunctionCall
  | Cast
  | Case
  | Chain
  | Unary
  | Predicate
  | SubqueryExpr
  | ListExpr
  | Access
  | Lambda
  | ErrorExpr;

export interface SelectItem extends Span {
  expr: Expr;
  alias?: Ident;
}

export interface Select extends Span {
  kind: 'select';
  distinct: boolean;
  items: SelectItem[];
  from: FromEntry[];
  where?: Expr;
  groupBy: Expr[];
  having?: Expr;
  qualify?: Expr;
  windows: WindowSpec[];
}

export interface SetOperation extends Span {
  kind: 'setop';
  /** `ops[i]` joins `branches[i]` and `branches[i + 1]` (e.g. 'union all', 'union by name'). */
  ops: string[];
  branches: QueryBody[];
}

export interface Values extends Span {
  kind: 'values';
  rows: Expr[][];
}

/**
 * DuckDB's PIVOT / UNPIVOT statements (also usable as subqueries):
 * `PIVOT t ON col [IN (v, …)] USING agg [AS a], … [GROUP BY …]`,
 * `UNPIVOT t ON col, … | (a, b) AS x, … INTO NAME n VALUE v, …`.
 */
export interface Pivot extends Span {
  kind: 'pivot';
  unpivot: boolean;
  source: FromEntry;
  /** PIVOT: the columns whose values become columns, with their IN list when written. UNPIVOT: the columns (or column groups) folded into rows. */
  on: { expr: Expr; values?: Expr[]; alias?: Ident }[];
  using: SelectItem[];
  groupBy: Expr[];
  nameColumn?: Ident;
  valueColumns: Ident[];
}

export type QueryBody = Select | SetOperation | Values | Query | Pivot;

export interface Cte extends Span {
  name: Ident;
  columns: Ident[];
  query: Query;
}

export interface Query extends Span {
  kind: 'query';
  recursive: boolean;
  ctes: Cte[];
  body: QueryBody;
  orderBy: Expr[];
  limit?: Expr;
  offset?: Expr;
}

interface SourceBase extends Span {
  alias?: Ident;
  columnAliases: Ident[];
  /** PIVOT/UNPIVOT applied: the output columns depend on data, so they are unknown. */
  reshaped?: boolean;
  /** DuckDB `t PIVOT (…)` / `t UNPIVOT (…)` read as the equivalent statement (its `source` is a placeholder for this one). */
  pivot?: Pivot;
  /** BigQuery `UNNEST(x) AS v WITH OFFSET [AS o]`: the name of the extra position column. */
  offset?: Ident;
}

export interface TableSource extends SourceBase {
  kind: 'table';
  parts: Ident[];
}

export interface SubquerySource extends SourceBase {
  kind: 'subquery';
  query: Query;
  lateral: boolean;
}

export interface FunctionSource extends SourceBase {
  kind: 'function';
  call: FunctionCall;
}

/** A parenthesised join: `(a join b using (id)) as x`. */
export interface GroupSource extends SourceBase {
  kind: 'group';
  entry: FromEntry;
}

export type FromSource = TableSource | SubquerySource | FunctionSource | GroupSource;

export interface Join extends Span {
  type: string;
  natural: boolean;
  source: FromSource;
  on?: Expr;
  using: Ident[];
}

/** One comma-separated FROM item: a source followed by its joins. */
export interface FromEntry extends Span {
  first: FromSource;
  joins: Join[];
}

export interface Statement extends Span {
  /** The query, when the statement is one (DDL and other statements are skipped). */
  query?: Query;
}
