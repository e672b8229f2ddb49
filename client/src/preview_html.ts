/**
 * HTML for the data preview grid (first rows of a model). Pure so escaping is
 * tested: cell values come from the user's warehouse and must never become markup.
 */
import type { PreviewResult } from '../../server/src/protocol/lsp_ext';

export function previewHtml(title: string, result: PreviewResult, nonce: string, cspSource: string): string {
  const head = result.columns.map((c) => `<th title="${esc(c.type)}">${esc(c.name)}<span class="type">${esc(c.type)}</span></th>`).join('');
  const body = result.rows
    .map((row) => `<tr>${row.map((v) => (v === null || v === undefined ? '<td class="null">NULL</td>' : `<td${typeof v === 'number' || typeof v === 'bigint' ? ' class="num"' : ''}>${esc(cell(v))}</td>`)).join('')}</tr>`)
    .join('\n');
  return `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${cspSource} 'nonce-${nonce}';">
<title>${esc(title)}</title>
<style nonce="${nonce}">
body{font-family:var(--vscode-font-family);font-size:var(--vscode-font-size);color:var(--vscode-foreground);padding:0 8px}
.meta{color:var(--vscode-descriptionForeground);margin:8px 0}
table{border-collapse:collapse;font-family:var(--vscode-editor-font-family);font-size:var(--vscode-editor-font-size)}
th,td{border:1px solid var(--vscode-panel-border,#8884);padding:2px 6px;text-align:left;white-space:pre;max-width:40em;overflow:hidden;text-overflow:ellipsis}
th{position:sticky;top:0;background:var(--vscode-editorWidget-background)}
.type{display:block;font-weight:normal;color:var(--vscode-descriptionForeground);font-size:85%}
.num{text-align:right}.null{color:var(--vscode-disabledForeground);font-style:italic}
tr:hover td{background:var(--vscode-list-hoverBackground)}
details{margin-top:12px}pre{white-space:pre-wrap}
</style></head><body>
<div class="meta">${esc(title)} — ${result.rows.length} row${result.rows.length === 1 ? '' : 's'}, ${result.columns.length} column${result.columns.length === 1 ? '' : 's'}, ${Math.round(result.elapsedMs)} ms</div>
<table><thead><tr>${head}</tr></thead><tbody>
${body}
</tbody></table>
<details><summary>SQL</summary><pre>${esc(result.sql)}</pre></details>
</body></html>`;
}

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function cell(v: unknown): string {
  if (typeof v === 'object') {
    try {
      return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x));
    } catch {
      return String(v);
    }
  }
  return String(v);
}
