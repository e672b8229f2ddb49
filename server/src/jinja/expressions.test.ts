import assert from 'node:assert/strict';
import { renderTemplate } from './index';
import { testContext } from './test_context';

function render(t: string): string {
  const r = renderTemplate(t, testContext());
  assert.deepEqual(r.errors, [], `unexpected errors: ${JSON.stringify(r.errors)}`);
  return r.output;
}

describe('jinja expressions', () => {
  it('follows Jinja precedence for arithmetic, concat, comparison and logic', () => {
    assert.equal(render('{{ 1 + 2 * 3 }}|{{ (1 + 2) * 3 }}|{{ 2 ** 3 ** 2 }}|{{ 7 // 2 }}|{{ -7 // 2 }}|{{ 7 % 3 }}|{{ -7 % 3 }}'), '7|9|64|3|-4|1|2');
    // as in Jinja, `~` binds tighter than + and - but looser than * and /
    assert.equal(render("{{ (1 + 1) ~ 'x' }}|{{ 'a' ~ 1 * 2 }}|{{ 'a' ~ 'b' in 'xab' }}"), '2x|a2|True');
    assert.match(renderTemplate("{{ 1 + 1 ~ 'x' }}", testContext()).errors[0].message, /unsupported operand/);
    assert.equal(render('{{ not 1 == 2 }}|{{ 1 < 2 < 3 }}|{{ 3 > 2 > 2 }}|{{ 1 or 0 and 0 }}'), 'True|True|False|1');
    assert.equal(render("{{ 'b' in 'abc' }}|{{ 4 not in [1, 2] }}|{{ 'k' in {'k': 1} }}"), 'True|True|True');
  });

  it('inline if with and without else', () => {
    assert.equal(render("{{ 'y' if 1 else 'n' }}|{{ 'y' if 0 else 'n' }}|{{ 'y' if 0 }}|"), 'y|n||');
  });

  it('filters bind tighter than arithmetic, unary minus applies before filters', () => {
    assert.equal(render("{{ 1 + [1,2,3] | length }}|{{ -3 | abs }}|{{ 'ab' | upper ~ 'c' }}"), '4|3|ABc');
  });

  it('literals: lists, dicts, tuples, None/True/False, adjacent strings', () => {
    assert.equal(render("{{ [1, 'a', none, true] }}|{{ {'a': [1]} }}|{{ (1, 2) | length }}|{{ 'ab' 'cd' }}|{{ None }}"), "[1, 'a', None, True]|{'a': [1]}|2|abcd|None");
  });

  it('attribute and subscript access, with slices and negative indices', () => {
    assert.equal(render("{% set d = {'a': {'b': [10, 20, 30]}} %}{{ d.a.b[1] }}|{{ d['a']['b'][-1] }}|{{ d.a.b[1:] }}|{{ d.a.b[::-1] }}|{{ 'hello'[1:3] }}|{{ d.a.b.0 }}"), '20|30|[20, 30]|[30, 20, 10]|el|10');
  });

  it('Python string methods', () => {
    assert.equal(
      render(
        "{{ 'Ab'.upper() }} {{ 'Ab'.lower() }} {{ '  x '.strip() }}|{{ 'xxaxx'.lstrip('x') }}|{{ 'xxaxx'.rstrip('x') }} {{ 'a,b,,c'.split(',') }} {{ 'a b  c'.split() }} {{ '-'.join(['a', 'b']) }}",
      ),
      "AB ab x|axx|xxa ['a', 'b', '', 'c'] ['a', 'b', 'c'] a-b",
    );
    assert.equal(
      render("{{ 'aaa'.replace('a', 'b', 2) }} {{ 'abc'.startswith('ab') }} {{ 'abc'.endswith(('x', 'c')) }} {{ '{} is {k}'.format(1, k='one') }} {{ 'hello world'.title() }} {{ 'hELLO'.capitalize() }}"),
      'bba True True 1 is one Hello World Hello',
    );
    assert.equal(render("{{ 'a_b'.split('_', 1) }} {{ 'abc'.find('c') }} {{ 'x%sy%d' % ('-', 3) }} {{ '5'.zfill(3) }}"), "['a', 'b'] 2 x-y3 005");
  });

  it('list and dict methods', () => {
    assert.equal(render("{% set l = [3, 1] %}{% do l.append(2) %}{% do l.extend([5]) %}{{ l }} {{ l.index(1) }} {{ l.count(3) }} {{ l.pop() }} {{ l }}"), '[3, 1, 2, 5] 1 1 5 [3, 1, 2]');
    assert.equal(
      render("{% set d = {'a': 1} %}{% do d.update({'b': 2}) %}{% do d.update(c=3) %}{{ d.get('a') }} {{ d.get('z', 'dflt') }} {{ d.get('z') }} {{ d.keys() | list }} {{ d.values() | list }} {{ d.items() | list | length }}"),
      "1 dflt None ['a', 'b', 'c'] [1, 2, 3] 3",
    );
  });

  it('common filters', () => {
    assert.equal(render("{{ ' x ' | trim }}|{{ ['a','b'] | join(', ') }}|{{ 'abc' | length }}|{{ undefined_thing | default('d') }}|{{ none | d('n', true) }}|{{ 'aXa' | replace('a', 'b') }}"), 'x|a, b|3|d|n|bXb');
    assert.equal(render("{{ 'ab' | list }}|{{ [1,2] | first }}|{{ [1,2] | last }}|{{ [3,1,2] | sort }}|{{ ['b','a','b'] | unique | list }}|{{ [1,2] | reverse | list }}"), "['a', 'b']|1|2|[1, 2, 3]|['b', 'a']|[2, 1]");
    assert.equal(render("{{ '42' | int + 1 }}|{{ 'x' | int }}|{{ '1.5' | float }}|{{ 3 | string ~ 'a' }}|{{ 2.567 | round(2) }}|{{ -2 | abs }}|{{ 2.5 | round(0, 'floor') }}"), '43|0|1.5|3a|2.57|2|2');
    assert.equal(render("{{ {'a': [1, 'x']} | tojson }}|{{ 'a\nb' | indent(2) }}|{{ 'a\nb' | indent(2, true) }}"), '{"a":[1,"x"]}|a\n  b|  a\n  b');
    assert.equal(render("{% set rows = [{'n': 'a', 'k': 2}, {'n': 'b', 'k': 1}] %}{{ rows | map(attribute='n') | join }}|{{ rows | sort(attribute='k') | map(attribute='n') | join }}|{{ rows | selectattr('k', 'equalto', 1) | map(attribute='n') | list }}|{{ rows | rejectattr('k', 'gt', 1) | list | length }}"), "ab|ba|['b']|1");
    assert.equal(render("{{ [1, 2, 3, 4] | select('odd') | list }}|{{ [1, 2, 3, 4] | reject('odd') | list }}|{{ ['a', 'b'] | map('upper') | list }}|{{ [1, 2] | sum }}|{{ [3, 1] | min }}|{{ [3, 1] | max }}"), "[1, 3]|[2, 4]|['A', 'B']|3|1|3");
  });

  it('attribute filters read dict keys before dict methods', () => {
    assert.equal(render("{{ [{'values': 1, 'name': 'a'}] | map(attribute='values') | list }} {{ [{'name': 'a'}] | map(attribute='name') | join }}"), '[1] a');
  });

  it('tests with is / is not', () => {
    assert.equal(
      render("{{ x is defined }} {{ none is none }} {{ 'a' is string }} {{ 1 is number }} {{ {} is mapping }} {{ [] is iterable }} {{ 1 is not none }} {{ none is sameas none }} {{ 4 is divisibleby 2 }} {{ 3 is odd }}"),
      'False True True True True True True True True True',
    );
  });

  it('range, dict, namespace and zip globals', () => {
    assert.equal(render("{{ range(3) | list }} {{ range(1, 10, 4) | list }} {{ dict(a=1)['a'] }} {{ dict([['k', 2]]).k }} {{ zip([1, 2], ['a', 'b']) | list }}"), "[0, 1, 2] [1, 5, 9] 1 2 [(1, 'a'), (2, 'b')]");
  });

  it('prints tuples as tuples', () => {
    assert.equal(render("{{ (1, 'a') }} {{ (1,) }} {{ {'k': 1}.items() | list }}"), "(1, 'a') (1,) [('k', 1)]");
  });

  it('prints Python-style values', () => {
    assert.equal(render("{{ true }} {{ false }} {{ none }} {{ 1.5 }} {{ [\"it's\"] }} {{ 10 / 4 }}"), `True False None 1.5 ["it's"] 2.5`);
  });
});
