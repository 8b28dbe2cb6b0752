import { compareStrings } from '../util/compare.js';

/**
 * Kahn's topological sort with a sorted ready set, so the order is the same on every run: every
 * node comes after the nodes it depends on, ties broken by name. Returns the cycle when there is one.
 */
export function topologicalOrder(
  nodes: readonly string[],
  dependsOn: ReadonlyMap<string, ReadonlySet<string>>,
): { order: string[]; cycle?: string[] } {
  const remaining = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const node of nodes) {
    const deps = [...(dependsOn.get(node) ?? [])].filter((d) => nodes.includes(d));
    remaining.set(node, deps.length);
    for (const dep of deps) dependents.set(dep, [...(dependents.get(dep) ?? []), node]);
  }
  const ready = nodes.filter((n) => remaining.get(n) === 0).sort(compareStrings);
  const order: string[] = [];
  while (ready.length > 0) {
    const node = ready.shift() as string;
    order.push(node);
    for (const dependent of dependents.get(node) ?? []) {
      const left = (remaining.get(dependent) ?? 0) - 1;
      remaining.set(dependent, left);
      if (left === 0) {
        const at = ready.findIndex((r) => compareStrings(r, dependent) > 0);
        ready.splice(at === -1 ? ready.length : at, 0, dependent);
      }
    }
  }
  if (order.length === nodes.length) return { order };
  return { order, cycle: findCycle(nodes.filter((n) => !order.includes(n)).sort(compareStrings), dependsOn) };
}

/** Follows dependencies from the first node left over until one repeats: that loop is the cycle. */
function findCycle(stuck: string[], dependsOn: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const path: string[] = [];
  let node = stuck[0] as string;
  while (!path.includes(node)) {
    path.push(node);
    const next = [...(dependsOn.get(node) ?? [])].filter((d) => stuck.includes(d)).sort(compareStrings)[0];
    if (next === undefined) return path;
    node = next;
  }
  return [...path.slice(path.indexOf(node)), node];
}
