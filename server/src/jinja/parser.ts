/**
 * Tokens → syntax tree, with Jinja's operator precedence and dbt's extra
 * block tags (test, materialization, snapshot, docs).
 *
 * The parser never throws out: a bad tag is recorded as an error with the
 * tag's offsets and skipped, so the rest of the template still parses (and
 * refs after a typo are still found). A block left open at end of file is
 * reported at its opening tag.
 */
import type { Expr, FilterCall, KwArg, MacroNode, Node, Param, Target } from './ast';
import { tokenize, type LexError, type Token } from './lexer';

export interface ParseError {
  message: string;
  start: number;
  end: number;
}

export interface ParsedTemplate {
  body: Node[];
  /** Top-level `{% macro %}` (and dbt `{% test %}` / `{% materialization %}`) definitions, in order. */
  macros: MacroNode[];
  errors: ParseError[];
}

class SyntaxError_ extends Error {
  constructor(
    message: string,
    readonly start: number,
    readonly end: number,
  ) {
    super(message);
  }
}

/** Block tags whose body runs to a matching end tag. */
const END_OF: Record<string, string> = {
  if: 'endif',
  for: 'endfor',
  macro: 'endmacro',
  call: 'endcall',
  filter: 'endfilter',
  with: 'endwith',
  set: 'endset',
  test: 'endtest',
  materialization: 'endmaterialization',
  snapshot: 'endsnapshot',
  docs: 'enddocs',
  block: 'endblock',
};

export const MAX_NESTING = 200;
export const MAX_PARSE_ERRORS = 200;

/** Names that end a bare tuple / argument without parens. */
const STOP_NAMES = new Set(['in', 'if', 'else', 'recursive', 'and', 'or', 'not', 'is']);

export function parseTemplate(text: string): ParsedTemplate {
  const lex = tokenize(text);
  const p = new Parser(lex.tokens, lex.errors);
  const body = p.parseBody([]);
  return { body, macros: body.filter((n): n is MacroNode => n.type === 'Macro'), errors: p.errors };
}

class Parser {
  private i = 0;
  readonly errors: ParseError[];
  /** End-tag names of the blocks currently open, innermost last (for recovery). */
  private readonly openEnds: string[] = [];
  private nesting = 0;

  constructor(
    private readonly tokens: Token[],
    lexErrors: LexError[],
  ) {
    this.errors = lexErrors.map((e) => ({ ...e }));
  }

  // ---------------------------------------------------------------- token helpers

  private get cur(): Token {
    return this.tokens[this.i];
  }
  private peek(k = 1): Token {
    return this.tokens[Math.min(this.i + k, this.tokens.length - 1)];
  }
  private next(): Token {
    const t = this.tokens[this.i];
    if (t.kind !== 'eof') this.i++;
    return t;
  }
  private isOp(v: string, t: Token = this.cur): boolean {
    return t.kind === 'op' && t.value === v;
  }
  private isName(v: string, t: Token = this.cur): boolean {
    return t.kind === 'name' && t.value === v;
  }
  private expectOp(v: string): Token {
    if (!this.isOp(v)) throw this.unexpected(`'${v}'`);
    return this.next();
  }
  private expectName(): Token {
    if (this.cur.kind !== 'name') throw this.unexpected('a name');
    return this.next();
  }
  private unexpected(wanted: string): SyntaxError_ {
    const t = this.cur;
    const what =
      t.kind === 'block_end' || t.kind === 'var_end' ? 'end of tag' : t.kind === 'eof' ? 'end of template' : t.kind === 'string' ? 'string' : `'${t.value}'`;
    return new SyntaxError_(`Expected ${wanted}, found ${what}`, t.start, Math.max(t.end, t.start + 1));
  }
  private atTagEnd(): boolean {
    const k = this.cur.kind;
    return k === 'block_end' || k === 'var_end' || k === 'eof';
  }
  private expectBlockEnd(): Token {
    if (this.cur.kind !== 'block_end') throw this.unexpected("end of statement '%}'");
    return this.next();
  }
  /** Skips the rest of the current tag after an error. */
  private skipTag(): void {
    while (!this.atTagEnd() && this.cur.kind !== 'block_begin' && this.cur.kind !== 'var_begin' && this.cur.kind !== 'data') this.i++;
    if (this.cur.kind === 'block_end' || this.cur.kind === 'var_end') this.i++;
  }
  private record(e: unknown): void {
    if (!(e instanceof SyntaxError_)) throw e;
    // a flood of errors helps nobody; the first ones point at the cause
    if (this.errors.length < MAX_PARSE_ERRORS) this.errors.push({ message: e.message, start: e.start, end: e.end });
  }

