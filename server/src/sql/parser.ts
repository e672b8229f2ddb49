/**
 * A recursive-descent parser for the query structure of rendered SQL. It is
 * built for the indexing hot path: one pass over the tokens, no
 * backtracking beyond a few tokens of lookahead, and recovery instead of
 * exceptions — an error is recorded with its offsets and parsing resumes at
 * the next clause or statement, so callers still get every column and table
 * that could be read. Recursion is bounded (MAX_DEPTH) so that deeply nested
 * input reports an error instead of overflowing the stack.
 */
import type { SqlError } from './api';
import type {
  Cast,
  ColumnRef,
  Cte,
  ErrorExpr,
  Expr,
  FromEntry,
  FromSource,
  FunctionCall,
  Ident,
  Join,
  Literal,
  Pivot,
  Query,
  QueryBody,
  Select,
  SelectItem,
  Star,
  Statement,
  Values,
  WindowSpec,
} from './ast';
import { DATE_PARTS, displayName, normalizeType, RESERVED, type DialectRules } from './dialect';
import { tokenize, type Token } from './tokenizer';

export interface ParseResult {
  statements: Statement[];
  errors: SqlError[];
}

const MAX_DEPTH = 200;
const MAX_ERRORS = 100;

const COMPARE_OPS = new Set(['=', '==', '<>', '!=', '<', '>', '<=', '>=', '<=>']);
const OTHER_OPS = new Set(['||', '->>', '#>', '#>>', '@>', '<@', '&&', '~', '~*', '!~', '!~*', '~~', '!~~', '^@', '<<', '>>', '&', '|', '#', '#-', '??']);
const LIKE_WORDS = new Set(['like', 'ilike', 'glob', 'rlike', 'regexp', 'similar']);
/** Words that start a clause: where recovery resumes after an error inside a SELECT. */
const CLAUSE_WORDS = new Set(['from', 'where', 'group', 'having', 'qualify', 'window', 'order', 'limit', 'offset', 'fetch', 'union', 'intersect', 'except', 'minus']);
/** Words that end a SELECT (handled by the enclosing query). */
const SELECT_FOLLOWERS = new Set(['union', 'intersect', 'except', 'minus', 'order', 'limit', 'offset', 'fetch']);
const JOIN_WORDS = new Set(['join', 'inner', 'left', 'right', 'full', 'outer', 'cross', 'natural', 'semi', 'anti', 'asof', 'positional']);
/** Statements we do not analyse; skipped silently up to the next `;`. */
const OTHER_STATEMENTS = new Set([
  'create', 'insert', 'update', 'delete', 'merge', 'set', 'pragma', 'call', 'grant', 'revoke', 'begin', 'commit', 'rollback',
  'use', 'alter', 'drop', 'truncate', 'copy', 'attach', 'detach', 'install', 'load', 'declare', 'execute', 'show', 'describe',
  'explain', 'analyze', 'vacuum', 'comment', 'unset', 'reset', 'checkpoint', 'export', 'import', 'summarize', 'start', 'end',
  'return', 'if', 'for', 'while', 'loop', 'exception', 'raise', 'do', 'listen', 'notify', 'lock', 'refresh', 'undrop', 'put',
  'get', 'list', 'remove', 'assert',
]);
/** Join types that are errors without ON/USING (Snowflake alone treats them as cross joins). */
const JOINS_NEEDING_CONDITION = new Set(['inner', 'left', 'right', 'full', 'semi', 'anti', 'asof', 'left semi', 'left anti', 'asof left']);
/** Functions whose arguments are separated by keywords: substring(x from 1 for 2), position('a' in s), overlay(... placing ...). */
const KEYWORD_ARGUMENT_FUNCTIONS = new Set(['substring', 'substr', 'trim', 'position', 'overlay']);
/** Dialects that accept `select a, b, from t`. */
const TRAILING_COMMA_DIALECTS = new Set(['duckdb', 'bigquery', 'snowflake']);
const NO_PAREN_FUNCTIONS = new Set([
  'current_date', 'current_timestamp', 'current_time', 'localtimestamp', 'localtime', 'current_user', 'session_user',
  'current_role', 'current_schema', 'current_catalog', 'user', 'sysdate',
]);
const TYPED_LITERAL_WORDS = new Set(['date', 'timestamp', 'time', 'timestamptz', 'datetime', 'timestamp_ntz', 'timestamp_ltz', 'timestamp_tz', 'numeric', 'decimal', 'json', 'uuid']);
/** DuckDB statements that reshape a table (see `Pivot`). */
const PIVOT_WORDS = new Set(['pivot', 'unpivot', 'pivot_wider', 'pivot_longer']);
/** `TABLESAMPLE BERNOULLI (10)`, Snowflake `SAMPLE ROW (10)`: sampling methods before the size. */
const SAMPLE_METHODS = new Set(['bernoulli', 'system', 'block', 'row', 'reservoir']);
/** Star modifiers that filter by name pattern: `* LIKE 'a%'`, `* NOT ILIKE '%_id'`, `* GLOB 'a*'`, `* SIMILAR TO 'a.*'`. */
const STAR_PATTERN_WORDS = new Set(['like', 'ilike', 'glob', 'similar']);
const TYPE_CONTINUATION = new Set(['precision', 'varying', 'with', 'without', 'time', 'zone', 'unsigned', 'local']);
/** Functions whose first (or, in BigQuery, last) bare-word argument is a date part, not a column. */
const DATE_PART_FUNCTIONS = new Set([
  'datediff', 'date_diff', 'dateadd', 'date_add', 'date_sub', 'datesub', 'date_trunc', 'datetrunc', 'date_part', 'datepart',
  'timestampdiff', 'timestampadd', 'timestamp_diff', 'timestamp_add', 'timestamp_sub', 'timestamp_trunc', 'datetime_diff',
  'datetime_add', 'datetime_sub', 'datetime_trunc', 'time_diff', 'time_trunc', 'time_add', 'time_sub', 'last_day', 'extract',
  'time_slice', 'date_from_parts',
]);

export function parseSql(sql: string, rules: DialectRules): ParseResult {
  const { tokens, errors } = tokenize(sql, rules);
  const parser = new Parser(sql, tokens, rules, errors);
  const statements = parser.parseStatements();
  return { statements, errors };
}

class Parser {
  private pos = 0;
  private depth = 0;
  private readonly eof: Token;

  constructor(
    private readonly sql: string,
    private readonly toks: Token[],
    private readonly rules: DialectRules,
    private readonly errors: SqlError[],
  ) {
    this.eof = toks[toks.length - 1];
  }

  // ---------------------------------------------------------------- helpers

  private peek(k = 0): Token {
    const i = this.pos + k;
    return i < this.toks.length ? this.toks[i] : this.eof;
  }

  private next(): Token {
    const t = this.peek();
    if (this.pos < this.toks.length - 1) this.pos++;
    return t;
  }

  private isWord(w: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'word' && t.value === w;
  }

  private isOp(o: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'op' && t.value === o;
  }

  private acceptWord(w: string): boolean {
    if (!this.isWord(w)) return false;
    this.pos++;
    return true;
  }

  private acceptOp(o: string): boolean {
    if (!this.isOp(o)) return false;
    this.pos++;
    return true;
  }

  private get lastEnd(): number {
    return this.pos > 0 ? this.toks[this.pos - 1].end : 0;
  }

  private error(message: string, start: number, end: number): void {
    const errs = this.errors;
    if (errs.length >= MAX_ERRORS) return;
    // One error per position: recovery must not cascade into a pile of follow-on errors.
    for (let i = errs.length - 1; i >= 0 && i >= errs.length - 3; i--) if (errs[i].start === start) return;
    errs.push({ message, start, end });
  }

  private describe(t: Token): string {
    if (t.kind === 'eof') return 'end of SQL';
    const text = this.sql.slice(t.start, Math.min(t.end, t.start + 40));
    return `'${text}'`;
  }

  private errorAt(t: Token, expected: string): void {
    const start = t.kind === 'eof' ? this.lastEnd : t.start;
    const end = t.kind === 'eof' ? this.sql.length : t.end;
    this.error(`${expected}, found ${this.describe(t)}`, start, Math.max(end, start));
  }

  private enter(): boolean {
    if (this.depth >= MAX_DEPTH) {
      const t = this.peek();
      this.error(`Nesting too deep (more than ${MAX_DEPTH} levels); the rest of this expression is not analysed`, t.start, t.end);
      return false;
    }
    this.depth++;
    return true;
  }

  /** Skips a parenthesised group starting at `(`, iteratively, up to its `)` or the end. */
  private skipGroup(): void {
    let depth = 0;
    while (this.peek().kind !== 'eof') {
      const t = this.next();
      if (t.kind !== 'op') continue;
      if (t.value === '(' || t.value === '[' || t.value === '{') depth++;
      else if (t.value === ')' || t.value === ']' || t.value === '}') {
        depth--;
        if (depth <= 0) return;
      }
    }
  }

  /** Skips tokens (over balanced parentheses) until `stop` says so at depth 0, a `)` closing an outer group, `;` or the end. */
  private skipUntil(stop: (t: Token) => boolean): void {
    for (;;) {
      const t = this.peek();
      if (t.kind === 'eof') return;
      if (t.kind === 'op') {
        if (t.value === ')' || t.value === ';') return;
        if (t.value === '(') {
          this.skipGroup();
          continue;
        }
      }
      if (stop(t)) return;
      this.pos++;
    }
  }

  private expectClose(open: Token): void {
    if (this.acceptOp(')')) return;
    this.error(`Missing ')' to close this '('`, open.start, open.end);
  }

