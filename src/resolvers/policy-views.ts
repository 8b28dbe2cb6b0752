import type { WorkloadPlan } from '../compiler/plan/types.js';
import { shortestInterval } from '../validate/cron.js';
import { containerImage } from './policy-image.js';

type Quantities = { cpu?: unknown; memory?: unknown } | undefined;

/** A container as Kubernetes holds it, as far as policies read it. */
export interface ContainerObject {
  name?: unknown;
  image?: unknown;
  resources?: { requests?: Quantities; limits?: Quantities };
  livenessProbe?: unknown;
  readinessProbe?: unknown;
  startupProbe?: unknown;
  securityContext?: object;
}

const text = (value: unknown) => (typeof value === 'string' ? value : null);
const flag = (value: unknown) => (typeof value === 'boolean' ? value : null);
const quantities = (q: Quantities) => ({
  cpu: text(q?.cpu) ?? numberText(q?.cpu),
  memory: text(q?.memory) ?? numberText(q?.memory),
});
const numberText = (value: unknown) => (typeof value === 'number' ? String(value) : null);
const names = (value: unknown) => (Array.isArray(value) ? value.filter((v) => typeof v === 'string') : []);

/**
 * What a `container` rule sees of one container: its image in parts, its resources, whether it has
 * probes, and its effective security context (the container's own over the pod's, as the kubelet
 * applies them). Built from the object as Kubernetes would hold it, so a rule reads the same thing
 * whether the container was written by paws or changed by a patch.
 */
export function containerView(
  container: ContainerObject,
  pod: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const own = (container.securityContext ?? {}) as Record<string, unknown>;
  const capabilities = (own.capabilities ?? {}) as { add?: unknown; drop?: unknown };
  const inherited = (key: string) => own[key] ?? pod?.[key];
  return {
    name: text(container.name) ?? '',
    ...containerImage(text(container.image) ?? ''),
    resources: {
      requests: quantities(container.resources?.requests),
      limits: quantities(container.resources?.limits),
    },
    livenessProbe: container.livenessProbe !== undefined,
    readinessProbe: container.readinessProbe !== undefined,
    startupProbe: container.startupProbe !== undefined,
    securityContext: {
      privileged: flag(own.privileged) ?? false,
      allowPrivilegeEscalation: flag(own.allowPrivilegeEscalation),
      runAsNonRoot: flag(inherited('runAsNonRoot')),
      runAsUser: typeof inherited('runAsUser') === 'number' ? inherited('runAsUser') : null,
      readOnlyRootFilesystem: flag(own.readOnlyRootFilesystem) ?? false,
      capabilities: { add: names(capabilities.add), drop: names(capabilities.drop) },
    },
  };
}

/** What rules see of a CronJob's timing (null for other kinds): the schedule, its zone, the shortest gap between runs. */
export function cronView(workload: Pick<WorkloadPlan, 'kind' | 'cronJob'>): Record<string, unknown> | null {
  if (workload.kind !== 'CronJob' || !workload.cronJob) return null;
  const { schedule, timeZone } = workload.cronJob;
  return { schedule, timeZone: timeZone ?? null, minutesBetweenRuns: shortestInterval(schedule) };
}
