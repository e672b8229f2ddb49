import * as assert from 'node:assert/strict';
import { dialectRules } from './dialect';
import { tokenize } from './tokenizer';

const duck = dialectRules('duckdb');

function kinds(sql: string, dialect = duck) {
  return tokenize(sql, dialect).tokens.map((t) => `${t.kind}:${t.value}`);
}

describe('tokenizer', () => {
  it('records offsets and lower-cases words', () => {
    const { tokens, errors } = tokenize('SELECT Foo FROM t', duck);
    assert.deepEqual(errors, []);
    assert.deepEqual(tokens.map((t) => [t.kind, t.value, t.start, t.end]), [
      ['word', 'select', 0, 6],
      ['word', 'foo', 7, 10],
      ['word', 'from', 11, 15],
      ['word', 't', 16, 17],
      ['eof', '', 17, 17],
    ]);
  });

  it('reads strings with doubled quotes and quoted identifiers with doubled quotes', () => {
    assert.deepEqual(kinds(`'it''s' "a ""b"""`), ['string:it\'s', 'quoted:a "b"', 'eof:']);
  });

  it('skips line and nested block comments', () => {
    assert.deepEqual(kinds('a -- x\n/* b /* c */ d */ e'), ['word:a', 'word:e', 'eof:']);
  });

  it('does not nest block comments where the dialect does not', () => {
    assert.deepEqual(kinds('a /* b /* c */ d', dialectRules('snowflake')), ['word:a', 'word:d', 'eof:']);
  });

  it('reads numbers: integers, decimals, exponents, leading dot, underscores, hex', () => {
    assert.deepEqual(kinds('1 1.5 .5 1e10 2.5E-3 1_000 0x1F'), [
      'number:1', 'number:1.5', 'number:.5', 'number:1e10', 'number:2.5E-3', 'number:1_000', 'number:0x1F', 'eof:',
    ]);
  });

  it('reads multi-character operators longest first', () => {
    assert.deepEqual(kinds('a::int || b ->> c <> d >= e'), [
      'word:a', 'op:::', 'word:int', 'op:||', 'word:b', 'op:->>', 'word:c', 'op:<>', 'word:d', 'op:>=', 'word:e', 'eof:',
    ]);
  });

  it('reads dollar-quoted strings with and without tags, and positional parameters', () => {
    assert.deepEqual(kinds("$$a'b$$ $fn$ x $fn$ $1"), ["string:a'b", 'string: x ', 'param:$1', 'eof:']);
  });

  it('reads escape-string prefixes and BigQuery raw/triple-quoted strings', () => {
    assert.deepEqual(kinds("E'a\\'b'"), ["string:a'b", 'eof:']);
    const bq = dialectRules('bigquery');
    assert.deepEqual(kinds(`"dq" r'\\d' '''multi\nline''' \`proj.ds.t\``, bq), ['string:dq', 'string:\\d', 'string:multi\nline', 'quoted:proj.ds.t', 'eof:']);
    assert.deepEqual(kinds('# comment\nx', bq), ['word:x', 'eof:']);
  });

  it('reports an unclosed string from its opening quote to the end, without hanging', () => {
    const sql = "select 'abc from t";
    const { tokens, errors } = tokenize(sql, duck);
    assert.equal(errors.length, 1);
    assert.match(errors[0].message, /Unclosed string/);
    assert.deepEqual([errors[0].start, errors[0].end], [7, sql.length]);
    assert.equal(tokens[tokens.length - 2].kind, 'string');
  });

  it('reports unclosed block comments, quoted identifiers and dollar strings', () => {
    for (const [sql, msg, start] of [
      ['a /* x', /Unclosed block comment/, 2],
      ['a "x', /Unclosed quoted identifier/, 2],
      ['a $$x', /Unclosed dollar-quoted/, 2],
    ] as const) {
      const { errors } = tokenize(sql, duck);
      assert.equal(errors.length, 1, sql);
      assert.match(errors[0].message, msg);
      assert.equal(errors[0].start, start);
      assert.equal(errors[0].end, sql.length);
    }
  });

  it('reports control characters once per run and keeps going', () => {
    const { tokens, errors } = tokenize('a \u0000\u0001\u0002 b', duck);
    assert.equal(errors.length, 1);
    assert.deepEqual([errors[0].start, errors[0].end], [2, 5]);
    assert.deepEqual(tokens.map((t) => t.value), ['a', 'b', '']);
  });

  it('treats non-ASCII letters as identifier characters', () => {
    assert.deepEqual(kinds('select café, ümlaut'), ['word:select', 'word:café', 'op:,', 'word:ümlaut', 'eof:']);
  });
});