  private ident(t: Token): Ident {
    if (t.kind !== 'quoted') return { name: t.value, key: t.value, quoted: false, start: t.start, end: t.end };
    const name = displayName(this.rules, t.value, true);
    return { name, key: name.toLowerCase(), quoted: true, start: t.start, end: t.end };
  }

  private isIdentToken(t: Token, allowReserved: boolean): boolean {
    return t.kind === 'quoted' || (t.kind === 'word' && (allowReserved || !RESERVED.has(t.value)));
  }

  private parseIdent(what: string): Ident | undefined {
    const t = this.peek();
    if (this.isIdentToken(t, false)) {
      this.pos++;
      return this.ident(t);
    }
    this.errorAt(t, `Expected ${what}`);
    return undefined;
  }

  private parseIdentList(): Ident[] {
    const out: Ident[] = [];
    const open = this.peek();
    if (!this.acceptOp('(')) {
      const single = this.parseIdent('a column name');
      return single ? [single] : out;
    }
    while (!this.isOp(')') && this.peek().kind !== 'eof') {
      const id = this.parseIdent('a column name');
      if (!id) break;
      out.push(id);
      if (!this.acceptOp(',')) break;
    }
    this.expectClose(open);
    return out;
  }

  /** `t(a, b)`, and Postgres column definitions `jsonb_to_recordset(x) as r(a int, b text)`: the names, types skipped. */
  private parseAliasColumns(): Ident[] {
    const out: Ident[] = [];
    const open = this.next();
    while (!this.isOp(')') && this.peek().kind !== 'eof') {
      const id = this.parseIdent('a column name');
      if (!id) break;
      out.push(id);
      if (!this.isOp(',') && !this.isOp(')')) this.parseType();
      if (!this.acceptOp(',')) break;
    }
    this.expectClose(open);
    return out;
  }

  // ------------------------------------------------------------- statements

  parseStatements(): Statement[] {
    const out: Statement[] = [];
    while (this.peek().kind !== 'eof') {
      const t = this.peek();
      if (t.kind === 'op' && t.value === ';') {
        this.pos++;
        continue;
      }
      if (t.kind === 'op' && t.value === ')') {
        this.error(`Unmatched ')'`, t.start, t.end);
        this.pos++;
        continue;
      }
      const start = t.start;
      if (this.startsQuery(this.pos, true)) {
        const query = this.parseQuery();
        const after = this.peek();
        if (after.kind !== 'eof' && !(after.kind === 'op' && after.value === ';')) {
          this.errorAt(after, 'Expected the end of the statement');
          this.skipStatement();
        }
        out.push({ query, start, end: this.lastEnd });
        continue;
      }
      if (!(t.kind === 'word' && OTHER_STATEMENTS.has(t.value))) this.errorAt(t, 'Expected a query (SELECT, WITH or VALUES)');
      this.skipStatement();
      out.push({ start, end: this.lastEnd });
    }
    return out;
  }

  private skipStatement(): void {
    const before = this.pos;
    this.skipUntil((t) => t.kind === 'op' && t.value === ';');
    // A stray ')' stops skipUntil; step over it so that the statement loop progresses.
    if (this.pos === before && this.peek().kind !== 'eof' && !this.isOp(';')) this.pos++;
  }

  /** Does a query start at token `at` (possibly behind opening parentheses)? */
  private startsQuery(at: number, allowFrom: boolean): boolean {
    let i = at;
    while (i < this.toks.length && this.toks[i].kind === 'op' && this.toks[i].value === '(') i++;
    const t = i < this.toks.length ? this.toks[i] : this.eof;
    if (t.kind !== 'word') return false;
    if (t.value === 'select' || t.value === 'with' || t.value === 'values' || (allowFrom && t.value === 'from')) return true;
    if (t.value === 'table' && allowFrom) return this.isTableStatement(i);
    return PIVOT_WORDS.has(t.value) && this.rules.name === 'duckdb' && this.startsPivot(i);
  }

  /** Postgres / DuckDB `TABLE t`: `SELECT * FROM t`. */
  private isTableStatement(at: number): boolean {
    const t = at + 1 < this.toks.length ? this.toks[at + 1] : this.eof;
    return this.isIdentToken(t, false) && !(this.toks[at + 2]?.kind === 'op' && this.toks[at + 2].value === '(');
  }

  /** `pivot t on …`, `unpivot (select …) on …`: a PIVOT statement, not a table named pivot. */
  private startsPivot(at: number): boolean {
    const t = at + 1 < this.toks.length ? this.toks[at + 1] : this.eof;
    if (t.kind === 'quoted' || (t.kind === 'op' && t.value === '(')) return true;
    return t.kind === 'word' && (!RESERVED.has(t.value) || t.value === 'include' || t.value === 'exclude');
  }

  // ----------------------------------------------------------------- queries

  private parseQuery(): Query {
    const start = this.peek().start;
    const query: Query = { kind: 'query', recursive: false, ctes: [], body: emptySelect(start), orderBy: [], start, end: start };
    if (!this.enter()) {
      if (this.isOp('(')) this.skipGroup();
      else this.skipUntil(() => false);
      query.end = this.lastEnd;
      return query;
    }
    if (this.acceptWord('with')) {
      query.recursive = this.acceptWord('recursive');
      do {
        const cte = this.parseCte();
        if (cte) query.ctes.push(cte);
        else break;
      } while (this.acceptOp(','));
    }
    query.body = this.parseSetOperations();
    this.parseQueryTail(query);
    query.end = this.lastEnd;
    this.depth--;
    return query;
  }

  private parseCte(): Cte | undefined {
    const start = this.peek().start;
    const name = this.parseIdent('a CTE name');
    if (!name) {
      this.skipUntil((t) => t.kind === 'word' && (t.value === 'select' || CLAUSE_WORDS.has(t.value)));
      return undefined;
    }
    const columns = this.isOp('(') ? this.parseIdentList() : [];
    if (!this.acceptWord('as')) this.errorAt(this.peek(), `Expected AS after the CTE name '${name.name}'`);
    this.acceptWord('not');
    this.acceptWord('materialized');
    const open = this.peek();
    let query: Query;
    if (this.acceptOp('(')) {
      query = this.parseQuery();
      this.expectClose(open);
      // Postgres `SEARCH DEPTH FIRST BY a SET ord`, `CYCLE a SET is_cycle USING path`: no columns lineage needs.
      while ((this.isWord('search') && (this.isWord('depth', 1) || this.isWord('breadth', 1))) || (this.isWord('cycle') && this.isIdentToken(this.peek(1), false))) {
        this.pos++;
        this.skipUntil((t) => (t.kind === 'op' && t.value === ',') || (t.kind === 'word' && (t.value === 'select' || t.value === 'search' || t.value === 'cycle' || t.value === 'values' || t.value === 'from')));
      }
    } else {
      this.errorAt(open, `Expected '(' before the body of CTE '${name.name}'`);
      query = this.startsQuery(this.pos, false) ? this.parseQuery() : { kind: 'query', recursive: false, ctes: [], body: emptySelect(open.start), orderBy: [], start: open.start, end: open.start };
    }
    return { name, columns, query, start, end: this.lastEnd };
  }

  private parseSetOperations(): QueryBody {
    const first = this.parseQueryTerm();
    const t = this.peek();
    if (!(t.kind === 'word' && (t.value === 'union' || t.value === 'intersect' || t.value === 'except' || t.value === 'minus'))) return first;
    const branches: QueryBody[] = [first];
    const ops: string[] = [];
    for (;;) {
      const w = this.peek();
      if (!(w.kind === 'word' && (w.value === 'union' || w.value === 'intersect' || w.value === 'except' || w.value === 'minus'))) break;
      this.pos++;
      let op = w.value === 'minus' ? 'except' : w.value;
      if (this.acceptWord('all')) op += ' all';
      else if (this.acceptWord('distinct')) op += ' distinct';
      if (this.isWord('by') && this.isWord('name', 1)) {
        this.pos += 2;
        op += ' by name';
      }
      ops.push(op);
      branches.push(this.parseQueryTerm());
    }
    return { kind: 'setop', ops, branches, start: first.start, end: this.lastEnd };
  }

  private parseQueryTerm(): QueryBody {
    const t = this.peek();
    if (t.kind === 'word') {
      if (t.value === 'select' || t.value === 'from') return this.parseSelect();
      if (t.value === 'values') return this.parseValues();
      if (t.value === 'with') return this.parseQuery();
      if (PIVOT_WORDS.has(t.value) && this.rules.name === 'duckdb' && this.startsPivot(this.pos)) return this.parsePivot();
      if (t.value === 'table' && this.isTableStatement(this.pos)) {
        this.pos++;
        const select = emptySelect(t.start);
        const first = this.parseFromSource();
        if (first) select.from = [{ first, joins: [], start: first.start, end: first.end }];
        select.items = [{ expr: { kind: 'star', qualifier: [], except: [], replace: [], start: t.start, end: t.end }, start: t.start, end: t.end }];
        select.end = this.lastEnd;
        return select;
      }
    }
    if (t.kind === 'op' && t.value === '(' && this.startsQuery(this.pos + 1, true)) {
      this.pos++;
      const q = this.parseQuery();
      this.expectClose(t);
      return q;
    }
    this.errorAt(t, 'Expected SELECT');
    return emptySelect(t.start);
  }

