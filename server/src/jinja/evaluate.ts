/**
 * Syntax tree → output text + source map + errors: a tree-walking interpreter.
 *
 * Errors never escape: each statement catches what its evaluation raises,
 * records a JinjaError at the offending node and renders nothing for that
 * statement, so refs later in the template are still recorded. Runaway
 * templates are bounded three ways: macro recursion depth, a step budget
 * (loop iterations + macro calls) and an output size cap.
 */
import type { JinjaError, SourceMap } from './api';
import type { Expr, FilterCall, KwArg, MacroNode, Node, Param, Span, Target } from './ast';
import { specialNamesUsed } from './ast_walk';
import { closest } from './suggest';
import { FILTERS, type FilterEnv } from './filters';
import { TESTS } from './is_tests';
import { boundMethod, callMethod, percentFormat } from './methods';
import { OutputWriter } from './sourcemap';
import {
  compare,
  contains,
  equals,
  isDict,
  iterate,
  JinjaRuntimeError,
  PyObject,
  toInt,
  toNumber,
  toStr,
  truthy,
  tuple,
  typeName,
  Undefined,
  type CallerInfo,
  type Kwargs,
  type PyDict,
  type Value,
} from './values';

export const MAX_RECURSION_DEPTH = 200;
export const MAX_STEPS = 1_000_000;
export const MAX_OUTPUT_CHARS = 32 * 1024 * 1024;
export const MAX_RENDER_ERRORS = 200;

/** Where the code being evaluated lives: the template (file undefined) or a macro file. */
export interface Frame {
  file?: string;
  /** Package whose macros unqualified names resolve to first. */
  pkg: string;
}

/** What the interpreter asks its host (the dbt context) for. */
export interface RenderHost {
  /** Resolves a global name (context function, macro, package namespace); undefined when unknown. */
  lookup(name: string, frame: Frame, r: Renderer): Value | undefined;
  /** Global names visible from a package (for "did you mean" on unknown calls). */
  visibleNames?(frame: Frame): Iterable<string>;
}

// ---------------------------------------------------------------- control signals (not errors)

class ControlSignal {}
export class ReturnSignal extends ControlSignal {
  constructor(readonly value: Value) {
    super();
  }
}
class BreakSignal extends ControlSignal {}
class ContinueSignal extends ControlSignal {}
const BREAK = new BreakSignal();
const CONTINUE = new ContinueSignal();
/** Stops the whole render (budget exhausted); carries the error to report. */
class AbortSignal extends ControlSignal {
  constructor(readonly error: JinjaRuntimeError) {
    super();
  }
}

// ---------------------------------------------------------------- scopes

class Scope {
  readonly vars = new Map<string, Value>();
  constructor(readonly parent: Scope | null) {}
  lookup(name: string): Value | undefined {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    let s: Scope | null = this;
    while (s) {
      const v = s.vars.get(name);
      if (v !== undefined) return v;
      s = s.parent;
    }
    return undefined;
  }
}

// ---------------------------------------------------------------- macros as values

/** A `{% macro %}` (or a `{% call %}` body) bound to the scope it was defined in. */
export class MacroValue extends PyObject {
  readonly typeName = 'Macro';
  constructor(
    readonly name: string,
    readonly params: Param[],
    readonly body: Node[],
    readonly closure: Scope | null,
    readonly frame: Frame,
    private readonly renderer: Renderer,
  ) {
    super();
  }
  override callable(): boolean {
    return true;
  }
  override call(args: Value[], kwargs: Kwargs, caller: CallerInfo): Value {
    return this.renderer.callMacro(this, args, kwargs, caller);
  }
  override getAttr(name: string): Value | undefined {
    if (name === 'name') return this.name;
    if (name === 'arguments') return this.params.map((p) => p.name);
    return undefined;
  }
  override toStr(): string {
    return `<Macro ${this.name}>`;
  }
}

