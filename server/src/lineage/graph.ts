/**
 * The node graph: parent/child edges between unique ids, cycle detection and
 * topological order. Pure and independent of what a node is, so the
 * selector, the lineage queries and the dev build all share one definition.
 */

export interface DagInput {
  /** Every node id, in a stable order (the order results are reported in). */
  ids: readonly string[];
  /** Parents of a node (edges parent → node). Unknown parent ids are ignored. */
  parentsOf(id: string): readonly string[];
}

export class Dag {
  readonly parents = new Map<string, string[]>();
  readonly children = new Map<string, string[]>();

  constructor(input: DagInput) {
    for (const id of input.ids) {
      this.parents.set(id, []);
      this.children.set(id, []);
    }
    for (const id of input.ids) {
      const seen = new Set<string>();
      for (const p of input.parentsOf(id)) {
        if (!this.parents.has(p) || seen.has(p)) continue;
        seen.add(p);
        this.parents.get(id)!.push(p);
        this.children.get(p)!.push(id);
      }
    }
  }

  has(id: string): boolean {
    return this.parents.has(id);
  }

  get ids(): IterableIterator<string> {
    return this.parents.keys();
  }

  /**
   * Nodes reachable from `start` following parents ('up') or children
   * ('down'), with their hop distance; `depth` 0 means unlimited. The start
   * node itself is included at distance 0.
   */
  walk(start: string, direction: 'up' | 'down', depth = 0): Map<string, number> {
    const out = new Map<string, number>();
    if (!this.has(start)) return out;
    const edges = direction === 'up' ? this.parents : this.children;
    out.set(start, 0);
    let frontier = [start];
    let d = 0;
    while (frontier.length && (depth === 0 || d < depth)) {
      d++;
      const next: string[] = [];
      for (const id of frontier) {
        for (const n of edges.get(id) ?? []) {
          if (out.has(n)) continue;
          out.set(n, d);
          next.push(n);
        }
      }
      frontier = next;
    }
    return out;
  }

  /**
   * Strongly connected components with more than one node (or a self loop):
   * the cycles. Iterative Tarjan, so a 10k-deep chain cannot overflow the stack.
   */
  cycles(): string[][] {
    // The graph never changes after construction, so neither do its cycles.
    return (this.cyclesMemo ??= this.findCycles());
  }

  private cyclesMemo: string[][] | undefined;

  private findCycles(): string[][] {
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const onStack = new Set<string>();
    const stack: string[] = [];
    const result: string[][] = [];
    let counter = 0;

    for (const root of this.parents.keys()) {
      if (index.has(root)) continue;
      // Each frame: node and the position in its child list.
      const work: [string, number][] = [[root, 0]];
      index.set(root, counter);
      low.set(root, counter);
      counter++;
      stack.push(root);
      onStack.add(root);
      while (work.length) {
        const frame = work[work.length - 1];
        const [v, i] = frame;
        const kids = this.children.get(v)!;
        if (i < kids.length) {
          frame[1]++;
          const w = kids[i];
          if (!index.has(w)) {
            index.set(w, counter);
            low.set(w, counter);
            counter++;
            stack.push(w);
            onStack.add(w);
            work.push([w, 0]);
          } else if (onStack.has(w)) {
            low.set(v, Math.min(low.get(v)!, index.get(w)!));
          }
          continue;
        }
        work.pop();
        if (work.length) {
          const parent = work[work.length - 1][0];
          low.set(parent, Math.min(low.get(parent)!, low.get(v)!));
        }
        if (low.get(v) === index.get(v)) {
          const component: string[] = [];
          let w: string;
          do {
            w = stack.pop()!;
            onStack.delete(w);
            component.push(w);
          } while (w !== v);
          if (component.length > 1 || this.children.get(v)!.includes(v)) result.push(component.reverse());
        }
      }
    }
    return result;
  }

  /** Kahn's order, parents before children; nodes on cycles come last in input order. */
  topologicalOrder(): string[] {
    const indegree = new Map<string, number>();
    for (const [id, ps] of this.parents) indegree.set(id, ps.length);
    const queue: string[] = [];
    for (const [id, n] of indegree) if (n === 0) queue.push(id);
    const order: string[] = [];
    for (let qi = 0; qi < queue.length; qi++) {
      const id = queue[qi];
      order.push(id);
      for (const c of this.children.get(id)!) {
        const n = indegree.get(c)! - 1;
        indegree.set(c, n);
        if (n === 0) queue.push(c);
      }
    }
    if (order.length < indegree.size) {
      const placed = new Set(order);
      for (const id of this.parents.keys()) if (!placed.has(id)) order.push(id);
    }
    return order;
  }
}
