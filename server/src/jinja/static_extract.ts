/**
 * dbt's "static parser", ours: finds ref()/source()/config() calls with
 * literal arguments without rendering, and says whether a full render is
 * needed to know the SQL. Runs on every model at startup, so it only
 * tokenizes tags (data between tags is skipped with indexOf) and walks the tree.
 */
import type { RefCall, SourceCall, StaticExtraction } from './api';
import type { Expr, Node } from './ast';
import { parseTemplate } from './parser';

type CallExpr = Extract<Expr, { type: 'Call' }>;

/** Names whose use alone does not force a render. */
const SIMPLE_CALLS = new Set(['ref', 'source', 'config', 'var']);
const SIMPLE_NAMES = new Set(['this', 'target']);

/** A literal value (for config kwargs), or NOT_LITERAL. */
const NOT_LITERAL = Symbol('not literal');
function literal(e: Expr): unknown {
  switch (e.type) {
    case 'Const':
      return e.value;
    case 'List':
    case 'Tuple': {
      const out: unknown[] = [];
      for (const x of e.items) {
        const v = literal(x);
        if (v === NOT_LITERAL) return NOT_LITERAL;
        out.push(v);
      }
      return out;
    }
    case 'Dict': {
      const out: Record<string, unknown> = {};
      for (let i = 0; i < e.keys.length; i++) {
        const k = literal(e.keys[i]);
        const v = literal(e.values[i]);
        if (k === NOT_LITERAL || v === NOT_LITERAL || typeof k !== 'string') return NOT_LITERAL;
        out[k] = v;
      }
      return out;
    }
    case 'Neg': {
      const v = literal(e.expr);
      return typeof v === 'number' ? -v : NOT_LITERAL;
    }
  }
  return NOT_LITERAL;
}

class Extractor {
  readonly refs: RefCall[] = [];
  readonly sources: SourceCall[] = [];
  readonly config: Record<string, unknown> = {};
  needsRender = false;

  /** Is this `{{ }}` expression one a static parse fully understands? */
  private simpleOutput(e: Expr): boolean {
    if (e.type === 'Call' && e.fn.type === 'Name' && SIMPLE_CALLS.has(e.fn.name)) {
      return !e.starArgs && !e.starKwargs && e.args.every((a) => a.type === 'Const') && e.kwargs.every((k) => literal(k.value) !== NOT_LITERAL);
    }
    let x = e;
    while (x.type === 'GetAttr') x = x.obj;
    return x.type === 'Name' && SIMPLE_NAMES.has(x.name);
  }

  nodes(nodes: Node[]): void {
    for (const n of nodes) {
      switch (n.type) {
        case 'Data':
          break;
        case 'Output':
          if (!this.simpleOutput(n.expr)) this.needsRender = true;
          this.expr(n.expr);
          break;
        case 'If':
          this.needsRender = true;
          for (const b of n.branches) {
            this.expr(b.test);
            this.nodes(b.body);
          }
          if (n.else) this.nodes(n.else);
          break;
        case 'For':
          this.needsRender = true;
          this.expr(n.iter);
          if (n.cond) this.expr(n.cond);
          this.nodes(n.body);
          if (n.else) this.nodes(n.else);
          break;
        case 'Set':
        case 'Do':
          this.needsRender = true;
          this.expr(n.type === 'Set' ? n.value : n.expr);
          break;
        case 'CallBlock':
          this.needsRender = true;
          this.expr(n.call);
          this.nodes(n.body);
          break;
        case 'With':
          this.needsRender = true;
          for (const v of n.values) this.expr(v);
          this.nodes(n.body);
          break;
        case 'SetBlock':
        case 'FilterBlock':
        case 'Macro':
        case 'Block':
          this.needsRender = true;
          this.nodes(n.body);
          break;
        default:
          this.needsRender = true;
      }
    }
  }