  // ---------------------------------------------------------------- template level

  /** Parses nodes until a block tag named in `ends` (left unconsumed) or end of file. */
  parseBody(ends: string[]): Node[] {
    const out: Node[] = [];
    for (;;) {
      const t = this.cur;
      if (t.kind === 'eof') return out;
      if (t.kind === 'data') {
        this.i++;
        out.push({ type: 'Data', text: t.value, start: t.start, end: t.end });
        continue;
      }
      if (t.kind === 'var_begin') {
        this.i++;
        this.nesting = 0;
        try {
          const expr = this.parseTuple(true);
          const end = this.cur;
          if (end.kind !== 'var_end') throw this.unexpected("end of expression '}}'");
          this.i++;
          out.push({ type: 'Output', expr, start: t.start, end: end.end });
        } catch (e) {
          this.record(e);
          this.skipTag();
        }
        continue;
      }
      if (t.kind === 'block_begin') {
        const nameTok = this.peek();
        if (nameTok.kind === 'name' && ends.includes(nameTok.value)) return out;
        if (nameTok.kind === 'name' && nameTok.value.startsWith('end') || this.isName('elif', nameTok) || this.isName('else', nameTok)) {
          // a stray end tag: if it closes an outer block, let that block take it
          if (this.openEnds.includes(nameTok.value)) return out;
          const close = this.findTagEnd();
          if (this.errors.length < MAX_PARSE_ERRORS) this.errors.push({
            message: ends.length
              ? `Unexpected '${nameTok.value}'; expected ${ends.map((e) => `'${e}'`).join(' or ')}`
              : `Unexpected '${nameTok.value}' with no open block`,
            start: t.start,
            end: close,
          });
          this.i++;
          this.skipTag();
          continue;
        }
        const node = this.parseStatement();
        if (node) out.push(node);
        continue;
      }
      // stray expression tokens (only after a recovered error)
      this.i++;
    }
  }

  private findTagEnd(): number {
    for (let k = this.i; k < this.tokens.length; k++) {
      const t = this.tokens[k];
      if (t.kind === 'block_end' || t.kind === 'var_end') return t.end;
      if (t.kind === 'eof' || (k > this.i && (t.kind === 'block_begin' || t.kind === 'var_begin' || t.kind === 'data'))) return t.start;
    }
    return this.cur.end;
  }

  /** Parses the body of a block up to `endName` (or one of `middles`), reporting an unclosed block at its opening tag. */
  private parseBlockBody(open: { start: number; end: number; name: string }, endName: string, middles: string[] = []): { body: Node[]; closedBy: string | null; closeEnd: number } {
    if (this.openEnds.length >= MAX_NESTING) {
      // too deep to recurse safely: report once and treat the rest of the block as opaque
      throw new SyntaxError_(`Blocks nested more than ${MAX_NESTING} levels deep`, open.start, open.end);
    }
    this.openEnds.push(endName);
    const body = this.parseBody([endName, ...middles]);
    this.openEnds.pop();
    const t = this.cur;
    if (t.kind === 'block_begin') {
      const name = this.peek();
      if (name.kind === 'name' && (name.value === endName || middles.includes(name.value))) {
        this.i += 2;
        if (name.value === endName) {
          // `{% endmacro name %}` style trailing names are tolerated
          while (!this.atTagEnd()) this.i++;
          const close = this.cur;
          if (close.kind === 'block_end') this.i++;
          return { body, closedBy: endName, closeEnd: close.end };
        }
        return { body, closedBy: name.value, closeEnd: name.end };
      }
    }
    if (this.errors.length < MAX_PARSE_ERRORS) this.errors.push({ message: `Unclosed '{% ${open.name} %}': missing '{% ${endName} %}'`, start: open.start, end: open.end });
    return { body, closedBy: null, closeEnd: t.start };
  }

