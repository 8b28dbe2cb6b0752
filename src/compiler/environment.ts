import { kubernetesLabel } from './identity.js';
import type { SecurityProfile } from './workload-settings.js';

export type TerraformLayout = 'modules' | 'single';

/** The environment paws plans when the platform defines none. */
export const DEFAULT_ENVIRONMENT_NAME = 'dev';

/**
 * The environment every stage after validation works with: a data contract below resolvers, drivers
 * and emitters, so none of them imports another for it.
 */
/** An environment with `extends` applied and every default filled in. */
export interface ResolvedEnvironment {
  name: string;
  type: string;
  /** The chain of environments it was built from, itself first. */
  lineage: string[];
  kubernetes: {
    server: string;
    namespace: string;
    /** The Pod Security Standards workloads may ask for. */
    securityProfiles: SecurityProfile[];
  };
  argocd: {
    namespace: string;
    project: string;
    repoURL?: string;
    /** Argo CD's web UI, for links. */
    url?: string;
    targetRevision: string;
    path: string;
    automated: boolean;
  };
  terraform: {
    requiredVersion: string;
    /** modules: a root module per workload and per shared resource; single: one for the environment. */
    layout: TerraformLayout;
    /** With `{{environment}}` filled in; `{{module}}` is filled in per module when emitting. */
    backend?: Record<string, Record<string, unknown>>;
    providers: Record<string, Record<string, unknown>>;
  };
  /** The platform's unique part of names that are global (S3 buckets), e.g. an organisation's short name. */
  cloudNamePrefix?: string;
  /** Rotation counter of generated secrets (absent: 0). */
  rotation?: number;
  secretStore: {
    kind: 'ClusterSecretStore' | 'SecretStore';
    name: string;
    publish: 'aws-secrets-manager' | 'vault' | 'none';
    /** KV v2 mount when publishing to Vault. */
    vault?: { mount: string };
  };
  /** Whether CI may clone it with --extends, and the type of the clones. */
  ephemeral?: { allowed: boolean; type?: string };
  /** Set on an ephemeral clone made with --extends: the environment it was cloned from. */
  clonedFrom?: string;
  defaults: { replicas: number; autoscaling: { cpu: number } };
  /** What developers may change with their own patches: kinds and JSON Pointer prefixes. */
  workloadPatches: { kind: string; paths: string[] }[];
  /** What workloads may ask for: more is capped, with a warning. */
  limits: { maxReplicas?: number };
  /** Resource id → the only workloads that may use it here. */
  sharedResources: Record<string, string[]>;
  /** Values workloads read through a resource of type environment. */
  variables: Record<string, string>;
  /** Host names: the zone they are made in and what they point at (the cluster's ingress or gateway). */
  dns?: { zone?: string; target?: string };
  /** Where it is defined; undefined for the embedded default environment. */
  file?: string;
}

/** Where a module's name goes in the backend settings; left in the resolved environment until emission. */
export const MODULE_PLACEHOLDER = '{{module}}';

/**
 * A module's backend: `{{module}}` replaced by its folder (`api`, `_shared/orders-db`; `main` with the
 * single layout). The kubernetes backend names a Secret, so it gets the folder as a label.
 */
export function moduleBackend(
  env: ResolvedEnvironment,
  module: string,
): Record<string, Record<string, unknown>> | undefined {
  const backend = env.terraform.backend;
  if (!backend) return undefined;
  const out: Record<string, Record<string, unknown>> = {};
  for (const [type, settings] of Object.entries(backend)) {
    const name = type === 'kubernetes' ? kubernetesLabel(module) : module;
    out[type] = JSON.parse(JSON.stringify(settings).split(MODULE_PLACEHOLDER).join(name)) as Record<
      string,
      unknown
    >;
  }
  return out;
}
