import { compareStrings } from '../util/compare.js';

/** A root module's file: `<env>/terraform/<module>/main.tf.json`, or `<env>/terraform/main.tf.json` for the single one. */
export const terraformModuleFile = (environment: string, module: string) =>
  module ? `${environment}/terraform/${module}/main.tf.json` : `${environment}/terraform/main.tf.json`;

/** The apply order of an environment's root modules. */
export const terraformOrderFile = (environment: string) => `${environment}/terraform/order.json`;

/** Every root module file of an environment among some paths, sorted. */
export function terraformModuleFiles(environment: string, paths: Iterable<string>): string[] {
  const prefix = `${environment}/terraform/`;
  return [...paths]
    .filter((p) => p.startsWith(prefix) && (p === `${prefix}main.tf.json` || p.endsWith('/main.tf.json')))
    .sort(compareStrings);
}

/** `prod/terraform/_shared/x/main.tf.json` → `_shared/x`; "" for the single module. */
export function moduleOfFile(environment: string, file: string): string {
  return file.slice(`${environment}/terraform/`.length, -'main.tf.json'.length).replace(/\/$/, '');
}

/** A module's folder as order.json and the CLI name it: "." for the single module. */
export const orderName = (module: string) => module || '.';

/** `<env>/terraform/order.json`: the modules in layers, each after the modules it reads. */
export interface ApplyOrder {
  layout?: 'modules' | 'single';
  /** Modules (folders below `<env>/terraform`, "." for the single module) a layer at a time: a CI matrix per layer. */
  layers: string[][];
  /** What each module reads through remote state. */
  modules: Record<string, { dependsOn: string[] }>;
  /** Teardown modules left by removed workloads, shared resources or environments: applying them destroys what they held. */
  teardown: string[];
}

/**
 * An order file's content; empty when there is none or it is not one (a hand edit): what it lists
 * is then unknown, never a crash.
 */
export function parseOrder(text: string | undefined): Partial<ApplyOrder> {
  if (text === undefined) return {};
  try {
    const value = JSON.parse(text) as unknown;
    if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
    const order = value as Partial<ApplyOrder>;
    const strings = (list: unknown) => Array.isArray(list) && list.every((item) => typeof item === 'string');
    return {
      ...(order.layout === 'modules' || order.layout === 'single' ? { layout: order.layout } : {}),
      ...(Array.isArray(order.layers) && order.layers.every(strings) ? { layers: order.layers } : {}),
      ...(order.modules && typeof order.modules === 'object' ? { modules: order.modules } : {}),
      ...(strings(order.teardown) ? { teardown: order.teardown } : {}),
    };
  } catch {
    return {};
  }
}
