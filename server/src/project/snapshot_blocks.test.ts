import * as assert from 'node:assert/strict';
import { findSnapshotBlocks } from './snapshot_blocks';

describe('cutting snapshot blocks out of snapshot files', () => {
  it('finds several blocks per file with their bodies and offsets', () => {
    const text = '{% snapshot a %}\nselect 1\n{% endsnapshot %}\n\n{%- snapshot  b_2 -%}select 2{%- endsnapshot -%}\n';
    const { blocks, errors } = findSnapshotBlocks(text);
    assert.deepEqual(errors, []);
    assert.deepEqual(blocks.map((b) => b.name), ['a', 'b_2']);
    for (const b of blocks) assert.equal(text.slice(b.bodyOffset, b.bodyOffset + b.body.length), b.body);
    assert.equal(blocks[0].body, '\nselect 1\n');
    assert.equal(blocks[1].body, 'select 2');
    assert.equal(text.slice(blocks[1].nameStart, blocks[1].nameEnd), 'b_2');
  });
  it('keeps config() and other Jinja inside the body for the renderer', () => {
    const { blocks } = findSnapshotBlocks("{% snapshot s %}{{ config(unique_key='id') }} select * from {{ ref('x') }}{% endsnapshot %}");
    assert.match(blocks[0].body, /config\(unique_key='id'\)/);
  });
  it('ignores snapshot tags inside Jinja comments', () => {
    const { blocks, errors } = findSnapshotBlocks('{# {% snapshot old %} #}{% snapshot s %}x{% endsnapshot %}');
    assert.deepEqual(blocks.map((b) => b.name), ['s']);
    assert.deepEqual(errors, []);
  });
  it('reports unclosed, unopened and nameless blocks', () => {
    assert.match(findSnapshotBlocks('{% snapshot s %}select 1').errors[0].message, /never closed/);
    assert.match(findSnapshotBlocks('select 1 {% endsnapshot %}').errors[0].message, /without a matching/);
    assert.match(findSnapshotBlocks('{% snapshot %}x{% endsnapshot %}').errors[0].message, /needs a name/);
    const nested = findSnapshotBlocks('{% snapshot a %}x{% snapshot b %}y{% endsnapshot %}');
    assert.match(nested.errors[0].message, /'a' is not closed/);
    assert.deepEqual(nested.blocks.map((b) => b.name), ['b']);
  });
});
