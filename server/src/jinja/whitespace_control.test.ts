import assert from 'node:assert/strict';
import { renderTemplate } from './index';
import { testContext } from './test_context';

const render = (t: string) => renderTemplate(t, testContext()).output;

describe('jinja whitespace control', () => {
  it('{%- and -%} strip all adjacent whitespace including newlines', () => {
    assert.equal(render('a  \n  {%- if true -%}  \n  b  \n  {%- endif -%}\n\n  c'), 'abc');
  });

  it('{{- and -}} strip around expressions', () => {
    assert.equal(render('x \n {{- 1 -}} \n y'), 'x1y');
  });

  it('{#- and -#} strip around comments', () => {
    assert.equal(render('x \n {#- note -#} \n y'), 'xy');
  });

  it('without markers whitespace is kept verbatim (no trim_blocks, as in dbt)', () => {
    assert.equal(render('a\n{% if true %}\nb\n{% endif %}\nc'), 'a\n\nb\n\nc');
  });

  it('drops one trailing newline at the end of the template, as Jinja does', () => {
    assert.equal(render('select 1\n'), 'select 1');
    assert.equal(render('select 1\n\n'), 'select 1\n');
    assert.equal(render('select 1\r\n'), 'select 1');
  });

  it('a minus inside an expression is subtraction, not whitespace control', () => {
    assert.equal(render('{{ 5 - 3 }}|{{ 5 -3 -}} |'), '2|2|');
  });

  it('stripping applies to raw blocks too', () => {
    assert.equal(render('a {%- raw -%} {{x}} {%- endraw -%} b'), 'a{{x}}b');
  });

  it('a typical model keeps the SQL layout while tags vanish', () => {
    const t = "{{ config(materialized='view') }}\n\nselect\n    {%- for c in ['a', 'b'] %}\n    {{ c }}{% if not loop.last %},{% endif %}\n    {%- endfor %}\nfrom t";
    assert.equal(render(t), '\n\nselect\n    a,\n    b\nfrom t');
  });
});
