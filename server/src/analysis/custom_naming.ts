/**
 * A project's own `generate_schema_name`, `generate_alias_name` and
 * `generate_database_name` macros. dbt asks them where every model, seed and
 * snapshot lives; most mature projects override at least the first (to drop
 * the `<target schema>_` prefix of custom schemas, or to use it only outside
 * production). Without them every such relation name, the SQL of its
 * children, builds and diffs would name tables dbt never builds.
 *
 * Only the root project's definitions count, as in dbt. A macro that fails to
 * render leaves dbt's default for that node and is reported once, on the macro.
 */
import { extractMacros, renderTemplate, type DbtContext, type MacroRegistry } from '../jinja';
import type { MacroFile } from '../project/types';

export type NamingPart = 'schema' | 'alias' | 'database';

/** What the macros see as `node` (the fields dbt's own implementations and common overrides read). */
export interface NamingNode {
  name: string;
  resourceType: string;
  packageName: string;
  uniqueId: string;
  /** Project-relative file of the definition. */
  file: string;
  version?: string | number;
  config: Record<string, unknown>;
}

export interface NamingOverrides {
  /** The macro's answer for one part of a node's relation; undefined when it is not overridden or failed. */
  name(part: NamingPart, custom: string | undefined, node: NamingNode): string | undefined;
  /** The first failure of each macro: message and where the macro is defined. */
  readonly failures: ReadonlyMap<NamingPart, { message: string; file: string; start: number; end: number }>;
}

const MACRO: Record<NamingPart, string> = { schema: 'generate_schema_name', alias: 'generate_alias_name', database: 'generate_database_name' };

/** Undefined when the root project overrides none of the three. */
export function namingOverrides(
  macros: MacroRegistry,
  macroFiles: readonly MacroFile[],
  projectName: string,
  base: Pick<DbtContext, 'vars' | 'env' | 'target' | 'dispatch'>,
): NamingOverrides | undefined {
  const defined = (Object.keys(MACRO) as NamingPart[]).filter((part) => macros.macros.has(`${projectName}.${MACRO[part]}`));
  if (!defined.length) return undefined;
  // A render per node is ~25 µs (26,000 at 10,000 models: static and rendered relations). Answers are
  // remembered: by the custom name alone when the macro's body never reads the node, else by the node too.
  const readsNode = new Map(defined.map((part) => [part, bodyReadsNode(macros, macroFiles, projectName, MACRO[part])]));
  const answers = new Map<string, string | undefined>();
  const failures = new Map<NamingPart, { message: string; file: string; start: number; end: number }>();
  const ctx: DbtContext = {
    projectName,
    packageName: projectName,
    vars: base.vars,
    env: base.env,
    target: base.target,
    dispatch: base.dispatch,
    macros,
    // A naming macro that calls ref() or source() has no answer yet: dbt would refuse it too.
    resolveRef: () => undefined,
    resolveSource: () => undefined,
  };
  return {
    failures,
    name(part, custom, node) {
      if (!defined.includes(part)) return undefined;
      const macro = MACRO[part];
      const customKey = `${part}\0${custom ?? '\u0001none'}`;
      if (!readsNode.get(part) && answers.has(customKey)) return answers.get(customKey);
      const nodeLiteral = jinjaLiteral(nodeValue(node));
      const key = readsNode.get(part) ? `${customKey}\0${nodeLiteral}` : customKey;
      if (answers.has(key)) return answers.get(key);
      const result = renderTemplate(`{{ ${macro}(${jinjaLiteral(custom)}, ${nodeLiteral}) }}`, ctx);
      const answer = result.output.trim() || undefined;
      answers.set(key, result.errors.length ? undefined : answer);
      if (result.errors.length || !answer) {
        if (!failures.has(part)) {
          const info = macros.macros.get(`${projectName}.${macro}`)!;
          const why = result.errors[0]?.message ?? 'it rendered nothing';
          failures.set(part, { message: `${macro} failed for ${node.uniqueId} (dbt's default naming is used instead): ${why}`, file: info.file, start: info.nameStart, end: info.nameEnd });
        }
        return undefined;
      }
      return answer;
    },
  };
}

/**
 * Whether a naming macro's body may depend on the node: it names `node`,
 * `model` or `this`, or calls another macro of the project (which may be
 * handed the node). Unknown → true.
 */
function bodyReadsNode(macros: MacroRegistry, macroFiles: readonly MacroFile[], projectName: string, name: string): boolean {
  const info = macros.macros.get(`${projectName}.${name}`);
  const file = info && macroFiles.find((f) => f.file === info.file && f.packageName === projectName);
  const outline = file && extractMacros(file.text).find((m) => m.name === name && m.nameStart === info.nameStart);
  if (!file || !outline) return true;
  const body = file.text.slice(outline.bodyStart, outline.bodyEnd);
  if (/\b(node|model|this)\b/.test(body)) return true;
  for (const call of body.matchAll(/\b([A-Za-z_][A-Za-z0-9_]*)\s*\(/g)) if (macros.macros.has(`${projectName}.${call[1]}`)) return true;
  return false;
}

/** The node as dbt's graph node dict: the keys naming macros read. */
function nodeValue(node: NamingNode): Record<string, unknown> {
  const dirs = node.file.split('/').slice(1, -1); // under the model/seed/snapshot path, as dbt's fqn
  return {
    name: node.name,
    resource_type: node.resourceType,
    package_name: node.packageName,
    unique_id: node.uniqueId,
    original_file_path: node.file,
    path: node.file.split('/').slice(1).join('/'),
    fqn: [node.packageName, ...dirs, node.name],
    version: node.version ?? null,
    config: node.config,
  };
}

/** A value written as a Jinja literal (JSON's strings and numbers are valid Jinja; null is `none`). */
export function jinjaLiteral(v: unknown): string {
  if (v === undefined || v === null) return 'none';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'none';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return `[${v.map(jinjaLiteral).join(', ')}]`;
  if (typeof v === 'object') {
    return `{${Object.entries(v as Record<string, unknown>).map(([k, x]) => `${JSON.stringify(k)}: ${jinjaLiteral(x)}`).join(', ')}}`;
  }
  return 'none';
}

