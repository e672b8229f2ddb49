import * as assert from 'assert';
import { deferLocation, deferRanges, deferredLocation, deferredSpan, locationOf, RangeSource } from './deferred_range';
import { LineIndex } from './text';

const TEXT = 'select\n  a as b,\r\n  c\nfrom t';
function entry(source: RangeSource, nameStart: number, nameEnd: number, start: number, end: number) {
  return deferRanges({ name: 'x', file: 'f.sql' }, source, 'nameRange', nameStart, nameEnd, 'range', start, end) as unknown as {
    name: string;
    file: string;
    nameRange: ReturnType<LineIndex['rangeOf']>;
    range: ReturnType<LineIndex['rangeOf']>;
  };
}

describe('deferred ranges', () => {
  const li = new LineIndex(TEXT);

  it('read as the ranges the line index gives, across \\r\\n and past the end of the text', () => {
    const e = entry(new RangeSource(TEXT), 9, 15, 20, 999);
    assert.deepStrictEqual(e.nameRange, li.rangeOf(9, 15));
    assert.deepStrictEqual(e.range, li.rangeOf(20, TEXT.length));
  });

  it('look like plain data to JSON, Object.keys, spreads and deepStrictEqual (offsets stay hidden)', () => {
    const e = entry(new RangeSource(TEXT), 9, 15, 7, 16);
    const plain = { name: 'x', file: 'f.sql', nameRange: li.rangeOf(9, 15), range: li.rangeOf(7, 16) };
    assert.deepStrictEqual(Object.keys(e), ['name', 'file', 'nameRange', 'range']);
    assert.strictEqual(JSON.stringify(e), JSON.stringify(plain));
    assert.deepStrictEqual({ ...e }, plain);
    assert.deepStrictEqual(e, plain);
    assert.strictEqual(Object.getPrototypeOf(e), Object.prototype);
  });

  it('an assigned range replaces the deferred one and is no longer reported as deferred', () => {
    const e = entry(new RangeSource(TEXT), 9, 15, 7, 16);
    assert.ok(deferredSpan(e, 'nameRange'));
    const r = { start: { line: 9, character: 9 }, end: { line: 9, character: 10 } };
    e.nameRange = r;
    assert.strictEqual(e.nameRange, r);
    assert.strictEqual(deferredSpan(e, 'nameRange'), undefined);
    assert.deepStrictEqual(e.range, li.rangeOf(7, 16), 'the other range is still deferred');
  });

  it('locations share the owner\'s source and offsets, or carry a plain range when the owner has one', () => {
    const source = new RangeSource(TEXT);
    const e = entry(source, 9, 15, 7, 16);
    const loc = locationOf('m.yml', e, 'nameRange');
    assert.deepStrictEqual(loc, { file: 'm.yml', range: li.rangeOf(9, 15) });
    assert.deepStrictEqual(deferredSpan(loc, 'range'), { source, start: 9, end: 15 });
    const plainRange = li.rangeOf(1, 2);
    const plain = locationOf('m.yml', { nameRange: plainRange }, 'nameRange');
    assert.strictEqual(plain.range, plainRange);
    assert.deepStrictEqual(deferredLocation('a.sql', source, 0, 6), { file: 'a.sql', range: li.rangeOf(0, 6) });
  });

  it('objects of one shape share their accessors, and keep their offsets out of sight', () => {
    // Shared accessors are what lets objects of one shape share a hidden class; the serialised form proves nothing about it.
    const source = new RangeSource(TEXT);
    const a = entry(source, 0, 1, 0, 2);
    const b = entry(source, 3, 4, 3, 5);
    assert.strictEqual(Object.getOwnPropertyDescriptor(a, 'range')!.get, Object.getOwnPropertyDescriptor(b, 'range')!.get);
    assert.deepStrictEqual(Object.getOwnPropertyNames(a), ['name', 'file', 'nameRange', 'range']);
    assert.deepStrictEqual(Object.getOwnPropertySymbols(a), []);
  });

  it('a deferred location reads as { file, range } in the key order of a plain one, and can be replaced', () => {
    const col = deferLocation({ name: 'b', lineage: [] as unknown[] }, new RangeSource(TEXT, 'm.sql'), 9, 15) as {
      name: string;
      lineage: unknown[];
      location: { file: string; range: unknown };
    };
    const plain = { name: 'b', lineage: [], location: { file: 'm.sql', range: li.rangeOf(9, 15) } };
    assert.deepStrictEqual(col, plain);
    assert.strictEqual(JSON.stringify(col), JSON.stringify(plain));
    col.location = { file: 'other.sql', range: li.rangeOf(0, 1) };
    assert.strictEqual(col.location.file, 'other.sql');
  });

  it('a range source places every offset where LineIndex does, for \n, \r\n, lone \r, empty and out-of-range offsets', () => {
    // Texts without a CR take the indexOf path; the rest the character loop.
    for (const text of ['', 'x', '\n', '\n\n', 'ab\ncd\n', 'a\n\nb', '\r\n', '\r', 'a\rb\r\nc\n\nd', 'ab\r\n\r\n', '\r\r\n\n\r']) {
      const source = new RangeSource(text);
      const index = new LineIndex(text);
      for (let o = -2; o <= text.length + 2; o++) {
        assert.deepStrictEqual(source.positionAt(o), index.positionAt(o), `${JSON.stringify(text)} at ${o}`);
        assert.deepStrictEqual(source.rangeOf(o, o + 1), index.rangeOf(o, o + 1), `${JSON.stringify(text)} range at ${o}`);
      }
    }
  });
});
