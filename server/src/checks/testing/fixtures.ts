/** Small hand-built ProjectAnalysis fixtures for the check engine's tests. */
import type { AnalyzedNode, ProjectAnalysis } from '../../analysis/api';
import type { Project, ResourceType, TestDecl } from '../../project/types';
import { range } from '../../core/text';

export interface NodeFixture {
  type?: ResourceType;
  name: string;
  /** For sources: the source name. */
  source?: string;
  schema?: string;
  identifier?: string;
  columns?: string[];
  tests?: Partial<TestDecl>[];
  loadedAtField?: string;
  freshness?: AnalyzedNode['freshness'];
}

export function node(f: NodeFixture): AnalyzedNode {
  const type = f.type ?? 'model';
  const uniqueId = type === 'source' ? `source.shop.${f.source}.${f.name}` : `${type}.shop.${f.name}`;
  return {
    uniqueId,
    resourceType: type,
    name: f.name,
    packageName: 'shop',
    file: type === 'source' ? 'models/sources.yml' : `models/${f.name}.sql`,
    range: range(0, 0, 0, 0),
    relation: { database: '', schema: f.schema ?? 'main', identifier: f.identifier ?? f.name },
    config: {},
    materialized: 'table',
    tags: [],
    parents: [],
    children: [],
    columns: (f.columns ?? []).map((c) => ({ name: c, declared: true, produced: true, lineage: [] })),
    tests: (f.tests ?? []).map((t) => ({
      name: t.name ?? 'unique',
      column: t.column,
      args: t.args ?? {},
      config: t.config ?? {},
      file: t.file ?? 'models/schema.yml',
      range: t.range ?? range(3, 10, 3, 16),
    })),
    sourceName: type === 'source' ? f.source : undefined,
    loadedAtField: f.loadedAtField,
    freshness: f.freshness,
  };
}

export function analysis(nodes: AnalyzedNode[]): ProjectAnalysis {
  return {
    project: {} as Project,
    root: '/tmp/shop',
    nodes: new Map(nodes.map((n) => [n.uniqueId, n])),
    diagnostics: [],
    compiledSql: () => undefined, // the check fixtures are datasets in a warehouse, not models to render
  };
}