/** The `loop` variable inside `{% for %}`. */
class LoopInfo extends PyObject {
  readonly typeName = 'LoopContext';
  index0 = 0;
  private lastChanged: Value[] | undefined;
  constructor(
    private readonly items: Value[],
    readonly depth0: number,
    private readonly recurse?: (items: Value) => Value,
  ) {
    super();
  }
  override getAttr(name: string): Value | undefined {
    const n = this.items.length;
    switch (name) {
      case 'index':
        return this.index0 + 1;
      case 'index0':
        return this.index0;
      case 'revindex':
        return n - this.index0;
      case 'revindex0':
        return n - this.index0 - 1;
      case 'first':
        return this.index0 === 0;
      case 'last':
        return this.index0 === n - 1;
      case 'length':
        return n;
      case 'depth':
        return this.depth0 + 1;
      case 'depth0':
        return this.depth0;
      case 'previtem':
        return this.index0 > 0 ? this.items[this.index0 - 1] : new Undefined('previtem', 'there is no previous item');
      case 'nextitem':
        return this.index0 < n - 1 ? this.items[this.index0 + 1] : new Undefined('nextitem', 'there is no next item');
      case 'cycle':
        return new FnValue('cycle', (args) => {
          if (!args.length) throw new JinjaRuntimeError('no items for cycling given');
          return args[this.index0 % args.length];
        });
      case 'changed':
        return new FnValue('changed', (args) => {
          if (this.lastChanged && equals(this.lastChanged, args)) return false;
          this.lastChanged = args;
          return true;
        });
    }
    return undefined;
  }
  override callable(): boolean {
    return this.recurse !== undefined;
  }
  override call(args: Value[]): Value {
    if (!this.recurse) throw new JinjaRuntimeError("The loop must be marked 'recursive' to be called");
    return this.recurse(args[0] ?? []);
  }
}

/** Minimal callable for evaluator-internal functions. */
class FnValue extends PyObject {
  readonly typeName = 'function';
  constructor(
    readonly name: string,
    private readonly fn: (args: Value[], kwargs: Kwargs) => Value,
  ) {
    super();
  }
  override callable(): boolean {
    return true;
  }
  override call(args: Value[], kwargs: Kwargs): Value {
    return this.fn(args, kwargs);
  }
}

// ---------------------------------------------------------------- the interpreter

export interface RenderOutput {
  output: string;
  map: SourceMap;
  errors: JinjaError[];
}

export class Renderer implements FilterEnv {
  private out: OutputWriter;
  private depth = 0;
  private steps = 0;
  private produced = 0;
  private frame: Frame;
  /** The outermost macro call in the template while a macro runs (refs and errors inside macros map there). */
  outerSite: Span | undefined;
  readonly errors: JinjaError[] = [];
  private readonly rootScope = new Scope(null);
  private readonly errorKeys = new Set<string>();

  constructor(
    private readonly host: RenderHost,
    rootFrame: Frame,
  ) {
    this.frame = rootFrame;
    this.out = new OutputWriter(true);
  }

  get currentFrame(): Frame {
    return this.frame;
  }
  get callDepth(): number {
    return this.depth;
  }

  /** Renders a parsed template. Template-level macros are hoisted so they can be called before their definition. */
  renderTemplate(body: Node[], macros: MacroNode[]): RenderOutput {
    for (const m of macros) this.rootScope.vars.set(m.name, new MacroValue(m.name, m.params, m.body, this.rootScope, this.frame, this));
    try {
      this.renderNodes(body, this.rootScope);
    } catch (e) {
      if (e instanceof AbortSignal) this.recordError(e.error);
      else if (!(e instanceof ReturnSignal) && !(e instanceof ControlSignal)) this.recordError(internalError(e, 0, 0));
    }
    return { output: this.out.text(), map: this.out.map(), errors: this.errors };
  }

  /** Makes a macro from another file callable in this render. */
  bindMacro(node: MacroNode, frame: Frame): MacroValue {
    return new MacroValue(node.name, node.params, node.body, null, frame, this);
  }

  // ---------------------------------------------------------------- errors

