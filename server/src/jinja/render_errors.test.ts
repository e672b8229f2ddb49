import assert from 'node:assert/strict';
import { renderTemplate } from './index';
import { testContext } from './test_context';

const render = (t: string, macros: { packageName: string; file: string; text: string }[] = []) => renderTemplate(t, testContext({ macros }), { file: 'models/m.sql' });
const at = (t: string, e: { start: number; end: number }) => t.slice(e.start, e.end);

describe('jinja render errors', () => {
  it('an unknown macro is an error at the call, renders empty, and later refs are still recorded', () => {
    const t = "select {{ my_macro('x') }} from {{ ref('orders') }}";
    const r = render(t);
    assert.equal(r.errors.length, 1);
    assert.equal(at(t, r.errors[0]), "my_macro('x')");
    assert.match(r.errors[0].message, /'my_macro' is undefined/);
    assert.equal(r.output, 'select  from "dw"."main"."orders"');
    assert.deepEqual(r.refs.map((x) => x.name), ['orders']);
  });

  it('an unknown macro that looks like a typo suggests the closest name', () => {
    const macros = [{ packageName: 'shop', file: 'macros/m.sql', text: '{% macro cents_to_dollars(c) %}{{ c }}{% endmacro %}' }];
    const r = render("{{ cents_to_dolars('x') }} {{ reff('a') }} {{ zzzzzz() }}", macros);
    assert.deepEqual(
      r.errors.map((e) => e.message.replace(/.*\. /, '')),
      ["Did you mean 'cents_to_dollars'?", "Did you mean 'ref'?", "'zzzzzz' is undefined: no macro, variable or function with that name"],
    );
  });

  it('an unknown package macro names the package', () => {
    const t = "{{ dbt_utils.no_such_macro() }}";
    const r = render(t);
    assert.match(r.errors[0].message, /no macro 'no_such_macro' in package 'dbt_utils'/);
    assert.equal(at(t, r.errors[0]), 'dbt_utils.no_such_macro()');
  });

  it('an if left open at end of file points at the opening tag, and the body still renders', () => {
    const t = "select 1\n{% if true %}\nfrom {{ ref('a') }}\n";
    const r = render(t);
    assert.equal(r.errors.length, 1);
    assert.equal(at(t, r.errors[0]), '{% if true %}');
    assert.match(r.errors[0].message, /Unclosed '\{% if %\}'/);
    assert.deepEqual(r.refs.map((x) => x.name), ['a']);
  });

  it('an unclosed {{ is reported at its opening braces', () => {
    const t = "select {{ ref('a') }}, {{ ref('b') \nfrom x";
    const r = render(t);
    assert.equal(r.errors.length, 1);
    assert.equal(r.errors[0].start, t.lastIndexOf('{{'));
    assert.equal(at(t, r.errors[0]), '{{');
    assert.deepEqual(r.refs.map((x) => x.name), ['a']);
  });

  it('a missing closing bracket is reported at the bracket and the tag still ends at its delimiter', () => {
    const t = "select {{ ref('a' }} from {{ ref('b') }}";
    const r = render(t);
    assert.equal(r.errors.length, 1);
    assert.equal(r.errors[0].message, "Unclosed '(' in expression");
    assert.equal(r.errors[0].start, t.indexOf('('));
    assert.equal(r.output, 'select  from "dw"."main"."b"');
  });

  it('a tag missing its closing brace stops at the next tag, which still renders', () => {
    const t = "select * from {{ ref('a') }\nwhere x = 1\n{{ ref('b') }}";
    const r = render(t);
    assert.equal(at(t, r.errors[0]), '{{');
    assert.equal(r.errors[0].start, 14);
    assert.deepEqual(r.refs.map((x) => x.name), ['b']);
  });

  it('a syntax error inside a tag is reported at the offending token; the rest renders', () => {
    const t = "{{ 1 + }} ok {{ ref('a') }}";
    const r = render(t);
    assert.equal(r.errors.length, 1);
    assert.match(r.errors[0].message, /Expected an expression/);
    assert.equal(r.output, ' ok "dw"."main"."a"');
  });

  it('a stray end tag and an unknown tag are errors with their ranges', () => {
    const t = 'a{% endfor %}b{% frobnicate %}c';
    const r = render(t);
    assert.deepEqual(r.errors.map((e) => at(t, e)), ['{% endfor %}', 'frobnicate']);
    assert.equal(r.output, 'abc');
  });

  it('break outside a loop is a syntax error and rendering continues', () => {
    const t = 'a{% break %}b';
    const r = render(t);
    assert.equal(at(t, r.errors[0]), '{% break %}');
    assert.equal(r.output, 'ab');
  });

  it('a mismatched end tag closes the right block and reports the inner one', () => {
    const t = '{% for x in [1] %}{% if x %}y{% endfor %}';
    const r = render(t);
    assert.equal(r.errors.length, 1);
    assert.equal(at(t, r.errors[0]), '{% if x %}');
  });

  it('attribute access on an undefined value and calling a non-callable are errors at the expression', () => {
    const t = '{{ nothing.attr }}|{{ (1)() }}';
    const r = render(t);
    assert.deepEqual(r.errors.map((e) => at(t, e)), ['nothing.attr', '(1)()']);
  });

  it('type errors in arithmetic and unknown filters are located', () => {
    const t = "{{ 'a' - 1 }} {{ 'x' | frob }}";
    const r = render(t);
    assert.deepEqual(r.errors.map((e) => at(t, e)), ["'a' - 1", "'x' | frob"]);
    assert.match(r.errors[1].message, /No filter named 'frob'/);
  });

  it('calling a macro with too many or unknown arguments is an error at the call, as in Jinja', () => {
    const t = "{% macro m(a) %}{{ a }}{% endmacro %}{{ m(1, 2) }}|{{ m(b=1) }}|{% macro v() %}{{ varargs | length }}{{ kwargs | length }}{% endmacro %}{{ v(1, 2, k=3) }}";
    const r = render(t);
    assert.deepEqual(r.errors.map((e) => [e.message, at(t, e)]), [
      ["macro 'm' takes not more than 1 argument (2 given)", 'm(1, 2)'],
      ["macro 'm' takes no keyword argument 'b'", 'm(b=1)'],
    ]);
    assert.equal(r.output, '||21');
  });

  it('infinite recursion stops at the depth bound with one error', () => {
    const t = '{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}after';
    const started = Date.now();
    const r = render(t);
    assert.ok(Date.now() - started < 2000);
    assert.equal(r.output, 'after');
    assert.equal(r.errors.length, 1);
    assert.match(r.errors[0].message, /recursion depth \(200\)/);
  });

  it('exponential macro fan-out hits the step budget instead of hanging', () => {
    const t = '{% macro f(n) %}{% if n < 40 %}{{ f(n + 1) }}{{ f(n + 1) }}{% endif %}{% endmacro %}{{ f(0) }}';
    const started = Date.now();
    const r = render(t);
    assert.ok(Date.now() - started < 10000, 'bounded');
    assert.ok(r.errors.some((e) => /more than .* loop iterations and macro calls/.test(e.message)));
  });

  it('nested loops over huge ranges are bounded', () => {
    const t = '{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}';
    const r = render(t);
    assert.ok(r.errors.some((e) => /loop iterations/.test(e.message)));
    const big = render('{{ range(100000000) | length }}');
    assert.match(big.errors[0].message, /larger than the limit/);
  });

  it('output growth is capped', () => {
    const t = "{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{{ ns.s }}{% endfor %}";
    const r = render(t);
    assert.ok(r.errors.some((e) => /output larger than/.test(e.message)));
  });

  it('a 5 MB template renders quickly', function () {
    this.timeout(60000);
    const line = "select a, b, c from {{ ref('orders') }} where x = 'y' -- {{ 1 + 1 }}\n";
    const t = line.repeat(Math.ceil((5 * 1024 * 1024) / line.length));
    const started = Date.now();
    const r = render(t);
    const ms = Date.now() - started;
    assert.deepEqual(r.errors, []);
    // generous: CI machines are shared; a quadratic step would take minutes
    assert.ok(ms < 20000, `took ${ms} ms`);
    assert.equal(r.refs.length, Math.ceil((5 * 1024 * 1024) / line.length));
  });

  it('a 5 MB template of unbalanced braces and an unterminated string do not hang', function () {
    this.timeout(60000);
    const started = Date.now();
    const r1 = render('{{ ' + '('.repeat(1_000_000) + ' }}' + '{'.repeat(2_000_000));
    const r2 = render("{{ 'never closed " + 'x'.repeat(3_000_000));
    assert.equal(r1.errors[0].message, "Unclosed '(' in expression");
    assert.match(r2.errors.map((e) => e.message).join(), /Unterminated string literal/);
    assert.ok(Date.now() - started < 20000);
  });

  it('deeply nested expressions and blocks are errors, not stack overflows', () => {
    const deepExpr = render('{{ ' + '('.repeat(50_000) + '1' + ')'.repeat(50_000) + ' }}');
    assert.match(deepExpr.errors[0].message, /nested more than 200 levels/);
    const deepNot = render('{{ ' + 'not '.repeat(50_000) + '1 }}');
    assert.match(deepNot.errors[0].message, /nested more than 200 levels/);
    const deepIf = render('{% if 1 %}'.repeat(5_000) + 'x' + '{% endif %}'.repeat(5_000) + "{{ ref('after') }}");
    assert.ok(deepIf.errors.some((e) => /Blocks nested more than 200 levels/.test(e.message)));
    assert.deepEqual(deepIf.refs.map((r) => r.name), ['after']);
  });

  it('renderTemplate never throws, whatever the input', () => {
    const inputs = ['{%', '{{', '{#', '{% if %}', '{% for %}', '{% macro %}', '{{ ) }}', '{% set = 1 %}', '{% endif %}{% else %}', '{{ a[ }}', '{{ "\\', '{% call %}{% endcall %}', '{{ x is }}', '{% raw %}'];
    for (const t of inputs) {
      const r = render(t);
      assert.ok(r.errors.length > 0, `expected an error for ${JSON.stringify(t)}`);
    }
  });
});
