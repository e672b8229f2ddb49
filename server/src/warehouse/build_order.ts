/**
 * The order a dev build runs in: a topological order of the whole graph
 * (so A → unselected B → C still builds A before C), filtered to what was
 * selected. Kahn's algorithm, linear in nodes + edges; nodes caught in a cycle
 * are returned separately so the build can report them instead of looping.
 */

export interface OrderInput {
  ids: readonly string[];
  parentsOf(id: string): readonly string[];
}

export function topologicalOrder(input: OrderInput): { order: string[]; cyclic: string[] } {
  const indegree = new Map<string, number>();
  const children = new Map<string, string[]>();
  for (const id of input.ids) {
    indegree.set(id, 0);
    children.set(id, []);
  }
  for (const id of input.ids) {
    const seen = new Set<string>();
    for (const p of input.parentsOf(id)) {
      if (!indegree.has(p) || seen.has(p)) continue; // parents outside the graph (sources) impose no order
      seen.add(p);
      indegree.set(id, indegree.get(id)! + 1);
      children.get(p)!.push(id);
    }
  }
  const queue: string[] = [];
  for (const id of input.ids) if (indegree.get(id) === 0) queue.push(id);
  const order: string[] = [];
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head];
    order.push(id);
    for (const c of children.get(id)!) {
      const d = indegree.get(c)! - 1;
      indegree.set(c, d);
      if (d === 0) queue.push(c);
    }
  }
  const cyclic = order.length === input.ids.length ? [] : input.ids.filter((id) => indegree.get(id)! > 0);
  return { order, cyclic };
}
