/**
 * dbt node selection: `name`, `+name`, `name+`, `2+name`, `name+3`, `+name+`,
 * `tag:x`, `path:dir`, `source:raw.orders`, `resource_type:model`, `*`,
 * globbed names (`stg_*`), unions by space, intersections by comma.
 */
import { Dag as DagClass, type Dag } from './graph';
import type { ProjectAnalysis } from '../analysis/api';

export interface SelectableNode {
  uniqueId: string;
  name: string;
  resourceType: string;
  file?: string;
  tags: readonly string[];
  packageName: string;
  /** For sources: "<source>.<table>". */
  sourceQualifiedName?: string;
}

export class SelectorError extends Error {}

interface Atom {
  method: 'name' | 'tag' | 'path' | 'source' | 'resource_type' | 'package' | 'fqn';
  value: string;
  up: number; // -1 none, Infinity for '+', n for 'n+'
  down: number;
  childrenParents: boolean; // '@' prefix
}

const UNLIMITED = Number.POSITIVE_INFINITY;

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
    if (!['tag', 'path', 'source', 'resource_type', 'package', 'fqn', 'name'].includes(m)) {
      throw new SelectorError(`unknown selector method '${m}' in '${raw}'`);
    }
    method = m as Atom['method'];
    s = s.slice(colon + 1);
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
    case 'name':
    case 'fqn': {
      // As in dbt, a bare name never selects a source: those need `source:`.
      if (node.resourceType === 'source') return false;
      if (v === '*') return true;
      const re = globToRegExp(v);
      if (re.test(node.name)) return true;
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
export function selectInAnalysis(analysis: Pick<ProjectAnalysis, 'nodes'>, selector: string, dag?: Dag): Set<string> {
  const nodes: SelectableNode[] = [];
  for (const n of analysis.nodes.values()) {
    nodes.push({ uniqueId: n.uniqueId, name: n.name, resourceType: n.resourceType, file: n.file, tags: n.tags, packageName: n.packageName, sourceQualifiedName: n.sourceName ? `${n.sourceName}.${n.name}` : undefined });
  }
  return select(selector, nodes, dag ?? new DagClass({ ids: [...analysis.nodes.keys()], parentsOf: (id) => analysis.nodes.get(id)!.parents }));
}
