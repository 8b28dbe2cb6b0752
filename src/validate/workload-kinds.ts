import type { Diagnostic, DiagnosticCode } from '../compiler/diagnostics.js';
import { type LoadedDocument, locate } from '../compiler/load/index.js';
import { toPointer } from '../compiler/load/pointer.js';
import type { WorkloadSpec } from '../compiler/model.js';
import { didYouMean } from '../compiler/suggest.js';
import { ANNOTATIONS, type AutoscalingSpec } from '../compiler/workload-settings.js';
import { cronProblem, timeZoneNames, timeZoneProblem } from './cron.js';

type Check = { doc: LoadedDocument; spec: WorkloadSpec; diagnostics: Diagnostic[] };

const error = (c: Check, code: DiagnosticCode, message: string, pointer: string, hint: string) =>
  c.diagnostics.push({ code, severity: 'error', message, ...locate(c.doc, pointer), hint });

/**
 * What the schema cannot say about kinds and scaling: a Job or a CronJob (never both, never with a
 * Service, replicas or an autoscaler), a schedule the CronJob controller accepts, autoscaling bounds
 * in order, and per-environment entries for environments that exist.
 */
export function checkWorkloadKinds(
  doc: LoadedDocument,
  spec: WorkloadSpec,
  environmentNames: readonly string[] | undefined,
): Diagnostic[] {
  const c: Check = { doc, spec, diagnostics: [] };
  checkRunToCompletion(c);
  const schedule = spec.cronJob?.schedule;
  const problem = schedule === undefined ? undefined : cronProblem(schedule);
  if (problem)
    error(
      c,
      'PAWS2512',
      `cronJob.schedule "${schedule}" is not a schedule a CronJob accepts: ${problem}`,
      '/cronJob/schedule',
      'five fields, minute hour day-of-month month day-of-week, e.g. "0 3 * * *" (every day at 03:00) or "*/15 * * * *"; or @hourly, @daily, @weekly, @monthly, @yearly',
    );
  checkTimeZone(c, spec.cronJob?.timeZone);
  checkScaling(c, spec, []);
  for (const [name, values] of Object.entries(spec.environments ?? {})) {
    if (values) checkScaling(c, values, ['environments', name]);
  }
  checkEnvironmentNames(c, environmentNames);
  return c.diagnostics;
}

function checkRunToCompletion(c: Check): void {
  const { spec } = c;
  const kind = spec.cronJob ? 'cronJob' : spec.job ? 'job' : undefined;
  if (!kind) return;
  const what = kind === 'cronJob' ? 'a CronJob' : 'a Job';
  if (spec.job && spec.cronJob)
    error(
      c,
      'PAWS2511',
      'the workload has both job and cronJob',
      '/cronJob',
      'keep job for a run to completion on every deploy, or cronJob for runs on a schedule',
    );
  const annotated = spec.metadata.annotations?.[ANNOTATIONS.kind];
  if (annotated !== undefined)
    error(
      c,
      'PAWS2511',
      `the workload is ${what} (${kind}) but annotation ${ANNOTATIONS.kind} says "${annotated}"`,
      toPointer(['metadata', 'annotations', ANNOTATIONS.kind]),
      `remove the annotation, or remove ${kind}`,
    );
  if (Object.keys(spec.service?.ports ?? {}).length > 0)
    error(
      c,
      'PAWS2511',
      `${what} runs to completion and has no Service, but the workload publishes service ports`,
      '/service',
      `remove service, or make the workload a Deployment (remove ${kind})`,
    );
  const scaled: [string[], string][] = [];
  if (spec.replicas !== undefined) scaled.push([['replicas'], 'replicas']);
  if (spec.autoscaling) scaled.push([['autoscaling'], 'autoscaling']);
  for (const [name, values] of Object.entries(spec.environments ?? {})) {
    if (values?.replicas !== undefined) scaled.push([['environments', name, 'replicas'], 'replicas']);
    if (values?.autoscaling) scaled.push([['environments', name, 'autoscaling'], 'autoscaling']);
  }
  for (const [path, field] of scaled)
    error(
      c,
      'PAWS2511',
      `${what} runs its pods to completion: ${field} does not apply`,
      toPointer(path),
      kind === 'job' ? 'use job.parallelism and job.completions for more pods' : `remove ${field}`,
    );
}

