import type { EnvironmentPlan } from '../compiler/plan/types.js';
import { environmentOf } from '../write/lifecycle.js';
import { compareStrings, recordOf } from '../util/compare.js';
import {
  type ApplyOrder,
  moduleOfFile,
  orderName,
  parseOrder,
  terraformModuleFiles,
  terraformOrderFile,
} from '../compiler/terraform-paths.js';

export interface FileChange {
  path: string;
  environment: string;
  status: 'added' | 'removed' | 'changed';
  before?: string;
  after?: string;
}

/** uid → definition name, per environment: recorded in the manifest so a later diff can compare. */
export type ResourceDefinitions = Record<string, Record<string, string>>;

export interface DefinitionChange {
  environment: string;
  uid: string;
  before: string;
  after: string;
}

export { environmentOf } from '../write/lifecycle.js';

export function compareOutputs(
  before: ReadonlyMap<string, string>,
  after: ReadonlyMap<string, string>,
): FileChange[] {
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort(compareStrings);
  const changes: FileChange[] = [];
  for (const path of paths) {
    const a = before.get(path);
    const b = after.get(path);
    if (a === b) continue;
    const environment = environmentOf(path);
    if (a === undefined) changes.push({ path, environment, status: 'added', after: b as string });
    else if (b === undefined) changes.push({ path, environment, status: 'removed', before: a });
    else changes.push({ path, environment, status: 'changed', before: a, after: b });
  }
  return changes;
}

export function resourceDefinitions(plans: readonly EnvironmentPlan[]): ResourceDefinitions {
  return Object.fromEntries(
    plans.map((p) => [p.environment.name, recordOf(p.resources.map((r) => [r.uid, r.definition.name]))]),
  );
}

/** Resources kept on both sides whose matched definition changed: a stateful one would be replaced. */
export function definitionChanges(
  before: ResourceDefinitions,
  after: ResourceDefinitions,
): DefinitionChange[] {
  const changes: DefinitionChange[] = [];
  for (const environment of Object.keys(after).sort(compareStrings)) {
    const old = before[environment] ?? {};
    for (const [uid, definition] of Object.entries(after[environment] ?? {}).sort(([a], [b]) =>
      compareStrings(a, b),
    )) {
      const previous = old[uid];
      if (previous !== undefined && previous !== definition)
        changes.push({ environment, uid, before: previous, after: definition });
    }
  }
  return changes;
}

/** A Terraform root module whose file changes: what CI plans (and, after merge, applies). */
export interface ModuleChange {
  environment: string;
  /** Its folder below `<env>/terraform` ("." for the single module). */
  module: string;
  path: string;
  status: FileChange['status'];
  /** A teardown module now: applying it destroys what its state holds. */
  teardown: boolean;
  /** Modules that read it through remote state (from the new order.json): they see its new outputs on their next apply. */
  readBy: string[];
}

/** The changed files that are root modules, with what the new order file says of each. */
export function moduleChanges(
  changes: readonly FileChange[],
  after: ReadonlyMap<string, string>,
): ModuleChange[] {
  const orders = new Map<string, Partial<ApplyOrder>>();
  const orderOf = (environment: string) => {
    let order = orders.get(environment);
    if (!order) {
      const text = after.get(terraformOrderFile(environment));
      order = parseOrder(text);
      orders.set(environment, order);
    }
    return order;
  };
  return changes
    .filter((c) => terraformModuleFiles(c.environment, [c.path]).length === 1)
    .map((c) => {
      const module = orderName(moduleOfFile(c.environment, c.path));
      const order = orderOf(c.environment);
      const readBy = Object.entries(order.modules ?? {})
        .filter(([, m]) => m.dependsOn.includes(module))
        .map(([name]) => name)
        .sort(compareStrings);
      return {
        environment: c.environment,
        module,
        path: c.path,
        status: c.status,
        teardown: (order.teardown ?? []).includes(module),
        readBy,
      };
    });
}
