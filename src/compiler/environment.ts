import type { SecurityProfile } from './workload-settings.js';

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
    targetRevision: string;
    path: string;
    automated: boolean;
  };
  terraform: {
    requiredVersion: string;
    backend?: Record<string, Record<string, unknown>>;
    providers: Record<string, Record<string, unknown>>;
  };
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
  defaults: { replicas: number };
  /** Values workloads read through a resource of type environment. */
  variables: Record<string, string>;
  /** Host names: the zone they are made in and what they point at (the cluster's ingress or gateway). */
  dns?: { zone?: string; target?: string };
  /** Where it is defined; undefined for the embedded default environment. */
  file?: string;
}
