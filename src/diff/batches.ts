import { parseOrder, terraformOrderFile } from '../compiler/terraform-paths.js';
import { compareStrings } from '../util/compare.js';
import type { ModuleChange } from './compare.js';

/** Changed root modules to plan, grouped so a CI matrix never has more jobs than it allows. */
export interface PlanBatch {
  batch: number;
  modules: { environment: string; module: string; path: string; teardown: boolean }[];
}

/** GitHub Actions refuses a matrix of more than 256 jobs; leave room beside it. */
export const MAX_PLAN_BATCHES = 200;

/**
 * Every changed module that can be planned (teardown modules included: what they destroy is planned
 * too), in apply order (environment, layer, teardown modules last), cut into at most `max` batches
 * of nearly equal size. A batch plans its modules one after the other.
 */
export function planBatches(
  modules: readonly ModuleChange[],
  after: ReadonlyMap<string, string>,
  max = MAX_PLAN_BATCHES,
): PlanBatch[] {
  const rank = new Map<string, Map<string, number>>();
  const rankOf = (environment: string, module: string): number => {
    let ranks = rank.get(environment);
    if (!ranks) {
      const order = parseOrder(after.get(terraformOrderFile(environment)));
      ranks = new Map<string, number>();
      (order.layers ?? []).forEach((layer, i) => layer.forEach((m) => ranks?.set(m, i)));
      const last = (order.layers ?? []).length;
      (order.teardown ?? []).forEach((m, i) => ranks?.set(m, last + 1 + i));
      rank.set(environment, ranks);
    }
    return ranks.get(module) ?? Number.MAX_SAFE_INTEGER;
  };
  const planned = modules
    .filter((m) => m.status !== 'removed')
    .map(({ environment, module, path, teardown }) => ({ environment, module, path, teardown }))
    .sort(
      (a, b) =>
        compareStrings(a.environment, b.environment) ||
        rankOf(a.environment, a.module) - rankOf(b.environment, b.module) ||
        compareStrings(a.module, b.module),
    );
  if (planned.length === 0) return [];
  const count = Math.min(Math.max(1, max), planned.length);
  const size = Math.ceil(planned.length / count);
  const batches: PlanBatch[] = [];
  for (let start = 0; start < planned.length; start += size)
    batches.push({ batch: batches.length + 1, modules: planned.slice(start, start + size) });
  return batches;
}
