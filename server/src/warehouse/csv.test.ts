import { strict as assert } from 'node:assert';
import { CsvError, inferColumnType, parseCsv } from './csv';

describe('seed CSV parsing', () => {
  it('handles quotes, embedded commas, newlines, CRLF and NULLs', () => {
    const t = parseCsv('\ufeffid,name,note\r\n1,"Smith, J","said ""hi""\nthen left"\r\n2,,""\r\n\r\n');
    assert.deepEqual(t.header, ['id', 'name', 'note']);
    assert.deepEqual(t.rows, [
      ['1', 'Smith, J', 'said "hi"\nthen left'],
      ['2', null, ''],
    ]);
  });

  it('reports ragged rows and broken quotes with a line', () => {
    assert.throws(() => parseCsv('a,b\n1,2\n3\n'), (e: unknown) => e instanceof CsvError && e.line === 3 && /expected 2 fields, found 1/.test(e.message));
    assert.throws(() => parseCsv('a,b\n1,"open\n'), (e: unknown) => e instanceof CsvError && /unterminated/.test(e.message));
    assert.throws(() => parseCsv('a,a\n'), /duplicate column/);
    assert.throws(() => parseCsv(''), /empty/);
  });

  it('infers the narrowest type that fits every value', () => {
    const rows = [
      ['1', '1.5', 'true', '2024-01-01', '2024-01-01 10:00:00', 'x', null],
      ['22', '3', 'FALSE', '2024-12-31', '2024-01-01T10:00', '1', null],
    ];
    assert.deepEqual([0, 1, 2, 3, 4, 5, 6].map((c) => inferColumnType(rows, c)), ['bigint', 'double precision', 'boolean', 'date', 'timestamp', 'text', 'text']);
  });
});
