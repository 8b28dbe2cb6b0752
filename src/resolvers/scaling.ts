import type { Diagnostic } from '../compiler/diagnostics.js';
import { append, compareStrings } from '../util/compare.js';
import { type LoadedDocument, locate } from '../compiler/load/index.js';
import { toPointer } from '../compiler/load/pointer.js';
import type { WorkloadSpec } from '../compiler/model.js';
import type { WorkloadPlan } from '../compiler/plan/types.js';
import {
  type AutoscalingSpec,
  environmentValues,
  isRunToCompletion,
  type WorkloadKind,
} from '../compiler/workload-settings.js';
import type { ResolvedEnvironment } from './environments.js';

/**
 * How many pods a workload runs in an environment: its entry under `environments` (the nearest in
 * the environment's extends chain; its autoscaling merged over the workload's), else its own
 * `replicas` / `autoscaling`, else the environment's default; capped by the environment's `limits.maxReplicas` with a warning at the value that asked
 * for more. Jobs and CronJobs run no replicas.
 */
export function scalingFor(
  spec: WorkloadSpec,
  kind: WorkloadKind,
  env: ResolvedEnvironment,
  doc: LoadedDocument,
): { scaling: Pick<WorkloadPlan, 'replicas' | 'autoscaling'>; diagnostics: Diagnostic[] } {
  if (isRunToCompletion(kind)) return { scaling: {}, diagnostics: [] };
  const entry = environmentValues(spec, env.lineage);
  const at = (...path: string[]) =>
    toPointer(entry && pathIn(entry.values, path[0]) ? ['environments', entry.name, ...path] : path);
  const diagnostics: Diagnostic[] = [];
  const cap = (value: number, pointer: string, what: string) => {
    const max = env.limits.maxReplicas;
    if (max === undefined || value <= max) return value;
    diagnostics.push({
      code: 'PAWS3008',
      severity: 'warning',
      message: `${what} is ${value}, but environment "${env.name}" allows at most ${max} replicas: ${max} it is`,
      ...locate(doc, pointer),
      hint: `ask for at most ${max} in "${env.name}" (environments.${env.name} in the workload), or ask the platform team to raise limits.maxReplicas`,
    });
    return max;
  };
  // An environment's autoscaling is merged over the workload's, field by field (like variables).
  const own = entry?.values.autoscaling;
  const autoscaling = own ? { ...(spec.autoscaling ?? {}), ...own } : spec.autoscaling;
  if (autoscaling?.max !== undefined) {
    const scaling = autoscaler({ ...autoscaling, max: autoscaling.max }, env, at, cap);
    append(diagnostics, unrequested(spec, scaling, doc, autoscalingPointer(entry, spec)));
    return { scaling: { autoscaling: scaling }, diagnostics };
  }
  const replicas = entry?.values.replicas ?? spec.replicas;
  if (replicas === undefined) return { scaling: { replicas: env.defaults.replicas }, diagnostics };
  return { scaling: { replicas: cap(replicas, at('replicas'), 'replicas') }, diagnostics };
}

const pathIn = (values: object, key: string | undefined) => key !== undefined && Object.hasOwn(values, key);

function autoscaler(
  spec: AutoscalingSpec,
  env: ResolvedEnvironment,
  at: (...path: string[]) => string,
  cap: (value: number, pointer: string, what: string) => number,
): NonNullable<WorkloadPlan['autoscaling']> {
  const max = cap(spec.max, at('autoscaling', 'max'), 'autoscaling.max');
  const min = Math.min(spec.min ?? 1, max);
  const cpu = spec.cpu ?? (spec.memory === undefined ? env.defaults.autoscaling.cpu : undefined);
  return {
    min,
    max,
    ...(cpu !== undefined ? { cpu } : {}),
    ...(spec.memory !== undefined ? { memory: spec.memory } : {}),
  };
}

type Entry = ReturnType<typeof environmentValues>;

const autoscalingPointer = (entry: Entry, spec: WorkloadSpec) =>
  entry?.values.autoscaling
    ? toPointer(['environments', entry.name, 'autoscaling'])
    : spec.autoscaling
      ? '/autoscaling'
      : '';

/**
 * An autoscaler targets a utilization in percent of the containers' requests; a container with no
 * request (nor a limit, which Kubernetes copies into it) for that resource leaves the target
 * undefined and the HorizontalPodAutoscaler never scales.
 */
function unrequested(
  spec: WorkloadSpec,
  scaling: NonNullable<WorkloadPlan['autoscaling']>,
  doc: LoadedDocument,
  pointer: string,
): Diagnostic[] {
  const metrics = (['cpu', 'memory'] as const).filter((m) => scaling[m] !== undefined);
  return metrics.flatMap((metric) => {
    const missing = Object.entries(spec.containers)
      .filter(
        ([, c]) =>
          c.resources?.requests?.[metric] === undefined && c.resources?.limits?.[metric] === undefined,
      )
      .map(([name]) => name)
      .sort(compareStrings);
    if (missing.length === 0) return [];
    return [
      {
        code: 'PAWS3014',
        severity: 'warning',
        message: `autoscaling targets ${metric} utilization, but container${missing.length === 1 ? '' : 's'} ${missing.map((n) => `"${n}"`).join(', ')} request${missing.length === 1 ? 's' : ''} no ${metric}: the autoscaler cannot compute the utilization and never scales`,
        ...locate(doc, pointer),
        hint: `set containers.${missing[0]}.resources.requests.${metric} (e.g. ${metric === 'cpu' ? '"250m"' : '"256Mi"'}) in every container`,
      } satisfies Diagnostic,
    ];
  });
}
