/** A dbt context for the Jinja layer's tests (not used by production code). */
import type { DbtContext, Relation } from './api';
import { buildMacroRegistry } from './macros';
import type { MacroFile } from '../project/types';

export interface TestContextOptions {
  type?: string;
  macros?: MacroFile[];
  vars?: Record<string, unknown>;
  env?: Record<string, string>;
  columns?: Record<string, string[]>;
  unresolved?: string[];
  dispatch?: { macroNamespace: string; searchOrder: string[] }[];
  isIncremental?: boolean;
  self?: Relation;
}

export function testContext(o: TestContextOptions = {}): DbtContext {
  const unresolved = new Set(o.unresolved ?? []);
  return {
    projectName: 'shop',
    vars: o.vars ?? {},
    env: o.env ?? {},
    target: { name: 'dev', type: o.type ?? 'duckdb', schema: 'main', database: 'dw' },
    self: o.self ?? { database: 'dw', schema: 'main', identifier: 'this_model' },
    resolveRef: (name) => (unresolved.has(name) ? undefined : { database: 'dw', schema: 'main', identifier: name }),
    resolveSource: (source, table) => ({ database: 'dw', schema: source, identifier: table }),
    relationColumns: (r) => o.columns?.[r.identifier],
    macros: buildMacroRegistry(o.macros ?? [], 'shop'),
    isIncremental: o.isIncremental,
    dispatch: o.dispatch,
  };
}
