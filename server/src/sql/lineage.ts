/**
 * Column lineage: walks a parsed query bottom-up and computes, for every
 * relation (CTE, subquery, the query itself), its output columns with the
 * physical table columns each derives from, its transform and its type.
 * CTEs are analysed once, in order, and referenced by their shape, so a
 * chain of N CTEs costs O(N) however often each is referenced.
 */
import type { ColumnTransform, Dialect, TableReference, TableResolver } from './api';
import type { Expr, FromEntry, FromSource, Ident, Pivot, Query, QueryBody, Select, SetOperation, Star, Values } from './ast';
import { addSources, renamed, type ColumnInfo } from './column_info';
import { normalizeType, type DialectRules } from './dialect';
import { makeShape, Scope, type Relation, type Shape } from './scope';
import { AGGREGATE_FUNCTIONS, inferType } from './types';

/** CTEs visible at a point of the query, innermost first. */
interface CteEnv {
  readonly ctes: Map<string, { name: string; shape?: Shape }>;
  readonly parent?: CteEnv;
}

/** What walking one expression found out. */
interface ExprFacts {
  sources: ColumnInfo['sources'];
  refs: number;
  calls: number;
  aggregate: boolean;
  window: boolean;
  /** DuckDB `COLUMNS(...)` somewhere inside: the expression stands for columns chosen by data we do not evaluate. */
  columnsExpression: boolean;
}

function newFacts(): ExprFacts {
  return { sources: [], refs: 0, calls: 0, aggregate: false, window: false, columnsExpression: false };
}

export interface QueryResult {
  shape: Shape;
  /** The scope of the query's last SELECT (for ORDER BY and cursor lookups). */
  scope?: Scope;
}

export class LineageAnalyzer {
  readonly tables: TableReference[] = [];
  private readonly resolved = new Map<string, { key: string; shape?: Shape } | null>();

  constructor(
    private readonly sql: string,
    private readonly rules: DialectRules,
    private readonly resolveTable: TableResolver,
  ) {}

  analyzeQuery(query: Query, env: CteEnv | undefined, outer: Scope | undefined): QueryResult {
    let inner = env;
    if (query.ctes.length > 0) {
      const ctes = new Map<string, { name: string; shape?: Shape }>();
      inner = { ctes, parent: env };
      for (const cte of query.ctes) {
        // A recursive CTE sees itself while its body is analysed, with columns not yet known.
        if (query.recursive) ctes.set(cte.name.key, { name: cte.name.name });
        let shape = this.analyzeQuery(cte.query, inner, outer).shape;
        if (cte.columns.length > 0) shape = renameColumns(shape, cte.columns);
        ctes.set(cte.name.key, { name: cte.name.name, shape });
      }
    }
    const result = this.analyzeBody(query.body, inner, outer);
    if (query.orderBy.length > 0 || query.limit || query.offset) {
      const scope = new Scope(result.scope ?? outer);
      if (!result.scope) scope.relations.push({ kind: 'subquery', key: '', name: '', shape: result.shape });
      else scope.selectItems = result.shape.columns;
      const facts = newFacts();
      for (const e of query.orderBy) this.walk(e, scope, inner, facts);
      if (query.limit) this.walk(query.limit, scope, inner, facts);
      if (query.offset) this.walk(query.offset, scope, inner, facts);
    }
    return result;
  }

  private analyzeBody(body: QueryBody, env: CteEnv | undefined, outer: Scope | undefined): QueryResult {
    switch (body.kind) {
      case 'select':
        return this.analyzeSelect(body, env, outer);
      case 'setop':
        return { shape: this.analyzeSetOperation(body, env, outer) };
      case 'values':
        return { shape: this.analyzeValues(body, env, outer) };
      case 'query':
        return this.analyzeQuery(body, env, outer);
      case 'pivot':
        return { shape: body.unpivot ? this.analyzeUnpivot(body, env, outer) : this.analyzePivot(body, env, outer) };
    }
  }