  private recordError(e: JinjaRuntimeError): void {
    const err: JinjaError = {
      message: e.message,
      start: e.start ?? 0,
      end: e.end ?? e.start ?? 0,
    };
    if (e.file !== undefined) err.file = e.file;
    if (this.outerSite && this.depth > 0 && e.file !== undefined) {
      err.templateStart = this.outerSite.start;
      err.templateEnd = this.outerSite.end;
    }
    // one report per place and message (a failing macro called in a loop reports once)
    const key = `${err.file ?? ''}:${err.start}:${err.end}:${err.message}`;
    if (this.errorKeys.has(key) || this.errors.length >= MAX_RENDER_ERRORS) return;
    this.errorKeys.add(key);
    this.errors.push(err);
  }

  /** Attaches the node's range (in the current file) to an error that has none yet. */
  private locate(e: unknown, span: Span): unknown {
    if (e instanceof JinjaRuntimeError) {
      if (e.start === undefined) {
        e.start = span.start;
        e.end = span.end;
        e.file = this.frame.file;
      }
      return e;
    }
    if (e instanceof ControlSignal) return e;
    return internalError(e, span.start, span.end, this.frame.file);
  }

  private step(span: Span): void {
    if (++this.steps > MAX_STEPS)
      throw new AbortSignal(new JinjaRuntimeError(`Render stopped: more than ${MAX_STEPS} loop iterations and macro calls (infinite loop?)`, span.start, span.end, this.frame.file));
  }

  // ---------------------------------------------------------------- output

  private emitLiteral(text: string, start: number): void {
    this.produced += text.length;
    if (this.produced > MAX_OUTPUT_CHARS) this.abortOutput(start);
    this.out.literal(text, start);
  }

  private emitProduced(text: string, tagStart: number): void {
    this.produced += text.length;
    if (this.produced > MAX_OUTPUT_CHARS) this.abortOutput(tagStart);
    this.out.produced(text, tagStart);
  }

  private abortOutput(at: number): never {
    throw new AbortSignal(new JinjaRuntimeError(`Render stopped: output larger than ${MAX_OUTPUT_CHARS} characters`, at, at + 1, this.frame.file));
  }

  /** Renders nodes into a fresh, untracked buffer and returns the text. */
  private capture(body: Node[], scope: Scope): string {
    const saved = this.out;
    this.out = new OutputWriter(false);
    try {
      this.renderNodes(body, scope);
      return this.out.text();
    } finally {
      this.out = saved;
    }
  }

  // ---------------------------------------------------------------- statements