  /** DuckDB `PIVOT t ON c [IN (…)] USING agg [AS a] [GROUP BY …]` / `UNPIVOT t ON cols INTO NAME n VALUE v`. */
  private parsePivot(): Pivot {
    const t = this.next();
    const unpivot = t.value === 'unpivot' || t.value === 'pivot_longer';
    if (this.isWord('include') || this.isWord('exclude')) {
      this.pos++;
      this.acceptWord('nulls');
    }
    const source = this.parseFromEntry();
    const first: FromSource = { kind: 'table', parts: [], columnAliases: [], start: t.end, end: t.end };
    const pivot: Pivot = {
      kind: 'pivot', unpivot, source: source ?? { first, joins: [], start: t.end, end: t.end }, on: [], using: [], groupBy: [], valueColumns: [], start: t.start, end: t.end,
    };
    if (!source) this.errorAt(this.peek(), `Expected a table or subquery after ${t.value.toUpperCase()}`);
    if (this.acceptWord('on')) {
      do {
        const expr = this.parseExpr();
        if (expr.kind === 'predicate' && expr.op === 'in') {
          const list = expr.operands[1];
          pivot.on.push({ expr: expr.operands[0], values: list.kind === 'list' ? list.items : undefined });
        } else {
          const alias = this.acceptWord('as') ? this.parseIdent('an alias') : undefined;
          pivot.on.push({ expr, alias });
        }
      } while (this.acceptOp(','));
    }
    if (this.acceptWord('using')) {
      do {
        const start = this.peek().start;
        const expr = this.parseExpr();
        let alias: Ident | undefined;
        if (this.acceptWord('as')) alias = this.parseIdent('an alias');
        else if (this.isIdentToken(this.peek(), false)) alias = this.ident(this.next());
        pivot.using.push({ expr, alias, start, end: this.lastEnd });
      } while (this.acceptOp(','));
    }
    if (this.isWord('group') && this.isWord('by', 1)) {
      this.pos += 2;
      pivot.groupBy = this.parseExprList();
    }
    if (this.acceptWord('into')) {
      if (this.acceptWord('name')) pivot.nameColumn = this.parseIdent('the name column');
      if (this.acceptWord('value')) {
        do {
          const v = this.parseIdent('a value column');
          if (!v) break;
          pivot.valueColumns.push(v);
        } while (this.acceptOp(','));
      }
    }
    pivot.end = this.lastEnd;
    return pivot;
  }

  /**
   * DuckDB's SQL-standard forms, `PIVOT (agg [AS a], … FOR col IN (v, …) … [GROUP BY …])` and
   * `UNPIVOT ((v1, v2) | v FOR name IN (a, (b, c) AS x, …))`, as the PIVOT/UNPIVOT statement they stand for.
   * Speculative: anything unexpected puts the parser back, and the caller skips the group (columns unknown).
   */
  private tryParsePivotClause(unpivot: boolean, start: number): Pivot | undefined {
    const pos = this.pos;
    const errorCount = this.errors.length;
    this.pos++;
    const placeholder: FromEntry = { first: { kind: 'table', parts: [], columnAliases: [], start, end: start }, joins: [], start, end: start };
    const pivot: Pivot = { kind: 'pivot', unpivot, source: placeholder, on: [], using: [], groupBy: [], valueColumns: [], start, end: start };
    if (unpivot) {
      if (this.isOp('(')) pivot.valueColumns = this.parseIdentList();
      else {
        const v = this.parseIdent('a value column');
        if (v) pivot.valueColumns.push(v);
      }
      if (this.acceptWord('for')) pivot.nameColumn = this.parseIdent('the name column');
      const list = this.peek();
      if (this.acceptWord('in') && this.acceptOp('(')) {
        do {
          const expr = this.parseExpr();
          const alias = this.acceptWord('as') ? this.parseIdent('an alias') : undefined;
          pivot.on.push({ expr, alias });
        } while (this.acceptOp(','));
        this.expectClose(list);
      } else this.errorAt(this.peek(), 'Expected IN (…) in UNPIVOT');
    } else {
      while (!this.isWord('for') && this.peek().kind !== 'eof' && !this.isOp(')')) {
        const itemStart = this.peek().start;
        const expr = this.parseExpr();
        const alias = this.acceptWord('as') ? this.parseIdent('an alias') : undefined;
        pivot.using.push({ expr, alias, start: itemStart, end: this.lastEnd });
        if (!this.acceptOp(',')) break;
      }
      if (!this.acceptWord('for')) this.errorAt(this.peek(), 'Expected FOR in PIVOT');
      while (!this.isOp(')') && !this.isWord('group') && this.peek().kind !== 'eof') {
        const before = this.pos;
        const expr = this.parseExpr();
        if (expr.kind !== 'predicate' || expr.op !== 'in' || this.pos === before) {
          this.errorAt(this.peek(), 'Expected IN (…) in PIVOT');
          break;
        }
        const list = expr.operands[1];
        pivot.on.push({ expr: expr.operands[0], values: list.kind === 'list' ? list.items : undefined });
      }
      if (this.isWord('group') && this.isWord('by', 1)) {
        this.pos += 2;
        pivot.groupBy = this.parseExprList();
      }
    }
    if (this.errors.length !== errorCount || !this.acceptOp(')')) {
      this.errors.length = errorCount;
      this.pos = pos;
      return undefined;
    }
    pivot.end = this.lastEnd;
    return pivot;
  }

  private parseQueryTail(query: Query): void {
    if (this.isWord('order') && this.isWord('by', 1)) {
      this.pos += 2;
      // DuckDB ORDER BY ALL
      if (this.isWord('all') && !this.isOp('(', 1)) {
        this.pos++;
        if (!this.acceptWord('asc')) this.acceptWord('desc');
      } else query.orderBy = this.parseOrderItems();
    }
    for (;;) {
      if (this.acceptWord('limit')) {
        if (!this.acceptWord('all')) query.limit = this.parseExpr();
        if (this.acceptOp(',')) query.limit = this.parseExpr();
      } else if (this.acceptWord('offset')) {
        query.offset = this.parseExpr();
        if (!this.acceptWord('rows')) this.acceptWord('row');
      } else if (this.acceptWord('fetch')) {
        if (!this.acceptWord('first')) this.acceptWord('next');
        if (!this.isWord('row') && !this.isWord('rows')) query.limit = this.parseExpr();
        if (!this.acceptWord('rows')) this.acceptWord('row');
        if (!this.acceptWord('only')) {
          if (this.acceptWord('with')) this.acceptWord('ties');
        }
      } else break;
    }
  }

  private parseValues(): Values {
    const start = this.next().start;
    const rows: Expr[][] = [];
    do {
      const open = this.peek();
      if (!this.acceptOp('(')) {
        this.errorAt(open, "Expected '(' starting a row of VALUES");
        break;
      }
      const row: Expr[] = [];
      if (!this.isOp(')')) {
        do row.push(this.parseExpr());
        while (this.acceptOp(','));
      }
      this.expectClose(open);
      rows.push(row);
    } while (this.acceptOp(','));
    return { kind: 'values', rows, start, end: this.lastEnd };
  }

  private parseSelect(): Select {
    const start = this.peek().start;
    const select: Select = emptySelect(start);
    let fromFirst = false;
    if (this.acceptWord('from')) {
      // DuckDB's FROM-first syntax: `FROM t [SELECT ...]`.
      fromFirst = true;
      select.from = this.parseFromList();
    }
    if (this.acceptWord('select')) {
      if (this.acceptWord('distinct')) {
        select.distinct = true;
        if (this.acceptWord('on')) {
          const open = this.peek();
          if (this.acceptOp('(')) {
            if (!this.isOp(')')) this.parseExprList();
            this.expectClose(open);
          }
        }
      } else this.acceptWord('all');
      if (this.isWord('top') && this.peek(1).kind === 'number') this.pos += 2;
      if (this.isWord('as') && (this.isWord('struct', 1) || this.isWord('value', 1))) this.pos += 2;
      select.items = this.parseSelectItems();
    } else if (fromFirst) {
      const at = this.lastEnd;
      select.items = [{ expr: { kind: 'star', qualifier: [], except: [], replace: [], start, end: at }, start, end: at }];
    }
    let fromSeen = fromFirst;
    for (;;) {
      const t = this.peek();
      if (t.kind === 'eof' || (t.kind === 'op' && (t.value === ')' || t.value === ';'))) break;
      if (t.kind === 'word') {
        const w = t.value;
        if (w === 'from' && !fromSeen) {
          fromSeen = true;
          this.pos++;
          select.from = this.parseFromList();
          continue;
        }
        if (w === 'where') {
          this.pos++;
          select.where = this.parseExpr();
          continue;
        }
        if (w === 'group' && this.isWord('by', 1)) {
          this.pos += 2;
          if (!this.acceptWord('all')) select.groupBy = this.parseGroupingList();
          continue;
        }
        if (w === 'having') {
          this.pos++;
          select.having = this.parseExpr();
          continue;
        }
        if (w === 'qualify') {
          this.pos++;
          select.qualify = this.parseExpr();
          continue;
        }
        if (w === 'window') {
          this.pos++;
          this.parseWindowClause(select);
          continue;
        }
        if (SELECT_FOLLOWERS.has(w)) break;
      }
      this.errorAt(t, select.from.length === 0 && !fromFirst ? 'Expected FROM or the end of the query' : 'Unexpected token in the query');
      this.pos++;
      this.skipUntil((x) => x.kind === 'word' && CLAUSE_WORDS.has(x.value));
    }
    select.end = this.lastEnd;
    return select;
  }

  private parseGroupingList(): Expr[] {
    const out: Expr[] = [];
    do {
      if (this.isWord('grouping') && this.isWord('sets', 1)) {
        this.pos += 2;
        out.push(this.parsePrimary());
      } else out.push(this.parseExpr());
    } while (this.acceptOp(','));
    return out;
  }

  private parseWindowClause(select: Select): void {
    do {
      const name = this.parseIdent('a window name');
      if (!name) return;
      if (!this.acceptWord('as')) this.errorAt(this.peek(), 'Expected AS in the WINDOW clause');
      const spec = this.parseWindowSpec();
      if (!spec) return;
      spec.name = name.name;
      select.windows.push(spec);
    } while (this.acceptOp(','));
  }

