import type { ResolvedEnvironment } from '../environment.js';
import type { JsonValue, Value } from '../values.js';
import type { WorkloadSpec } from '../model.js';
import type { Location } from '../diagnostics.js';
import type { PatchOperation } from '../../util/json-patch.js';
import type { SecurityProfile, WorkloadKind } from '../workload-settings.js';

/** Terraform JSON configuration blocks (`resource`, `data`, `ephemeral`, `locals` …), as plain objects. */
export type TerraformBlocks = Record<string, Record<string, unknown>>;

/** A Kubernetes object as a plain object: apiVersion, kind, metadata, … */
export type KubernetesObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string } & Record<string, unknown>;
} & Record<string, unknown>;

/**
 * The per-environment plan: everything the emitters need, as plain serializable data. `paws plan
 * --format json` prints it; emitters read nothing else.
 */
export interface EnvironmentPlan {
  environment: ResolvedEnvironment;
  /** In dependency order: every resource comes after the resources it needs. */
  resources: ResourceInstance[];
  /** Sorted by name. */
  workloads: WorkloadPlan[];
  /** Changes to the emitted objects, in the order they apply: the platform's by name, then each workload's. */
  patches: PatchPlan[];
  /** The policy rules that apply here: how many subjects each checked, and those it failed for. */
  policies?: (PolicyRuleRef & { checked: number; failed: string[] })[];
  /**
   * The rules checked on the emitted objects after patches (object rules; container rules again on
   * the containers a patch changed), with what they read of each workload. Absent when none apply.
   */
  guards?: GuardPlan;
}

/** A rule that emission checks, with its text and where it is written. */
export interface GuardRule extends PolicyRuleRef {
  expression: string;
  condition?: string;
  message: string;
  messageExpression?: string;
  kinds?: string[];
  /** Where the rule's expression is written. */
  at: Location;
}

export interface GuardPlan {
  rules: GuardRule[];
  environment: { name: string; type: string };
  /** By workload: the `workload` variable rules read, and where the workload is named in its file. */
  workloads: Record<string, { variable: Record<string, unknown>; at: Location }>;
}

/** One rule of a Policy, as outcomes and explanations name it. */
export interface PolicyRuleRef {
  policy: string;
  rule: string;
  for: 'environment' | 'workload' | 'container' | 'resource' | 'object';
  file: string;
  severity: 'deny' | 'warn';
}

/** A Patch of the platform, or one of a workload's own patches, as it applies in one environment. */
export interface PatchPlan {
  /** The Patch's name, or `<workload>/patches/<index>`. */
  name: string;
  /** Set for a workload's own patch: it changes only that workload's objects. */
  workload?: string;
  select: { kind?: string; name?: string; workloads?: string[]; labels?: Record<string, string> };
  /** Operations with where each is written, for a positioned error when one cannot apply. */
  jsonPatch?: { operation: PatchOperation; at: Location }[];
  mergePatch?: JsonValue;
  /** Where the patch is written (its select). */
  at: Location;
}

export interface ResourceInstance {
  /** `type.class#id`. */
  uid: string;
  type: string;
  class: string;
  id: string;
  /** Stable names derived from the uid. */
  names: { terraform: string; kubernetes: string };
  /** Namespace of its in-cluster objects: its workload's when private, the environment's shared one otherwise. */
  namespace: string;
  /**
   * The Terraform root module that holds it (a folder below `<env>/terraform`: its workload's, or
   * `_shared/<name>`); unset when Terraform does not make it, or with the single layout.
   */
  module?: string;
  /** Workloads that use it, directly or through a resource that requires it. */
  workloads: string[];
  /** Who asked for it: `workload.resource` for workload resources, `uid/name` for a definition's requires. */
  requestedBy: string[];
  definition: { name: string; file: string; driver: string; builtin: boolean };
  /** Why this definition was chosen. */
  why: string;
  /** Workload params over definition defaults; strings with placeholders are bound to values. */
  params: Record<string, BoundJson>;
  /** Local requirement name → uid of the required resource. */
  requires: Record<string, string>;
  /** Uids this one must come after (requires and params placeholders). */
  dependsOn: string[];
  outputs: Record<string, Value>;
  /** The output names the contract marks secret. */
  secretOutputs: string[];
  /** Version of its write-only values when rotated (absent: 1). */
  rotation?: number;
  /** What the driver creates. */
  fragment: { terraform: TerraformBlocks; kubernetes: KubernetesObject[] };
}

