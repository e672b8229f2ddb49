/**
 * Jinja tests: the names after `is` (`x is defined`, `y is not none`).
 */
import { compare, contains, equals, isDict, JinjaRuntimeError, PyObject, toNumber, Undefined, type Value } from './values';

export type TestFn = (v: Value, args: Value[]) => boolean;

function isIterable(v: Value): boolean {
  if (typeof v === 'string' || Array.isArray(v) || v instanceof Map) return true;
  return v instanceof PyObject && v.iterate() !== undefined;
}

export const TESTS: Record<string, TestFn> = {
  defined: (v) => !(v instanceof Undefined),
  undefined: (v) => v instanceof Undefined,
  none: (v) => v === null,
  string: (v) => typeof v === 'string',
  number: (v) => typeof v === 'number',
  integer: (v) => typeof v === 'number' && Number.isInteger(v),
  float: (v) => typeof v === 'number' && !Number.isInteger(v),
  boolean: (v) => typeof v === 'boolean',
  true: (v) => v === true,
  false: (v) => v === false,
  mapping: (v) => isDict(v) || (v instanceof PyObject && v.isMapping()),
  sequence: (v) => typeof v === 'string' || Array.isArray(v),
  iterable: (v) => isIterable(v),
  callable: (v) => v instanceof PyObject && v.callable(),
  sameas: (v, a) => v === a[0] || (v === null && a[0] === null),
  eq: (v, a) => equals(v, a[0] ?? null),
  equalto: (v, a) => equals(v, a[0] ?? null),
  '==': (v, a) => equals(v, a[0] ?? null),
  ne: (v, a) => !equals(v, a[0] ?? null),
  '!=': (v, a) => !equals(v, a[0] ?? null),
  lt: (v, a) => compare(v, a[0] ?? null) < 0,
  lessthan: (v, a) => compare(v, a[0] ?? null) < 0,
  le: (v, a) => compare(v, a[0] ?? null) <= 0,
  gt: (v, a) => compare(v, a[0] ?? null) > 0,
  greaterthan: (v, a) => compare(v, a[0] ?? null) > 0,
  ge: (v, a) => compare(v, a[0] ?? null) >= 0,
  in: (v, a) => contains(a[0] ?? null, v),
  odd: (v) => toNumber(v) % 2 !== 0,
  even: (v) => toNumber(v) % 2 === 0,
  divisibleby: (v, a) => {
    const d = toNumber(a[0] ?? null, 'divisor');
    if (d === 0) throw new JinjaRuntimeError('integer division or modulo by zero');
    return toNumber(v) % d === 0;
  },
  lower: (v) => typeof v === 'string' && v === v.toLowerCase(),
  upper: (v) => typeof v === 'string' && v === v.toUpperCase(),
  escaped: () => false,
  filter: () => false,
  test: () => false,
};