  private parseSelectItems(): SelectItem[] {
    const items: SelectItem[] = [];
    for (;;) {
      const t = this.peek();
      if (this.endsSelectList(t)) {
        if (items.length === 0) this.errorAt(t, 'Expected a column expression after SELECT');
        else if (!TRAILING_COMMA_DIALECTS.has(this.rules.name)) {
          const comma = this.toks[this.pos - 1];
          this.error(`Trailing comma before ${this.describe(t)} is not allowed in ${this.rules.name}`, comma.start, comma.end);
        }
        break;
      }
      items.push(this.parseSelectItem());
      if (!this.acceptOp(',')) break;
    }
    return items;
  }

  private endsSelectList(t: Token): boolean {
    if (t.kind === 'eof') return true;
    if (t.kind === 'op') return t.value === ')' || t.value === ';';
    return t.kind === 'word' && (CLAUSE_WORDS.has(t.value) || t.value === 'into') && !this.isOffsetColumn(0);
  }

  /** BigQuery `select x, offset from unnest(xs) x with offset`: `offset` there is WITH OFFSET's column, not a clause. */
  private isOffsetColumn(k: number): boolean {
    if (!this.isWord('offset', k) || this.rules.name !== 'bigquery') return false;
    const t = this.peek(k + 1);
    return (t.kind === 'op' && (t.value === ',' || t.value === ')')) || (t.kind === 'word' && (t.value === 'from' || t.value === 'as'));
  }

  private parseSelectItem(): SelectItem {
    const start = this.peek().start;
    const star = this.tryParseStar();
    if (star) return { expr: star, start, end: star.end };
    const expr = this.parseExpr();
    let alias: Ident | undefined;
    if (this.acceptWord('as')) {
      const t = this.peek();
      if (this.isIdentToken(t, true) || t.kind === 'string') {
        this.pos++;
        alias = t.kind === 'string' ? { name: t.value, key: t.value.toLowerCase(), quoted: true, start: t.start, end: t.end } : this.ident(t);
      } else this.errorAt(t, 'Expected an alias after AS');
    } else if (this.isIdentToken(this.peek(), false)) {
      alias = this.ident(this.next());
    }
    return { expr, alias, start, end: this.lastEnd };
  }

  /** `*`, `t.*`, `s.t.*` with EXCLUDE / EXCEPT / REPLACE / RENAME modifiers. */
  private tryParseStar(): Star | undefined {
    const start = this.peek().start;
    let k = 0;
    while ((this.peek(k).kind === 'word' || this.peek(k).kind === 'quoted') && this.isOp('.', k + 1)) k += 2;
    if (!this.isOp('*', k)) return undefined;
    // `a * b` is a multiplication, not a star: only treat `*` as a star when nothing precedes it or it follows a dot.
    const qualifier: Ident[] = [];
    for (let i = 0; i < k; i += 2) qualifier.push(this.ident(this.peek(i)));
    this.pos += k + 1;
    const star: Star = { kind: 'star', qualifier, except: [], replace: [], start, end: this.lastEnd };
    for (;;) {
      if (this.isWord('exclude') || (this.isWord('except') && (this.rules.name === 'bigquery' || this.isOp('(', 1)))) {
        this.pos++;
        this.parseStarColumnList(star.except);
      } else if (this.isWord('replace') && this.isOp('(', 1)) {
        this.pos++;
        const open = this.next();
        do {
          const expr = this.parseExpr();
          this.acceptWord('as');
          const alias = this.parseIdent('the replaced column name');
          if (!alias) break;
          star.replace.push({ expr, alias });
        } while (this.acceptOp(','));
        this.expectClose(open);
      } else if (this.isWord('rename')) {
        this.pos++;
        const open = this.peek();
        const paren = this.acceptOp('(');
        do {
          const from = this.parseIdent('a column name');
          if (!from) break;
          this.acceptWord('as');
          const to = this.parseIdent('the new column name');
          if (!to) break;
          (star.rename ??= []).push({ from, to });
        } while (paren && this.acceptOp(','));
        if (paren) this.expectClose(open);
      } else if (this.isStarPattern()) {
        const negated = this.acceptWord('not');
        const op = this.next().value;
        if (op === 'similar') this.acceptWord('to');
        star.pattern = { op, negated, text: this.next().value };
      } else break;
    }
    star.end = this.lastEnd;
    return star;
  }

  /** `* [NOT] LIKE|ILIKE|GLOB|SIMILAR TO 'pattern'` */
  private isStarPattern(): boolean {
    const k = this.isWord('not') ? 1 : 0;
    const t = this.peek(k);
    if (t.kind !== 'word' || !STAR_PATTERN_WORDS.has(t.value)) return false;
    return this.peek(t.value === 'similar' ? k + 2 : k + 1).kind === 'string';
  }

  /** The columns of `* EXCLUDE (a, t.b)`: a single name or a parenthesised list; qualified names keep their last part. */
  private parseStarColumnList(out: Ident[]): void {
    const open = this.peek();
    const paren = this.acceptOp('(');
    do {
      if (!this.isIdentToken(this.peek(), false)) {
        this.errorAt(this.peek(), 'Expected a column name');
        break;
      }
      const parts = this.parseDottedName();
      out.push(parts[parts.length - 1]);
    } while (paren && this.acceptOp(','));
    if (paren) this.expectClose(open);
  }

  // -------------------------------------------------------------------- FROM

  private parseFromList(): FromEntry[] {
    const entries: FromEntry[] = [];
    do {
      const entry = this.parseFromEntry();
      if (!entry) {
        this.errorAt(this.peek(), 'Expected a table, subquery or table function');
        break;
      }
      entries.push(entry);
    } while (this.acceptOp(','));
    return entries;
  }

  private parseFromEntry(): FromEntry | undefined {
    const first = this.parseFromSource();
    if (!first) return undefined;
    const entry: FromEntry = { first, joins: [], start: first.start, end: first.end };
    for (;;) {
      const start = this.peek().start;
      let natural = false;
      const words: string[] = [];
      let k = 0;
      while (this.peek(k).kind === 'word' && JOIN_WORDS.has(this.peek(k).value) && this.peek(k).value !== 'join') {
        words.push(this.peek(k).value);
        k++;
      }
      const isApply = (words.includes('cross') || words.includes('outer')) && this.isWord('apply', k);
      if (!this.isWord('join', k) && !isApply) break;
      this.pos += k + 1;
      if (words[0] === 'natural') {
        natural = true;
        words.shift();
      }
      const type = words.filter((w) => w !== 'outer').join(' ') || 'inner';
      const source = this.parseFromSource();
      if (!source) {
        this.errorAt(this.peek(), 'Expected a table, subquery or table function after JOIN');
        break;
      }
      const join: Join = { type: isApply ? 'lateral' : type, natural, source, using: [], start, end: source.end };
      // Snowflake `ASOF JOIN t MATCH_CONDITION (a.ts >= t.ts) [ON …]`
      let matchCondition: Expr | undefined;
      if (this.isWord('match_condition') && this.isOp('(', 1)) {
        this.pos++;
        matchCondition = this.parsePrimary();
      }
      if (this.acceptWord('on')) join.on = this.parseExpr();
      else if (this.acceptWord('using')) join.using = this.parseIdentList();
      else if (!natural && !isApply && JOINS_NEEDING_CONDITION.has(join.type) && this.rules.name !== 'snowflake' && !(source.kind === 'subquery' && source.lateral)) {
        this.error(`${join.type.toUpperCase()} JOIN needs ON or USING`, source.start, source.end);
      }
      if (matchCondition) {
        const on = join.on;
        join.on = on ? { kind: 'chain', level: 'and', ops: ['and'], operands: [matchCondition, on], start: matchCondition.start, end: on.end } : matchCondition;
      }
      join.end = this.lastEnd;
      entry.joins.push(join);
    }
    entry.end = this.lastEnd;
    return entry;
  }

  private parseFromSource(): FromSource | undefined {
    const start = this.peek().start;
    const lateral = this.acceptWord('lateral');
    const t = this.peek();
    let source: FromSource;
    if (t.kind === 'op' && t.value === '(') {
      if (!this.enter()) {
        this.skipGroup();
        return undefined;
      }
      this.pos++;
      if (this.startsQuery(this.pos, true)) {
        const query = this.parseQuery();
        this.expectClose(t);
        source = { kind: 'subquery', query, lateral, columnAliases: [], start, end: this.lastEnd };
      } else {
        const entry = this.parseFromEntry();
        this.expectClose(t);
        this.depth--;
        if (!entry) return undefined;
        source = { kind: 'group', entry, columnAliases: [], start, end: this.lastEnd };
      }
      if (source.kind === 'subquery') this.depth--;
    } else if (t.kind === 'op' && t.value === '@' && this.rules.name === 'snowflake') {
      // A stage read: `select $1 from @stage/file.csv (file_format => 'csv')`. Its columns are positional.
      this.skipStagePath();
      const call: FunctionCall = { kind: 'function', name: 'stage', args: [], distinct: false, orderBy: [], start, end: this.lastEnd };
      if (this.isOp('(')) this.skipGroup();
      call.end = this.lastEnd;
      source = { kind: 'function', call, columnAliases: [], start, end: this.lastEnd };
    } else if (t.kind === 'word' && t.value === 'values') {
      const values = this.parseValues();
      const query: Query = { kind: 'query', recursive: false, ctes: [], body: values, orderBy: [], start: values.start, end: values.end };
      source = { kind: 'subquery', query, lateral: false, columnAliases: [], start, end: this.lastEnd };
    } else if (this.isIdentToken(t, false) || (t.kind === 'word' && (t.value === 'left' || t.value === 'right') && this.isOp('(', 1))) {
      const parts = this.parseDottedName();
      if (this.isOp('(')) {
        const call = this.parseCall(parts, start);
        source = { kind: 'function', call, columnAliases: [], start, end: this.lastEnd };
      } else {
        source = { kind: 'table', parts, columnAliases: [], start, end: this.lastEnd };
        this.skipTimeTravel();
      }
    } else {
      if (lateral) this.pos--;
      return undefined;
    }
    this.parseSourceAlias(source);
    return source;
  }