  /**
   * DuckDB PIVOT: the GROUP BY columns (without one, every input column not
   * used by ON or USING), then one column per combination of IN values and
   * aggregate. Without IN lists the values are data: the shape is opaque.
   */
  private analyzePivot(p: Pivot, env: CteEnv | undefined, outer: Scope | undefined): Shape {
    const scope = new Scope(outer);
    this.addEntry(p.source, scope, env);
    const columns: ColumnInfo[] = [];
    const opaque: Relation[] = [];
    const onFacts = newFacts();
    for (const o of p.on) this.walk(o.expr, scope, env, onFacts);
    if (p.groupBy.length > 0) {
      for (let i = 0; i < p.groupBy.length; i++) {
        const g = p.groupBy[i];
        const facts = newFacts();
        this.walk(g, scope, env, facts);
        columns.push(this.itemInfo(g, facts, this.implicitName(g, i), g.start, g.end));
      }
    } else {
      const used = new Set<string>();
      for (const o of p.on) columnKeys(o.expr, used);
      for (const u of p.using) columnKeys(u.expr, used);
      for (const rel of scope.relations) {
        if (!rel.shape || rel.shape.opaque.length > 0) opaque.push(rel);
        if (!rel.shape) continue;
        for (const c of rel.shape.columns) if (!used.has(c.name.toLowerCase())) columns.push({ ...c, start: p.source.start, end: p.source.end });
      }
    }
    // One name per combination of ON values (joined by '_'), in order.
    let names: string[] | undefined = [''];
    for (const o of p.on) {
      const values = o.values?.map(pivotValueName);
      if (!values || values.some((v) => v === undefined)) {
        names = undefined;
        break;
      }
      names = names.flatMap((prefix) => values.map((v) => (prefix ? `${prefix}_${v}` : v!)));
    }
    const aggregates = p.using.map((u) => {
      const facts = newFacts();
      this.walk(u.expr, scope, env, facts);
      addSources(facts.sources, onFacts.sources);
      return { item: u, facts };
    });
    // Several unaliased aggregates are named after their text, which DuckDB normalises: not knowable here.
    if (!names || (aggregates.length > 1 && aggregates.some((a) => !a.item.alias))) {
      opaque.push({ kind: 'function', key: '', name: '' });
      return makeShape(columns, opaque);
    }
    for (const name of names) {
      if (aggregates.length === 0) {
        columns.push({ name, sources: onFacts.sources.slice(), type: 'bigint', transform: 'aggregate', start: p.start, end: p.end });
        continue;
      }
      for (const { item, facts } of aggregates) {
        const column = item.alias ? `${name}_${item.alias.name}` : name;
        columns.push(this.itemInfo(item.expr, facts, column, item.start, item.end));
      }
    }
    return makeShape(columns, opaque);
  }

  /** DuckDB UNPIVOT: the input columns not unpivoted, then the name column, then the value column(s). */
  private analyzeUnpivot(p: Pivot, env: CteEnv | undefined, outer: Scope | undefined): Shape {
    const scope = new Scope(outer);
    this.addEntry(p.source, scope, env);
    // Each ON item unpivots a group of columns (one per value column); undefined where a member is not a known column.
    const groups: (ColumnInfo | undefined)[][] = [];
    const used = new Set<string>();
    let exact = true;
    for (const o of p.on) {
      this.walk(o.expr, scope, env, newFacts());
      const star = columnsOfStar(o.expr);
      if (star) {
        // `ON COLUMNS(* EXCLUDE (id, day))`: every other input column.
        const kept = new Set(star.except.map((e) => e.key));
        for (const rel of scope.relations) {
          if (!rel.shape || rel.shape.opaque.length > 0) exact = false;
          if (!rel.shape) continue;
          for (const c of rel.shape.columns) {
            const key = c.name.toLowerCase();
            if (kept.has(key)) continue;
            used.add(key);
            groups.push([c]);
          }
        }
        continue;
      }
      const items = o.expr.kind === 'list' ? o.expr.items : [o.expr];
      if (!items.every((e) => e.kind === 'column')) exact = false;
      columnKeys(o.expr, used);
      groups.push(items.map((e) => (e.kind === 'column' ? e.binding?.info : undefined)));
    }
    const columns: ColumnInfo[] = [];
    const opaque: Relation[] = [];
    if (exact) {
      for (const rel of scope.relations) {
        if (!rel.shape || rel.shape.opaque.length > 0) opaque.push(rel);
        if (!rel.shape) continue;
        for (const c of rel.shape.columns) if (!used.has(c.name.toLowerCase())) columns.push({ ...c, start: p.source.start, end: p.source.end });
      }
    } else {
      // Which input columns are unpivoted (so which remain) is not known here.
      opaque.push({ kind: 'function', key: '', name: '' });
    }
    const nameColumn = p.nameColumn?.name ?? 'name';
    columns.push({ name: nameColumn, sources: [], type: 'varchar', transform: 'literal', start: p.start, end: p.end });
    const valueNames = p.valueColumns.length > 0 ? p.valueColumns.map((v) => v.name) : ['value'];
    for (let i = 0; i < valueNames.length; i++) {
      const sources: ColumnInfo['sources'] = [];
      let type: string | undefined;
      let first = true;
      for (const group of groups) {
        const info = group[i];
        if (!info) {
          type = undefined;
          first = false;
          continue;
        }
        addSources(sources, info.sources);
        const t = info.type;
        type = first ? t : type === t ? type : undefined;
        first = false;
      }
      columns.push({ name: valueNames[i], sources, type, transform: 'derived', start: p.start, end: p.end });
    }
    return makeShape(columns, opaque);
  }

