/**
 * `driftwatch diff MODEL --against prod`: compares a node's relation in the dev
 * target with the same relation in another target — counts, schema, column
 * profiles and, with a key, the rows that were added, removed or changed.
 * Both targets are opened read-only.
 * Exit code (as diff(1)): 0 no differences, 1 differences, 2 configuration,
 * connection or lookup errors.
 */
import type { ProjectAnalysis } from '../../analysis/api';
import { WarehouseError } from '../../warehouse/api';
import { diffNode, isSame } from '../../warehouse/diff_node';

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
  /** The project analysed for `against`, where the node's relation may differ (see DiffNodeOptions). */
  otherAnalysis?: ProjectAnalysis;
}

export async function diffCommand(opts: DiffCommandOptions): Promise<number> {
  const err = opts.err ?? process.stderr;
  try {
    const result = await diffNode(opts.analysis, opts);
    if (opts.format === 'json') opts.out.write(JSON.stringify(result, null, 2) + '\n');
    else opts.out.write(result.text);
    return isSame(result) ? 0 : 1;
  } catch (e) {
    if (e instanceof WarehouseError) {
      err.write(`driftwatch diff: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
