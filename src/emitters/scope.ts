import type { EnvironmentPlan } from '../compiler/plan/types.js';
import { SHARED_FOLDER } from '../compiler/identity.js';

/**
 * The files of an environment's output that a compile of some workloads may write: their own
 * folders, the folders of the resources they use (private or shared), and the files every workload
 * appears in (Argo CD Applications, namespaces, secret stores, the apply order, a single root
 * module). Every other workload's and resource's folder is left as it is: a compile given paths
 * never prunes or tears down what it did not select.
 */
export function scopeOf(plan: EnvironmentPlan, workloads: ReadonlySet<string>): (path: string) => boolean {
  const env = plan.environment.name;
  const owned = new Set<string>();
  for (const workload of workloads) {
    owned.add(`kubernetes/${workload}`);
    owned.add(`terraform/${workload}`);
  }
  for (const resource of plan.resources) {
    if (!resource.workloads.some((w) => workloads.has(w))) continue;
    owned.add(`kubernetes/${SHARED_FOLDER}/${resource.names.kubernetes}`);
    if (resource.module) owned.add(`terraform/${resource.module}`);
  }
  return (path) => {
    const folder = folderOf(env, path);
    return folder === undefined || owned.has(folder);
  };
}

/**
 * The folder of one workload or resource a path lies in (`kubernetes/api`, `terraform/_shared/x`),
 * or undefined for a file of the whole environment.
 */
function folderOf(env: string, path: string): string | undefined {
  if (!path.startsWith(`${env}/`)) return undefined;
  const [tool, first, second, file] = path.slice(env.length + 1).split('/');
  if ((tool !== 'kubernetes' && tool !== 'terraform') || second === undefined) return undefined;
  if (first !== SHARED_FOLDER) return `${tool}/${first}`;
  // _shared/_namespaces and _shared/_secret-stores/<namespace> hold what every workload needs.
  if (file === undefined || second.startsWith('_')) return undefined;
  return `${tool}/${SHARED_FOLDER}/${second}`;
}