  renderNodes(nodes: Node[], scope: Scope): void {
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i];
      if (node.type === 'Data') {
        this.emitLiteral(node.text, node.start);
        continue;
      }
      try {
        this.renderNode(node, scope);
      } catch (e) {
        if (e instanceof ControlSignal) throw e;
        this.recordError(this.locate(e, node) as JinjaRuntimeError);
      }
    }
  }

  private renderNode(node: Node, scope: Scope): void {
    switch (node.type) {
      case 'Output': {
        const v = this.eval(node.expr, scope);
        this.emitProduced(toStr(v), node.start);
        return;
      }
      case 'If': {
        for (const b of node.branches) {
          if (truthy(this.eval(b.test, scope))) {
            this.renderNodes(b.body, scope);
            return;
          }
        }
        if (node.else) this.renderNodes(node.else, scope);
        return;
      }
      case 'For':
        this.renderFor(node, scope, this.eval(node.iter, scope), 0);
        return;
      case 'Set': {
        const v = this.eval(node.value, scope);
        this.assign(node.target, v, scope);
        return;
      }
      case 'SetBlock': {
        let v: Value = this.capture(node.body, scope);
        v = this.applyFilterChain(v, node.filters, scope);
        this.assign(node.target, v, scope);
        return;
      }
      case 'Macro':
        scope.vars.set(node.name, new MacroValue(node.name, node.params, node.body, scope, this.frame, this));
        return;
      case 'CallBlock': {
        const callerMacro = new MacroValue('caller', node.params, node.body, scope, this.frame, this);
        const v = this.evalCall(node.call as Extract<Expr, { type: 'Call' }>, scope, callerMacro);
        this.emitProduced(toStr(v), node.start);
        return;
      }
      case 'Do':
        this.eval(node.expr, scope);
        return;
      case 'FilterBlock': {
        const text = this.capture(node.body, new Scope(scope));
        this.emitProduced(toStr(this.applyFilterChain(text, node.filters, scope)), node.start);
        return;
      }
      case 'With': {
        const inner = new Scope(scope);
        for (let i = 0; i < node.targets.length; i++) this.assign(node.targets[i], this.eval(node.values[i], scope), inner);
        this.renderNodes(node.body, inner);
        return;
      }
      case 'Block':
        this.renderNodes(node.body, scope);
        return;
      case 'Break':
        throw BREAK;
      case 'Continue':
        throw CONTINUE;
      case 'Data':
        this.emitLiteral(node.text, node.start);
        return;
    }
  }

  private renderFor(node: Extract<Node, { type: 'For' }>, scope: Scope, iterValue: Value, depth0: number): void {
    let items = iterate(iterValue);
    if (items === iterValue) items = items.slice(); // appending to the list inside the loop must not loop forever
    if (node.cond) {
      const cond = node.cond;
      items = items.filter((item) => {
        const s = new Scope(scope);
        this.assign(node.target, item, s);
        return truthy(this.eval(cond, s));
      });
    }
    if (!items.length) {
      if (node.else) this.renderNodes(node.else, scope);
      return;
    }
    const recurse = node.recursive
      ? (sub: Value): Value => {
          const saved = this.out;
          this.out = new OutputWriter(false);
          try {
            this.renderFor(node, scope, sub, depth0 + 1);
            return this.out.text();
          } finally {
            this.out = saved;
          }
        }
      : undefined;
    const loop = new LoopInfo(items, depth0, recurse);
    for (let i = 0; i < items.length; i++) {
      this.step(node);
      loop.index0 = i;
      const s = new Scope(scope);
      s.vars.set('loop', loop);
      this.assign(node.target, items[i], s);
      try {
        this.renderNodes(node.body, s);
      } catch (e) {
        if (e === BREAK) break;
        if (e === CONTINUE) continue;
        throw e;
      }
    }
  }

  private assign(target: Target, v: Value, scope: Scope): void {
    switch (target.type) {
      case 'Name':
        scope.vars.set(target.name, v);
        return;
      case 'Tuple': {
        const items = iterate(v);
        if (items.length !== target.items.length)
          throw new JinjaRuntimeError(
            items.length < target.items.length
              ? `not enough values to unpack (expected ${target.items.length}, got ${items.length})`
              : `too many values to unpack (expected ${target.items.length})`,
            target.start,
            target.end,
            this.frame.file,
          );
        for (let i = 0; i < items.length; i++) this.assign(target.items[i], items[i], scope);
        return;
      }
      case 'NsAttr': {
        const ns = this.lookupName(target.ns, scope);
        if (!(ns instanceof PyObject) || !ns.setAttr(target.attr, v))
          throw new JinjaRuntimeError(`Cannot assign attribute on non-namespace object '${target.ns}'`, target.start, target.end, this.frame.file);
        return;
      }
    }
  }

  private applyFilterChain(v: Value, filters: FilterCall[], scope: Scope): Value {
    for (const f of filters) {
      try {
        v = this.callFilter(f.name, v, this.evalArgs(f.args, scope), this.evalKwargs(f.kwargs, scope));
      } catch (e) {
        throw this.locate(e, f);
      }
    }
    return v;
  }

  // ---------------------------------------------------------------- macros

  callMacro(m: MacroValue, args: Value[], kwargs: Kwargs, caller: CallerInfo): Value {
    if (this.depth >= MAX_RECURSION_DEPTH) throw new JinjaRuntimeError(`Maximum macro recursion depth (${MAX_RECURSION_DEPTH}) exceeded in '${m.name}'`);
    this.step(caller);
    const scope = new Scope(m.closure);
    const params = m.params;
    // as in Jinja, extra arguments are only accepted by macros that read varargs / kwargs
    const uses = specialNamesUsed(m.body);
    if (args.length > params.length && !uses.varargs)
      throw new JinjaRuntimeError(`macro '${m.name}' takes not more than ${params.length} argument${params.length === 1 ? '' : 's'} (${args.length} given)`);
    const extra: Value[] = [];
    for (let i = 0; i < args.length; i++) {
      if (i < params.length) scope.vars.set(params[i].name, args[i]);
      else extra.push(args[i]);
    }
    const extraKw: PyDict = new Map();
    for (const [k, v] of kwargs) {
      if (k === 'caller') scope.vars.set('caller', v);
      else if (params.some((p) => p.name === k)) {
        if (scope.vars.has(k)) throw new JinjaRuntimeError(`macro '${m.name}' got multiple values for argument '${k}'`);
        scope.vars.set(k, v);
      } else if (uses.kwargs) extraKw.set(k, v);
      else throw new JinjaRuntimeError(`macro '${m.name}' takes no keyword argument '${k}'`);
    }
    scope.vars.set('varargs', extra);
    scope.vars.set('kwargs', extraKw);

    const savedFrame = this.frame;
    const savedOut = this.out;
    const savedSite = this.outerSite;
    // a call made by the template's own code is the site that code in other files maps back to
    if (this.frame.file === undefined) this.outerSite = { start: caller.start, end: caller.end };
    this.frame = m.frame;
    this.out = new OutputWriter(false);
    this.depth++;
    try {
      for (const p of params) {
        if (scope.vars.has(p.name)) continue;
        scope.vars.set(p.name, p.default ? this.eval(p.default, scope) : new Undefined(p.name, `macro '${m.name}' is missing argument '${p.name}'`));
      }
      this.renderNodes(m.body, scope);
      return this.out.text();
    } catch (e) {
      if (e instanceof ReturnSignal) return e.value;
      throw e;
    } finally {
      this.depth--;
      this.out = savedOut;
      this.frame = savedFrame;
      this.outerSite = savedSite;
    }
  }

  // ---------------------------------------------------------------- expressions

  lookupName(name: string, scope: Scope): Value {
    const v = scope.lookup(name);
    if (v !== undefined) return v;
    const g = this.host.lookup(name, this.frame, this);
    return g === undefined ? new Undefined(name) : g;
  }

  eval(e: Expr, scope: Scope): Value {
    switch (e.type) {
      case 'Const':
        return e.value;
      case 'Name':
        return this.lookupName(e.name, scope);
      case 'List': {
        const out: Value[] = new Array(e.items.length);
        for (let i = 0; i < e.items.length; i++) out[i] = this.eval(e.items[i], scope);
        return out;
      }
      case 'Tuple': {
        const out: Value[] = new Array(e.items.length);
        for (let i = 0; i < e.items.length; i++) out[i] = this.eval(e.items[i], scope);
        return tuple(out);
      }
      case 'Dict': {
        const m: PyDict = new Map();
        for (let i = 0; i < e.keys.length; i++) m.set(this.eval(e.keys[i], scope), this.eval(e.values[i], scope));
        return m;
      }
      case 'GetAttr': {
        const obj = this.eval(e.obj, scope);
        if (obj instanceof Undefined) throw new JinjaRuntimeError(`${obj.describe()} (accessing '.${e.attr}')`, e.start, e.end, this.frame.file);
        return this.getAttr(obj, e.attr);
      }
      case 'GetItem': {
        const obj = this.eval(e.obj, scope);
        const key = this.eval(e.index, scope);
        if (obj instanceof Undefined) throw new JinjaRuntimeError(`${obj.describe()} (indexing with ${toStr(key) || "''"})`, e.start, e.end, this.frame.file);
        return this.getItem(obj, key);
      }
      case 'Slice':
        return this.evalSlice(e, scope);
      case 'Call':
        return this.evalCall(e, scope);
      case 'Filter': {
        const v = this.eval(e.expr, scope);
        try {
          return this.callFilter(e.name, v, this.evalArgs(e.args, scope), this.evalKwargs(e.kwargs, scope));
        } catch (err) {
          throw this.locate(err, e);
        }
      }
      case 'Test': {
        const v = this.eval(e.expr, scope);
        try {
          const r = this.callTest(e.name, v, this.evalArgs(e.args, scope));
          return e.negated ? !r : r;
        } catch (err) {
          throw this.locate(err, e);
        }
      }
      case 'Bin': {
        const l = this.eval(e.left, scope);
        const r = this.eval(e.right, scope);
        try {
          return binary(e.op, l, r);
        } catch (err) {
          throw this.locate(err, e);
        }
      }
      case 'Cmp': {
        let left = this.eval(e.first, scope);
        for (const { op, expr } of e.ops) {
          const right = this.eval(expr, scope);
          let ok: boolean;
          try {
            ok = compareOp(op, left, right);
          } catch (err) {
            throw this.locate(err, e);
          }
          if (!ok) return false;
          left = right;
        }
        return true;
      }
      case 'And': {
        const l = this.eval(e.left, scope);
        return truthy(l) ? this.eval(e.right, scope) : l;
      }
      case 'Or': {
        const l = this.eval(e.left, scope);
        return truthy(l) ? l : this.eval(e.right, scope);
      }
      case 'Not':
        return !truthy(this.eval(e.expr, scope));
      case 'Neg': {
        const v = this.eval(e.expr, scope);
        if (typeof v !== 'number' && typeof v !== 'boolean') throw new JinjaRuntimeError(`bad operand type for unary -: '${typeName(v)}'`, e.start, e.end, this.frame.file);
        return -toNumber(v);
      }
      case 'Pos':
        return toNumber(this.eval(e.expr, scope));
      case 'Cond':
        if (truthy(this.eval(e.test, scope))) return this.eval(e.then, scope);
        return e.else ? this.eval(e.else, scope) : new Undefined('else', 'the inline if-expression had no else branch');
    }
  }

  private evalArgs(args: Expr[], scope: Scope): Value[] {
    const out: Value[] = new Array(args.length);
    for (let i = 0; i < args.length; i++) out[i] = this.eval(args[i], scope);
    return out;
  }

  private evalKwargs(kwargs: KwArg[], scope: Scope): Kwargs {
    const m: Kwargs = new Map();
    for (const k of kwargs) m.set(k.name, this.eval(k.value, scope));
    return m;
  }

  private evalCall(e: Extract<Expr, { type: 'Call' }>, scope: Scope, callerMacro?: MacroValue): Value {
    const args = this.evalArgs(e.args, scope);
    const kwargs = this.evalKwargs(e.kwargs, scope);
    if (e.starArgs) for (const v of iterate(this.eval(e.starArgs, scope))) args.push(v);
    if (e.starKwargs) {
      const d = this.eval(e.starKwargs, scope);
      if (!isDict(d)) throw new JinjaRuntimeError('argument after ** must be a mapping', e.starKwargs.start, e.starKwargs.end, this.frame.file);
      for (const [k, v] of d) kwargs.set(toStr(k), v);
    }
    if (callerMacro) kwargs.set('caller', callerMacro);

    // fast path: methods of str/list/dict without allocating a bound method
    if (e.fn.type === 'GetAttr') {
      const self = this.eval(e.fn.obj, scope);
      if (typeof self === 'string' || Array.isArray(self) || self instanceof Map) {
        try {
          const r = callMethod(self, e.fn.attr, args, kwargs);
          if (r !== undefined) return r;
        } catch (err) {
          throw this.locate(err, e);
        }
        if (self instanceof Map) {
          const item = self.get(e.fn.attr);
          if (item !== undefined) return this.invoke(item, args, kwargs, e, e.fn.attr);
        }
        throw new JinjaRuntimeError(`'${typeName(self)}' object has no attribute '${e.fn.attr}'`, e.start, e.end, this.frame.file);
      }
      if (self instanceof Undefined) throw new JinjaRuntimeError(`${self.describe()} (calling '.${e.fn.attr}()')`, e.start, e.end, this.frame.file);
      return this.invoke(this.getAttr(self, e.fn.attr), args, kwargs, e, describeCallee(e.fn));
    }
    return this.invoke(this.eval(e.fn, scope), args, kwargs, e, describeCallee(e.fn));
  }

  private invoke(fn: Value, args: Value[], kwargs: Kwargs, e: Extract<Expr, { type: 'Call' }>, what: string): Value {
    if (fn instanceof Undefined) {
      let msg = e.fn.type === 'Name' ? `'${e.fn.name}' is undefined: no macro, variable or function with that name` : fn.hint ?? `'${what}' is undefined`;
      if (e.fn.type === 'Name' && this.host.visibleNames) {
        const guess = closest(e.fn.name, this.host.visibleNames(this.frame));
        if (guess) msg += `. Did you mean '${guess}'?`;
      }
      throw new JinjaRuntimeError(msg, e.start, e.end, this.frame.file);
    }
    if (!(fn instanceof PyObject) || !fn.callable()) throw new JinjaRuntimeError(`'${typeName(fn)}' object is not callable`, e.start, e.end, this.frame.file);
    try {
      // the Call node itself is the CallerInfo: offsets and argument nodes, nothing allocated
      return fn.call(args, kwargs, e);
    } catch (err) {
      throw this.locate(err, e);
    }
  }

  getAttr(obj: Value, name: string): Value {
    if (obj instanceof PyObject) {
      const v = obj.getAttr(name);
      return v === undefined ? new Undefined(name, `'${obj.typeName}' object has no attribute '${name}'`) : v;
    }
    if (obj instanceof Map) {
      const m = boundMethod(obj, name);
      if (m) return m;
      const v = obj.get(name);
      return v === undefined ? new Undefined(name, `dict has no key '${name}'`) : v;
    }
    if (obj instanceof Undefined) throw new JinjaRuntimeError(`${obj.describe()} (accessing '.${name}')`);
    const m = boundMethod(obj, name);
    if (m) return m;
    return new Undefined(name, `'${typeName(obj)}' object has no attribute '${name}'`);
  }

  getItem(obj: Value, key: Value): Value {
    if (Array.isArray(obj) || typeof obj === 'string') {
      if (typeof key === 'number') {
        const i = key < 0 ? obj.length + key : key;
        if (Number.isInteger(i) && i >= 0 && i < obj.length) return obj[i];
        return new Undefined(String(key), `index ${key} out of range (length ${obj.length})`);
      }
      if (typeof key === 'string') return this.getAttr(obj, key);
      return new Undefined(toStr(key), `indices must be integers, not ${typeName(key)}`);
    }
    if (obj instanceof Map) {
      const v = obj.get(key);
      if (v !== undefined) return v;
      return new Undefined(toStr(key), `dict has no key ${typeof key === 'string' ? `'${key}'` : toStr(key)}`);
    }
    if (obj instanceof PyObject) {
      const v = obj.getItem(key);
      return v === undefined ? new Undefined(toStr(key), `'${obj.typeName}' object has no item ${toStr(key)}`) : v;
    }
    return new Undefined(toStr(key), `'${typeName(obj)}' object is not subscriptable`);
  }

  private evalSlice(e: Extract<Expr, { type: 'Slice' }>, scope: Scope): Value {
    const obj = this.eval(e.obj, scope);
    const seq = typeof obj === 'string' ? Array.from(obj) : Array.isArray(obj) ? obj : obj instanceof Undefined ? [] : iterate(obj);
    const n = seq.length;
    const step = e.step ? toInt(this.eval(e.step, scope), 'slice step') : 1;
    if (step === 0) throw new JinjaRuntimeError('slice step cannot be zero', e.start, e.end, this.frame.file);
    const norm = (x: Expr | undefined, dflt: number): number => {
      if (!x) return dflt;
      const v = this.eval(x, scope);
      if (v === null) return dflt;
      let i = toInt(v, 'slice index');
      if (i < 0) i += n;
      return step > 0 ? Math.max(0, Math.min(i, n)) : Math.max(-1, Math.min(i, n - 1));
    };
    const lo = norm(e.lo, step > 0 ? 0 : n - 1);
    const hi = norm(e.hi, step > 0 ? n : -1);
    const out: Value[] = [];
    if (step > 0) for (let i = lo; i < hi; i += step) out.push(seq[i]);
    else for (let i = lo; i > hi; i += step) out.push(seq[i]);
    return typeof obj === 'string' ? out.join('') : out;
  }

  // ---------------------------------------------------------------- FilterEnv

  callFilter(name: string, v: Value, args: Value[], kwargs: Kwargs): Value {
    const f = Object.prototype.hasOwnProperty.call(FILTERS, name) ? FILTERS[name] : undefined;
    if (!f) throw new JinjaRuntimeError(`No filter named '${name}'`);
    return f(v, args, kwargs, this);
  }

  callTest(name: string, v: Value, args: Value[]): boolean {
    const t = Object.prototype.hasOwnProperty.call(TESTS, name) ? TESTS[name] : undefined;
    if (!t) throw new JinjaRuntimeError(`No test named '${name}'`);
    return t(v, args);
  }
}

