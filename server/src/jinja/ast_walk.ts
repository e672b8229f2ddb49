/**
 * Generic traversal of the syntax tree, for analyses that only need to see
 * every expression (which names a macro body uses, …).
 */
import type { Expr, Node } from './ast';

export function forEachExpr(nodes: Node[], visit: (e: Expr) => void): void {
  for (const n of nodes) {
    switch (n.type) {
      case 'Output':
      case 'Do':
        walkExpr(n.expr, visit);
        break;
      case 'If':
        for (const b of n.branches) {
          walkExpr(b.test, visit);
          forEachExpr(b.body, visit);
        }
        if (n.else) forEachExpr(n.else, visit);
        break;
      case 'For':
        walkExpr(n.iter, visit);
        if (n.cond) walkExpr(n.cond, visit);
        forEachExpr(n.body, visit);
        if (n.else) forEachExpr(n.else, visit);
        break;
      case 'Set':
        walkExpr(n.value, visit);
        break;
      case 'SetBlock':
      case 'FilterBlock':
        for (const f of n.filters) {
          for (const a of f.args) walkExpr(a, visit);
          for (const k of f.kwargs) walkExpr(k.value, visit);
        }
        forEachExpr(n.body, visit);
        break;
      case 'Macro':
        for (const p of n.params) if (p.default) walkExpr(p.default, visit);
        forEachExpr(n.body, visit);
        break;
      case 'CallBlock':
        walkExpr(n.call, visit);
        forEachExpr(n.body, visit);
        break;
      case 'With':
        for (const v of n.values) walkExpr(v, visit);
        forEachExpr(n.body, visit);
        break;
      case 'Block':
        forEachExpr(n.body, visit);
        break;
    }
  }
}

export function walkExpr(e: Expr, visit: (e: Expr) => void): void {
  visit(e);
  switch (e.type) {
    case 'List':
    case 'Tuple':
      for (const x of e.items) walkExpr(x, visit);
      return;
    case 'Dict':
      for (const x of e.keys) walkExpr(x, visit);
      for (const x of e.values) walkExpr(x, visit);
      return;
    case 'GetAttr':
      walkExpr(e.obj, visit);
      return;
    case 'GetItem':
      walkExpr(e.obj, visit);
      walkExpr(e.index, visit);
      return;
    case 'Slice':
      walkExpr(e.obj, visit);
      if (e.lo) walkExpr(e.lo, visit);
      if (e.hi) walkExpr(e.hi, visit);
      if (e.step) walkExpr(e.step, visit);
      return;
    case 'Call':
      walkExpr(e.fn, visit);
      for (const a of e.args) walkExpr(a, visit);
      for (const k of e.kwargs) walkExpr(k.value, visit);
      if (e.starArgs) walkExpr(e.starArgs, visit);
      if (e.starKwargs) walkExpr(e.starKwargs, visit);
      return;
    case 'Filter':
      walkExpr(e.expr, visit);
      for (const a of e.args) walkExpr(a, visit);
      for (const k of e.kwargs) walkExpr(k.value, visit);
      return;
    case 'Test':
      walkExpr(e.expr, visit);
      for (const a of e.args) walkExpr(a, visit);
      return;
    case 'Bin':
    case 'And':
    case 'Or':
      walkExpr(e.left, visit);
      walkExpr(e.right, visit);
      return;
    case 'Cmp':
      walkExpr(e.first, visit);
      for (const o of e.ops) walkExpr(o.expr, visit);
      return;
    case 'Not':
    case 'Neg':
    case 'Pos':
      walkExpr(e.expr, visit);
      return;
    case 'Cond':
      walkExpr(e.test, visit);
      walkExpr(e.then, visit);
      if (e.else) walkExpr(e.else, visit);
      return;
  }
}

const SPECIAL_USE = new WeakMap<Node[], { varargs: boolean; kwargs: boolean; caller: boolean }>();

/** Whether a macro body refers to `varargs`, `kwargs` or `caller` (Jinja only accepts extra arguments then). */
export function specialNamesUsed(body: Node[]): { varargs: boolean; kwargs: boolean; caller: boolean } {
  let r = SPECIAL_USE.get(body);
  if (!r) {
    const found = { varargs: false, kwargs: false, caller: false };
    forEachExpr(body, (e) => {
      if (e.type === 'Name' && (e.name === 'varargs' || e.name === 'kwargs' || e.name === 'caller')) found[e.name] = true;
    });
    SPECIAL_USE.set(body, (r = found));
  }
  return r;
}