  /** Snowflake `t SAMPLE (10)`, `SAMPLE BERNOULLI (10 ROWS)`: not an alias named sample. */
  private isSnowflakeSample(): boolean {
    if (!this.isWord('sample')) return false;
    return this.isOp('(', 1) || (this.peek(1).kind === 'word' && SAMPLE_METHODS.has(this.peek(1).value) && this.isOp('(', 2));
  }

  /** Snowflake `@stage/path/file.csv` or `@~/x`, `@%t`: the stage's path is the tokens written without spaces. */
  private skipStagePath(): void {
    let end = this.next().end;
    while (this.peek().kind !== 'eof' && this.peek().start === end && !this.isOp('(') && !this.isOp(',') && !this.isOp(')') && !this.isOp(';')) end = this.next().end;
  }

  /** Snowflake `AT(...)`/`BEFORE(...)`/`CHANGES(...)`, BigQuery `FOR SYSTEM_TIME AS OF expr`. */
  private skipTimeTravel(): void {
    for (;;) {
      if ((this.isWord('at') || this.isWord('before') || this.isWord('changes')) && this.isOp('(', 1)) {
        this.pos++;
        this.skipGroup();
      } else if (this.isWord('for') && (this.isWord('system_time', 1) || this.isWord('system', 1))) {
        this.pos += 2;
        this.acceptWord('time');
        this.acceptWord('as');
        this.acceptWord('of');
        this.parseExpr();
      } else return;
    }
  }

  private parseSourceAlias(source: FromSource): void {
    for (;;) {
      if ((this.isWord('pivot') || this.isWord('unpivot') || this.isWord('match_recognize')) && (this.isOp('(', 1) || this.isWord('include', 1) || this.isWord('exclude', 1))) {
        const unpivot = this.isWord('unpivot');
        const keyword = this.next();
        while (this.peek().kind === 'word' && !this.isOp('(')) this.pos++;
        if (this.isOp('(')) {
          const pivot = keyword.value !== 'match_recognize' && this.rules.name === 'duckdb' && !source.pivot ? this.tryParsePivotClause(unpivot, keyword.start) : undefined;
          if (pivot) source.pivot = pivot;
          else this.skipGroup();
        }
        source.reshaped = true;
        source.alias = undefined;
        continue;
      }
      if (this.isWord('tablesample') || (this.isWord('using') && this.isWord('sample', 1)) || this.isSnowflakeSample()) {
        this.pos += this.isWord('using') ? 2 : 1;
        while (this.peek().kind === 'word' && !this.isOp('(')) this.pos++;
        if (this.isOp('(')) this.skipGroup();
        while (this.peek().kind === 'number' || this.isOp('%') || (this.peek().kind === 'word' && (this.peek().value === 'rows' || this.peek().value === 'percent'))) this.pos++;
        if (this.isOp('(')) this.skipGroup();
        // `REPEATABLE (42)`, Snowflake `SEED (42)`
        if ((this.isWord('repeatable') || this.isWord('seed')) && this.isOp('(', 1)) {
          this.pos++;
          this.skipGroup();
        }
        continue;
      }
      if (this.isWord('with') && this.isWord('ordinality', 1)) {
        this.pos += 2;
        continue;
      }
      // BigQuery `UNNEST(xs) AS x WITH OFFSET [AS] pos`
      if (this.isWord('with') && this.isWord('offset', 1) && source.kind === 'function') {
        const w = this.peek(1);
        this.pos += 2;
        const hadAs = this.acceptWord('as');
        const t = this.peek();
        if (this.isIdentToken(t, false) || (hadAs && t.kind === 'word')) source.offset = this.ident(this.next());
        else source.offset = this.ident(w);
        continue;
      }
      if (source.alias) return;
      const hadAs = this.acceptWord('as');
      const t = this.peek();
      if (this.isIdentToken(t, false) || (hadAs && t.kind === 'word')) {
        this.pos++;
        source.alias = this.ident(t);
        if (this.isOp('(')) source.columnAliases = this.parseAliasColumns();
        continue;
      }
      if (hadAs) this.errorAt(t, 'Expected an alias after AS');
      return;
    }
  }

  private parseDottedName(): Ident[] {
    const parts: Ident[] = [this.ident(this.next())];
    while (this.isOp('.')) {
      const t = this.peek(1);
      // Snowflake `t.$1`: a positional column of a stage or VALUES.
      if (t.kind === 'word' || t.kind === 'quoted' || (t.kind === 'param' && t.value.charCodeAt(0) === 36)) {
        this.pos += 2;
        parts.push(this.ident(t));
      } else break;
    }
    return parts;
  }

  // ------------------------------------------------------------- expressions

  parseExpr(): Expr {
    if (!this.enter()) return this.tooDeep();
    const e = this.parseOr();
    this.depth--;
    return e;
  }

  private tooDeep(): ErrorExpr {
    const start = this.peek().start;
    // Skip the rest of the over-deep construct iteratively: up to the enclosing group's end.
    let depth = 0;
    while (this.peek().kind !== 'eof') {
      const t = this.peek();
      if (t.kind === 'op') {
        if (t.value === '(') depth++;
        else if (t.value === ')') {
          if (depth === 0) break;
          depth--;
        } else if (depth === 0 && (t.value === ',' || t.value === ';')) break;
      }
      this.pos++;
    }
    return { kind: 'error', start, end: this.lastEnd };
  }

  private parseExprList(): Expr[] {
    const out: Expr[] = [];
    do out.push(this.parseExpr());
    while (this.acceptOp(','));
    return out;
  }

  private parseOrderItems(): Expr[] {
    const out: Expr[] = [];
    do {
      out.push(this.parseExpr());
      if (!this.acceptWord('asc')) this.acceptWord('desc');
      if (this.acceptWord('nulls')) {
        if (!this.acceptWord('first')) this.acceptWord('last');
      }
    } while (this.acceptOp(','));
    return out;
  }

  // Each precedence level is its own loop (no closures): this ladder runs for every operand of every expression.

  private parseOr(): Expr {
    const first = this.parseAnd();
    if (!this.isWord('or')) return first;
    const operands = [first];
    const ops: string[] = [];
    while (this.acceptWord('or')) {
      ops.push('or');
      operands.push(this.parseAnd());
    }
    return { kind: 'chain', level: 'or', ops, operands, start: first.start, end: this.lastEnd };
  }

  private parseAnd(): Expr {
    const first = this.parseNot();
    if (!this.isWord('and')) return first;
    const operands = [first];
    const ops: string[] = [];
    while (this.acceptWord('and')) {
      ops.push('and');
      operands.push(this.parseNot());
    }
    return { kind: 'chain', level: 'and', ops, operands, start: first.start, end: this.lastEnd };
  }

  private parseNot(): Expr {
    if (this.isWord('not')) {
      const start = this.next().start;
      if (!this.enter()) return this.tooDeep();
      const operand = this.parseNot();
      this.depth--;
      return { kind: 'unary', op: 'not', operand, start, end: this.lastEnd };
    }
    return this.parseComparison();
  }

  private parseComparison(): Expr {
    let left = this.parseOther();
    for (;;) {
      const t = this.peek();
      if (t.kind === 'op' && COMPARE_OPS.has(t.value)) {
        const operands = [left];
        const ops: string[] = [];
        while (this.peek().kind === 'op' && COMPARE_OPS.has(this.peek().value)) {
          ops.push(this.next().value);
          // `x = any(...)`/`x > all(subquery)`
          if (this.isWord('all') || this.isWord('some')) this.pos++;
          operands.push(this.parseOther());
        }
        left = { kind: 'chain', level: 'compare', ops, operands, start: left.start, end: this.lastEnd };
        continue;
      }
      if (t.kind !== 'word') return left;
      if (t.value === 'is') {
        this.pos++;
        const negated = this.acceptWord('not');
        let op = negated ? 'is not' : 'is';
        const operands = [left];
        if (this.acceptWord('distinct')) {
          if (!this.acceptWord('from')) this.errorAt(this.peek(), 'Expected FROM after IS DISTINCT');
          op += ' distinct from';
          operands.push(this.parseOther());
        } else if (this.acceptWord('null') || this.acceptWord('true') || this.acceptWord('false') || this.acceptWord('unknown')) {
          op += ' ' + this.toks[this.pos - 1].value;
        } else operands.push(this.parseOther());
        left = { kind: 'predicate', op, operands, start: left.start, end: this.lastEnd };
        continue;
      }
      if (t.value === 'overlaps') {
        // `(a, b) OVERLAPS (c, d)`
        this.pos++;
        left = { kind: 'predicate', op: 'overlaps', operands: [left, this.parseOther()], start: left.start, end: this.lastEnd };
        continue;
      }
      if (t.value === 'isnull' || t.value === 'notnull') {
        this.pos++;
        left = { kind: 'predicate', op: t.value, operands: [left], start: left.start, end: this.lastEnd };
        continue;
      }
      const negated = t.value === 'not';
      const w = negated ? this.peek(1) : t;
      if (w.kind !== 'word') return left;
      if (w.value === 'in' && (this.isOp('(', negated ? 2 : 1) || this.isWord('unnest', negated ? 2 : 1))) {
        this.pos += negated ? 2 : 1;
        const list = this.isOp('(') ? this.parseInList() : this.parsePrimary();
        left = { kind: 'predicate', op: negated ? 'not in' : 'in', operands: [left, list], start: left.start, end: this.lastEnd };
        continue;
      }
      if (w.value === 'between') {
        this.pos += negated ? 2 : 1;
        this.acceptWord('symmetric');
        const low = this.parseOther();
        if (!this.acceptWord('and')) this.errorAt(this.peek(), 'Expected AND in BETWEEN');
        const high = this.parseOther();
        left = { kind: 'predicate', op: 'between', operands: [left, low, high], start: left.start, end: this.lastEnd };
        continue;
      }
      if (LIKE_WORDS.has(w.value)) {
        this.pos += negated ? 2 : 1;
        if (w.value === 'similar') this.acceptWord('to');
        if (this.isWord('any') || this.isWord('all')) {
          if (this.isOp('(', 1)) this.pos++;
        }
        const operands = [left, this.parseOther()];
        if (this.acceptWord('escape')) operands.push(this.parseOther());
        left = { kind: 'predicate', op: w.value, operands, start: left.start, end: this.lastEnd };
        continue;
      }
      return left;
    }
  }