  private analyzeSetOperation(op: SetOperation, env: CteEnv | undefined, outer: Scope | undefined): Shape {
    const shapes = op.branches.map((b) => this.analyzeBody(b, env, outer).shape);
    const first = shapes[0];
    const byName = op.ops.some((o) => o.endsWith('by name'));
    const columns: ColumnInfo[] = [];
    const opaque: Relation[] = [];
    if (byName) {
      const index = new Map<string, number>();
      for (const shape of shapes) {
        for (const c of shape.columns) {
          const k = c.name.toLowerCase();
          const at = index.get(k);
          if (at === undefined) {
            index.set(k, columns.length);
            columns.push({ ...c, sources: c.sources.slice() });
          } else mergeColumn(columns[at], c);
        }
      }
    } else {
      for (let i = 0; i < first.columns.length; i++) {
        const c = first.columns[i];
        const merged: ColumnInfo = { ...c, sources: c.sources.slice() };
        // Columns are named by the first branch; every branch feeds them.
        for (let b = 1; b < shapes.length; b++) {
          const other = shapes[b].columns[i];
          if (other) mergeColumn(merged, other);
        }
        columns.push(merged);
      }
    }
    for (const c of columns) {
      // Each branch may pass a differently named column into the same output column.
      if (c.transform === 'passthrough' || c.transform === 'renamed') {
        const key = c.name.toLowerCase();
        c.transform = c.sources.every((s) => s.column.toLowerCase() === key) ? 'passthrough' : 'renamed';
      }
    }
    for (const s of shapes) opaque.push(...s.opaque);
    return makeShape(columns, opaque);
  }

  private analyzeValues(values: Values, env: CteEnv | undefined, outer: Scope | undefined): Shape {
    const scope = new Scope(outer);
    const facts = newFacts();
    const firstRow = values.rows[0] ?? [];
    for (const row of values.rows) for (const e of row) this.walk(e, scope, env, facts);
    const columns: ColumnInfo[] = firstRow.map((e, i) => ({
      name: this.rules.name === 'duckdb' ? `col${i}` : `column${i + 1}`,
      sources: [],
      type: inferType(e, this.rules),
      transform: 'literal' as ColumnTransform,
      start: e.start,
      end: e.end,
    }));
    return makeShape(columns);
  }