  private parseStatement(): Node | undefined {
    const begin = this.next(); // block_begin
    const nameTok = this.cur;
    if (nameTok.kind !== 'name') {
      this.errors.push({ message: 'Expected a statement name after "{%"', start: begin.start, end: this.findTagEnd() });
      this.skipTag();
      return undefined;
    }
    this.i++;
    const tag = nameTok.value;
    const tagStart = begin.start;
    this.nesting = 0;
    try {
      switch (tag) {
        case 'if':
          return this.parseIf(tagStart);
        case 'for':
          return this.parseFor(tagStart);
        case 'set':
          return this.parseSet(tagStart);
        case 'macro':
          return this.parseMacro(tagStart, 'macro');
        case 'test':
          return this.parseMacro(tagStart, 'test');
        case 'materialization':
          return this.parseMaterialization(tagStart);
        case 'call':
          return this.parseCallBlock(tagStart);
        case 'do': {
          const expr = this.parseTuple(true);
          const end = this.expectBlockEnd();
          return { type: 'Do', expr, start: tagStart, end: end.end };
        }
        case 'filter':
          return this.parseFilterBlock(tagStart);
        case 'with':
          return this.parseWith(tagStart);
        case 'break':
        case 'continue': {
          if (!this.openEnds.includes('endfor')) throw new SyntaxError_(`'${tag}' outside of a for loop`, tagStart, this.findTagEnd());
          const end = this.expectBlockEnd();
          return { type: tag === 'break' ? 'Break' : 'Continue', start: tagStart, end: end.end };
        }
        case 'snapshot':
        case 'block':
        case 'docs': {
          while (!this.atTagEnd()) this.i++;
          const end = this.expectBlockEnd();
          const r = this.parseBlockBody({ start: tagStart, end: end.end, name: tag }, END_OF[tag]);
          return { type: 'Block', body: tag === 'docs' ? [] : r.body, start: tagStart, end: end.end };
        }
        case 'extends':
        case 'include':
        case 'import':
        case 'from':
          throw new SyntaxError_(`'{% ${tag} %}' is not supported in dbt models`, tagStart, this.findTagEnd());
        default:
          throw new SyntaxError_(`Unknown tag '${tag}'`, nameTok.start, nameTok.end);
      }
    } catch (e) {
      this.record(e);
      this.skipTag();
      // keep the block structure so its end tag does not cascade into more errors
      const endName = END_OF[tag];
      // (a failed `{% set %}` header is taken as an inline set: we cannot tell whether a block was meant)
      if (endName && tag !== 'set' && this.openEnds.length < MAX_NESTING) {
        const r = this.parseBlockBody({ start: tagStart, end: nameTok.end, name: tag }, endName, tag === 'if' ? ['elif', 'else'] : tag === 'for' ? ['else'] : []);
        let closedBy = r.closedBy;
        while (closedBy && closedBy !== endName) {
          this.skipTag();
          closedBy = this.parseBlockBody({ start: tagStart, end: nameTok.end, name: tag }, endName, ['elif', 'else']).closedBy;
        }
      }
      return undefined;
    }
  }

