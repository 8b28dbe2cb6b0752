import type { Diagnostic } from '../compiler/diagnostics.js';
import { locate } from '../compiler/load/index.js';
import { toPointer } from '../compiler/load/pointer.js';
import type { ResourceDefinition, Workload } from '../compiler/model.js';
import { compareStrings } from '../util/compare.js';
import type { ResolvedEnvironment } from './environments.js';

interface Claimed {
  identity: { id: string };
  workloads: ReadonlySet<string>;
}

/**
 * Who may use a resource: a definition's `sharedBy` and the Environment's `sharedResources` entry
 * for its id each name the only workloads allowed (both must allow one where both are given). A
 * workload that declares a resource it may not use would receive its credentials, so it is an
 * error at its declaration, before anything is rendered. A workload that reaches it only through a
 * definition's `requires` is an error at that requirement.
 */
export function unallowedClaims(
  environment: ResolvedEnvironment,
  workloads: readonly Workload[],
  /** `workload/resource` → uid, for the workloads' own declarations. */
  declared: ReadonlyMap<string, string>,
  requests: ReadonlyMap<string, Claimed & { origin: { doc: Workload['document']; pointer: string } }>,
  winners: ReadonlyMap<string, ResourceDefinition>,
): Diagnostic[] {
  const direct = new Map<string, string>();
  for (const [key, uid] of declared) direct.set(`${uid}\n${key.split('/')[0]}`, key.split('/')[1] as string);
  const diagnostics: Diagnostic[] = [];
  for (const [uid, definition] of [...winners].sort(([a], [b]) => compareStrings(a, b))) {
    const req = requests.get(uid);
    if (!req) continue;
    const lists = allowedLists(environment, definition, req.identity.id);
    if (lists.length === 0) continue;
    for (const workload of [...req.workloads].sort(compareStrings)) {
      const refused = lists.filter((list) => !list.names.includes(workload));
      if (refused.length === 0) continue;
      const name = direct.get(`${uid}\n${workload}`);
      const doc = workloads.find((w) => w.name === workload)?.document;
      const where =
        name !== undefined && doc
          ? locate(doc, toPointer(['resources', name]), 'key')
          : locate(req.origin.doc, req.origin.pointer, 'key');
      diagnostics.push({
        code: 'PAWS3106',
        severity: 'error',
        message: `workload "${workload}" may not use resource "${req.identity.id}"${name === undefined ? ' (required by a resource it uses)' : ''}: ${refused.map((l) => l.by).join(' and ')} ${refused.length === 1 ? 'allows' : 'allow'} only ${refused[0]?.names.join(', ')}`,
        ...where,
        hint: `use a resource of your own (another id), or ask the platform team to add "${workload}" to ${refused.map((l) => l.by).join(' and ')}`,
      });
    }
  }
  return diagnostics;
}

function allowedLists(
  environment: ResolvedEnvironment,
  definition: ResourceDefinition,
  id: string,
): { by: string; names: string[] }[] {
  const lists: { by: string; names: string[] }[] = [];
  if (definition.spec.sharedBy)
    lists.push({ by: `definition "${definition.name}" (sharedBy)`, names: [...definition.spec.sharedBy] });
  const entry = environment.sharedResources[id];
  if (entry) lists.push({ by: `environment "${environment.name}" (sharedResources.${id})`, names: entry });
  return lists;
}
