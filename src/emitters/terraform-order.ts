import { topologicalOrder } from '../resolvers/graph.js';
import { compareStrings, recordOf } from '../util/compare.js';
import type { ModuleOrderEntry } from './terraform.js';
import { type ApplyOrder, orderName } from '../compiler/terraform-paths.js';

/** The apply order, or the modules of a cycle when they read each other both ways. */
export function applyOrder(
  layout: 'modules' | 'single',
  modules: readonly ModuleOrderEntry[],
): { order: ApplyOrder; cycle?: string[] } {
  const names = modules.map((m) => orderName(m.path)).sort(compareStrings);
  const deps = new Map(modules.map((m) => [orderName(m.path), new Set(m.dependsOn.map(orderName))]));
  const { order, cycle } = topologicalOrder(names, deps);
  const layerOf = new Map<string, number>();
  for (const name of order) {
    const after = [...(deps.get(name) ?? [])].map((d) => (layerOf.get(d) ?? -1) + 1);
    layerOf.set(name, Math.max(0, ...after));
  }
  const layers: string[][] = [];
  for (const name of order) (layers[layerOf.get(name) as number] ??= []).push(name);
  return {
    order: {
      layout,
      layers: layers.map((layer) => layer.sort(compareStrings)),
      modules: recordOf(
        names.map((name) => [name, { dependsOn: [...(deps.get(name) ?? [])].sort(compareStrings) }]),
      ),
      teardown: [],
    },
    ...(cycle ? { cycle } : {}),
  };
}
