import assert from 'node:assert/strict';
import { renderTemplate } from './index';
import { testContext } from './test_context';

function render(t: string, ctx = testContext()): string {
  const r = renderTemplate(t, ctx);
  assert.deepEqual(r.errors, [], `unexpected errors: ${JSON.stringify(r.errors)}`);
  return r.output;
}

describe('jinja statements', () => {
  it('if / elif / else picks the first true branch', () => {
    const t = '{% if x == 1 %}one{% elif x == 2 %}two{% else %}many{% endif %}';
    assert.equal(render(t.replace(/x/g, '1')), 'one');
    assert.equal(render(t.replace(/x/g, '2')), 'two');
    assert.equal(render(t.replace(/x/g, '3')), 'many');
  });

  it('for exposes loop.index, index0, first, last, length, revindex', () => {
    const out = render("{% for c in ['a','b','c'] %}{{ loop.index }}{{ loop.index0 }}{{ loop.first }}{{ loop.last }}{{ loop.length }}{{ loop.revindex }}|{% endfor %}");
    assert.equal(out, '10TrueFalse33|21FalseFalse32|32FalseTrue31|');
  });

  it('for-else renders when the sequence is empty; loop filters apply before loop.length', () => {
    assert.equal(render('{% for x in [] %}x{% else %}empty{% endfor %}'), 'empty');
    assert.equal(render('{% for x in range(6) if x is even %}{{ x }}/{{ loop.length }} {% endfor %}'), '0/3 2/3 4/3 ');
  });

  it('for unpacks tuples and iterates dict items', () => {
    assert.equal(render("{% for k, v in {'a': 1, 'b': 2}.items() %}{{ k }}={{ v }};{% endfor %}"), 'a=1;b=2;');
    assert.equal(render('{% for (a, b) in [[1, 2], [3, 4]] %}{{ a + b }},{% endfor %}'), '3,7,');
    assert.equal(render("{% for k in {'x': 1, 'y': 2} %}{{ k }}{% endfor %}"), 'xy');
  });

  it('break and continue control the loop', () => {
    assert.equal(render('{% for i in range(10) %}{% if i == 1 %}{% continue %}{% endif %}{% if i == 4 %}{% break %}{% endif %}{{ i }}{% endfor %}'), '023');
  });

  it('loop.cycle, previtem and nextitem work', () => {
    assert.equal(render("{% for i in [1,2,3] %}{{ loop.cycle('a','b') }}{% endfor %}"), 'aba');
    assert.equal(render('{% for i in [1,2,3] %}{{ loop.previtem }}{{ loop.nextitem }}.{% endfor %}'), '2.13.2.');
  });

  it('set inside a loop does not leak out, namespace() carries state', () => {
    assert.equal(render('{% set c = 0 %}{% for i in range(3) %}{% set c = c + 1 %}{% endfor %}{{ c }}'), '0');
    assert.equal(render('{% set ns = namespace(c=0) %}{% for i in range(3) %}{% set ns.c = ns.c + i %}{% endfor %}{{ ns.c }}'), '3');
  });

  it('inline set, tuple set and block set (with filters)', () => {
    assert.equal(render('{% set a, b = 1, 2 %}{{ a }}{{ b }}'), '12');
    assert.equal(render('{% set sql %}select {{ 1 + 1 }}{% endset %}[{{ sql }}]'), '[select 2]');
    assert.equal(render('{% set sql | upper | trim %}  select 1  {% endset %}[{{ sql }}]'), '[SELECT 1]');
  });

  it('macros take defaults, keyword arguments, varargs and kwargs', () => {
    const t =
      "{% macro greet(name, greeting='hi', punct='!') %}{{ greeting }} {{ name }}{{ punct }}{% endmacro %}" +
      "{{ greet('bob') }}|{{ greet('amy', punct='?') }}|{{ greet(greeting='yo', name='x') }}" +
      '{% macro rest() %}{{ varargs | join(",") }};{{ kwargs.k }}{% endmacro %}|{{ rest(1, 2, k=3) }}';
    assert.equal(render(t), 'hi bob!|hi amy?|yo x!|1,2;3');
  });

  it('macros can be called before their definition in the same template', () => {
    assert.equal(render('{{ later() }}{% macro later() %}L{% endmacro %}'), 'L');
  });

  it('call blocks pass caller() to the macro, with arguments', () => {
    const t = '{% macro wrap() %}<{{ caller() }}>{% endmacro %}{% call wrap() %}body{% endcall %}';
    assert.equal(render(t), '<body>');
    const t2 = "{% macro each(xs) %}{% for x in xs %}{{ caller(x) }}{% endfor %}{% endmacro %}{% call(item) each([1,2]) %}[{{ item }}]{% endcall %}";
    assert.equal(render(t2), '[1][2]');
  });

  it('return() makes a macro evaluate to a value instead of its text', () => {
    const t = "{% macro cols() %}ignored text{{ return(['a', 'b']) }}{% endmacro %}{{ cols() | join('+') }}";
    assert.equal(render(t), 'a+b');
    const t2 = "{% macro pick(x) %}{% if x %}{% do return('yes') %}{% endif %}{% do return('no') %}{% endmacro %}{{ pick(1) }}{{ pick(0) }}";
    assert.equal(render(t2), 'yesno');
  });

  it('do evaluates for side effects only', () => {
    assert.equal(render('{% set l = [] %}{% do l.append(1) %}{% do l.extend([2, 3]) %}{{ l }}'), '[1, 2, 3]');
  });

  it('filter blocks apply filters to their body', () => {
    assert.equal(render('{% filter upper %}abc{{ "d" }}{% endfilter %}'), 'ABCD');
  });

  it('raw blocks are verbatim and comments vanish', () => {
    assert.equal(render('{% raw %}{{ not rendered }}{% endraw %}'), '{{ not rendered }}');
    assert.equal(render('a{# a {{ comment }} #}b'), 'ab');
  });

  it('with opens a scope', () => {
    assert.equal(render('{% with a = 1, b = 2 %}{{ a + b }}{% endwith %}[{{ a }}]'), '3[]');
  });

  it('dbt test and snapshot blocks parse; test blocks define test_<name> macros', () => {
    assert.equal(render('{% snapshot s %}select 1{% endsnapshot %}'), 'select 1');
    assert.equal(render('{% test positive(model, column_name) %}x{% endtest %}{{ test_positive(1, 2) }}'), 'x');
  });

  it('recursive loops can call loop()', () => {
    const t = "{% for n in [{'v': 1, 'c': [{'v': 2, 'c': []}]}] recursive %}{{ n.v }}({{ loop(n.c) }}){% endfor %}";
    assert.equal(render(t), '1(2())');
  });
});