/** JSON where any string may instead be a value expression (a bound placeholder). */
export type BoundJson = JsonValue | { $value: Value } | BoundJson[] | { [key: string]: BoundJson };

export interface WorkloadPlan {
  name: string;
  file: string;
  /** Owner, system, lifecycle and description from its paws.dev/ annotations, for Backstage. */
  catalog: { owner?: string; system?: string; lifecycle?: string; description?: string };
  /** Annotations for the pods: the workload's own, without those paws reads as instructions. */
  annotations: Record<string, string>;
  kind: WorkloadKind;
  /** Pods of a Deployment or StatefulSet in this environment; unset when autoscaled, or for a Job. */
  replicas?: number;
  /** A HorizontalPodAutoscaler's bounds and targets (percent utilization) in this environment. */
  autoscaling?: { min: number; max: number; cpu?: number; memory?: number };
  /** How a Job runs (kind Job), or a CronJob's schedule and how each run goes (kind CronJob). */
  job?: NonNullable<WorkloadSpec['job']>;
  cronJob?: NonNullable<WorkloadSpec['cronJob']>;
  securityProfile: SecurityProfile;
  /** Why that profile, when it is not the default: asked for, or an image that starts as root. */
  securityProfileWhy?: string;
  /** Name of its Service (`k8s.score.dev/service-name`, else the workload name). */
  serviceName: string;
  service?: { ports: Record<string, { port: number; targetPort: number; protocol: 'TCP' | 'UDP' }> };
  containers: Record<string, ContainerPlan>;
  /** Local resource name → uid. */
  resources: Record<string, string>;
}

export interface ContainerPlan {
  image: string;
  command?: string[];
  args?: string[];
  /** Variable name → value, sorted by name. */
  env: Record<string, EnvVarPlan>;
  files: Record<string, FilePlan>;
  volumes: Record<string, VolumePlan>;
  resources?: { limits?: { cpu?: string; memory?: string }; requests?: { cpu?: string; memory?: string } };
  livenessProbe?: ProbePlan;
  readinessProbe?: ProbePlan;
  /** Containers this one must reach a state before (Score `before`): it then runs as an init container. */
  before?: Record<string, { ready: 'started' | 'healthy' | 'complete' }>;
}

export interface EnvVarPlan {
  value: Value;
  /** Where the value came from: a `variables` entry, or `connections` (resource and output). */
  from: 'variables' | { connection: string; output: string };
}

export interface FilePlan {
  mode?: string;
  /** Text content with placeholders bound (content, or a source file's text). */
  content?: Value;
  binaryContent?: string;
  /** Path of the source file, relative to the working directory, when the content comes from one. */
  source?: string;
  noExpand: boolean;
}

export interface VolumePlan {
  source: { resource: string } | { name: string };
  path?: string;
  readOnly: boolean;
}

export type ProbePlan = {
  httpGet?: {
    port: number;
    path: string;
    host?: string;
    scheme?: 'HTTP' | 'HTTPS';
    httpHeaders?: { name: string; value: string }[];
  };
  exec?: { command: string[] };
};

/** `paws explain`: the full story of one resource's match in one environment. */
export interface Explanation {
  environment: string;
  workload: string;
  resource: string;
  uid: string;
  candidates: CandidateReport[];
  winner?: string;
  reason: string;
  /** Policy rules that looked at the resource or its workload here, and whether it passed. */
  policies?: (PolicyRuleRef & { passed: boolean })[];
}

/** How a definition fared against a resource, for `paws explain` and the plan. */
export type Criterion = 'resourceIds' | 'environments' | 'workloads' | 'environmentTypes';

export interface CriterionCheck {
  criterion: Criterion;
  allowed: string[];
  /** The subject's values for the criterion (several workloads for a shared resource). */
  actual: string[];
  pass: boolean;
}

export interface CandidateReport {
  definition: string;
  file: string;
  builtin: boolean;
  classes: string[];
  classPass: boolean;
  checks: CriterionCheck[];
  matched: boolean;
  /** Which criteria the definition sets, in SPECIFICITY order. */
  specificity: Criterion[];
}
