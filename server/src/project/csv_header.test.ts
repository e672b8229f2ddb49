import * as assert from 'node:assert/strict';
import { parseCsvHeader } from './csv_header';

describe('reading seed columns from a CSV header', () => {
  it('splits a plain header and stops at the first line break', () => {
    assert.deepEqual(parseCsvHeader('id,name,amount\n1,a,2\n').columns, ['id', 'name', 'amount']);
  });
  it('drops a UTF-8 byte order mark', () => {
    assert.deepEqual(parseCsvHeader('\ufeffid,name\n').columns, ['id', 'name']);
  });
  it('handles CRLF and a lone CR', () => {
    assert.deepEqual(parseCsvHeader('a,b\r\n1,2\r\n').columns, ['a', 'b']);
    assert.deepEqual(parseCsvHeader('a,b\r1,2').columns, ['a', 'b']);
  });
  it('handles quoted names with commas, doubled quotes and line breaks', () => {
    const h = parseCsvHeader('"id","first, last","say ""hi""","two\nlines"\n1,2,3,4\n');
    assert.deepEqual(h.columns, ['id', 'first, last', 'say "hi"', 'two\nlines']);
    assert.equal(h.end, '"id","first, last","say ""hi""","two\nlines"\n'.length);
  });
  it('returns no columns for an empty file or a blank first line', () => {
    assert.deepEqual(parseCsvHeader('').columns, []);
    assert.deepEqual(parseCsvHeader('\ufeff').columns, []);
    assert.deepEqual(parseCsvHeader('\n1,2\n').columns, []);
  });
  it('reads a header without a trailing newline and trims spaces', () => {
    assert.deepEqual(parseCsvHeader(' a , b ').columns, ['a', 'b']);
  });
  it('keeps empty column names so positions still line up', () => {
    assert.deepEqual(parseCsvHeader('a,,c\n').columns, ['a', '', 'c']);
  });
  it('reports an unterminated quote instead of reading the whole file', () => {
    const h = parseCsvHeader('a,"b\n1,2\n');
    assert.ok(h.error);
    assert.deepEqual(h.columns.slice(0, 1), ['a']);
  });
});