  private analyzeSelect(select: Select, env: CteEnv | undefined, outer: Scope | undefined): QueryResult {
    const scope = new Scope(outer);
    for (const entry of select.from) this.addEntry(entry, scope, env);
    const columns: ColumnInfo[] = [];
    const opaque: Relation[] = [];
    const items = select.items;
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      const expr = item.expr;
      if (expr.kind === 'star' && !item.alias) {
        this.expandStar(expr, scope, env, item.start, item.end, columns, opaque);
        continue;
      }
      const facts = newFacts();
      this.walk(expr, scope, env, facts);
      if (facts.columnsExpression && !item.alias) {
        // DuckDB COLUMNS('regex' | *), also inside `min(columns(*))`: one column per match, chosen by names we do not evaluate.
        opaque.push(...scope.relations);
        if (scope.relations.length === 0) opaque.push({ kind: 'function', key: '', name: '' });
        continue;
      }
      const name = item.alias ? item.alias.name : this.implicitName(expr, i);
      const info = this.itemInfo(expr, facts, name, item.start, item.end);
      columns.push(info);
      scope.selectItems = columns;
    }
    const facts = newFacts();
    if (select.where) this.walk(select.where, scope, env, facts);
    for (const g of select.groupBy) this.walk(g, scope, env, facts);
    if (select.having) this.walk(select.having, scope, env, facts);
    if (select.qualify) this.walk(select.qualify, scope, env, facts);
    for (const w of select.windows) {
      for (const e of w.partitionBy) this.walk(e, scope, env, facts);
      for (const e of w.orderBy) this.walk(e, scope, env, facts);
    }
    return { shape: makeShape(columns, opaque), scope };
  }

  // -------------------------------------------------------------- FROM items

  private addEntry(entry: FromEntry, scope: Scope, env: CteEnv | undefined): void {
    this.addSource(entry.first, scope, env);
    for (const join of entry.joins) {
      const before = scope.relations.length;
      this.addSource(join.source, scope, env);
      const right = scope.relations[scope.relations.length - 1];
      if (right && scope.relations.length > before) {
        if (join.using.length > 0) right.mergedColumns = new Set(join.using.map((u) => u.key));
        else if (join.natural && right.shape) {
          const merged = new Set<string>();
          for (let r = 0; r < before; r++) {
            const left = scope.relations[r].shape;
            if (!left) continue;
            for (const k of right.shape.byKey.keys()) if (left.byKey.has(k)) merged.add(k);
          }
          right.mergedColumns = merged;
        }
      }
      if (join.on) this.walk(join.on, scope, env, newFacts());
    }
  }

  private addSource(source: FromSource, scope: Scope, env: CteEnv | undefined): void {
    if (source.pivot) {
      // `t PIVOT (…)`: the PIVOT statement over t, seen under the alias written after it.
      const first: FromSource = { ...source, pivot: undefined, reshaped: false, alias: undefined, columnAliases: [] };
      const pivot: Pivot = { ...source.pivot, source: { first, joins: [], start: source.start, end: source.end } };
      let shape = pivot.unpivot ? this.analyzeUnpivot(pivot, env, scope) : this.analyzePivot(pivot, env, scope);
      if (source.columnAliases.length > 0) shape = renameColumns(shape, source.columnAliases);
      const name = source.alias?.name ?? '';
      scope.relations.push({ kind: 'subquery', key: name.toLowerCase(), name, shape });
      return;
    }
    if (source.reshaped && source.kind !== 'table') {
      // Analyse what is pivoted (for its tables), but the pivot's output columns are unknown.
      const inner = new Scope(scope);
      this.addSource({ ...source, reshaped: false, alias: undefined, columnAliases: [] }, inner, env);
      const name = source.alias?.name ?? '';
      scope.relations.push({ kind: 'function', key: name.toLowerCase(), name });
      return;
    }
    switch (source.kind) {
      case 'table':
        scope.relations.push(this.tableRelation(source.parts, source.alias, source.columnAliases, source.reshaped === true, source.start, source.end, env));
        return;
      case 'subquery': {
        // Subqueries may refer to earlier FROM items (LATERAL, and DuckDB infers lateral joins).
        let shape = this.analyzeQuery(source.query, env, scope).shape;
        if (source.columnAliases.length > 0) shape = renameColumns(shape, source.columnAliases);
        const name = source.alias?.name ?? '';
        scope.relations.push({ kind: 'subquery', key: name.toLowerCase(), name, shape });
        return;
      }
      case 'function': {
        const facts = newFacts();
        this.walk(source.call, scope, env, facts);
        const argumentInfo: ColumnInfo = { name: source.call.name, sources: facts.sources, transform: 'derived', start: source.start, end: source.end };
        const name = source.alias?.name ?? source.call.name;
        let shape: Shape | undefined;
        const produced = source.columnAliases.length > 0 ? source.columnAliases.map((a) => a.name) : knownFunctionColumns(source.call.name, name);
        if (produced) {
          const columns: ColumnInfo[] = produced.map((n) => ({ ...argumentInfo, name: n }));
          // BigQuery WITH OFFSET: the element's position, an int64 read from no column.
          if (source.offset) columns.push({ name: source.offset.name, sources: [], type: 'int64', transform: 'derived', start: source.offset.start, end: source.offset.end });
          shape = makeShape(columns);
        }
        scope.relations.push({ kind: 'function', key: name.toLowerCase(), name, shape, argumentInfo });
        return;
      }
      case 'group':
        this.addEntry(source.entry, scope, env);
        return;
    }
  }

  private tableRelation(
    parts: Ident[],
    alias: Ident | undefined,
    columnAliases: Ident[],
    reshaped: boolean,
    start: number,
    end: number,
    env: CteEnv | undefined,
  ): Relation {
    const last = parts[parts.length - 1];
    if (parts.length === 1) {
      for (let e = env; e; e = e.parent) {
        const cte = e.ctes.get(last.key);
        if (!cte) continue;
        const name = alias?.name ?? cte.name;
        let shape = cte.shape;
        if (shape && columnAliases.length > 0) shape = renameColumns(shape, columnAliases);
        return { kind: 'cte', key: name.toLowerCase(), name, shape: reshaped ? undefined : shape };
      }
    }
    const names = this.tableNameParts(parts);
    const resolved = this.resolve(names);
    const table = resolved ? resolved.key : names.join('.');
    this.tables.push({ parts: names, key: resolved?.key, alias: alias?.name, start, end });
    const name = alias?.name ?? names[names.length - 1];
    let shape = resolved?.shape;
    if (shape && columnAliases.length > 0) shape = renameColumns(shape, columnAliases);
    if (reshaped) return { kind: 'function', key: name.toLowerCase(), name };
    return { kind: 'table', key: name.toLowerCase(), name, partKeys: names.map((n) => n.toLowerCase()), table, shape };
  }

  /** BigQuery writes whole paths in one pair of backticks: `proj.ds.t` is three parts. */
  private tableNameParts(parts: Ident[]): string[] {
    const names: string[] = [];
    for (const p of parts) {
      if (p.quoted && this.rules.name === 'bigquery' && p.name.includes('.')) names.push(...p.name.split('.'));
      else names.push(p.name);
    }
    return names;
  }

  private resolve(names: string[]): { key: string; shape?: Shape } | undefined {
    const cacheKey = names.join('\u0000');
    const cached = this.resolved.get(cacheKey);
    if (cached !== undefined) return cached ?? undefined;
    let found: ReturnType<TableResolver>;
    try {
      found = this.resolveTable(names);
    } catch {
      found = undefined; // a faulty resolver must not take the analysis down
    }
    let result: { key: string; shape?: Shape } | null = null;
    if (found) {
      const key = found.key;
      const shape = found.columns
        ? makeShape(
            found.columns.map((c) => ({
              name: c.name,
              sources: [{ table: key, column: c.name }],
              type: c.type ? normalizeType(this.rules, c.type) : undefined,
              transform: 'passthrough' as ColumnTransform,
              start: 0,
              end: 0,
            })),
          )
        : undefined;
      result = { key, shape };
    }
    this.resolved.set(cacheKey, result);
    return result ?? undefined;
  }

  // ------------------------------------------------------------ select items

  private expandStar(star: Star, scope: Scope, env: CteEnv | undefined, start: number, end: number, out: ColumnInfo[], opaque: Relation[]): void {
    let relations: Relation[];
    const qualified = star.qualifier.length > 0;
    if (qualified) {
      const rel = findInScopes(scope, star.qualifier);
      if (!rel) {
        // `x.*` where x names no relation (or a struct column): unknown columns.
        opaque.push({ kind: 'function', key: '', name: '' });
        return;
      }
      relations = [rel];
    } else relations = scope.relations;
    const except = star.except.length > 0 ? new Set(star.except.map((e) => e.key)) : undefined;
    let replace: Map<string, ColumnInfo> | undefined;
    if (star.replace.length > 0) {
      replace = new Map();
      for (const r of star.replace) {
        const facts = newFacts();
        this.walk(r.expr, scope, env, facts);
        replace.set(r.alias.key, this.itemInfo(r.expr, facts, r.alias.name, start, end));
      }
    }
    let rename: Map<string, Ident> | undefined;
    if (star.rename) {
      rename = new Map();
      for (const r of star.rename) rename.set(r.from.key, r.to);
    }
    const pattern = star.pattern;
    // GLOB / SIMILAR TO patterns are not evaluated: which columns match is unknown.
    if (pattern && starPatternMatches(pattern, '') === undefined) {
      opaque.push(...relations);
      return;
    }
    const seen = new Set<string>();
    for (const rel of relations) {
      if (!rel.shape) {
        opaque.push(rel);
        continue;
      }
      for (const c of rel.shape.columns) {
        const key = c.name.toLowerCase();
        if (except?.has(key)) continue;
        if (pattern && !starPatternMatches(pattern, c.name)) continue;
        if (!qualified && rel.mergedColumns?.has(key) && seen.has(key)) continue;
        seen.add(key);
        const replacement = replace?.get(key);
        const to = rename?.get(key);
        if (replacement) {
          replace!.delete(key);
          out.push(replacement);
        } else if (to) {
          rename!.delete(key);
          out.push(renamed(c, to.name, start, end));
        } else out.push({ ...c, start, end });
      }
      if (rel.shape.opaque.length > 0) opaque.push(rel);
    }
    // Replaced or renamed columns appear even when they came from an opaque upstream.
    if (replace) for (const r of replace.values()) out.push(r);
    if (rename && star.rename) {
      for (const r of star.rename) {
        if (!rename.has(r.from.key)) continue;
        const column = { kind: 'column' as const, parts: [r.from], start: r.from.start, end: r.from.end };
        const facts = newFacts();
        this.walk(column, scope, env, facts);
        out.push(this.itemInfo(column, facts, r.to.name, start, end));
      }
    }
  }

  private itemInfo(expr: Expr, facts: ExprFacts, name: string, start: number, end: number): ColumnInfo {
    if (expr.kind === 'column') {
      if (expr.binding) return renamed(expr.binding.info, name, start, end);
      // Unbound (ambiguous or unknown) but still a plain column: it is passed through from somewhere.
      const written = expr.parts[expr.parts.length - 1].name;
      const transform = written.toLowerCase() === name.toLowerCase() ? 'passthrough' : 'renamed';
      return { name, sources: [], type: undefined, transform, start, end };
    }
    const type = inferType(expr, this.rules);
    let transform: ColumnTransform;
    if (facts.window) transform = 'window';
    else if (facts.aggregate) transform = 'aggregate';
    else if (facts.refs === 0 && facts.calls === 0) transform = 'literal';
    else transform = 'derived';
    return { name, sources: facts.sources, type, transform, start, end };
  }

  /** The name a warehouse gives an unaliased select item. */
  private implicitName(expr: Expr, index: number): string {
    let e = expr;
    while (e.kind === 'cast' && this.rules.name !== 'duckdb') e = e.expr;
    if (e.kind === 'column') return e.parts[e.parts.length - 1].name;
    if (e.kind === 'access' && e.index.length === 1 && e.index[0].kind === 'literal' && e.index[0].literal === 'string' && this.sql[e.index[0].start - 1] === '.') {
      return e.index[0].text;
    }
    const d: Dialect = this.rules.name;
    if (d === 'bigquery') return `f${index}_`;
    if (d === 'postgres' || d === 'redshift') {
      if (e.kind === 'function') return e.name;
      if (e.kind === 'case') return 'case';
      return '?column?';
    }
    // DuckDB names count(*) after its internal function; otherwise DuckDB and Snowflake name the column after the expression text.
    if (d === 'duckdb' && e.kind === 'function' && e.name === 'count' && e.args.length === 1 && e.args[0].kind === 'star' && !e.over && !e.filter) return 'count_star()';
    return this.sql.slice(expr.start, expr.end).replace(/\s+/g, ' ').toLowerCase();
  }

  // ------------------------------------------------------------- expressions

  /** Binds column references, analyses subqueries, and records what feeds the expression. */
  private walk(expr: Expr, scope: Scope, env: CteEnv | undefined, facts: ExprFacts): void {
    switch (expr.kind) {
      case 'column': {
        facts.refs++;
        const binding = scope.resolve(expr);
        if (binding) {
          expr.binding = binding;
          if (binding.info.sources.length > 0) addSources(facts.sources, binding.info.sources);
          const t = binding.info.transform;
          if (binding.relationKind === 'select-alias' && (t === 'aggregate' || t === 'window')) {
            if (t === 'aggregate') facts.aggregate = true;
            else facts.window = true;
          }
        }
        return;
      }
      case 'function': {
        facts.calls++;
        if (expr.name === 'columns' && this.rules.name === 'duckdb') facts.columnsExpression = true;
        if (expr.over) {
          facts.window = true;
          for (const e of expr.over.partitionBy) this.walk(e, scope, env, facts);
          for (const e of expr.over.orderBy) this.walk(e, scope, env, facts);
        } else if (AGGREGATE_FUNCTIONS.has(expr.name)) facts.aggregate = true;
        for (const a of expr.args) this.walk(a, scope, env, facts);
        for (const o of expr.orderBy) this.walk(o, scope, env, facts);
        if (expr.filter) this.walk(expr.filter, scope, env, facts);
        return;
      }
      case 'cast':
        this.walk(expr.expr, scope, env, facts);
        return;
      case 'case':
        if (expr.operand) this.walk(expr.operand, scope, env, facts);
        for (const c of expr.conditions) this.walk(c, scope, env, facts);
        for (const r of expr.results) this.walk(r, scope, env, facts);
        if (expr.otherwise) this.walk(expr.otherwise, scope, env, facts);
        return;
      case 'chain':
      case 'predicate':
        for (const o of expr.operands) this.walk(o, scope, env, facts);
        return;
      case 'unary':
        this.walk(expr.operand, scope, env, facts);
        return;
      case 'list':
        for (const i of expr.items) this.walk(i, scope, env, facts);
        return;
      case 'access':
        this.walk(expr.base, scope, env, facts);
        for (const i of expr.index) this.walk(i, scope, env, facts);
        return;
      case 'lambda': {
        const inner = new Scope(scope);
        inner.lambdaParams = new Set(expr.params.map((p) => p.key));
        this.walk(expr.body, inner, env, facts);
        return;
      }
      case 'subquery': {
        facts.calls++;
        const shape = this.analyzeQuery(expr.query, env, scope).shape;
        const first = shape.columns[0];
        if (!expr.exists && first) {
          addSources(facts.sources, first.sources);
          expr.columnType = first.type;
        }
        return;
      }
      case 'star':
      case 'literal':
      case 'error':
        return;
    }
  }
}

