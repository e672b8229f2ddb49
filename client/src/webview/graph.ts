/// <reference lib="dom" />
/**
 * Browser side of the lineage graph (bundled as an IIFE into dist/webview/graph.js).
 * Draws the laid-out graph as SVG using the theme's CSS variables, with zoom
 * (wheel), pan (drag), click to open, double-click to re-centre, a depth
 * control, check-status stripes and a highlighted column path.
 */
import type { FromWebview, ToWebview } from '../graph/graph_messages';
import type { GraphModel, GraphNode } from '../graph/neighbourhood';
import { type Layout, layoutGraph, listedColumns, MAX_LISTED_COLUMNS } from './layout';

declare function acquireVsCodeApi(): { postMessage(msg: FromWebview): void; getState(): unknown; setState(s: unknown): void };

const vscode = acquireVsCodeApi();
const SVG = 'http://www.w3.org/2000/svg';
const svg = document.getElementById('graph') as unknown as SVGSVGElement;
const viewport = document.getElementById('viewport') as unknown as SVGGElement;
const $ = (id: string) => document.getElementById(id) as HTMLElement;

let depth = 2;
let layout: Layout | undefined;
let current: GraphModel | undefined;
let view = { x: 0, y: 0, k: 1 };
let statuses: Record<string, string> = {};

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const msg = event.data;
  if (msg.type === 'model') {
    depth = msg.depth;
    current = msg.model;
    $('title').textContent = msg.title;
    $('depth').textContent = String(depth);
    ($('clear-column') as HTMLButtonElement).hidden = !msg.model.column;
    const notes: string[] = [];
    if (msg.model.omitted) notes.push(`${msg.model.omitted} more node${msg.model.omitted === 1 ? '' : 's'} not drawn (graph capped at ${msg.maxNodes}; raise driftwatch.graph.maxNodes or lower the depth).`);
    $('notice').textContent = notes.join(' ');
    $('notice').hidden = notes.length === 0;
    render(msg.model);
    fit();
  } else if (msg.type === 'status') {
    statuses = msg.statuses;
    if (current) {
      render(current);
      apply();
    }
  } else if (msg.type === 'error') {
    viewport.replaceChildren();
    $('notice').textContent = msg.message;
    $('notice').hidden = false;
  }
});

function el<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, parent?: Element): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  parent?.appendChild(e);
  return e;
}

