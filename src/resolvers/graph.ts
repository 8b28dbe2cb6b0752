import { compareStrings } from '../util/compare.js';

/**
 * Kahn's topological sort taking the smallest ready node first, so the order is the same on every run: every
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
  const ready = new NameHeap(nodes.filter((n) => remaining.get(n) === 0));
  const order: string[] = [];
  for (let node = ready.pop(); node !== undefined; node = ready.pop()) {
    order.push(node);
    for (const dependent of dependents.get(node) ?? []) {
      const left = (remaining.get(dependent) ?? 0) - 1;
      remaining.set(dependent, left);
      if (left === 0) ready.push(dependent);
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

/**
 * The ready nodes, smallest name on top. A sorted array with insertions would copy it on every
 * insertion: at a thousand modules per environment that was megabytes of arrays per environment.
 */
class NameHeap {
  private readonly items: string[];

  constructor(items: string[]) {
    this.items = items.sort(compareStrings);
  }

  push(item: string): void {
    const items = this.items;
    let index = items.push(item) - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (compareStrings(items[parent] as string, item) <= 0) break;
      items[index] = items[parent] as string;
      index = parent;
    }
    items[index] = item;
  }

  pop(): string | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length === 0 || last === undefined) return top;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const child =
        right < items.length && compareStrings(items[right] as string, items[left] as string) < 0
          ? right
          : left;
      if (compareStrings(last, items[child] as string) <= 0) break;
      items[index] = items[child] as string;
      index = child;
    }
    items[index] = last;
    return top;
  }
}
