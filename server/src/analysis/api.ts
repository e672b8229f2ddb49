/**
 * What the analysis produces for one project: the resolved graph with
 * column-level lineage, compiled SQL and every static diagnostic. The LSP
 * layer, the CLI and the check engine all read this; none of them re-derive it.
 */
import type { Diagnostic } from '../core/diagnostic';
import type { Range } from '../core/text';
import type { Relation } from '../jinja/api';
import type { NodeConfig, Project, ResourceType, TestDecl } from '../project/types';

export interface ColumnLineageRef {
  node: string; // unique id
  column: string;
}

export interface AnalyzedColumn {
  name: string;
  type?: string;
  description?: string;
  /** Declared in properties YAML (or a seed header / source YAML). */
  declared: boolean;
  /** Produced by the node's SQL (for models/snapshots) — always true for seeds. */
  produced: boolean;
  lineage: ColumnLineageRef[];
  /** Where the column is defined: the select item in the model, or the YAML entry. */
  location?: { file: string; range: Range };
}

export interface AnalyzedNode {
  uniqueId: string;
  resourceType: ResourceType;
  name: string;
  packageName: string;
  /** Project-relative file of the definition (the YAML file for sources). */
  file?: string;
  /** Range of the definition in `file` (whole file start for models, name for YAML entries). */
  range?: Range;
  relation: Relation;
  config: NodeConfig;
  materialized: string;
  description?: string;
  tags: string[];
  parents: string[];
  children: string[];
  columns: AnalyzedColumn[];
  tests: TestDecl[];
  /** Versioned models: this node's version, and the version a bare ref() means (latest_version, else the greatest). */
  version?: string | number;
  latestVersion?: string | number;
  /** The source's name (sources only): the node is `source('<sourceName>', '<name>')`. */
  sourceName?: string;
  /** Source freshness settings (sources only). */
  loadedAtField?: string;
  freshness?: import('../project/types').SourceTableDef['freshness'];
}

export interface ProjectAnalysis {
  project: Project;
  /** Absolute path of the project root. */
  root: string;
  nodes: ReadonlyMap<string, AnalyzedNode>;
  diagnostics: Diagnostic[];
  /**
   * A model's or snapshot's rendered SQL, refs and sources resolved to
   * relations; undefined for other nodes. Rendered when asked (keeping it
   * for every node cost ~17 MB at 10,000 models), so read it once per use.
   */
  compiledSql(uniqueId: string): string | undefined;
}

/**
 * The public result of analysing one project, as reports and a warm start
 * need it: what a live analysis offers and what a cached snapshot can offer
 * without re-running the pipeline (see workspace/analysis_snapshot.ts).
 */
export interface AnalysisView {
  /** Absolute path of the project root. */
  root: string;
  /** `name:` of dbt_project.yml. */
  projectName: string;
  nodes: ReadonlyMap<string, AnalyzedNode>;
  diagnostics: Diagnostic[];
  /** Every node id, parents before children (cycles broken deterministically). */
  order: readonly string[];
}