  private parseInList(): Expr {
    const open = this.next();
    if (this.startsQuery(this.pos, false)) {
      const query = this.parseQuery();
      this.expectClose(open);
      return { kind: 'subquery', query, exists: false, start: open.start, end: this.lastEnd };
    }
    if (this.isOp(')')) this.error('Empty IN list: no warehouse accepts IN ()', open.start, this.peek().end);
    const items = this.isOp(')') ? [] : this.parseExprList();
    this.expectClose(open);
    return { kind: 'list', shape: 'row', items, start: open.start, end: this.lastEnd };
  }

  private parseOther(): Expr {
    const first = this.parseAdditive();
    let t = this.peek();
    if (t.kind !== 'op' || !(OTHER_OPS.has(t.value) || t.value === '->')) return first;
    if (t.value === '->' && isLambdaParams(first)) {
      this.pos++;
      const params = first.kind === 'column' ? first.parts : (first as { items: ColumnRef[] }).items.map((c) => c.parts[0]);
      const body = this.parseExpr();
      return { kind: 'lambda', params, body, start: first.start, end: this.lastEnd };
    }
    const operands = [first];
    const ops: string[] = [];
    while (t.kind === 'op' && (OTHER_OPS.has(t.value) || t.value === '->')) {
      this.pos++;
      ops.push(t.value);
      operands.push(this.parseAdditive());
      t = this.peek();
    }
    return { kind: 'chain', level: 'other', ops, operands, start: first.start, end: this.lastEnd };
  }

  private parseAdditive(): Expr {
    const first = this.parseMultiplicative();
    let t = this.peek();
    if (t.kind !== 'op' || !isAdditiveOp(t.value)) return first;
    const operands = [first];
    const ops: string[] = [];
    while (t.kind === 'op' && isAdditiveOp(t.value)) {
      this.pos++;
      ops.push(t.value);
      operands.push(this.parseMultiplicative());
      t = this.peek();
    }
    return { kind: 'chain', level: 'add', ops, operands, start: first.start, end: this.lastEnd };
  }

  private parseMultiplicative(): Expr {
    const first = this.parsePower();
    let t = this.peek();
    if (t.kind !== 'op' || !isMultiplicativeOp(t.value)) return first;
    const operands = [first];
    const ops: string[] = [];
    while (t.kind === 'op' && isMultiplicativeOp(t.value)) {
      this.pos++;
      ops.push(t.value);
      operands.push(this.parsePower());
      t = this.peek();
    }
    return { kind: 'chain', level: 'mul', ops, operands, start: first.start, end: this.lastEnd };
  }

  private parsePower(): Expr {
    const first = this.parseUnary();
    let t = this.peek();
    if (t.kind !== 'op' || !isPowerOp(t.value)) return first;
    const operands = [first];
    const ops: string[] = [];
    while (t.kind === 'op' && isPowerOp(t.value)) {
      this.pos++;
      ops.push(t.value);
      operands.push(this.parseUnary());
      t = this.peek();
    }
    return { kind: 'chain', level: 'power', ops, operands, start: first.start, end: this.lastEnd };
  }

  private parseUnary(): Expr {
    const t = this.peek();
    if (t.kind === 'op' && (t.value === '-' || t.value === '+' || t.value === '~' || t.value === '!')) {
      this.pos++;
      if (!this.enter()) return this.tooDeep();
      const operand = this.parseUnary();
      this.depth--;
      // Fold `-1` into a literal so that its type is the literal's.
      if (operand.kind === 'literal' && operand.literal === 'number' && (t.value === '-' || t.value === '+')) {
        return { ...operand, text: t.value === '-' ? '-' + operand.text : operand.text, start: t.start };
      }
      return { kind: 'unary', op: t.value, operand, start: t.start, end: this.lastEnd };
    }
    return this.parsePostfix(this.parsePrimary());
  }

  private parsePostfix(expr: Expr): Expr {
    for (;;) {
      const t = this.peek();
      if (t.kind === 'op') {
        if (t.value === '::') {
          this.pos++;
          const type = this.parseType();
          expr = { kind: 'cast', expr, type, start: expr.start, end: this.lastEnd } satisfies Cast;
          continue;
        }
        if (t.value === ':' && this.rules.name === 'snowflake' && (this.peek(1).kind === 'word' || this.peek(1).kind === 'quoted')) {
          // Snowflake semi-structured path: src:customer.name, src:items[0].id
          this.pos++;
          const index: Expr[] = [];
          for (;;) {
            const f = this.next();
            index.push({ kind: 'literal', literal: 'string', text: f.value, start: f.start, end: f.end });
            if (this.isOp('.') && (this.peek(1).kind === 'word' || this.peek(1).kind === 'quoted')) {
              this.pos++;
              continue;
            }
            break;
          }
          expr = { kind: 'access', base: expr, index, start: expr.start, end: this.lastEnd };
          continue;
        }
        if (t.value === '[') {
          this.pos++;
          const index: Expr[] = [];
          while (!this.isOp(']') && this.peek().kind !== 'eof') {
            if (this.acceptOp(':') || this.acceptOp(',')) continue;
            const before = this.pos;
            index.push(this.parseExpr());
            if (this.pos === before) break;
          }
          if (!this.acceptOp(']')) this.error(`Missing ']' to close this '['`, t.start, t.end);
          expr = { kind: 'access', base: expr, index, start: expr.start, end: this.lastEnd };
          continue;
        }
        // `(struct_col).field`, `fn().field`; a bare `a.b` was already read as a dotted column name.
        if (t.value === '.' && (expr.kind !== 'column' || this.toks[this.pos - 1].value === ')')) {
          const f = this.peek(1);
          if (f.kind === 'word' && this.isOp('(', 2) && this.rules.name === 'duckdb') {
            // DuckDB method chaining `xs.list_transform(x -> x).len()`: len(xs.list_transform(...)).
            this.pos++;
            const call = this.parseCall([this.ident(this.next())], expr.start);
            call.args.unshift(expr);
            expr = call;
            continue;
          }
          if (f.kind === 'word' || f.kind === 'quoted' || (f.kind === 'op' && f.value === '*')) {
            this.pos += 2;
            const field: Literal = { kind: 'literal', literal: 'string', text: f.value, start: f.start, end: f.end };
            expr = { kind: 'access', base: expr, index: [field], start: expr.start, end: this.lastEnd };
            continue;
          }
        }
        return expr;
      }
      if (t.kind !== 'word') return expr;
      if (t.value === 'collate') {
        this.pos += 2;
        continue;
      }
      if (t.value === 'at' && this.isWord('time', 1) && this.isWord('zone', 2)) {
        this.pos += 3;
        const zone = this.parseUnary();
        expr = { kind: 'function', name: 'timezone', args: [zone, expr], distinct: false, orderBy: [], start: expr.start, end: this.lastEnd };
        continue;
      }
      return expr;
    }
  }

  /** A type name: `int`, `numeric(18, 2)`, `double precision`, `timestamp with time zone`, `varchar[]`, `struct<a int64>`. */
  private parseType(): string {
    const t = this.peek();
    if (t.kind !== 'word' && t.kind !== 'quoted') {
      this.errorAt(t, 'Expected a type name');
      return 'unknown';
    }
    const start = t.start;
    this.pos++;
    while (this.peek().kind === 'word' && TYPE_CONTINUATION.has(this.peek().value)) {
      // `::date with ...` never continues a type, but `timestamp with time zone` does.
      if (this.isWord('with') && !(this.isWord('time', 1) || this.isWord('local', 1))) break;
      this.pos++;
    }
    if (this.isOp('<')) this.skipAngles();
    if (this.isOp('(')) this.skipGroup();
    while (this.isOp('[')) {
      this.pos++;
      if (this.peek().kind === 'number') this.pos++;
      if (!this.acceptOp(']')) break;
    }
    return normalizeType(this.rules, this.sql.slice(start, this.lastEnd));
  }

  parsePrimary(): Expr {
    const t = this.peek();
    switch (t.kind) {
      case 'number':
        this.pos++;
        return { kind: 'literal', literal: 'number', text: t.value, start: t.start, end: t.end };
      case 'string': {
        this.pos++;
        // Adjacent string literals concatenate.
        while (this.peek().kind === 'string') this.pos++;
        return { kind: 'literal', literal: 'string', text: t.value, start: t.start, end: this.lastEnd };
      }
      case 'param':
        this.pos++;
        return { kind: 'literal', literal: 'param', text: t.value, start: t.start, end: t.end };
      case 'op':
        return this.parseOpPrimary(t);
      case 'eof':
        this.errorAt(t, 'Expected an expression');
        return { kind: 'error', start: t.start, end: t.end };
      case 'quoted': {
        const parts = this.parseDottedName();
        if (this.isOp('(')) return this.parseCall(parts, t.start);
        return this.columnOrStar(parts, t.start);
      }
      case 'word':
        return this.parseWordPrimary(t);
    }
  }