  private expr(e: Expr): void {
    switch (e.type) {
      case 'Call':
        if (e.fn.type === 'Name') this.call(e.fn.name, e);
        this.expr(e.fn);
        for (const a of e.args) this.expr(a);
        for (const k of e.kwargs) this.expr(k.value);
        if (e.starArgs) this.expr(e.starArgs);
        if (e.starKwargs) this.expr(e.starKwargs);
        return;
      case 'List':
      case 'Tuple':
        for (const x of e.items) this.expr(x);
        return;
      case 'Dict':
        for (const x of e.keys) this.expr(x);
        for (const x of e.values) this.expr(x);
        return;
      case 'GetAttr':
      case 'Not':
      case 'Neg':
      case 'Pos':
        this.expr(e.type === 'GetAttr' ? e.obj : e.expr);
        return;
      case 'GetItem':
        this.expr(e.obj);
        this.expr(e.index);
        return;
      case 'Slice':
        this.expr(e.obj);
        if (e.lo) this.expr(e.lo);
        if (e.hi) this.expr(e.hi);
        if (e.step) this.expr(e.step);
        return;
      case 'Filter':
        this.expr(e.expr);
        for (const a of e.args) this.expr(a);
        for (const k of e.kwargs) this.expr(k.value);
        return;
      case 'Test':
        this.expr(e.expr);
        for (const a of e.args) this.expr(a);
        return;
      case 'Bin':
      case 'And':
      case 'Or':
        this.expr(e.left);
        this.expr(e.right);
        return;
      case 'Cmp':
        this.expr(e.first);
        for (const o of e.ops) this.expr(o.expr);
        return;
      case 'Cond':
        this.expr(e.test);
        this.expr(e.then);
        if (e.else) this.expr(e.else);
        return;
    }
  }

  private call(name: string, e: CallExpr): void {
    const strArg = (i: number) => {
      const a = e.args[i];
      return a && a.type === 'Const' && typeof a.value === 'string' ? a : undefined;
    };
    if (name === 'ref') {
      if (e.args.length < 1 || e.args.length > 2) return;
      const nameArg = strArg(e.args.length - 1);
      const pkgArg = e.args.length === 2 ? strArg(0) : undefined;
      if (!nameArg || (e.args.length === 2 && !pkgArg)) return;
      const r: RefCall = { name: nameArg.value as string, start: e.start, end: e.end, nameStart: nameArg.start + 1, nameEnd: nameArg.end - 1 };
      if (pkgArg) r.package = pkgArg.value as string;
      const v = e.kwargs.find((k) => k.name === 'version' || k.name === 'v');
      if (v) {
        const lv = literal(v.value);
        if (typeof lv === 'string' || typeof lv === 'number') r.version = lv;
      }
      this.refs.push(r);
    } else if (name === 'source') {
      const s = strArg(0);
      const t = strArg(1);
      if (!s || !t || e.args.length !== 2) return;
      this.sources.push({
        source: s.value as string,
        table: t.value as string,
        start: e.start,
        end: e.end,
        sourceStart: s.start + 1,
        sourceEnd: s.end - 1,
        tableStart: t.start + 1,
        tableEnd: t.end - 1,
      });
    } else if (name === 'config') {
      for (const a of e.args) {
        const d = literal(a);
        if (d && typeof d === 'object' && !Array.isArray(d)) Object.assign(this.config, d);
        else this.needsRender = true;
      }
      for (const k of e.kwargs) {
        const v = literal(k.value);
        if (v === NOT_LITERAL) this.needsRender = true;
        else this.config[k.name.replace(/-/g, '_')] = v;
      }
    }
  }
}

export function extractStatic(template: string): StaticExtraction {
  const parsed = parseTemplate(template);
  const x = new Extractor();
  x.nodes(parsed.body);
  return { refs: x.refs, sources: x.sources, config: x.config, needsRender: x.needsRender || parsed.errors.length > 0 };
}
