import type { PawsConfig } from '../generated/config.js';
import type { EnvironmentDocument } from '../generated/environment.js';
import type { PatchDocument } from '../generated/patch.js';
import type { PolicyDocument } from '../generated/policy.js';
import type { ResourceDefinitionDocument } from '../generated/resource-definition.js';
import type { ResourceTypeDocument } from '../generated/resource-type.js';
import type { Container, ContainerFile, ContainerVolume, PawsWorkload } from '../generated/workload.js';
import type { LoadedDocument } from './load/index.js';

/** A container after the Score upgrade: files and volumes are always maps keyed by target path. */
export type UpgradedContainer = Omit<Container, 'files' | 'volumes'> & {
  files?: Record<string, ContainerFile>;
  volumes?: Record<string, ContainerVolume>;
};

/** A workload spec (paws.dev/v1 or score.dev/v1b1), upgraded to the one shape both share. */
export type WorkloadSpec = Omit<PawsWorkload, 'apiVersion' | 'containers'> & {
  apiVersion: 'paws.dev/v1' | 'score.dev/v1b1';
  containers: Record<string, UpgradedContainer>;
};

export interface Workload {
  name: string;
  spec: WorkloadSpec;
  document: LoadedDocument;
}

export interface PlatformObject<D extends { metadata: { name: string } }> {
  name: string;
  document: LoadedDocument;
  spec: D['spec' & keyof D];
  /** True for objects that ship with paws (the built-in catalog). */
  builtin: boolean;
}

export type Environment = PlatformObject<EnvironmentDocument>;
export type ResourceType = PlatformObject<ResourceTypeDocument>;
export type ResourceDefinition = PlatformObject<ResourceDefinitionDocument>;
export type Patch = PlatformObject<PatchDocument>;
export type Policy = PlatformObject<PolicyDocument>;

export interface Platform {
  environments: Environment[];
  /** By name; platform types replace built-in ones of the same name. */
  resourceTypes: Map<string, ResourceType>;
  definitions: ResourceDefinition[];
  /** Changes to emitted objects, in file order. */
  patches: Patch[];
  /** Guardrails in CEL, in file order. */
  policies: Policy[];
}

export interface ValidatedProject {
  workloads: Workload[];
  platform: Platform;
  /** paws.config.yaml, when it is there and valid. */
  config?: PawsConfig;
}
