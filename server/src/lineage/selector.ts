/**
 * dbt node selection: `name`, `+name`, `name+`, `2+name`, `name+3`, `+name+`,
 * `tag:x`, `path:dir`, `source:raw.orders`, `resource_type:model`, `*`,
 * globbed names (`stg_*`), unions by space, intersections by comma.
 * Versioned models as dbt selects them: the model's name picks every
 * version, `name.v2` / `name_v2` one; `version:latest|prerelease|old|none`.
 */
import { Dag as DagClass, type Dag } from './graph';
import type { AnalyzedNode, ProjectAnalysis } from '../analysis/api';
import { compareVersions } from '../project/model_versions';

export interface SelectableNode {
  uniqueId: string;
  name: string;
  resourceType: string;
  file?: string;
  tags: readonly string[];
  packageName: string;
  /** For sources: "<source>.<table>". */
  sourceQualifiedName?: string;
  /** For a version of a versioned model: its version, and the model's latest_version. */
  version?: string | number;
  latestVersion?: string | number;
}

export class SelectorError extends Error {}

interface Atom {
  method: 'name' | 'tag' | 'path' | 'source' | 'resource_type' | 'package' | 'fqn' | 'version';
  value: string;
  up: number; // -1 none, Infinity for '+', n for 'n+'
  down: number;
  childrenParents: boolean; // '@' prefix
}

const UNLIMITED = Number.POSITIVE_INFINITY;
const VERSION_KINDS = ['latest', 'prerelease', 'old', 'none'];

function parseAtom(raw: string): Atom {
  let s = raw;
  let childrenParents = false;
  if (s.startsWith('@')) {
    childrenParents = true;
    s = s.slice(1);
  }
  let up = -1;
  let down = -1;
  const pre = /^(\d*)\+/.exec(s);
  if (pre) {
    up = pre[1] ? Number(pre[1]) : UNLIMITED;
    s = s.slice(pre[0].length);
  }
  const post = /\+(\d*)$/.exec(s);
  if (post) {
    down = post[1] ? Number(post[1]) : UNLIMITED;
    s = s.slice(0, s.length - post[0].length);
  }
  if (!s) throw new SelectorError(`empty selector in '${raw}'`);
  let method: Atom['method'] = 'fqn';
  const colon = s.indexOf(':');
  if (colon > 0) {
    const m = s.slice(0, colon);
    if (!['tag', 'path', 'source', 'resource_type', 'package', 'fqn', 'name', 'version'].includes(m)) {
      throw new SelectorError(`unknown selector method '${m}' in '${raw}'`);
    }
    method = m as Atom['method'];
    s = s.slice(colon + 1);
    if (method === 'version' && !VERSION_KINDS.includes(s)) {
      throw new SelectorError(`invalid version selector '${s}' in '${raw}': expected one of latest, prerelease, old or none`);
    }
  }
  return { method, value: s, up, down, childrenParents };
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}

function matches(atom: Atom, node: SelectableNode): boolean {
  const v = atom.value;
  switch (atom.method) {
    case 'tag':
      return node.tags.includes(v);
    case 'path': {
      if (!node.file) return false;
      const dir = v.replace(/\/+$/, '');
      return node.file === dir || node.file.startsWith(dir + '/') || (v.includes('*') && globToRegExp(v).test(node.file));
    }
    case 'source': {
      if (node.resourceType !== 'source' || !node.sourceQualifiedName) return false;
      const q = node.sourceQualifiedName;
      return v.includes('.') ? globToRegExp(v).test(q) : globToRegExp(v).test(q.split('.')[0]);
    }
    case 'resource_type':
      return node.resourceType === v;
    case 'package':
      return node.packageName === v;
    case 'version':
      return matchesVersionKind(v, node);
    case 'name':
    case 'fqn': {
      // As in dbt, a bare name never selects a source: those need `source:`.
      if (node.resourceType === 'source') return false;
      if (v === '*') return true;
      const re = globToRegExp(v);
      if (re.test(node.name)) return true;
      // A version is the fqn's last part: `name.v2`, `name_v2` or `package.name.v2`, as dbt joins the last two parts either way.
      if (node.version !== undefined) {
        const own = `${node.name}_v${node.version}`;
        const parts = v.split('.');
        if (globToRegExp(parts.slice(-2).join('_')).test(own)) return true;
        if (re.test(`${node.packageName}.${node.name}.v${node.version}`)) return true;
      }
      // fqn: "package.name" or a folder path with dots.
      if (v.includes('.')) {
        if (re.test(`${node.packageName}.${node.name}`)) return true;
        if (node.file) {
          const dotted = node.file.replace(/\.[^./]+$/, '').split('/').join('.');
          if (dotted === v || dotted.startsWith(v + '.') || dotted.endsWith('.' + v)) return true;
        }
      }
      return false;
    }
  }
}

