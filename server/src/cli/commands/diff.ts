/**
 * `driftwatch diff MODEL --against prod`: compares a node's relation in the dev
 * target with the same relation in another target — counts, schema, column
 * profiles and, with a key, the rows that were added, removed or changed.
 * Both targets are opened read-only.
 * Exit code (as diff(1)): 0 no differences, 1 differences, 2 configuration,
 * connection or lookup errors.
 */
import type { AnalyzedNode, ProjectAnalysis } from '../../analysis/api';
import { WarehouseError, type RelationName, type Warehouse } from '../../warehouse/api';
import { toRelationName } from '../../warehouse/build';
import { openResolved, resolveTarget } from '../../warehouse/connect';
import { diffRelation } from '../../warehouse/diff';
import type { ResolvedTarget } from '../../warehouse/profiles';

export interface DiffCommandOptions {
  analysis: ProjectAnalysis;
  projectRoot: string;
  /** Unique id, name, or project-relative file of the node. */
  node: string;
  /** The target to compare with, e.g. prod. */
  against: string;
  /** The dev side; the profile's default target when absent. */
  target?: string;
  key?: string[];
  format: 'text' | 'json';
  out: NodeJS.WritableStream;
  err?: NodeJS.WritableStream;
  sampleLimit?: number;
  signal?: AbortSignal;
  timeoutMs?: number;
  env?: Readonly<Record<string, string | undefined>>;
  /** Passwords from the client's secret storage, by target name. */
  passwords?: Record<string, string>;
}

export class NodeLookupError extends Error {}

/** Finds the node the user means: unique id, then name (models, seeds, snapshots), then file. */
export function findNode(analysis: ProjectAnalysis, ref: string): AnalyzedNode {
  const exact = analysis.nodes.get(ref);
  if (exact) return exact;
  const all = [...analysis.nodes.values()];
  const byName = all.filter((n) => n.resourceType !== 'source' && n.name === ref);
  if (byName.length === 1) return byName[0];
  if (byName.length > 1) throw new NodeLookupError(`"${ref}" is ambiguous: ${byName.map((n) => n.uniqueId).join(', ')}`);
  const file = ref.replace(/\\/g, '/').replace(/^\.\//, '');
  const byFile = all.filter((n) => n.file === file && n.resourceType !== 'source');
  if (byFile.length === 1) return byFile[0];
  const sources = all.filter((n) => n.resourceType === 'source' && `${n.sourceName}.${n.name}` === ref);
  if (sources.length === 1) return sources[0];
  throw new NodeLookupError(`no model, seed or snapshot named "${ref}"`);
}

/** The key to diff by: given, else unique_key config, else a column with a unique or primary-key test. */
export function defaultKey(node: AnalyzedNode): string[] | undefined {
  const uk = node.config.uniqueKey;
  if (typeof uk === 'string' && uk) return uk.split(',').map((s) => s.trim()).filter(Boolean);
  if (Array.isArray(uk) && uk.length) return uk.map(String);
  const test = node.tests.find((t) => t.column && (t.name === 'unique' || t.name === 'dbt_constraints.primary_key'));
  return test?.column ? [test.column] : undefined;
}

/**
 * Where the node lives in the other target: dbt puts it in the target's schema
 * (or `<target schema>_<custom>`), so the dev schema prefix is swapped for the
 * other's; explicitly configured schemas (snapshots' target_schema) stay put.
 */
export function relationIn(node: AnalyzedNode, dev: ResolvedTarget, other: ResolvedTarget): RelationName {
  const rel = toRelationName(node);
  if (node.resourceType === 'source') return { schema: rel.schema, name: rel.name };
  let schema = rel.schema;
  if (schema === dev.schema) schema = other.schema;
  else if (schema.startsWith(`${dev.schema}_`)) schema = `${other.schema}${schema.slice(dev.schema.length)}`;
  return { schema, name: rel.name };
}

export async function diffCommand(opts: DiffCommandOptions): Promise<number> {
  const err = opts.err ?? process.stderr;
  const fail = (message: string) => {
    err.write(`driftwatch diff: ${message}\n`);
    return 2;
  };
  let node: AnalyzedNode;
  try {
    node = findNode(opts.analysis, opts.node);
  } catch (e) {
    return fail((e as Error).message);
  }
  let devT: ResolvedTarget;
  let otherT: ResolvedTarget;
  try {
    const lookup = { projectRoot: opts.projectRoot, env: opts.env };
    devT = resolveTarget(opts.target, { ...lookup, password: opts.passwords?.[opts.target ?? ''] });
    otherT = resolveTarget(opts.against, { ...lookup, password: opts.passwords?.[opts.against] });
  } catch (e) {
    return fail((e as Error).message);
  }
  if (devT.name === otherT.name) return fail(`--against names the dev target itself ("${devT.name}"); compare with another target`);

  let dev: Warehouse | undefined;
  let other: Warehouse | undefined;
  try {
    dev = await openResolved(devT, { readOnly: true });
    other = await openResolved(otherT, { readOnly: true });
    const result = await diffRelation(dev, other, toRelationName(node), relationIn(node, devT, otherT), {
      key: opts.key?.length ? opts.key : defaultKey(node),
      sampleLimit: opts.sampleLimit,
      node: node.uniqueId,
      signal: opts.signal,
      timeoutMs: opts.timeoutMs,
    });
    result.text = result.text.replace('(dev vs other)', `(${devT.name} vs ${otherT.name})`);
    if (opts.format === 'json') {
      const { stats, ...payload } = result;
      opts.out.write(JSON.stringify({ ...payload, targets: { dev: devT.name, other: otherT.name }, stats }, null, 2) + '\n');
    } else {
      opts.out.write(result.text);
    }
    const same =
      result.rowCounts.dev === result.rowCounts.other &&
      !result.schema.added.length && !result.schema.removed.length && !result.schema.typeChanged.length &&
      result.columns.every((c) => JSON.stringify(c.dev) === JSON.stringify(c.other)) &&
      (!result.rows || (result.rows.added === 0 && result.rows.removed === 0 && result.rows.changed === 0));
    return same ? 0 : 1;
  } catch (e) {
    if (e instanceof WarehouseError) return fail(e.message);
    throw e;
  } finally {
    await dev?.close();
    await other?.close();
  }
}