function checkTimeZone(c: Check, zone: string | undefined): void {
  const problem = zone === undefined ? undefined : timeZoneProblem(zone);
  if (zone === undefined || !problem) return;
  const suggestion = didYouMean(zone, timeZoneNames());
  error(
    c,
    'PAWS2516',
    `cronJob.timeZone "${zone}" is not a time zone Kubernetes accepts: ${problem}${suggestion && !problem.includes(suggestion) ? `; did you mean "${suggestion}"?` : ''}`,
    '/cronJob/timeZone',
    'an IANA time zone name, e.g. Europe/Berlin, America/New_York or Etc/UTC',
  );
}

type ScalingValues = { replicas?: number; autoscaling?: Partial<AutoscalingSpec> };

function checkScaling(c: Check, values: ScalingValues, at: string[]): void {
  const top = at.length === 0 ? undefined : c.spec.autoscaling;
  if (top && values.replicas !== undefined && !values.autoscaling)
    error(
      c,
      'PAWS2513',
      'replicas is set here, but the workload has autoscaling: the autoscaler owns the replica count, so this value would be dropped',
      toPointer([...at, 'replicas']),
      `for a fixed count here, set ${at.join('.')}.autoscaling: { min: ${values.replicas}, max: ${values.replicas} }`,
    );
  if (!values.autoscaling) return;
  // A per-environment entry is merged field by field over the workload's own.
  const scaling = { ...(top ?? {}), ...values.autoscaling };
  if (scaling.max === undefined)
    error(
      c,
      'PAWS2513',
      'autoscaling here has no max, and the workload has no autoscaling to take it from',
      toPointer([...at, 'autoscaling']),
      'set max (the most replicas), or set autoscaling at the top of the workload for every environment',
    );
  if (scaling.min !== undefined && scaling.max !== undefined && scaling.min > scaling.max)
    error(
      c,
      'PAWS2513',
      `autoscaling.min (${scaling.min}) is more than autoscaling.max (${scaling.max})`,
      toPointer([...at, 'autoscaling', values.autoscaling.min !== undefined ? 'min' : 'max']),
      'min is the fewest replicas, max the most: min ≤ max',
    );
  if (values.replicas !== undefined)
    error(
      c,
      'PAWS2513',
      'replicas and autoscaling are both set: the autoscaler owns the replica count',
      toPointer([...at, 'replicas']),
      'keep autoscaling (min is the fewest replicas), or replicas for a fixed count',
    );
  const hpa = Object.entries(c.spec.resources ?? {}).find(([, r]) => r?.type === 'horizontal-pod-autoscaler');
  if (hpa && at.length === 0)
    error(
      c,
      'PAWS2513',
      `autoscaling and the resource "${hpa[0]}" of type horizontal-pod-autoscaler would make two autoscalers`,
      toPointer(['resources', hpa[0]]),
      'keep one: the autoscaling field, or the resource',
    );
}

function checkEnvironmentNames(c: Check, names: readonly string[] | undefined): void {
  if (!names) return;
  const unknown = (name: string, what: string, pointer: string, key?: 'key') => {
    if (names.includes(name)) return;
    const suggestion = didYouMean(name, [...names]);
    c.diagnostics.push({
      code: 'PAWS2514',
      severity: 'warning',
      message: `${what}: no environment is named "${name}"${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
      ...locate(c.doc, pointer, key),
      hint: `environments: ${names.join(', ')} (an entry also applies to the ephemeral clones of its environment)`,
    });
  };
  for (const name of Object.keys(c.spec.environments ?? {}))
    unknown(name, `environments.${name}`, toPointer(['environments', name]), 'key');
  (c.spec.patches ?? []).forEach((patch, index) =>
    (patch.environments ?? []).forEach((name, at) =>
      unknown(
        name,
        `patches[${index}].environments`,
        toPointer(['patches', String(index), 'environments', String(at)]),
      ),
    ),
  );
}
