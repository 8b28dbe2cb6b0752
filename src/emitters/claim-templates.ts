import type { EnvironmentPlan, ResourceInstance, WorkloadPlan } from '../compiler/plan/types.js';
import type { PersistentVolumeClaim } from './objects.js';
import { resourceByUid } from './secrets.js';

/**
 * A StatefulSet gives each pod its own claim: a volume resource private to a StatefulSet workload,
 * made of one PersistentVolumeClaim that its `source` output names, becomes a volumeClaimTemplate of
 * the StatefulSet instead of one claim all pods would share.
 */
export function claimTemplate(
  workload: WorkloadPlan,
  resource: ResourceInstance | undefined,
): PersistentVolumeClaim | undefined {
  if (workload.kind !== 'StatefulSet' || !resource) return undefined;
  if (resource.workloads.length !== 1 || resource.workloads[0] !== workload.name) return undefined;
  const objects = resource.fragment.kubernetes;
  const claim = objects[0];
  if (objects.length !== 1 || claim?.kind !== 'PersistentVolumeClaim' || claim.apiVersion !== 'v1')
    return undefined;
  const source = resource.outputs.source;
  const claimName =
    source?.kind === 'literal'
      ? (source.value as { persistentVolumeClaim?: { claimName?: unknown } } | null)?.persistentVolumeClaim
          ?.claimName
      : undefined;
  return claimName === claim.metadata.name ? (claim as PersistentVolumeClaim) : undefined;
}

/** Uids of the resources that became volumeClaimTemplates: their claims are not emitted on their own. */
export function claimTemplateResources(plan: EnvironmentPlan): Set<string> {
  const uids = new Set<string>();
  for (const workload of plan.workloads) {
    for (const container of Object.values(workload.containers)) {
      for (const volume of Object.values(container.volumes)) {
        if (!('resource' in volume.source)) continue;
        if (claimTemplate(workload, resourceByUid(plan, volume.source.resource)))
          uids.add(volume.source.resource);
      }
    }
  }
  return uids;
}