/** dbt's `version:` method: latest, prerelease (newer than latest), old (older), none (an unversioned model). */
function matchesVersionKind(kind: string, node: SelectableNode): boolean {
  if (node.resourceType !== 'model') return false;
  if (kind === 'none') return node.version === undefined;
  if (node.version === undefined || node.latestVersion === undefined) return false;
  const c = compareVersions(node.version, node.latestVersion);
  return kind === 'latest' ? c === 0 : kind === 'prerelease' ? c > 0 : c < 0;
}

function expand(atom: Atom, seeds: Set<string>, dag: Dag): Set<string> {
  const out = new Set(seeds);
  for (const id of seeds) {
    if (atom.up >= 0) for (const n of dag.walk(id, 'up', atom.up === UNLIMITED ? 0 : atom.up).keys()) out.add(n);
    if (atom.down >= 0 || atom.childrenParents) {
      const downDepth = atom.childrenParents || atom.down === UNLIMITED ? 0 : atom.down;
      for (const n of dag.walk(id, 'down', downDepth).keys()) {
        out.add(n);
        if (atom.childrenParents) for (const p of dag.walk(n, 'up', 0).keys()) out.add(p);
      }
    }
  }
  return out;
}

/** Selects node ids by a dbt selector string; throws SelectorError on a malformed selector. */
export function select(selector: string, nodes: readonly SelectableNode[], dag: Dag): Set<string> {
  const result = new Set<string>();
  const unions = selector.trim().split(/\s+/).filter(Boolean);
  if (!unions.length) throw new SelectorError('empty selector');
  for (const union of unions) {
    let acc: Set<string> | undefined;
    for (const part of union.split(',')) {
      const atom = parseAtom(part);
      const seeds = new Set(nodes.filter((n) => matches(atom, n)).map((n) => n.uniqueId));
      const expanded = expand(atom, seeds, dag);
      acc = acc ? new Set([...acc].filter((id) => expanded.has(id))) : expanded;
    }
    for (const id of acc ?? []) result.add(id);
  }
  return result;
}

/**
 * Selects over an analysed project: the one adapter from AnalyzedNodes to the
 * selector, shared by the CLI, dev builds and the language server. Pass the
 * analysis' own graph when it has one; otherwise it is derived from the parents.
 */
export function selectInAnalysis(analysis: Pick<ProjectAnalysis, 'nodes'> & Partial<Pick<ProjectAnalysis, 'project'>>, selector: string, dag?: Dag): Set<string> {
  const nodes: SelectableNode[] = [];
  const versions = versionsOf(analysis);
  for (const n of analysis.nodes.values()) {
    const v = versions.get(n.uniqueId);
    nodes.push({ uniqueId: n.uniqueId, name: n.name, resourceType: n.resourceType, file: n.file, tags: n.tags, packageName: n.packageName, sourceQualifiedName: n.sourceName ? `${n.sourceName}.${n.name}` : undefined, version: v?.version, latestVersion: v?.latest });
  }
  return select(selector, nodes, dag ?? new DagClass({ ids: [...analysis.nodes.keys()], parentsOf: (id) => analysis.nodes.get(id)!.parents }));
}

/**
 * Each version node's version and its model's latest_version, as the
 * analysed nodes carry them (live or from a snapshot). Nodes made without
 * them (test fixtures) fall back to the project's definitions, or to the
 * version in the id (`model.<package>.<name>.v<version>`) with dbt's default
 * latest, the greatest.
 */
function versionsOf(analysis: { nodes: ReadonlyMap<string, AnalyzedNode>; project?: ProjectAnalysis['project'] }): Map<string, { version: string | number; latest: string | number }> {
  const out = new Map<string, { version: string | number; latest: string | number }>();
  const byModel = new Map<string, { id: string; version: string | number; declaredLatest?: string | number }[]>();
  const add = (id: string, key: string, version: string | number, declaredLatest?: string | number) => {
    const list = byModel.get(key);
    if (list) list.push({ id, version, declaredLatest });
    else byModel.set(key, [{ id, version, declaredLatest }]);
  };
  // Analysed nodes carry their version and latest version (a snapshot view's too); older views and fixtures may not.
  for (const n of analysis.nodes.values()) {
    if (n.resourceType === 'model' && n.version !== undefined) add(n.uniqueId, `${n.packageName}\0${n.name}`, n.version, n.latestVersion);
  }
  if (byModel.size) {
    // done
  } else if (analysis.project) {
    for (const m of analysis.project.models) if (m.version !== undefined) add(m.uniqueId, `${m.packageName}\0${m.name}`, m.version, m.props?.latestVersion);
  } else {
    for (const n of analysis.nodes.values()) {
      const prefix = `model.${n.packageName}.${n.name}.v`;
      if (n.resourceType === 'model' && n.uniqueId.startsWith(prefix)) add(n.uniqueId, `${n.packageName}\0${n.name}`, n.uniqueId.slice(prefix.length));
    }
  }
  for (const list of byModel.values()) {
    const declared = list.find((x) => x.declaredLatest !== undefined)?.declaredLatest;
    const latest = declared ?? list.reduce((a, b) => (compareVersions(a.version, b.version) < 0 ? b : a)).version;
    for (const x of list) out.set(x.id, { version: x.version, latest });
  }
  return out;
}
