/**
 * Diffing a project node between the dev target and another target, shared
 * by `driftwatch diff` and the language server's driftwatch/diff request:
 * finds the node, works out its relation in each target, opens both
 * read-only, diffs, closes.
 */
import type { AnalyzedNode, ProjectAnalysis } from '../analysis/api';
import { isEphemeral } from '../analysis/ephemeral';
import { WarehouseError, type RelationName, type Warehouse } from './api';
import { toRelationName } from './build';
import { openResolved, resolveTarget } from './connect';
import { diffRelation, type DiffOutcome } from './diff';
import type { ResolvedTarget } from './profiles';

export interface DiffNodeOptions {
  projectRoot: string;
  /** Unique id, name, project-relative file, or `source.table`. */
  node: string;
  against: string;
  /** The dev side; the profile's default target when absent. */
  target?: string;
  key?: string[];
  sampleLimit?: number;
  signal?: AbortSignal;
  timeoutMs?: number;
  env?: Readonly<Record<string, string | undefined>>;
  /** Passwords from the client's secret storage, by target name; never stored. */
  passwords?: Readonly<Record<string, string>>;
  /**
   * The project analysed for the `against` target: the node's relation there
   * (a schema or alias built from target.name). Without it the dev relation's
   * schema prefix is swapped for the other target's (`relationIn`).
   */
  otherAnalysis?: ProjectAnalysis;
}

export interface NodeDiff extends DiffOutcome {
  targets: { dev: string; other: string };
}

/**
 * Finds the node the user means: unique id, then name (models, seeds,
 * snapshots; a versioned model's name is its latest version, `name.v2` one
 * version), then file, then `source.table`.
 */
