import { compareStrings } from '../util/compare.js';

/**
 * Kahn's topological sort with a sorted ready set, so the order is the same on every run: every
 * node comes after the nodes it depends on, ties broken by name. Returns the cycle when there is one.
 */
export function topologicalOrder(
  nodes: readonly string[],
  dependsOn: ReadonlyMap<string, ReadonlySet<string>>,
): { order: string[]; cycle?: string[] } {
  const known = new Set(nodes);
  const remaining = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const node of nodes) {
    const deps = [...(dependsOn.get(node) ?? [])].filter((d) => known.has(d));
    remaining.set(node, deps.length);
    for (const dep of deps) {
      const list = dependents.get(dep);
      if (list) list.push(node);
      else dependents.set(dep, [node]);
    }
  }
  const ready = nodes.filter((n) => remaining.get(n) === 0).sort(compareStrings);
  const order: string[] = [];
  let head = 0;
  while (head < ready.length) {
    const node = ready[head++] as string;
    order.push(node);
    const released: string[] = [];
    for (const dependent of dependents.get(node) ?? []) {
      const left = (remaining.get(dependent) ?? 0) - 1;
      remaining.set(dependent, left);
      if (left === 0) released.push(dependent);
    }
    if (released.length > 0) {
      // Keep the not-yet-visited part of the ready list sorted (binary-search insertion).
      for (const dependent of released.sort(compareStrings)) {
        let lo = head;
        let hi = ready.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (compareStrings(ready[mid] as string, dependent) < 0) lo = mid + 1;
          else hi = mid;
        }
        ready.splice(lo, 0, dependent);
      }
    }
  }
  if (order.length === nodes.length) return { order };
  const visited = new Set(order);
  return { order, cycle: findCycle(nodes.filter((n) => !visited.has(n)).sort(compareStrings), dependsOn) };
}

/** Follows dependencies from the first node left over until one repeats: that loop is the cycle. */
function findCycle(stuck: string[], dependsOn: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const left = new Set(stuck);
  const path: string[] = [];
  const onPath = new Set<string>();
  let node = stuck[0] as string;
  while (!onPath.has(node)) {
    path.push(node);
    onPath.add(node);
    const next = [...(dependsOn.get(node) ?? [])].filter((d) => left.has(d)).sort(compareStrings)[0];
    if (next === undefined) return path;
    node = next;
  }
  return [...path.slice(path.indexOf(node)), node];
}
