import { strict as assert } from 'node:assert';
import { previewHtml } from './preview_html';

describe('preview grid html', () => {
  it('escapes warehouse values and marks NULLs and numbers', () => {
    const html = previewHtml('orders', { columns: [{ name: 'x<y', type: 'VARCHAR' }, { name: 'n', type: 'INTEGER' }], rows: [['<script>alert(1)</script>', 3], [null, 4]], sql: 'select "a" & b', elapsedMs: 5 }, 'abc', 'vscode-resource:');
    assert.ok(!html.includes('<script>alert'));
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(html.includes('x&lt;y'));
    assert.ok(html.includes('<td class="null">NULL</td>'));
    assert.ok(html.includes('<td class="num">3</td>'));
    assert.ok(html.includes("style-src vscode-resource: 'nonce-abc'"));
    assert.ok(html.includes('select &quot;a&quot; &amp; b'));
    assert.match(html, /2 rows, 2 columns/);
  });
});