  private parseIf(start: number): Node {
    const branches: { test: Expr; body: Node[] }[] = [];
    let test = this.parseExpression(true);
    let headerEnd = this.expectBlockEnd().end;
    let elseBody: Node[] | undefined;
    for (;;) {
      const r = this.parseBlockBody({ start, end: headerEnd, name: 'if' }, 'endif', elseBody ? [] : ['elif', 'else']);
      if (elseBody) {
        elseBody = r.body;
        break;
      }
      branches.push({ test, body: r.body });
      if (r.closedBy === 'elif') {
        try {
          test = this.parseExpression(true);
          headerEnd = this.expectBlockEnd().end;
        } catch (e) {
          this.record(e);
          this.skipTag();
          test = { type: 'Const', value: false, start: this.cur.start, end: this.cur.start };
        }
        continue;
      }
      if (r.closedBy === 'else') {
        this.expectBlockEnd();
        elseBody = [];
        continue;
      }
      break;
    }
    return { type: 'If', branches, else: elseBody, start, end: headerEnd };
  }

  private parseFor(start: number): Node {
    const target = this.parseAssignTarget(false);
    if (!this.isName('in')) throw this.unexpected("'in'");
    this.i++;
    const iter = this.parseTuple(false);
    let cond: Expr | undefined;
    if (this.isName('if')) {
      this.i++;
      cond = this.parseExpression(true);
    }
    let recursive = false;
    if (this.isName('recursive')) {
      this.i++;
      recursive = true;
    }
    const headerEnd = this.expectBlockEnd().end;
    const r = this.parseBlockBody({ start, end: headerEnd, name: 'for' }, 'endfor', ['else']);
    let elseBody: Node[] | undefined;
    if (r.closedBy === 'else') {
      this.expectBlockEnd();
      elseBody = this.parseBlockBody({ start, end: headerEnd, name: 'for' }, 'endfor').body;
    }
    return { type: 'For', target, iter, cond, body: r.body, else: elseBody, recursive, start, end: headerEnd };
  }

  private parseSet(start: number): Node {
    const target = this.parseAssignTarget(true);
    if (this.isOp('=')) {
      this.i++;
      const value = this.parseTuple(true);
      const end = this.expectBlockEnd();
      return { type: 'Set', target, value, start, end: end.end };
    }
    const filters = this.parseFilterChain(false);
    const headerEnd = this.expectBlockEnd().end;
    const r = this.parseBlockBody({ start, end: headerEnd, name: 'set' }, 'endset');
    return { type: 'SetBlock', target, filters, body: r.body, start, end: headerEnd };
  }

  private parseParams(): Param[] {
    const params: Param[] = [];
    this.expectOp('(');
    while (!this.isOp(')')) {
      if (params.length) this.expectOp(',');
      if (this.isOp(')')) break;
      const name = this.expectName().value;
      let def: Expr | undefined;
      if (this.isOp('=')) {
        this.i++;
        def = this.parseExpression(true);
      }
      params.push({ name, default: def });
    }
    this.i++;
    return params;
  }

  private parseMacro(start: number, kind: 'macro' | 'test'): Node {
    const nameTok = this.expectName();
    const params = this.isOp('(') ? this.parseParams() : [];
    const headerEnd = this.expectBlockEnd().end;
    const endName = kind === 'macro' ? 'endmacro' : 'endtest';
    const bodyStart = headerEnd;
    const r = this.parseBlockBody({ start, end: headerEnd, name: kind }, endName);
    const bodyEnd = r.closedBy ? this.tokens[this.lastBlockBeginBefore()].start : r.closeEnd;
    return {
      type: 'Macro',
      name: kind === 'test' ? `test_${nameTok.value}` : nameTok.value,
      params,
      body: r.body,
      nameStart: nameTok.start,
      nameEnd: nameTok.end,
      bodyStart,
      bodyEnd,
      start,
      end: r.closeEnd,
    };
  }

  /** Index of the `{%` token of the end tag just consumed. */
  private lastBlockBeginBefore(): number {
    let k = this.i - 1;
    while (k > 0 && this.tokens[k].kind !== 'block_begin') k--;
    return k;
  }

