/**
 * A hand-built ProjectAnalysis for build and diff tests: the analysis contract
 * without the analysis pipeline, so these tests fail only for warehouse reasons.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AnalyzedNode, ProjectAnalysis } from '../analysis/api';
import type { Diagnostic } from '../core/diagnostic';
import type { Project, ResourceType } from '../project/types';

export interface FixtureNode {
  id: string;
  type?: ResourceType;
  materialized?: string;
  sql?: string;
  parents?: string[];
  file?: string;
  schema?: string;
  config?: Record<string, unknown>;
}

export function fixtureAnalysis(root: string, specs: FixtureNode[], diagnostics: Diagnostic[] = []): ProjectAnalysis {
  const nodes = new Map<string, AnalyzedNode>();
  for (const s of specs) {
    const name = s.id.split('.').pop()!;
    nodes.set(s.id, {
      uniqueId: s.id,
      resourceType: s.type ?? 'model',
      name,
      packageName: 'shop',
      file: s.file ?? (s.type === 'seed' ? `seeds/${name}.csv` : `models/${name}.sql`),
      relation: { schema: s.schema ?? 'main', identifier: name },
      config: (s.config ?? {}) as AnalyzedNode['config'],
      materialized: s.materialized ?? (s.type === 'seed' ? 'seed' : 'view'),
      tags: [],
      parents: s.parents ?? [],
      children: [],
      columns: [],
      tests: [],
    });
  }
  for (const n of nodes.values()) for (const p of n.parents) nodes.get(p)?.children.push(n.uniqueId);
  const sqlById = new Map(specs.map((s) => [s.id, s.sql]));
  return { project: {} as Project, root, nodes, diagnostics, compiledSql: (id) => sqlById.get(id) };
}

/** A temp project dir with the given seed files. */
export function fixtureProject(seeds: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dw-build-'));
  fs.mkdirSync(path.join(root, 'seeds'));
  for (const [name, text] of Object.entries(seeds)) fs.writeFileSync(path.join(root, 'seeds', `${name}.csv`), text);
  return root;
}
