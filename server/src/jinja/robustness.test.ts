import assert from 'node:assert/strict';
import { extractMacros, extractStatic, renderTemplate } from './index';
import { testContext } from './test_context';

/** Deterministic PRNG so a failure reproduces. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const FRAGMENTS = [
  '{{', '}}', '{%', '%}', '{#', '#}', '{%-', '-%}', '{{-', '-}}', ' if ', ' elif ', ' else ', ' endif ', ' for ', ' in ', ' endfor ', ' set ', ' endset ',
  ' macro ', ' endmacro ', ' call ', ' endcall ', ' raw ', ' endraw ', ' do ', ' filter ', ' endfilter ', ' x ', ' loop.index ', "'s'", '"t"', ' 1 ', ' 2.5 ',
  '(', ')', '[', ']', '{', '}', ',', ':', '|', ' upper ', ' is ', ' not ', ' defined ', ' and ', ' or ', '+', '-', '*', '/', '//', '%', '~', '==', '=',
  "ref('a')", "source('s', 't')", 'config(materialized="table")', "var('v', 1)", 'range(3)', ' return(1) ', 'caller()', 'select * from t\n', '\n', '  ', 'é', '\\', "'",
];

describe('jinja robustness', () => {
  it('random fragment soup never throws, always terminates and keeps offsets in range', function () {
    this.timeout(120000);
    const next = rng(12345);
    const ctx = testContext();
    for (let i = 0; i < 1500; i++) {
      const n = 1 + Math.floor(next() * 40);
      let t = '';
      for (let k = 0; k < n; k++) t += FRAGMENTS[Math.floor(next() * FRAGMENTS.length)];
      const r = renderTemplate(t, ctx);
      for (const e of r.errors) {
        assert.ok(e.start >= 0 && e.end >= e.start && e.end <= t.length, `bad error range in ${JSON.stringify(t)}: ${JSON.stringify(e)}`);
        assert.ok(e.message.length > 0);
        assert.ok(!/Internal error/.test(e.message), `internal error for ${JSON.stringify(t)}: ${e.message}`);
      }
      for (let o = 0; o <= r.output.length; o += 7) {
        const tp = r.map.toTemplate(o);
        assert.ok(tp >= 0 && tp <= t.length, `map out of range for ${JSON.stringify(t)}`);
      }
      extractStatic(t);
      extractMacros(t);
    }
  });

  it('well-delimited tags with random contents never throw or report internal errors', function () {
    this.timeout(120000);
    const next = rng(777);
    const pick = <T>(xs: T[]) => xs[Math.floor(next() * xs.length)];
    const inner = FRAGMENTS.filter((f) => !/[{}%#]/.test(f));
    const heads = ['if', 'elif', 'else', 'endif', 'for x in', 'endfor', 'set x =', 'set y', 'endset', 'macro m(a, b=1)', 'endmacro', 'do', 'call m()', 'endcall', 'filter upper', 'endfilter', 'with a = 1', 'endwith', 'break', 'continue'];
    const ctx = testContext();
    for (let i = 0; i < 1500; i++) {
      let t = '';
      const tags = 1 + Math.floor(next() * 12);
      for (let k = 0; k < tags; k++) {
        let body = '';
        for (let j = Math.floor(next() * 6); j > 0; j--) body += pick(inner);
        t += next() < 0.5 ? `{{ ${body} }}` : `{% ${pick(heads)} ${body} %}`;
        t += pick(['', ' sql ', '\n']);
      }
      const r = renderTemplate(t, ctx);
      for (const e of r.errors) {
        assert.ok(e.start >= 0 && e.end >= e.start && e.end <= t.length, `bad error range in ${JSON.stringify(t)}: ${JSON.stringify(e)}`);
        assert.ok(!/Internal error/.test(e.message), `internal error for ${JSON.stringify(t)}: ${e.message}`);
      }
    }
  });
});
