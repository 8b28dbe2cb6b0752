import { compareStrings } from '../util/compare.js';
import { environmentOf } from './lifecycle.js';
import {
  moduleOfFile,
  orderName,
  parseOrder,
  terraformModuleFiles,
  terraformOrderFile,
} from '../compiler/terraform-paths.js';

/**
 * An Atlantis repo config (version 3) for the Terraform root modules of an output folder: a project
 * per module (teardown modules too), its directory, autoplan on its files, and `depends_on` from the
 * environment's apply order, so Atlantis plans each changed module and applies them in order. Its
 * own orchestration (locks, plans per pull request, apply requirements) is Atlantis'.
 */
export interface AtlantisConfig {
  version: 3;
  automerge: boolean;
  parallel_plan: boolean;
  parallel_apply: boolean;
  projects: AtlantisProject[];
}

export interface AtlantisProject {
  name: string;
  dir: string;
  workspace: string;
  autoplan: { enabled: boolean; when_modified: string[] };
  /** The layer of the apply order (teardown modules after the last): the order Atlantis runs them in. */
  execution_order_group: number;
  /** Projects that must be applied first (Atlantis 0.27 or later). */
  depends_on?: string[];
}

/** `prod/api`, `prod/_shared/x`, `prod` for a single module: unique, and readable in comments. */
const projectName = (environment: string, module: string) =>
  module === '.' ? environment : `${environment}/${module}`;

/**
 * The config for the modules among `paths` (an output folder's files, relative to it), `read` giving
 * each environment's order.json, `prefix` the output folder relative to the repository root.
 */
export function atlantisConfig(
  paths: readonly string[],
  read: (path: string) => string | undefined,
  prefix: string,
): AtlantisConfig {
  const environments = [...new Set(paths.filter((p) => p.includes('/terraform/')).map(environmentOf))].sort(
    compareStrings,
  );
  const projects: AtlantisProject[] = [];
  for (const environment of environments) {
    const order = parseOrder(read(terraformOrderFile(environment)));
    const teardown = order.teardown ?? [];
    const layers = order.layers ?? [];
    const group = (module: string) => {
      const layer = layers.findIndex((l) => l.includes(module));
      const at = teardown.indexOf(module);
      return layer !== -1 ? layer : at !== -1 ? layers.length + at : 0;
    };
    for (const file of terraformModuleFiles(environment, paths)) {
      const module = orderName(moduleOfFile(environment, file));
      const reads = (order.modules?.[module]?.dependsOn ?? []).filter((m) => m !== module);
      // Teardown modules destroy in the order listed: each after the one before it.
      const at = teardown.indexOf(module);
      const after = at > 0 ? [teardown[at - 1] as string] : reads;
      const dir = [prefix, file.slice(0, -'/main.tf.json'.length)].filter((p) => p && p !== '.').join('/');
      projects.push({
        name: projectName(environment, module),
        dir,
        workspace: 'default',
        autoplan: { enabled: true, when_modified: ['*.tf.json'] },
        execution_order_group: group(module),
        ...(after.length > 0
          ? { depends_on: after.map((m) => projectName(environment, m)).sort(compareStrings) }
          : {}),
      });
    }
  }
  return { version: 3, automerge: false, parallel_plan: true, parallel_apply: false, projects };
}