  private parseMaterialization(start: number): Node {
    const nameTok = this.expectName();
    let adapter = 'default';
    while (this.isOp(',')) {
      this.i++;
      const key = this.expectName().value;
      this.expectOp('=');
      const v = this.parsePrimary();
      if (key === 'adapter' && v.type === 'Const' && typeof v.value === 'string') adapter = v.value;
    }
    const headerEnd = this.expectBlockEnd().end;
    const r = this.parseBlockBody({ start, end: headerEnd, name: 'materialization' }, 'endmaterialization');
    return {
      type: 'Macro',
      name: `materialization_${nameTok.value}_${adapter}`,
      params: [],
      body: r.body,
      nameStart: nameTok.start,
      nameEnd: nameTok.end,
      bodyStart: headerEnd,
      bodyEnd: r.closedBy ? this.tokens[this.lastBlockBeginBefore()].start : r.closeEnd,
      start,
      end: r.closeEnd,
    };
  }

  private parseCallBlock(start: number): Node {
    const params = this.isOp('(') ? this.parseParams() : [];
    const call = this.parseExpression(true);
    if (call.type !== 'Call') throw new SyntaxError_('Expected a macro call after {% call %}', call.start, call.end);
    const headerEnd = this.expectBlockEnd().end;
    const r = this.parseBlockBody({ start, end: headerEnd, name: 'call' }, 'endcall');
    return { type: 'CallBlock', call, params, body: r.body, start, end: headerEnd };
  }

  private parseFilterBlock(start: number): Node {
    const filters = this.parseFilterChain(true);
    const headerEnd = this.expectBlockEnd().end;
    const r = this.parseBlockBody({ start, end: headerEnd, name: 'filter' }, 'endfilter');
    return { type: 'FilterBlock', filters, body: r.body, start, end: headerEnd };
  }

  private parseWith(start: number): Node {
    const targets: Target[] = [];
    const values: Expr[] = [];
    while (this.cur.kind !== 'block_end') {
      if (targets.length) this.expectOp(',');
      targets.push(this.parseAssignTarget(false));
      this.expectOp('=');
      values.push(this.parseExpression(true));
    }
    const headerEnd = this.expectBlockEnd().end;
    const r = this.parseBlockBody({ start, end: headerEnd, name: 'with' }, 'endwith');
    return { type: 'With', targets, values, body: r.body, start, end: headerEnd };
  }

  /** `upper | replace('a', 'b')` in `{% filter %}` / `{% set x | f %}`. */
  private parseFilterChain(requireFirst: boolean): FilterCall[] {
    const out: FilterCall[] = [];
    if (requireFirst) out.push(this.parseFilterCall());
    while (this.isOp('|')) {
      this.i++;
      out.push(this.parseFilterCall());
    }
    return out;
  }

  private parseFilterCall(): FilterCall {
    const nameTok = this.expectName();
    let name = nameTok.value;
    while (this.isOp('.') && this.peek().kind === 'name') {
      this.i++;
      name += '.' + this.next().value;
    }
    let args: Expr[] = [];
    let kwargs: KwArg[] = [];
    let end = nameTok.end;
    if (this.isOp('(')) {
      const c = this.parseCallArgs();
      args = c.args;
      kwargs = c.kwargs;
      end = c.end;
    }
    return { name, args, kwargs, start: nameTok.start, end };
  }

  private parseAssignTarget(allowNsAttr: boolean): Target {
    const first = this.parseSingleTarget(allowNsAttr);
    if (!this.isOp(',')) return first;
    const items: Target[] = [first];
    while (this.isOp(',')) {
      this.i++;
      if (this.cur.kind !== 'name' && !this.isOp('(')) break;
      items.push(this.parseSingleTarget(false));
    }
    return { type: 'Tuple', items, start: first.start, end: items[items.length - 1].end };
  }