function describeCallee(e: Expr): string {
  switch (e.type) {
    case 'Name':
      return e.name;
    case 'GetAttr':
      return `${describeCallee(e.obj)}.${e.attr}`;
    default:
      return 'expression';
  }
}

function internalError(e: unknown, start: number, end: number, file?: string): JinjaRuntimeError {
  const msg = e instanceof Error ? e.message : String(e);
  return new JinjaRuntimeError(`Internal error while rendering: ${msg}`, start, end, file);
}

// ---------------------------------------------------------------- operators

function binary(op: string, l: Value, r: Value): Value {
  if (op === '~') return toStr(l) + toStr(r);
  if (l instanceof PyObject) {
    const v = l.binary(op, r);
    if (v !== undefined) return v;
  }
  if (l instanceof Undefined) throw new JinjaRuntimeError(l.describe());
  if (r instanceof Undefined) throw new JinjaRuntimeError(r.describe());
  const ln = typeof l === 'number' || typeof l === 'boolean';
  const rn = typeof r === 'number' || typeof r === 'boolean';
  if (ln && rn) {
    const a = toNumber(l);
    const b = toNumber(r);
    switch (op) {
      case '+':
        return a + b;
      case '-':
        return a - b;
      case '*':
        return a * b;
      case '/':
        if (b === 0) throw new JinjaRuntimeError('division by zero');
        return a / b;
      case '//':
        if (b === 0) throw new JinjaRuntimeError('integer division or modulo by zero');
        return Math.floor(a / b);
      case '%':
        if (b === 0) throw new JinjaRuntimeError('integer division or modulo by zero');
        return a - b * Math.floor(a / b);
      case '**':
        return a ** b;
    }
  }
  if (op === '+') {
    if (typeof l === 'string' && typeof r === 'string') return l + r;
    if (Array.isArray(l) && Array.isArray(r)) return l.concat(r);
  }
  if (op === '*') {
    if (typeof l === 'string' && rn) return l.repeat(Math.max(0, toInt(r)));
    if (Array.isArray(l) && rn) {
      const out: Value[] = [];
      for (let i = 0; i < toInt(r); i++) out.push(...l);
      return out;
    }
  }
  if (op === '%' && typeof l === 'string') return percentFormat(l, r);
  throw new JinjaRuntimeError(`unsupported operand type(s) for ${op}: '${typeName(l)}' and '${typeName(r)}'`);
}

function compareOp(op: string, l: Value, r: Value): boolean {
  switch (op) {
    case '==':
      return equals(l, r);
    case '!=':
      return !equals(l, r);
    case '<':
      return compare(l, r) < 0;
    case '<=':
      return compare(l, r) <= 0;
    case '>':
      return compare(l, r) > 0;
    case '>=':
      return compare(l, r) >= 0;
    case 'in':
      return contains(r, l);
    case 'notin':
      return !contains(r, l);
  }
  throw new JinjaRuntimeError(`unknown operator ${op}`);
}