export function findNode(analysis: ProjectAnalysis, ref: string): AnalyzedNode {
  const exact = analysis.nodes.get(ref);
  if (exact) return exact;
  const all = [...analysis.nodes.values()];
  const version = versionNamed(analysis, ref);
  if (version) return version;
  const byName = all.filter((n) => n.resourceType !== 'source' && n.name === ref);
  if (byName.length === 1) return byName[0];
  // The versions of one model share its name; the name means the latest, as ref('x') does.
  const latest = byName.length > 1 ? latestVersionOf(analysis, byName) : undefined;
  if (latest) return latest;
  if (byName.length > 1) throw new WarehouseError(`"${ref}" is ambiguous: ${byName.map((n) => n.uniqueId).join(', ')}`, 'config');
  const file = ref.replace(/\\/g, '/').replace(/^\.\//, '');
  const byFile = all.filter((n) => n.file === file && n.resourceType !== 'source');
  if (byFile.length === 1) return byFile[0];
  const sources = all.filter((n) => n.resourceType === 'source' && `${n.sourceName}.${n.name}` === ref);
  if (sources.length === 1) return sources[0];
  throw new WarehouseError(`no model, seed or snapshot named "${ref}"`, 'config');
}

/** `name.v2` (a version as dbt's selectors name it): that version of a versioned model. */
function versionNamed(analysis: ProjectAnalysis, ref: string): AnalyzedNode | undefined {
  const m = /^(.+)\.v([^.]+)$/.exec(ref);
  if (!m) return undefined;
  const defs = (analysis.project?.models ?? []).filter((d) => d.name === m[1] && d.version !== undefined && String(d.version) === m[2]);
  return defs.length === 1 ? analysis.nodes.get(defs[0].uniqueId) : undefined;
}

/** When every node is a version of the same model, its latest_version. */
function latestVersionOf(analysis: ProjectAnalysis, nodes: AnalyzedNode[]): AnalyzedNode | undefined {
  const ids = new Set(nodes.map((n) => n.uniqueId));
  const defs = (analysis.project?.models ?? []).filter((d) => ids.has(d.uniqueId));
  if (defs.length !== nodes.length || defs.some((d) => d.version === undefined || d.packageName !== defs[0].packageName)) return undefined;
  const latest = defs.find((d) => String(d.props?.latestVersion ?? '') === String(d.version));
  return latest ? analysis.nodes.get(latest.uniqueId) : undefined;
}

/** The key to diff by: unique_key config, else a column with a unique test. */
export function defaultKey(node: AnalyzedNode): string[] | undefined {
  const uk = node.config.uniqueKey;
  if (typeof uk === 'string' && uk) return uk.split(',').map((s) => s.trim()).filter(Boolean);
  if (Array.isArray(uk) && uk.length) return uk.map(String);
  const test = node.tests.find((t) => t.column && t.name === 'unique');
  return test?.column ? [test.column] : undefined;
}

/**
 * Where the node lives in the other target: dbt puts it in the target's schema
 * (or `<target schema>_<custom>`), so the dev schema prefix is swapped for the
 * other's; explicitly configured schemas (snapshots' target_schema) and
 * sources stay put. The database part is left to the other connection.
 */
export function relationIn(node: AnalyzedNode, dev: ResolvedTarget, other: ResolvedTarget): RelationName {
  const rel = toRelationName(node);
  if (node.resourceType === 'source') return { schema: rel.schema, name: rel.name };
  let schema = rel.schema;
  if (schema === dev.schema) schema = other.schema;
  else if (schema.startsWith(`${dev.schema}_`)) schema = `${other.schema}${schema.slice(dev.schema.length)}`;
  return { schema, name: rel.name };
}

/** Diffs a node. Throws WarehouseError: 'config' (unknown node/target, same target twice), 'connection', 'query'. */
export async function diffNode(analysis: ProjectAnalysis, opts: DiffNodeOptions): Promise<NodeDiff> {
  const node = findNode(analysis, opts.node);
  if (isEphemeral(node)) {
    // Neither side has a table: "missing in both" would read as a broken build, not as what it is.
    const readers = node.children.map((id) => analysis.nodes.get(id)?.name ?? id);
    const hint = readers.length ? ` Diff the models that read it instead: ${readers.slice(0, 5).join(', ')}${readers.length > 5 ? ', …' : ''}.` : '';
    throw new WarehouseError(`${node.name} is ephemeral: dbt never builds it, so neither target has a table to compare.${hint}`, 'config');
  }
  const lookup = { projectRoot: opts.projectRoot, env: opts.env };
  const devT = resolveTarget(opts.target, { ...lookup, password: opts.target ? opts.passwords?.[opts.target] : undefined });
  const otherT = resolveTarget(opts.against, { ...lookup, password: opts.passwords?.[opts.against] });
  if (devT.name === otherT.name) throw new WarehouseError(`--against names the dev target itself ("${devT.name}"); compare with another target`, 'config');
  let dev: Warehouse | undefined;
  let other: Warehouse | undefined;
  try {
    dev = await openResolved(devT, { readOnly: true });
    other = await openResolved(otherT, { readOnly: true });
    const otherNode = opts.otherAnalysis?.nodes.get(node.uniqueId);
    // The database part is left to the other connection, as relationIn does.
    const otherRel = otherNode && otherNode.resourceType !== 'source' ? { schema: otherNode.relation.schema, name: otherNode.relation.identifier } : relationIn(node, devT, otherT);
    const result = await diffRelation(dev, other, toRelationName(node), otherRel, {
      key: opts.key?.length ? opts.key : defaultKey(node),
      sampleLimit: opts.sampleLimit,
      node: node.uniqueId,
      signal: opts.signal,
      timeoutMs: opts.timeoutMs,
    });
    result.text = result.text.replace('(dev vs other)', `(${devT.name} vs ${otherT.name})`);
    return { ...result, targets: { dev: devT.name, other: otherT.name } };
  } finally {
    await dev?.close();
    await other?.close();
  }
}

/** True when the diff found nothing at all. */
export function isSame(r: DiffOutcome): boolean {
  return (
    r.rowCounts.dev === r.rowCounts.other &&
    !r.schema.added.length && !r.schema.removed.length && !r.schema.typeChanged.length &&
    r.columns.every((c) => JSON.stringify(c.dev) === JSON.stringify(c.other)) &&
    (!r.rows || (r.rows.added === 0 && r.rows.removed === 0 && r.rows.changed === 0))
  );
}