  private parseSingleTarget(allowNsAttr: boolean): Target {
    if (this.isOp('(')) {
      const open = this.next();
      const inner = this.parseAssignTarget(false);
      const close = this.expectOp(')');
      return inner.type === 'Tuple' ? { ...inner, start: open.start, end: close.end } : inner;
    }
    const t = this.expectName();
    if (allowNsAttr && this.isOp('.') && this.peek().kind === 'name') {
      this.i++;
      const attr = this.next();
      return { type: 'NsAttr', ns: t.value, attr: attr.value, start: t.start, end: attr.end };
    }
    return { type: 'Name', name: t.value, start: t.start, end: t.end };
  }

  // ---------------------------------------------------------------- expressions

  /** An expression, or a bare tuple `a, b` (as Jinja allows in `{{ }}`, set and for). */
  private parseTuple(withCond: boolean): Expr {
    const first = this.parseExpression(withCond);
    if (!this.isOp(',')) return first;
    const items: Expr[] = [first];
    while (this.isOp(',')) {
      this.i++;
      if (this.atTagEnd() || this.isOp(')') || (this.cur.kind === 'name' && STOP_NAMES.has(this.cur.value))) break;
      items.push(this.parseExpression(withCond));
    }
    return { type: 'Tuple', items, start: first.start, end: items[items.length - 1].end };
  }

  private parseExpression(withCond: boolean): Expr {
    this.enter();
    try {
      return withCond ? this.parseCond() : this.parseOr();
    } finally {
      this.nesting--;
    }
  }

  /** Bounds nesting so a pathological template cannot overflow the stack (here or in the evaluator). */
  private enter(): void {
    if (++this.nesting > MAX_NESTING) {
      const t = this.cur;
      throw new SyntaxError_(`Template nested more than ${MAX_NESTING} levels deep`, t.start, Math.max(t.end, t.start + 1));
    }
  }

  private parseCond(): Expr {
    let expr = this.parseOr();
    while (this.isName('if')) {
      this.i++;
      const test = this.parseOr();
      let elseExpr: Expr | undefined;
      if (this.isName('else')) {
        this.i++;
        elseExpr = this.parseCond();
      }
      expr = { type: 'Cond', test, then: expr, else: elseExpr, start: expr.start, end: (elseExpr ?? test).end };
    }
    return expr;
  }