/** The column name DuckDB gives a PIVOT IN value, or undefined when it is not a constant. */
function pivotValueName(e: Expr): string | undefined {
  if (e.kind === 'literal' && (e.literal === 'string' || e.literal === 'number' || e.literal === 'boolean')) return e.text;
  if (e.kind === 'literal' && e.literal === 'null') return 'NULL';
  return undefined;
}

/** The star of DuckDB `COLUMNS(*)` / `COLUMNS(* EXCLUDE (…))`, when that is all the expression is. */
function columnsOfStar(e: Expr): Star | undefined {
  if (e.kind !== 'function' || e.name !== 'columns' || e.args.length !== 1) return undefined;
  const star = e.args[0];
  if (star.kind !== 'star' || star.qualifier.length > 0 || star.pattern || star.replace.length > 0 || star.rename) return undefined;
  return star;
}

/** Lower-cased names of the columns an expression reads (not inside subqueries or lambdas). */
function columnKeys(e: Expr, out: Set<string>): void {
  switch (e.kind) {
    case 'column':
      out.add(e.parts[e.parts.length - 1].key);
      return;
    case 'function':
      for (const a of e.args) columnKeys(a, out);
      for (const o of e.orderBy) columnKeys(o, out);
      if (e.filter) columnKeys(e.filter, out);
      return;
    case 'cast':
      columnKeys(e.expr, out);
      return;
    case 'case':
      if (e.operand) columnKeys(e.operand, out);
      for (const c of e.conditions) columnKeys(c, out);
      for (const r of e.results) columnKeys(r, out);
      if (e.otherwise) columnKeys(e.otherwise, out);
      return;
    case 'chain':
    case 'predicate':
      for (const o of e.operands) columnKeys(o, out);
      return;
    case 'unary':
      columnKeys(e.operand, out);
      return;
    case 'list':
      for (const i of e.items) columnKeys(i, out);
      return;
    case 'access':
      columnKeys(e.base, out);
      return;
    default:
      return;
  }
}

