import assert from 'node:assert/strict';
import { buildMacroRegistry, extractMacros } from './index';

describe('jinja macro registry', () => {
  it('indexes macros by package with args, name offsets and a summary', () => {
    const text = "{# Cents to dollars. #}\n{% macro cents_to_dollars(col, scale=2) %}\n  ({{ col }} / 100)::numeric(16, {{ scale }})\n{% endmacro %}\n{% macro other() %}x{% endmacro %}";
    const reg = buildMacroRegistry([{ packageName: 'shop', file: 'macros/money.sql', text }], 'shop');
    const m = reg.macros.get('shop.cents_to_dollars')!;
    assert.deepEqual(m.args, [
      { name: 'col', hasDefault: false },
      { name: 'scale', hasDefault: true },
    ]);
    assert.equal(text.slice(m.nameStart, m.nameEnd), 'cents_to_dollars');
    assert.equal(m.summary, 'Cents to dollars.');
    assert.equal(reg.macros.get('shop.other')!.summary, 'x');
    assert.deepEqual(reg.errors, []);
  });

  it('reports syntax errors and duplicate macros with their file', () => {
    const reg = buildMacroRegistry(
      [
        { packageName: 'shop', file: 'macros/a.sql', text: '{% macro a() %}{{ 1 + }}{% endmacro %}{% macro open() %}never closed' },
        { packageName: 'shop', file: 'macros/b.sql', text: '{% macro a() %}dup{% endmacro %}' },
      ],
      'shop',
    );
    assert.deepEqual(
      reg.errors.map((e) => [e.file, e.message.slice(0, 30)]),
      [
        ['macros/a.sql', 'Expected an expression, found '],
        ['macros/a.sql', "Unclosed '{% macro %}': missin"],
        ['macros/b.sql', "Macro 'a' is defined twice in "],
      ],
    );
    assert.ok(reg.macros.has('shop.open'), 'an unclosed macro is still indexed');
  });

  it('extractMacros gives name and body offsets for go-to-definition', () => {
    const text = "{% macro star(from, except=[]) -%}\n  body\n{%- endmacro %}\n{% test positive(model, column_name) %}select 1{% endtest %}";
    const ms = extractMacros(text);
    assert.deepEqual(ms.map((m) => m.name), ['star', 'test_positive']);
    assert.equal(text.slice(ms[0].nameStart, ms[0].nameEnd), 'star');
    assert.equal(text.slice(ms[0].bodyStart, ms[0].bodyEnd), '\n  body\n');
    assert.deepEqual(ms[0].args, [
      { name: 'from', hasDefault: false },
      { name: 'except', hasDefault: true },
    ]);
    assert.equal(text.slice(ms[1].bodyStart, ms[1].bodyEnd), 'select 1');
  });
});