function render(model: GraphModel): void {
  layout = layoutGraph(model);
  viewport.replaceChildren();
  const defs = el('defs', {}, viewport);
  for (const [id, cls] of [['arrow', 'arrow'], ['arrow-path', 'arrow-path']]) {
    const m = el('marker', { id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, defs);
    el('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: cls }, m);
  }
  for (const e of layout.edges) {
    if (e.points.length < 2) continue;
    const d = 'M ' + e.points.map((p) => `${p.x.toFixed(1)} ${p.y.toFixed(1)}`).join(' L ');
    el('path', { d, class: e.onPath ? 'edge on-path' : 'edge', 'marker-end': `url(#${e.onPath ? 'arrow-path' : 'arrow'})` }, viewport);
  }
  for (const p of layout.nodes) drawNode(p.node, p.x, p.y, p.width, p.height);
}

function drawNode(n: GraphNode, x: number, y: number, w: number, h: number): void {
  const status = statuses[n.id] ?? n.status ?? 'none';
  const g = el('g', { class: `node kind-${n.kind} status-${status}${n.isRoot ? ' root' : ''}`, transform: `translate(${x},${y})`, 'data-id': n.id, tabindex: 0 }, viewport);
  const title = el('title', {}, g);
  title.textContent = `${n.id}${status !== 'none' ? `\nchecks: ${status}` : ''}${n.hiddenUpstream ? `\n${n.hiddenUpstream} more upstream` : ''}${n.hiddenDownstream ? `\n${n.hiddenDownstream} more downstream` : ''}`;
  el('rect', { class: 'box', width: w, height: h, rx: 4 }, g);
  el('rect', { class: 'stripe', x: 0, y: 0, width: 4, height: h }, g);
  const name = el('text', { x: 12, y: 17 }, g);
  name.textContent = n.name;
  const kind = el('text', { x: 12, y: 32, class: 'kind' }, g);
  kind.textContent = n.kind + (n.materialized ? ` · ${n.materialized}` : '') + (status !== 'none' ? ` · ${status}` : '');
  // Path columns are highlighted; the root's plain column list is there to pick a column to follow.
  const cols = listedColumns(n);
  const onPath = n.pathColumns.length > 0;
  cols.slice(0, MAX_LISTED_COLUMNS).forEach((c, i) => {
    const t = el('text', { x: 16, y: 50 + i * 16, class: onPath ? 'col' : 'col pick', 'data-column': c }, g);
    t.textContent = onPath ? `↳ ${c}` : c;
  });
  if (cols.length > MAX_LISTED_COLUMNS) {
    const t = el('text', { x: 16, y: 50 + MAX_LISTED_COLUMNS * 16, class: 'kind' }, g);
    t.textContent = `+${cols.length - MAX_LISTED_COLUMNS} columns`;
  }
  // "+N" badges sit above the box corners, clear of the edges that enter and leave at mid-height.
  if (n.hiddenUpstream) {
    const t = el('text', { x: 2, y: -4, class: 'more' }, g);
    t.textContent = `← +${n.hiddenUpstream} more`;
  }
  if (n.hiddenDownstream) {
    const t = el('text', { x: w - 2, y: -4, class: 'more', 'text-anchor': 'end' }, g);
    t.textContent = `+${n.hiddenDownstream} more →`;
  }
}

// ------------------------------------------------------------ interaction

let clickTimer: ReturnType<typeof setTimeout> | undefined;
svg.addEventListener('click', (ev) => {
  const target = ev.target as Element;
  const g = target.closest('g.node');
  if (!g || moved) return;
  const id = g.getAttribute('data-id')!;
  const column = target.getAttribute('data-column');
  if (clickTimer) clearTimeout(clickTimer);
  // Wait for a possible double-click before opening the file.
  clickTimer = setTimeout(() => {
    clickTimer = undefined;
    if (column) vscode.postMessage({ type: 'column', id, column });
    else vscode.postMessage({ type: 'open', id });
  }, 250);
});
svg.addEventListener('dblclick', (ev) => {
  const g = (ev.target as Element).closest('g.node');
  if (!g) return;
  if (clickTimer) clearTimeout(clickTimer);
  clickTimer = undefined;
  vscode.postMessage({ type: 'focus', id: g.getAttribute('data-id')! });
});
svg.addEventListener('keydown', (ev) => {
  const g = (ev.target as Element).closest?.('g.node');
  if (g && ev.key === 'Enter') vscode.postMessage({ type: 'open', id: g.getAttribute('data-id')! });
});

svg.addEventListener(
  'wheel',
  (ev) => {
    ev.preventDefault();
    const r = svg.getBoundingClientRect();
    const mx = ev.clientX - r.left;
    const my = ev.clientY - r.top;
    const k = Math.max(0.1, Math.min(4, view.k * Math.exp(-ev.deltaY * 0.0015)));
    view = { k, x: mx - ((mx - view.x) * k) / view.k, y: my - ((my - view.y) * k) / view.k };
    apply();
  },
  { passive: false },
);

let drag: { x: number; y: number; vx: number; vy: number } | undefined;
let moved = false;
svg.addEventListener('pointerdown', (ev) => {
  drag = { x: ev.clientX, y: ev.clientY, vx: view.x, vy: view.y };
  moved = false;
});
window.addEventListener('pointermove', (ev) => {
  if (!drag) return;
  const dx = ev.clientX - drag.x;
  const dy = ev.clientY - drag.y;
  if (!moved && Math.abs(dx) + Math.abs(dy) < 4) return;
  moved = true;
  svg.classList.add('panning');
  view = { ...view, x: drag.vx + dx, y: drag.vy + dy };
  apply();
});
window.addEventListener('pointerup', () => {
  drag = undefined;
  svg.classList.remove('panning');
  setTimeout(() => (moved = false), 0);
});

function apply(): void {
  viewport.setAttribute('transform', `translate(${view.x},${view.y}) scale(${view.k})`);
}

function fit(): void {
  if (!layout) return;
  const r = svg.getBoundingClientRect();
  const k = Math.min(1.5, Math.max(0.1, Math.min(r.width / (layout.width || 1), r.height / (layout.height || 1))));
  view = { k, x: (r.width - layout.width * k) / 2, y: (r.height - layout.height * k) / 2 };
  apply();
}

$('fit').addEventListener('click', fit);
$('depth-minus').addEventListener('click', () => depth > 1 && vscode.postMessage({ type: 'depth', depth: depth - 1 }));
$('depth-plus').addEventListener('click', () => vscode.postMessage({ type: 'depth', depth: depth + 1 }));
$('clear-column').addEventListener('click', () => current?.root && vscode.postMessage({ type: 'column', id: current.root, column: null }));
window.addEventListener('resize', fit);
vscode.postMessage({ type: 'ready' });
