/**
 * Hover: for a node (ref/source/YAML entry) its kind, materialization,
 * relation, description, columns with types, up/downstream counts and
 * tests; for a column its type, description, lineage and tests; for a macro
 * its signature and summary. Markdown, capped so a wide table stays readable.
 */
import { MarkupKind, type Hover } from 'vscode-languageserver/node';
import type { AnalyzedColumn, AnalyzedNode } from '../../analysis/api';
import type { ProjectAnalysisDetail } from '../../analysis/analyze_project';
import type { MacroInfo } from '../../jinja/api';
import type { TestDecl } from '../../project/types';
import { toLspRange } from '../convert';
import { symbolAt } from '../locate/symbol_at';
import { columnOf, displayName, downstreamColumns, relationName } from '../node_facts';
import type { FileContext } from '../workspace_state';

const MAX_COLUMNS = 40;

export function hover(ctx: FileContext, offset: number): Hover | null {
  const { analysis } = ctx;
  const s = symbolAt(ctx, offset);
  if (!s) return null;
  let md: string | undefined;
  if (s.kind === 'node') {
    const node = analysis.nodes.get(s.nodeId);
    if (node) md = nodeMarkdown(analysis, node);
  } else if (s.kind === 'column') {
    const node = analysis.nodes.get(s.nodeId);
    const col = node && columnOf(node, s.column);
    if (node && col) md = columnMarkdown(analysis, node, col);
  } else if (s.kind === 'macro') md = macroMarkdown(s.info);
  else if (s.kind === 'unresolved' && s.versions) md = `\`${s.name}\` has no version ${s.version} (its versions: ${s.versions.join(', ') || 'none'}).`;
  else if (s.kind === 'unresolved') md = `\`${s.name}\`: no ${s.via === 'ref' ? 'model, seed or snapshot' : 'source table'} of that name.`;
  else if (s.kind === 'local-column') md = `\`${s.column}\`: defined in this file.`;
  return md ? { contents: { kind: MarkupKind.Markdown, value: md }, range: toLspRange(s.range) } : null;
}

export function nodeMarkdown(analysis: ProjectAnalysisDetail, node: AnalyzedNode): string {
  const parts: string[] = [];
  const kind = node.resourceType === 'model' ? `model · ${node.materialized}` : node.resourceType;
  parts.push(`**${escape(displayName(analysis, node))}**${versionLabel(analysis, node)} · ${kind}${node.packageName !== analysis.project.config.name ? ` · package \`${node.packageName}\`` : ''}`);
  parts.push(`\`${relationName(node)}\``);
  if (node.description?.trim()) parts.push(node.description.trim());
  if (node.columns.length) {
    const rows = node.columns.slice(0, MAX_COLUMNS).map((c) => `| ${escape(c.name)} | ${escape(c.type ?? '')} | ${escape(oneLine(c.description ?? ''))} |`);
    const more = node.columns.length > MAX_COLUMNS ? `\n\n…and ${node.columns.length - MAX_COLUMNS} more columns` : '';
    parts.push(`| column | type | description |\n|---|---|---|\n${rows.join('\n')}${more}`);
  }
  parts.push(`↑ ${node.parents.length} upstream · ↓ ${node.children.length} downstream`);
  if (node.tests.length) parts.push(`Tests: ${node.tests.map(testLabel).join(', ')}`);
  else if (node.resourceType === 'model' || node.resourceType === 'source') parts.push('No tests.');
  if (node.resourceType === 'source' && node.freshness) {
    const f = node.freshness;
    const d = (x?: { count: number; period: string }) => (x ? `${x.count} ${x.period}${x.count === 1 ? '' : 's'}` : '—');
    parts.push(`Freshness on \`${node.loadedAtField ?? '?'}\`: warn after ${d(f.warnAfter)}, error after ${d(f.errorAfter)}`);
  }
  return parts.join('\n\n');
}

export function columnMarkdown(analysis: ProjectAnalysisDetail, node: AnalyzedNode, col: AnalyzedColumn): string {
  const parts: string[] = [];
  parts.push(`**${escape(displayName(analysis, node))}.${escape(col.name)}**${col.type ? `: \`${col.type}\`` : ''}`);
  if (col.description?.trim()) parts.push(col.description.trim());
  const state = !col.produced ? 'declared in YAML but not produced by the SQL' : !col.declared && node.resourceType === 'model' ? 'produced by the SQL, not declared in YAML' : undefined;
  if (state) parts.push(`⚠ ${state}`);
  if (col.lineage.length) {
    const from = col.lineage.map((l) => {
      const up = analysis.nodes.get(l.node);
      return `\`${up ? displayName(analysis, up) : l.node}.${l.column}\``;
    });
    parts.push(`From ${from.join(', ')}`);
  }
  const down = downstreamColumns(analysis, node.uniqueId, col.name);
  if (down.length) parts.push(`Read by ${down.slice(0, 10).map((d) => `\`${d.node.name}.${d.column.name}\``).join(', ')}${down.length > 10 ? ` and ${down.length - 10} more` : ''}`);
  const tests = node.tests.filter((t) => t.column?.toLowerCase() === col.name.toLowerCase());
  if (tests.length) parts.push(`Tests: ${tests.map(testLabel).join(', ')}`);
  return parts.join('\n\n');
}

/** ` v2 (latest of 1, 2)` for a version of a versioned model: its versions share one name. */
function versionLabel(analysis: ProjectAnalysisDetail, node: AnalyzedNode): string {
  const def = node.resourceType === 'model' ? analysis.modelDefs.get(node.uniqueId) : undefined;
  if (def?.version === undefined) return '';
  const versions = def.props?.versions?.map((v) => v.v) ?? [];
  const latest = def.props?.latestVersion !== undefined && String(def.props.latestVersion) === String(def.version);
  return ` v${escape(String(def.version))}${versions.length ? ` (${latest ? 'latest ' : ''}of ${escape(versions.join(', '))})` : ''}`;
}

function macroMarkdown(info: MacroInfo): string {
  const args = info.args.map((a) => (a.hasDefault ? `${a.name}=…` : a.name)).join(', ');
  const parts = [`\`\`\`jinja\n{% macro ${info.packageName}.${info.name}(${args}) %}\n\`\`\``];
  if (info.summary) parts.push(info.summary);
  parts.push(`Defined in \`${info.file}\``);
  return parts.join('\n\n');
}

function testLabel(t: TestDecl): string {
  return escape(t.column ? `${t.name}(${t.column})` : t.name);
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** Markdown table cells and emphasis must not be broken by user text. */
function escape(s: string): string {
  return s.replace(/([|*_`\\[\]<>])/g, '\\$1');
}