  private columnOrStar(parts: Ident[], start: number): Expr {
    if (this.isOp('.') && this.isOp('*', 1)) {
      this.pos += 2;
      return { kind: 'star', qualifier: parts, except: [], replace: [], start, end: this.lastEnd };
    }
    return { kind: 'column', parts, start, end: this.lastEnd };
  }

  private parseOpPrimary(t: Token): Expr {
    const v = t.value;
    if (v === '(') {
      if (!this.enter()) {
        const start = t.start;
        this.skipGroup();
        return { kind: 'error', start, end: this.lastEnd };
      }
      this.pos++;
      let result: Expr;
      if (this.isWord('select') || this.isWord('with') || this.isWord('values')) {
        const query = this.parseQuery();
        this.expectClose(t);
        result = { kind: 'subquery', query, exists: false, start: t.start, end: this.lastEnd };
      } else {
        const items = this.isOp(')') ? [] : this.parseExprList();
        this.expectClose(t);
        result = items.length === 1 ? items[0] : { kind: 'list', shape: 'row', items, start: t.start, end: this.lastEnd };
      }
      this.depth--;
      return result;
    }
    if (v === '[') {
      this.pos++;
      const items = this.isOp(']') ? [] : this.parseExprList();
      // DuckDB list comprehension `[f(x) for x in xs if p(x)]`: list_transform(xs, x -> f(x)) read as such.
      if (items.length === 1 && this.isWord('for') && this.rules.name === 'duckdb') return this.parseListComprehension(t, items[0]);
      if (!this.acceptOp(']')) this.error(`Missing ']' to close this '['`, t.start, t.end);
      return { kind: 'list', shape: 'array', items, start: t.start, end: this.lastEnd };
    }
    if (v === '{' && (this.isOp('{', 1) || this.isOp('%', 1) || this.isOp('#', 1))) {
      // The caller renders Jinja first; a leftover tag means rendering did not happen or failed.
      this.error('Unrendered Jinja in SQL', t.start, this.peek(1).end);
      this.skipGroup();
      return { kind: 'error', start: t.start, end: this.lastEnd };
    }
    if (v === '{') {
      // DuckDB struct literal {'k': v, ...}
      this.pos++;
      const items: Expr[] = [];
      while (!this.isOp('}') && this.peek().kind !== 'eof') {
        const before = this.pos;
        this.parseExpr();
        if (this.acceptOp(':')) items.push(this.parseExpr());
        if (!this.acceptOp(',') || this.pos === before) break;
      }
      if (!this.acceptOp('}')) this.error(`Missing '}' to close this '{'`, t.start, t.end);
      return { kind: 'list', shape: 'struct', items, start: t.start, end: this.lastEnd };
    }
    if (v === '*') {
      this.pos++;
      return { kind: 'star', qualifier: [], except: [], replace: [], start: t.start, end: t.end };
    }
    // BigQuery `@param` / `@@system_variable`, DuckDB `#1` (the first column): written without spaces.
    if ((v === '@' && this.rules.name === 'bigquery') || (v === '#' && this.rules.name === 'duckdb')) {
      let k = 1;
      if (v === '@' && this.isOp('@', 1) && this.peek(1).start === t.end) k = 2;
      const name = this.peek(k);
      if (name.start === this.peek(k - 1).end && (v === '@' ? name.kind === 'word' : name.kind === 'number')) {
        this.pos += k + 1;
        return { kind: 'literal', literal: 'param', text: this.sql.slice(t.start, name.end), start: t.start, end: name.end };
      }
    }
    this.errorAt(t, 'Expected an expression');
    // Step over stray operators so that callers always progress; leave closers to them.
    if (v !== ')' && v !== ',' && v !== ';' && v !== ']' && v !== '}') this.pos++;
    return { kind: 'error', start: t.start, end: t.end };
  }

  private parseWordPrimary(t: Token): Expr {
    const w = t.value;
    const nextTok = this.peek(1);
    const callFollows = nextTok.kind === 'op' && nextTok.value === '(';
    switch (w) {
      case 'case':
        return this.parseCase();
      case 'cast':
      case 'try_cast':
      case 'safe_cast':
        if (callFollows) return this.parseCastCall();
        break;
      case 'exists':
        if (callFollows) {
          this.pos++;
          const open = this.next();
          const query = this.parseQuery();
          this.expectClose(open);
          return { kind: 'subquery', query, exists: true, start: t.start, end: this.lastEnd };
        }
        break;
      case 'not': {
        this.pos++;
        const operand = this.parseNot();
        return { kind: 'unary', op: 'not', operand, start: t.start, end: this.lastEnd };
      }
      case 'null':
        this.pos++;
        return { kind: 'literal', literal: 'null', text: 'null', start: t.start, end: t.end };
      case 'true':
      case 'false':
        this.pos++;
        return { kind: 'literal', literal: 'boolean', text: w, start: t.start, end: t.end };
      case 'interval':
        if (
          nextTok.kind === 'string' || nextTok.kind === 'number' || (nextTok.kind === 'op' && (nextTok.value === '-' || nextTok.value === '(')) ||
          // BigQuery / DuckDB `interval n day` with a column n
          ((nextTok.kind === 'word' || nextTok.kind === 'quoted') && this.peek(2).kind === 'word' && DATE_PARTS.has(this.peek(2).value))
        ) {
          this.pos++;
          const amount = this.parseUnary();
          if (this.peek().kind === 'word' && DATE_PARTS.has(this.peek().value)) {
            this.pos++;
            if (this.acceptWord('to') && this.peek().kind === 'word') this.pos++;
          }
          // `interval (n) day`: the amount reads columns, so keep it as a cast for lineage.
          if (amount.kind !== 'literal') return { kind: 'cast', expr: amount, type: 'interval', start: t.start, end: this.lastEnd };
          return { kind: 'literal', literal: 'interval', text: amount.text, start: t.start, end: this.lastEnd };
        }
        break;
      case 'extract':
        if (callFollows) return this.parseExtract();
        break;
      case 'array':
      case 'map':
        // `array[1, 2]`, DuckDB `map {'k': v}`
        if (nextTok.kind === 'op' && (nextTok.value === '[' || (nextTok.value === '{' && w === 'map'))) {
          this.pos++;
          const list = this.parsePrimary();
          return { ...list, start: t.start };
        }
        // BigQuery typed constructors: `array<int64>[1, 2]`, `struct<a int64, b string>(1, 'x')`
        if (nextTok.kind === 'op' && nextTok.value === '<' && w === 'array') {
          this.pos++;
          this.skipAngles();
          if (this.isOp('[')) return { ...this.parsePrimary(), start: t.start };
          if (this.isOp('(')) return { ...this.parseCall([this.ident(t)], t.start), start: t.start };
        }
        break;
      case 'struct':
        if (nextTok.kind === 'op' && nextTok.value === '<') {
          this.pos++;
          this.skipAngles();
          if (this.isOp('(')) return this.parseCall([this.ident(t)], t.start);
          this.errorAt(this.peek(), "Expected '(' after the STRUCT type");
          return { kind: 'error', start: t.start, end: this.lastEnd };
        }
        break;
      case 'lambda':
        // DuckDB 1.3 `lambda x, y: x + y`
        if (nextTok.kind === 'word' || nextTok.kind === 'quoted') return this.parseLambdaKeyword();
        break;
      case 'approximate':
        // Redshift `approximate count(distinct x)`, `approximate percentile_disc(0.5) within group (...)`
        if (nextTok.kind === 'word' && this.isOp('(', 2)) {
          this.pos++;
          return { ...this.parsePrimary(), start: t.start };
        }
        break;
      default:
        if (nextTok.kind === 'string' && TYPED_LITERAL_WORDS.has(w)) {
          this.pos += 2;
          return { kind: 'literal', literal: 'typed', text: normalizeType(this.rules, w), start: t.start, end: this.lastEnd };
        }
        if (NO_PAREN_FUNCTIONS.has(w) && !callFollows) {
          this.pos++;
          return { kind: 'function', name: w, args: [], distinct: false, orderBy: [], start: t.start, end: t.end };
        }
    }
    if (RESERVED.has(w) && !callFollows && w !== 'left' && w !== 'right' && !this.isOffsetColumn(0)) {
      this.errorAt(t, 'Expected an expression');
      return { kind: 'error', start: t.start, end: t.start };
    }
    const parts = this.parseDottedName();
    if (this.isOp('(')) return this.parseCall(parts, t.start);
    return this.columnOrStar(parts, t.start);
  }

  private parseListComprehension(open: Token, body: Expr): Expr {
    this.pos++;
    const params: Ident[] = [];
    do {
      const p = this.parseIdent('a loop variable');
      if (!p) break;
      params.push(p);
    } while (this.acceptOp(','));
    if (!this.acceptWord('in')) this.errorAt(this.peek(), 'Expected IN in the list comprehension');
    const list = this.parseOther();
    let lambdaBody: Expr = body;
    if (this.acceptWord('if')) {
      const condition = this.parseExpr();
      lambdaBody = { kind: 'list', shape: 'row', items: [body, condition], start: body.start, end: condition.end };
    }
    if (!this.acceptOp(']')) this.error(`Missing ']' to close this '['`, open.start, open.end);
    const lambda: Expr = { kind: 'lambda', params, body: lambdaBody, start: body.start, end: lambdaBody.end };
    return { kind: 'function', name: 'list_transform', args: [list, lambda], distinct: false, orderBy: [], start: open.start, end: this.lastEnd };
  }