/** DuckDB and Snowflake `* [NOT] LIKE/ILIKE 'pattern'`: does the column name match? Undefined for GLOB/SIMILAR TO (not evaluated). */
export function starPatternMatches(pattern: NonNullable<Star['pattern']>, name: string): boolean | undefined {
  if (pattern.op !== 'like' && pattern.op !== 'ilike') return undefined;
  const fold = pattern.op === 'ilike';
  const matched = likeMatches(fold ? pattern.text.toLowerCase() : pattern.text, fold ? name.toLowerCase() : name);
  return matched !== pattern.negated;
}

/** SQL LIKE: `%` any run, `_` one character, `\` escapes. Iterative with one backtrack point, no regex. */
export function likeMatches(p: string, s: string): boolean {
  let i = 0;
  let j = 0;
  let starP = -1;
  let starS = 0;
  while (j < s.length) {
    if (i < p.length && p[i] === '%') {
      starP = ++i;
      starS = j;
      continue;
    }
    if (i < p.length) {
      let c = p[i];
      let step = 1;
      if (c === '\\' && i + 1 < p.length) {
        c = p[i + 1];
        step = 2;
      } else if (c === '_') {
        i++;
        j++;
        continue;
      }
      if (c === s[j]) {
        i += step;
        j++;
        continue;
      }
    }
    if (starP < 0) return false;
    i = starP;
    j = ++starS;
  }
  while (i < p.length && p[i] === '%') i++;
  return i === p.length;
}

