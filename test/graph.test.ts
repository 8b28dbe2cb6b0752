import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { topologicalOrder } from '../src/resolvers/graph.js';
import { compareStrings } from '../src/util/compare.js';

/** The order's definition, computed the slow way: always the smallest node whose dependencies are placed. */
function smallestReadyFirst(nodes: readonly string[], deps: ReadonlyMap<string, ReadonlySet<string>>) {
  const known = new Set(nodes);
  const placed = new Set<string>();
  const order: string[] = [];
  for (;;) {
    const ready = nodes
      .filter((n) => !placed.has(n) && [...(deps.get(n) ?? [])].every((d) => placed.has(d) || !known.has(d)))
      .sort(compareStrings);
    if (ready.length === 0) return order;
    placed.add(ready[0] as string);
    order.push(ready[0] as string);
  }
}

const graphs = fc
  .uniqueArray(fc.stringMatching(/^[a-e]{1,3}$/), { minLength: 1, maxLength: 40 })
  .chain((nodes) =>
    fc.tuple(
      fc.constant(nodes),
      // Edges to known nodes and to a few unknown ones (dependencies outside the graph are ignored).
      fc.array(fc.tuple(fc.constantFrom(...nodes), fc.constantFrom(...nodes, 'zz')), { maxLength: 80 }),
    ),
  );

describe('topologicalOrder', () => {
  it.each([
    ['no edges: by name', ['b', 'c', 'a'], [], ['a', 'b', 'c']],
    ['a dependency first', ['a', 'b'], [['a', 'b']], ['b', 'a']],
    [
      'a released node waits for smaller ready ones',
      ['a', 'b', 'c', 'd'],
      [['a', 'd']],
      ['b', 'c', 'd', 'a'],
    ],
  ] as const)('%s', (_, nodes, edges, expected) => {
    const deps = new Map<string, Set<string>>();
    for (const [from, to] of edges) (deps.get(from) ?? deps.set(from, new Set()).get(from))?.add(to);
    expect(topologicalOrder(nodes, deps)).toEqual({ order: expected });
  });

  it('reports the cycle of nodes that read each other', () => {
    const deps = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['a'])],
    ]);
    expect(topologicalOrder(['a', 'b', 'c'], deps)).toEqual({ order: ['c'], cycle: ['a', 'b', 'a'] });
  });

  it('any graph: the smallest ready node always comes next (seeded)', () => {
    fc.assert(
      fc.property(graphs, ([nodes, edges]) => {
        const deps = new Map<string, Set<string>>();
        for (const [from, to] of edges)
          if (from !== to) (deps.get(from) ?? deps.set(from, new Set()).get(from))?.add(to);
        const { order, cycle } = topologicalOrder(nodes, deps);
        expect(order).toEqual(smallestReadyFirst(nodes, deps));
        expect(cycle === undefined).toBe(order.length === nodes.length);
      }),
      { seed: 20261203, numRuns: 500 },
    );
  });
});
