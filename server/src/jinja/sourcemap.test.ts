import assert from 'node:assert/strict';
import { renderTemplate } from './index';
import { OutputWriter } from './sourcemap';
import { testContext } from './test_context';

describe('jinja source map', () => {
  it('maps literal text 1:1 and produced text to the start of its tag', () => {
    const t = "select id,\n  {{ 'amount' }} as a\nfrom {{ ref('orders') }}\nwhere 1 = 1";
    const r = renderTemplate(t, testContext());
    const out = r.output;
    // every literal character of the template maps back onto itself
    for (const word of ['select id,', ' as a', 'from ', 'where 1 = 1']) {
      const o = out.indexOf(word);
      for (let k = 0; k < word.length; k++) assert.equal(t[r.map.toTemplate(o + k)], word[k], `char ${k} of ${word}`);
    }
    // every character produced by a tag maps to that tag's '{{'
    const amount = out.indexOf('amount');
    for (let k = 0; k < 'amount'.length; k++) assert.equal(r.map.toTemplate(amount + k), t.indexOf("{{ 'amount' }}"));
    const rel = out.indexOf('"dw"');
    assert.equal(r.map.toTemplate(rel), t.indexOf("{{ ref('orders') }}"));
    assert.equal(r.map.toTemplate(rel + 10), t.indexOf("{{ ref('orders') }}"));
  });

  it('text inside loops maps to the loop body once per iteration', () => {
    const t = '{% for c in ["a", "b"] %}x{{ c }},{% endfor %}';
    const r = renderTemplate(t, testContext());
    assert.equal(r.output, 'xa,xb,');
    const xBody = t.indexOf('x{{');
    assert.equal(r.map.toTemplate(0), xBody);
    assert.equal(r.map.toTemplate(3), xBody);
    assert.equal(r.map.toTemplate(1), t.indexOf('{{ c }}'));
    assert.equal(r.map.toTemplate(5), t.indexOf('},{') + 1);
  });

  it('macro output maps to the calling tag; whitespace control keeps literal offsets exact', () => {
    const t = "{% macro m() %}long\nmacro text{% endmacro %}a  {{- m() -}}  b";
    const r = renderTemplate(t, testContext());
    assert.equal(r.output, 'along\nmacro textb');
    assert.equal(r.map.toTemplate(0), t.indexOf('a  {{'));
    for (let o = 1; o < 16; o++) assert.equal(r.map.toTemplate(o), t.indexOf('{{- m()'));
    assert.equal(r.map.toTemplate(16), t.lastIndexOf('b'));
  });

  it('offsets at and beyond the end clamp to the end of the last segment', () => {
    const t = 'ab{{ 1 }}cd';
    const r = renderTemplate(t, testContext());
    assert.equal(r.output, 'ab1cd');
    assert.equal(r.map.toTemplate(5), t.length);
    assert.equal(r.map.toTemplate(99), t.length);
    assert.equal(r.map.toTemplate(-3), 0);
  });

  it('round-trips every output offset of a large render in logarithmic time', () => {
    const line = "select {{ 'x' }} from t\n";
    const t = line.repeat(20000);
    const r = renderTemplate(t, testContext());
    const started = Date.now();
    let lastTag = -1;
    for (let o = 0; o < r.output.length; o++) {
      const tp = r.map.toTemplate(o);
      if (r.output[o] === 'x') {
        assert.ok(t.startsWith("{{ 'x' }}", tp));
        lastTag = tp;
      } else assert.equal(t[tp], r.output[o]);
    }
    assert.equal(lastTag, t.lastIndexOf('{{'));
    assert.ok(Date.now() - started < 10000);
  });

  it('the writer merges consecutive pieces produced by one tag into one segment', () => {
    const w = new OutputWriter(true);
    w.literal('ab', 10);
    w.produced('x', 12);
    w.produced('yz', 12);
    w.literal('c', 20);
    assert.equal(w.text(), 'abxyzc');
    const m = w.map();
    assert.deepEqual([0, 1, 2, 3, 4, 5].map((o) => m.toTemplate(o)), [10, 11, 12, 12, 12, 20]);
  });
});