  private parseLambdaKeyword(): Expr {
    const start = this.next().start;
    const params: Ident[] = [];
    do {
      const p = this.parseIdent('a lambda parameter');
      if (!p) return { kind: 'error', start, end: this.lastEnd };
      params.push(p);
    } while (this.acceptOp(','));
    if (!this.acceptOp(':')) this.errorAt(this.peek(), "Expected ':' after the lambda parameters");
    const body = this.parseExpr();
    return { kind: 'lambda', params, body, start, end: this.lastEnd };
  }

  /** Skips `<...>` of a parameterised type (`struct<a array<int64>>`), counting `<<`/`>>` as two. */
  private skipAngles(): void {
    let depth = 0;
    while (this.peek().kind !== 'eof') {
      const x = this.next();
      if (x.kind !== 'op') continue;
      if (x.value === '<') depth++;
      else if (x.value === '>') depth--;
      else if (x.value === '>>') depth -= 2;
      else if (x.value === '<<') depth += 2;
      if (depth <= 0) break;
    }
  }

  private parseCastCall(): Cast {
    const start = this.next().start;
    const open = this.next();
    const expr = this.parseExpr();
    let type = 'unknown';
    if (this.acceptWord('as')) type = this.parseType();
    else this.errorAt(this.peek(), 'Expected AS and a type in CAST');
    // Snowflake/BigQuery `cast(x as date format 'YYYY')`
    if (this.acceptWord('format')) this.parseExpr();
    this.expectClose(open);
    return { kind: 'cast', expr, type, start, end: this.lastEnd };
  }

  private parseExtract(): FunctionCall {
    const start = this.next().start;
    const open = this.next();
    const args: Expr[] = [];
    const part = this.peek();
    if (part.kind === 'word' || part.kind === 'string' || part.kind === 'quoted') {
      this.pos++;
      args.push({ kind: 'literal', literal: 'datepart', text: part.value, start: part.start, end: part.end });
      if (this.acceptWord('from') || this.acceptOp(',')) args.push(this.parseExpr());
      else this.errorAt(this.peek(), 'Expected FROM in EXTRACT');
    } else this.errorAt(part, 'Expected a date part in EXTRACT');
    this.expectClose(open);
    return { kind: 'function', name: 'extract', args, distinct: false, orderBy: [], start, end: this.lastEnd };
  }

  private parseCase(): Expr {
    const caseTok = this.next();
    const node: Expr = { kind: 'case', conditions: [], results: [], start: caseTok.start, end: caseTok.end };
    if (!this.isWord('when')) node.operand = this.parseExpr();
    while (this.acceptWord('when')) {
      node.conditions.push(this.parseExpr());
      if (!this.acceptWord('then')) this.errorAt(this.peek(), 'Expected THEN in CASE');
      node.results.push(this.parseExpr());
    }
    if (node.conditions.length === 0) this.errorAt(this.peek(), 'Expected WHEN in CASE');
    if (this.acceptWord('else')) node.otherwise = this.parseExpr();
    if (!this.acceptWord('end')) this.error('CASE without END: add END', caseTok.start, caseTok.end);
    node.end = this.lastEnd;
    return node;
  }

  private parseCall(parts: Ident[], start: number): FunctionCall {
    const open = this.next();
    const name = parts[parts.length - 1].key;
    const call: FunctionCall = { kind: 'function', name, args: [], distinct: false, orderBy: [], start, end: start };
    if (!this.enter()) {
      this.pos--;
      this.skipGroup();
      call.end = this.lastEnd;
      return call;
    }
    if (this.acceptWord('distinct')) call.distinct = true;
    else this.acceptWord('all');
    if (name === 'trim' && (this.acceptWord('both') || this.acceptWord('leading') || this.acceptWord('trailing'))) this.acceptWord('from');
    if (this.isOp('*') && this.isOp(')', 1)) {
      const s = this.next();
      call.args.push({ kind: 'star', qualifier: [], except: [], replace: [], start: s.start, end: s.end });
    } else if (this.startsQuery(this.pos, false) && !this.isOp('(')) {
      const query = this.parseQuery();
      call.args.push({ kind: 'subquery', query, exists: false, start: query.start, end: query.end });
    } else {
      while (!this.isOp(')') && this.peek().kind !== 'eof') {
        const before = this.pos;
        // Named arguments whose name is a keyword: Snowflake `flatten(input => x, outer => true)`.
        if (this.peek().kind === 'word' && (this.isOp('=>', 1) || this.isOp(':=', 1))) this.pos += 2;
        // DuckDB `columns(* exclude (id))`, `struct_pack(t.*)`
        let arg = (this.isOp('*') && this.tryParseStar()) || this.parseExpr();
        if (this.acceptOp('=>') || this.acceptOp(':=')) arg = this.parseExpr();
        if (this.acceptWord('as')) this.parseType();
        call.args.push(arg);
        // BigQuery `array_agg(x ignore nulls order by y limit n)`
        if ((this.isWord('ignore') || this.isWord('respect')) && this.isWord('nulls', 1)) this.pos += 2;
        if (this.isWord('order') && this.isWord('by', 1)) {
          this.pos += 2;
          call.orderBy = this.parseOrderItems();
        }
        if ((this.isWord('ignore') || this.isWord('respect')) && this.isWord('nulls', 1)) this.pos += 2;
        if (this.acceptWord('limit')) this.parseExpr();
        if (this.acceptWord('separator')) {
          call.args.push(this.parseExpr());
        }
        // substring(x from 1 for 2), position('a' in s), trim(both ' ' from s), overlay(... placing ...)
        if (KEYWORD_ARGUMENT_FUNCTIONS.has(name) && (this.acceptWord('from') || this.acceptWord('for') || this.acceptWord('in') || this.acceptWord('placing'))) continue;
        if (!this.acceptOp(',') || this.pos === before) break;
      }
    }
    this.expectClose(open);
    this.depth--;
    this.markDatePartArgument(call);
    if (this.isWord('within') && this.isWord('group', 1)) {
      this.pos += 2;
      const o = this.peek();
      if (this.acceptOp('(')) {
        if (this.isWord('order') && this.isWord('by', 1)) {
          this.pos += 2;
          call.orderBy = this.parseOrderItems();
        }
        this.expectClose(o);
      }
    }
    if (this.isWord('filter') && this.isOp('(', 1)) {
      this.pos++;
      const o = this.next();
      this.acceptWord('where');
      call.filter = this.parseExpr();
      this.expectClose(o);
    }
    if ((this.isWord('ignore') || this.isWord('respect')) && this.isWord('nulls', 1)) this.pos += 2;
    if (this.acceptWord('over')) {
      if (this.isOp('(')) call.over = this.parseWindowSpec();
      else {
        const n = this.parseIdent('a window name or (');
        call.over = { name: n?.name, partitionBy: [], orderBy: [], start: n?.start ?? this.lastEnd, end: this.lastEnd };
      }
    }
    call.end = this.lastEnd;
    return call;
  }

  /** `datediff(day, a, b)`: the bare `day` is a date part, not a column named day. */
  private markDatePartArgument(call: FunctionCall): void {
    if (!DATE_PART_FUNCTIONS.has(call.name) || call.args.length < 2) return;
    const i = this.rules.name === 'bigquery' ? call.args.length - 1 : 0;
    const arg = call.args[i];
    if (arg.kind === 'column' && arg.parts.length === 1 && !arg.parts[0].quoted && DATE_PARTS.has(arg.parts[0].key)) {
      call.args[i] = { kind: 'literal', literal: 'datepart', text: arg.parts[0].key, start: arg.start, end: arg.end };
    }
  }

  private parseWindowSpec(): WindowSpec | undefined {
    const open = this.peek();
    if (!this.acceptOp('(')) {
      this.errorAt(open, "Expected '(' starting a window specification");
      return undefined;
    }
    const spec: WindowSpec = { partitionBy: [], orderBy: [], start: open.start, end: open.end };
    if (this.isIdentToken(this.peek(), false) && !this.isWord('partition') && !this.isWord('order') && !this.isWord('rows') && !this.isWord('range') && !this.isWord('groups')) {
      spec.name = this.ident(this.next()).name;
    }
    if (this.isWord('partition') && this.isWord('by', 1)) {
      this.pos += 2;
      spec.partitionBy = this.parseExprList();
    }
    if (this.isWord('order') && this.isWord('by', 1)) {
      this.pos += 2;
      spec.orderBy = this.parseOrderItems();
    }
    if (this.isWord('rows') || this.isWord('range') || this.isWord('groups')) {
      // Frame clauses hold only bounds (n PRECEDING, CURRENT ROW ...): nothing lineage needs.
      this.skipUntil(() => false);
    }
    this.expectClose(open);
    spec.end = this.lastEnd;
    return spec;
  }
}

function emptySelect(at: number): Select {
  return { kind: 'select', distinct: false, items: [], from: [], groupBy: [], windows: [], start: at, end: at };
}

function isAdditiveOp(v: string): boolean {
  return v === '+' || v === '-';
}

function isMultiplicativeOp(v: string): boolean {
  return v === '*' || v === '/' || v === '%' || v === '//';
}

function isPowerOp(v: string): boolean {
  return v === '^' || v === '**';
}

function isLambdaParams(e: Expr): boolean {
  if (e.kind === 'column') return e.parts.length === 1;
  return e.kind === 'list' && e.shape === 'row' && e.items.every((i) => i.kind === 'column' && i.parts.length === 1);
}
