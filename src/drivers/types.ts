import type { DriverKind } from './kinds.js';
import type { Diagnostic } from '../compiler/diagnostics.js';
import type { ResourceDefinition } from '../compiler/model.js';
import type { KubernetesObject, TerraformBlocks } from '../compiler/plan/types.js';
import type { Value } from '../compiler/values.js';
import type { ResolvedEnvironment } from '../compiler/environment.js';
import type { WorkloadKind } from '../compiler/workload-settings.js';

export type { KubernetesObject, TerraformBlocks } from '../compiler/plan/types.js';

/** What every driver receives: the matched definition and everything resolution knows about the resource. */
export interface DriverInput {
  definition: ResourceDefinition;
  resource: {
    uid: string;
    type: string;
    class: string;
    id: string;
    /** Stable, unique Terraform identifier. */
    tfName: string;
    /** Stable, unique Kubernetes name. */
    k8sName: string;
    /** Namespace for in-cluster objects: the workload's for a private resource, the environment's shared one otherwise. */
    namespace: string;
    /**
     * The version of its write-only values (`password_wo_version`): 1, raised by the environment's
     * `rotation` and the resource's `paws.dev/rotation` annotation, so a rotation sends them again.
     */
    rotation: number;
  };
  /** Params as templates see them: literals, and Terraform references as "${…}" text. */
  params: Record<string, unknown>;
  environment: ResolvedEnvironment;
  workloads: string[];
  /** Outputs of required resources by local name (secrets left out: templates render plain text). */
  requires: Record<string, Record<string, unknown>>;
  /** Secret name and key of each in-cluster generated secret of a required resource (kubernetes templates mount them). */
  requiredSecrets: Record<string, Record<string, { name: string; key: string }>>;
  /** Every workload's Service (name, namespace, ports), for drivers that address another workload. */
  services: Record<
    string,
    {
      name: string;
      namespace: string;
      ports: Record<string, { port: number; targetPort: number }>;
      /** What runs the workload's pods (the scale target of an autoscaler). */
      workloadKind: WorkloadKind;
    }
  >;
  /** Terraform reference of each generated secret output (terraform and cdktf drivers). */
  generated: Record<string, string>;
  /** Kubernetes Secret holding each generated secret output (kubernetes driver): both the resource and its workloads read it. */
  secrets: Record<string, { name: string; key: string }>;
  /** The definition's outputs, already evaluated. */
  outputs: Record<string, Value>;
  /** The same outputs as templates see them (secrets left out): a template may use what its outputs computed. */
  outputText: Record<string, unknown>;
  /** Text of a file next to the definition (its template), read during load. */
  readAsset(relativePath: string): string | undefined;
}

/** What a driver produces: infrastructure to create, and the values it makes available. */
export interface Fragment {
  terraform: TerraformBlocks;
  kubernetes: KubernetesObject[];
  /** Outputs the driver computed itself (cdktf); merged under the definition's `outputs`. */
  outputs?: Record<string, Value>;
}

export interface Driver {
  kind: DriverKind;
  /** Drivers do no I/O beyond their own template or module. */
  render(input: DriverInput): Promise<{ fragment?: Fragment; diagnostics: Diagnostic[] }>;
}

export const EMPTY_FRAGMENT: Fragment = { terraform: {}, kubernetes: [] };
