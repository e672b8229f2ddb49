/**
 * `driftwatch lineage`: the graph with column-level lineage, as the JSON
 * contract other tools consume, or as readable text.
 */
import * as path from 'path';
import type { AnalysisView, AnalyzedNode } from '../../analysis/api';
import type { TestDecl } from '../../project/types';
import { selectInAnalysis } from '../../lineage/selector';
import { displayName } from '../../analysis/display_name';
import type { Colors } from '../colors';

export interface LineageJsonNode {
  unique_id: string;
  resource_type: string;
  name: string;
  file: string | null;
  parents: string[];
  columns: string[];
  column_lineage: Record<string, { node: string; column: string }[]>;
  tests: string[];
}

export interface LineageJson {
  projects: { name: string; root: string }[];
  nodes: LineageJsonNode[];
}

export function testLabel(t: TestDecl): string {
  return t.column ? `${t.name}(${t.column})` : t.name;
}

/** The nodes a selector picks (all when no selector), in dependency order. */
export function selectedNodes(a: AnalysisView, selector?: string): AnalyzedNode[] {
  if (!selector) return a.order.map((id) => a.nodes.get(id)!);
  const picked = selectInAnalysis(a, selector);
  return a.order.filter((id) => picked.has(id)).map((id) => a.nodes.get(id)!);
}

export { displayName };

export function lineageJson(analyses: AnalysisView[], baseDir: string, selector?: string): LineageJson {
  const out: LineageJson = { projects: [], nodes: [] };
  for (const a of analyses) {
    out.projects.push({ name: a.projectName, root: path.relative(baseDir, a.root).split(path.sep).join('/') || '.' });
    for (const n of selectedNodes(a, selector)) {
      const column_lineage: LineageJsonNode['column_lineage'] = {};
      for (const c of n.columns) if (c.lineage.length) column_lineage[c.name] = c.lineage.map((l) => ({ node: l.node, column: l.column }));
      out.nodes.push({
        unique_id: n.uniqueId,
        resource_type: n.resourceType,
        name: n.name,
        file: n.file ?? null,
        parents: [...n.parents],
        columns: n.columns.filter((c) => c.produced).map((c) => c.name),
        column_lineage,
        tests: n.tests.map(testLabel),
      });
    }
  }
  return out;
}

export function lineageText(analyses: AnalysisView[], c: Colors, selector?: string): string {
  const lines: string[] = [];
  for (const a of analyses) {
    const nodes = selectedNodes(a, selector);
    lines.push(c.bold(`${a.projectName}`) + c.dim(`  ${a.root}  ·  ${nodes.length} nodes`));
    for (const n of nodes) {
      const name = (id: string) => {
        const node = a.nodes.get(id);
        return node ? displayName(node) : id;
      };
      lines.push('');
      lines.push(`${c.bold(displayName(n))} ${c.dim(`${n.resourceType}${n.resourceType === 'model' ? ` · ${n.materialized}` : ''} · ${n.file ?? ''}`)}`);
      if (n.parents.length) lines.push(`  ${c.blue('←')} ${n.parents.map(name).join(', ')}`);
      if (n.children.length) lines.push(`  ${c.blue('→')} ${n.children.map(name).join(', ')}`);
      for (const col of n.columns) {
        if (!col.produced) continue;
        const from = col.lineage.map((l) => `${name(l.node)}.${l.column}`).join(', ');
        lines.push(`    ${col.name}${col.type ? c.dim(` ${col.type}`) : ''}${from ? c.dim(`  ← ${from}`) : ''}`);
      }
      if (n.tests.length) lines.push(`  ${c.green('✓')} ${n.tests.map(testLabel).join(', ')}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
