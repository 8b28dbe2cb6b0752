import type { WorkloadPlan } from '../compiler/plan/types.js';
import type { CronJob, Job, StatefulSet } from './objects.js';

type PodTemplate = NonNullable<StatefulSet['spec']>['template'];
type JobSettings = NonNullable<WorkloadPlan['job']>;

/**
 * Argo CD cannot apply a changed Job (its pod template is immutable), so it replaces it: the run
 * starts again with the new spec, which is what a new image of a Job means. Replace alone issues a
 * `kubectl replace`, which the immutable template refuses too; with Force the Job is deleted and
 * created again (Argo CD's documented sync options for Jobs, argo-cd #9163). Not a sync hook: a hook
 * is not part of the application's health, and would run before every sync, not once per version.
 */
const REPLACE = { 'argocd.argoproj.io/sync-options': 'Force=true,Replace=true' };

/** The Job's spec: its pods never restart in place unless asked (failed pods stay for their logs). */
function jobSpec(settings: JobSettings, template: PodTemplate): NonNullable<Job['spec']> {
  return {
    ...(settings.backoffLimit !== undefined ? { backoffLimit: settings.backoffLimit } : {}),
    ...(settings.activeDeadlineSeconds !== undefined
      ? { activeDeadlineSeconds: settings.activeDeadlineSeconds }
      : {}),
    ...(settings.completions !== undefined ? { completions: settings.completions } : {}),
    ...(settings.parallelism !== undefined ? { parallelism: settings.parallelism } : {}),
    template: {
      ...template,
      spec: { ...(template.spec as object), restartPolicy: settings.restartPolicy ?? 'Never' } as NonNullable<
        PodTemplate['spec']
      >,
    },
  };
}

/** A Job (`job:`) runs once per version of its spec. */
export function jobOf(workload: WorkloadPlan, metadata: Job['metadata'], template: PodTemplate): Job {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { ...metadata, annotations: { ...(metadata?.annotations ?? {}), ...REPLACE } },
    spec: jobSpec(workload.job ?? {}, template),
  };
}

/**
 * A CronJob (`cronJob:`): Forbid by default, so a slow run is never joined by the next one (the
 * Kubernetes default, Allow, lets runs pile up).
 */
export function cronJobOf(
  workload: WorkloadPlan,
  metadata: CronJob['metadata'],
  template: PodTemplate,
): CronJob {
  const settings = workload.cronJob ?? { schedule: '@daily' };
  const { backoffLimit, activeDeadlineSeconds, restartPolicy } = settings;
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata,
    spec: {
      schedule: settings.schedule,
      ...(settings.timeZone !== undefined ? { timeZone: settings.timeZone } : {}),
      concurrencyPolicy: settings.concurrencyPolicy ?? 'Forbid',
      successfulJobsHistoryLimit: settings.successfulJobsHistoryLimit ?? 3,
      failedJobsHistoryLimit: settings.failedJobsHistoryLimit ?? 1,
      ...(settings.startingDeadlineSeconds !== undefined
        ? { startingDeadlineSeconds: settings.startingDeadlineSeconds }
        : {}),
      ...(settings.suspend !== undefined ? { suspend: settings.suspend } : {}),
      jobTemplate: {
        metadata: { labels: template.metadata?.labels ?? {} },
        spec: jobSpec(
          {
            ...(backoffLimit !== undefined ? { backoffLimit } : {}),
            ...(activeDeadlineSeconds !== undefined ? { activeDeadlineSeconds } : {}),
            ...(restartPolicy !== undefined ? { restartPolicy } : {}),
          },
          template,
        ),
      },
    },
  };
}