/** Columns of table functions whose output is fixed by the function itself. */
function knownFunctionColumns(fn: string, alias: string): string[] | undefined {
  switch (fn) {
    case 'unnest':
      // One value column, named by the alias (BigQuery, Postgres) or after the function.
      return [alias];
    case 'flatten':
      return ['seq', 'key', 'path', 'index', 'value', 'this'];
    case 'generate_series':
    case 'range':
      return [alias === fn ? fn : alias];
    default:
      return undefined;
  }
}

function findInScopes(scope: Scope, qualifier: Ident[]): Relation | undefined {
  for (let s: Scope | undefined = scope; s; s = s.parent) {
    const rel = s.findLocal(qualifier);
    if (rel) return rel;
  }
  return undefined;
}

function mergeColumn(into: ColumnInfo, other: ColumnInfo): void {
  addSources(into.sources, other.sources);
  if (into.transform !== other.transform) {
    const a = into.transform;
    const b = other.transform;
    // A literal branch (`null as x`) does not change what the other branches do to the column.
    if (a === 'literal') into.transform = b;
    else if (b !== 'literal') into.transform = a === 'passthrough' || a === 'renamed' ? (b === 'passthrough' || b === 'renamed' ? 'renamed' : b) : 'derived';
  }
  if (into.type !== other.type) {
    if (!into.type) into.type = other.type;
    else if (other.type) into.type = undefined;
  }
}

/** Positional renaming by a column alias list: `cte(a, b)`, `(subquery) t(a, b)`, `unnest(x) u(v)`. */
function renameColumns(shape: Shape, aliases: Ident[]): Shape {
  const columns = shape.columns.map((c, i) => (i < aliases.length ? renamed(c, aliases[i].name, c.start, c.end) : c));
  return makeShape(columns, shape.opaque);
}
