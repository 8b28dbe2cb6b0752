import type { WorkloadSpec } from './model.js';

/**
 * Settings a workload gives paws rather than its pods: a paws.dev/v1 field, or an annotation that a
 * plain Score file can carry (score-k8s reads `k8s.score.dev/*` the same way). They are instructions
 * to the compiler, so none of them is copied onto the pods.
 */
export const SECURITY_PROFILES = ['restricted', 'baseline', 'privileged'] as const;
export type SecurityProfile = (typeof SECURITY_PROFILES)[number];

/** Kinds the `k8s.score.dev/kind` annotation may ask for (as score-k8s); Jobs come from job / cronJob. */
export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet'] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number] | 'Job' | 'CronJob';

/** Kinds that run to completion: no Service, no replicas, no PodDisruptionBudget, no autoscaler. */
export const isRunToCompletion = (kind: WorkloadKind) => kind === 'Job' || kind === 'CronJob';

export const ANNOTATIONS = {
  securityProfile: 'paws.dev/security-profile',
  owner: 'paws.dev/owner',
  system: 'paws.dev/system',
  lifecycle: 'paws.dev/lifecycle',
  description: 'paws.dev/description',
  kind: 'k8s.score.dev/kind',
  serviceName: 'k8s.score.dev/service-name',
} as const;

/** Annotation prefixes paws reads as instructions; annotations under them stay off the pods. */
const COMPILER_PREFIXES = ['paws.dev/', 'k8s.score.dev/'];

export interface WorkloadSettings {
  securityProfile: SecurityProfile;
  kind: WorkloadKind;
  /** Name of the workload's Service (and of the StatefulSet's headless one, with "-headless"). */
  serviceName: string;
}

/** A Service name is an RFC 1035 label: it becomes a DNS name and an environment variable prefix. */
export const SERVICE_NAME = /^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;

function annotationsOf(spec: WorkloadSpec): Record<string, string> {
  return (spec.metadata.annotations ?? {}) as Record<string, string>;
}

function oneOf<T extends string>(allowed: readonly T[], value: string | undefined): T | undefined {
  return value !== undefined && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
}

/** The security profile a workload asks for itself (securityProfile, or the annotation), if any. */
export function askedProfile(spec: WorkloadSpec): string | undefined {
  return spec.securityProfile ?? annotationsOf(spec)[ANNOTATIONS.securityProfile];
}

/** The settings, each invalid one replaced by its default (validation reports it). */
export function workloadSettings(spec: WorkloadSpec): WorkloadSettings {
  const annotations = annotationsOf(spec);
  const serviceName = annotations[ANNOTATIONS.serviceName];
  return {
    securityProfile:
      spec.securityProfile ??
      oneOf(SECURITY_PROFILES, annotations[ANNOTATIONS.securityProfile]) ??
      'restricted',
    kind: spec.cronJob
      ? 'CronJob'
      : spec.job
        ? 'Job'
        : (oneOf(WORKLOAD_KINDS, annotations[ANNOTATIONS.kind]) ?? 'Deployment'),
    serviceName: serviceName && SERVICE_NAME.test(serviceName) ? serviceName : spec.metadata.name,
  };
}

/** The workload's annotations that go onto its pods. */
export function podAnnotations(spec: WorkloadSpec): Record<string, string> {
  return Object.fromEntries(
    Object.entries(annotationsOf(spec)).filter(([key]) => !COMPILER_PREFIXES.some((p) => key.startsWith(p))),
  );
}

export type AutoscalingSpec = NonNullable<WorkloadSpec['autoscaling']>;
type EnvironmentValues = NonNullable<NonNullable<WorkloadSpec['environments']>[string]>;

/**
 * The per-environment entry that applies in an environment: its own, else the nearest environment
 * it extends (so a preview cloned from staging gets staging's values). `lineage` starts with the
 * environment itself.
 */
export function environmentValues(
  spec: WorkloadSpec,
  lineage: readonly string[],
): { name: string; values: EnvironmentValues } | undefined {
  for (const name of lineage) {
    const values = spec.environments?.[name];
    if (values && Object.hasOwn(spec.environments ?? {}, name)) return { name, values };
  }
  return undefined;
}

/** Who owns the workload and where it belongs, for software catalogs (Backstage). */
export function catalogInfo(spec: WorkloadSpec): {
  owner?: string;
  system?: string;
  lifecycle?: string;
  description?: string;
} {
  const annotations = annotationsOf(spec);
  const pick = (key: string) =>
    annotations[key] ? { [key.slice('paws.dev/'.length)]: annotations[key] } : {};
  return {
    ...pick(ANNOTATIONS.owner),
    ...pick(ANNOTATIONS.system),
    ...pick(ANNOTATIONS.lifecycle),
    ...pick(ANNOTATIONS.description),
  };
}