  private parseOr(): Expr {
    let left = this.parseAnd();
    while (this.isName('or')) {
      this.i++;
      const right = this.parseAnd();
      left = { type: 'Or', left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseNot();
    while (this.isName('and')) {
      this.i++;
      const right = this.parseNot();
      left = { type: 'And', left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private parseNot(): Expr {
    if (this.isName('not')) {
      const t = this.next();
      this.enter();
      const expr = this.parseNot();
      this.nesting--;
      return { type: 'Not', expr, start: t.start, end: expr.end };
    }
    return this.parseCompare();
  }

  private parseCompare(): Expr {
    const first = this.parseMath1();
    const ops: { op: string; expr: Expr }[] = [];
    for (;;) {
      const t = this.cur;
      let op: string | undefined;
      if (t.kind === 'op' && (t.value === '==' || t.value === '!=' || t.value === '<' || t.value === '<=' || t.value === '>' || t.value === '>=')) {
        op = t.value;
        this.i++;
      } else if (this.isName('in')) {
        op = 'in';
        this.i++;
      } else if (this.isName('not') && this.isName('in', this.peek())) {
        op = 'notin';
        this.i += 2;
      } else break;
      ops.push({ op, expr: this.parseMath1() });
    }
    if (!ops.length) return first;
    return { type: 'Cmp', first, ops, start: first.start, end: ops[ops.length - 1].expr.end };
  }

  private parseMath1(): Expr {
    let left = this.parseConcat();
    while (this.isOp('+') || this.isOp('-')) {
      const op = this.next().value;
      const right = this.parseConcat();
      left = { type: 'Bin', op, left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private parseConcat(): Expr {
    let left = this.parseMath2();
    while (this.isOp('~')) {
      this.i++;
      const right = this.parseMath2();
      left = { type: 'Bin', op: '~', left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private parseMath2(): Expr {
    let left = this.parsePow();
    while (this.isOp('*') || this.isOp('/') || this.isOp('//') || this.isOp('%')) {
      const op = this.next().value;
      const right = this.parsePow();
      left = { type: 'Bin', op, left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private parsePow(): Expr {
    let left = this.parseUnary(true);
    while (this.isOp('**')) {
      this.i++;
      const right = this.parseUnary(true);
      left = { type: 'Bin', op: '**', left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private parseUnary(withFilter: boolean): Expr {
    let node: Expr;
    if (this.isOp('-') || this.isOp('+')) {
      const t = this.next();
      this.enter();
      const expr = this.parseUnary(false);
      this.nesting--;
      node = { type: t.value === '-' ? 'Neg' : 'Pos', expr, start: t.start, end: expr.end };
    } else node = this.parsePostfix(this.parsePrimary());
    return withFilter ? this.parseFilterExpr(node) : node;
  }

  private parsePrimary(): Expr {
    const t = this.cur;
    switch (t.kind) {
      case 'name': {
        this.i++;
        switch (t.value) {
          case 'true':
          case 'True':
            return { type: 'Const', value: true, start: t.start, end: t.end };
          case 'false':
          case 'False':
            return { type: 'Const', value: false, start: t.start, end: t.end };
          case 'none':
          case 'None':
            return { type: 'Const', value: null, start: t.start, end: t.end };
        }
        return { type: 'Name', name: t.value, start: t.start, end: t.end };
      }
      case 'string': {
        this.i++;
        let value = t.value;
        let end = t.end;
        while (this.cur.kind === 'string') {
          value += this.cur.value;
          end = this.next().end;
        }
        return { type: 'Const', value, start: t.start, end };
      }
      case 'number':
        this.i++;
        return { type: 'Const', value: Number(t.value), start: t.start, end: t.end };
      case 'op':
        if (t.value === '(') {
          this.i++;
          if (this.isOp(')')) {
            const close = this.next();
            return { type: 'Tuple', items: [], start: t.start, end: close.end };
          }
          const first = this.parseExpression(true);
          if (this.isOp(')')) {
            const close = this.next();
            return { ...first, start: t.start, end: close.end };
          }
          const items = [first];
          while (this.isOp(',')) {
            this.i++;
            if (this.isOp(')')) break;
            items.push(this.parseExpression(true));
          }
          const close = this.expectOp(')');
          return { type: 'Tuple', items, start: t.start, end: close.end };
        }
        if (t.value === '[') {
          this.i++;
          const items: Expr[] = [];
          while (!this.isOp(']')) {
            if (items.length) this.expectOp(',');
            if (this.isOp(']')) break;
            items.push(this.parseExpression(true));
          }
          const close = this.next();
          return { type: 'List', items, start: t.start, end: close.end };
        }
        if (t.value === '{') {
          this.i++;
          const keys: Expr[] = [];
          const values: Expr[] = [];
          while (!this.isOp('}')) {
            if (keys.length) this.expectOp(',');
            if (this.isOp('}')) break;
            keys.push(this.parseExpression(true));
            this.expectOp(':');
            values.push(this.parseExpression(true));
          }
          const close = this.next();
          return { type: 'Dict', keys, values, start: t.start, end: close.end };
        }
    }
    throw this.unexpected('an expression');
  }

  private parsePostfix(node: Expr): Expr {
    for (;;) {
      if (this.isOp('.')) {
        this.i++;
        const t = this.cur;
        if (t.kind === 'name') {
          this.i++;
          node = { type: 'GetAttr', obj: node, attr: t.value, start: node.start, end: t.end };
        } else if (t.kind === 'number') {
          this.i++;
          node = { type: 'GetItem', obj: node, index: { type: 'Const', value: Number(t.value), start: t.start, end: t.end }, start: node.start, end: t.end };
        } else throw this.unexpected('an attribute name');
      } else if (this.isOp('[')) {
        this.i++;
        node = this.parseSubscript(node);
      } else if (this.isOp('(')) {
        node = this.parseCall(node);
      } else return node;
    }
  }

  private parseSubscript(obj: Expr): Expr {
    const parts: (Expr | undefined)[] = [undefined, undefined, undefined];
    let slot = 0;
    let isSlice = false;
    while (!this.isOp(']')) {
      if (this.isOp(':')) {
        this.i++;
        isSlice = true;
        slot++;
        if (slot > 2) throw this.unexpected("']'");
        continue;
      }
      if (parts[slot]) throw this.unexpected("']'");
      parts[slot] = this.parseExpression(true);
    }
    const close = this.next();
    if (!isSlice) {
      if (!parts[0]) throw new SyntaxError_('Empty subscript', obj.end, close.end);
      return { type: 'GetItem', obj, index: parts[0], start: obj.start, end: close.end };
    }
    return { type: 'Slice', obj, lo: parts[0], hi: parts[1], step: parts[2], start: obj.start, end: close.end };
  }

  private parseCallArgs(): { args: Expr[]; kwargs: KwArg[]; starArgs?: Expr; starKwargs?: Expr; end: number } {
    this.expectOp('(');
    const args: Expr[] = [];
    const kwargs: KwArg[] = [];
    let starArgs: Expr | undefined;
    let starKwargs: Expr | undefined;
    let first = true;
    while (!this.isOp(')')) {
      if (!first) this.expectOp(',');
      first = false;
      if (this.isOp(')')) break;
      if (this.isOp('*')) {
        this.i++;
        starArgs = this.parseExpression(true);
      } else if (this.isOp('**')) {
        this.i++;
        starKwargs = this.parseExpression(true);
      } else if (this.cur.kind === 'name' && this.isOp('=', this.peek())) {
        const name = this.next().value;
        this.i++;
        kwargs.push({ name, value: this.parseExpression(true) });
      } else {
        if (kwargs.length) {
          const e = this.parseExpression(true);
          throw new SyntaxError_('Positional argument follows keyword argument', e.start, e.end);
        }
        args.push(this.parseExpression(true));
      }
    }
    const close = this.next();
    return { args, kwargs, starArgs, starKwargs, end: close.end };
  }

  private parseCall(fn: Expr): Expr {
    const c = this.parseCallArgs();
    return { type: 'Call', fn, args: c.args, kwargs: c.kwargs, starArgs: c.starArgs, starKwargs: c.starKwargs, start: fn.start, end: c.end };
  }

  private parseFilterExpr(node: Expr): Expr {
    for (;;) {
      if (this.isOp('|')) {
        this.i++;
        const f = this.parseFilterCall();
        node = { type: 'Filter', expr: node, name: f.name, args: f.args, kwargs: f.kwargs, start: node.start, end: f.end };
      } else if (this.isName('is')) {
        this.i++;
        let negated = false;
        if (this.isName('not')) {
          this.i++;
          negated = true;
        }
        const nameTok = this.expectName();
        let name = nameTok.value;
        while (this.isOp('.') && this.peek().kind === 'name') {
          this.i++;
          name += '.' + this.next().value;
        }
        let args: Expr[] = [];
        let end = nameTok.end;
        if (this.isOp('(')) {
          const c = this.parseCallArgs();
          args = c.args;
          end = c.end;
        } else {
          const t = this.cur;
          const startsArg =
            t.kind === 'string' || t.kind === 'number' || (t.kind === 'name' && !STOP_NAMES.has(t.value)) || (t.kind === 'op' && (t.value === '[' || t.value === '{'));
          if (startsArg) {
            const arg = this.parsePostfix(this.parsePrimary());
            args = [arg];
            end = arg.end;
          }
        }
        node = { type: 'Test', expr: node, name, args, negated, start: node.start, end };
      } else if (this.isOp('(')) {
        node = this.parseCall(node);
      } else return node;
    }
  }
}
