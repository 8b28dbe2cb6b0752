import type { WorkloadPlan } from '../compiler/plan/types.js';
import type { HorizontalPodAutoscaler } from './objects.js';

type Metric = NonNullable<NonNullable<HorizontalPodAutoscaler['spec']>['metrics']>[number];

const utilization = (name: 'cpu' | 'memory', percent: number): Metric => ({
  type: 'Resource',
  resource: { name, target: { type: 'Utilization', averageUtilization: percent } },
});

/** The autoscaling/v2 HorizontalPodAutoscaler of a workload with `autoscaling`, scaling its Deployment or StatefulSet. */
export function autoscalerOf(
  workload: WorkloadPlan,
  metadata: HorizontalPodAutoscaler['metadata'],
): HorizontalPodAutoscaler | undefined {
  const scaling = workload.autoscaling;
  if (!scaling) return undefined;
  const metrics: Metric[] = [];
  if (scaling.cpu !== undefined) metrics.push(utilization('cpu', scaling.cpu));
  if (scaling.memory !== undefined) metrics.push(utilization('memory', scaling.memory));
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata,
    spec: {
      scaleTargetRef: {
        apiVersion: 'apps/v1',
        kind: workload.kind === 'StatefulSet' ? 'StatefulSet' : 'Deployment',
        name: workload.name,
      },
      minReplicas: scaling.min,
      maxReplicas: scaling.max,
      metrics,
    },
  };
}
