// GENERATED FILE: do not edit. Generated from spec/environment.schema.json by `npm run generate`
// (scripts/generate.mjs); a test fails when it is stale.

/**
 * An environment workloads are deployed to (dev, staging, prod, pr-123 …).
 */
export interface EnvironmentDocument {
  /**
   * Always paws.dev/v1 for platform files.
   */
  apiVersion: 'paws.dev/v1';
  /**
   * Always Environment.
   */
  kind: 'Environment';
  /**
   * Identity of this object.
   */
  metadata: {
    /**
     * The environment name (an RFC 1123 label, 2–63 characters).
     */
    name: string;
    /**
     * Free-form labels, for people and tools.
     */
    labels?: {
      /**
       * The label value.
       */
      [k: string]: string | undefined;
    };
    /**
     * Free-form annotations, for people and tools.
     */
    annotations?: {
      /**
       * The annotation value.
       */
      [k: string]: string | undefined;
    };
  };
  /**
   * How workloads are deployed to this environment.
   */
  spec: {
    /**
     * The environment type that definitions match with match.environmentTypes: development, staging, production, preview or any name of yours. Defaults to the extended environment's type, else to development.
     */
    type?: string;
    /**
     * Name of another environment to start from; fields given here replace the inherited ones (maps merge). A preview environment is "extends: staging" with a new name.
     */
    extends?: string;
    /**
     * Whether CI may create short-lived clones of this environment without a file: paws compile|diff|plan|teardown --env <name> --extends <this environment>. Each clone carries its own name in namespaces, the Terraform state location, DNS names, secret names and ArgoCD Applications.
     */
    ephemeral?: {
      /**
       * True lets --extends name this environment as the base of an ephemeral clone.
       */
      allowed: boolean;
      /**
       * The environment type of the clones (e.g. preview, which the built-in catalog serves with in-cluster resources, nothing to destroy in the cloud). Defaults to this environment's type.
       */
      type?: string;
    };
    /**
     * The cluster workloads of this environment run on.
     */
    kubernetes?: {
      /**
       * API server URL of the cluster, as registered in ArgoCD. Defaults to https://kubernetes.default.svc (the cluster ArgoCD runs in).
       */
      server?: string;
      /**
       * Namespace pattern; {{workload}} and {{environment}} are replaced. Defaults to "{{workload}}-{{environment}}".
       */
      namespace?: string;
      /**
       * The Pod Security Standards workloads may ask for (securityProfile, or the annotation paws.dev/security-profile). Defaults to [restricted, baseline]: a root image runs when its workload asks for baseline; privileged must be allowed here.
       *
       * @minItems 1
       */
      securityProfiles?: ('restricted' | 'baseline' | 'privileged')[];
    };
    /**
     * How ArgoCD deploys the rendered output.
     */
    argocd?: {
      /**
       * Namespace ArgoCD runs in; Applications and the AppProject are created there. Defaults to argocd.
       */
      namespace?: string;
      /**
       * AppProject name. Defaults to paws-<environment>.
       */
      project?: string;
      /**
       * Git repository that holds the rendered output.
       */
      repoURL?: string;
      /**
       * Branch, tag or commit of repoURL to deploy. Defaults to HEAD.
       */
      targetRevision?: string;
      /**
       * Folder in repoURL where the output of paws compile is committed. Defaults to the output folder name.
       */
      path?: string;
      /**
       * Sync automatically, with prune and self-heal. Defaults to false (manual sync).
       */
      automated?: boolean;
      /**
       * Web address of Argo CD's UI, e.g. https://argocd.example.com: Backstage entities link to each Application there.
       */
      url?: string;
    };
    /**
     * Terraform settings of the environment's root module.
     */
    terraform?: {
      /**
       * Terraform version constraint. Defaults to ">= 1.11" (needed for write-only arguments).
       */
      requiredVersion?: string;
      /**
       * How the environment's Terraform is split into root modules. modules (the default): one root module per workload (its private resources) and one per shared resource (_shared/<resource>), each with its own state, and <environment>/terraform/order.json giving the apply order. single: one root module for the whole environment, for small projects.
       */
      layout?: 'modules' | 'single';
      /**
       * The backend block: one key, the backend type, mapping to its settings, e.g. { s3: { bucket, key, region } }. Every string may use {{environment}} and, with the modules layout, {{module}} (the module's folder below <environment>/terraform, such as api or _shared/orders-db). When s3, azurerm or oss have no key (gcs no prefix, kubernetes no secret_suffix), paws sets one per environment and module (paws/<environment>/<module>.tfstate; paws/<environment>.tfstate with the single layout). Two environments, or two modules, resolving to the same location are an error.
       */
      backend?: {
        /**
         * Backend settings, as in Terraform.
         */
        [k: string]: {} | undefined;
      };
      /**
       * Provider configurations by provider name, e.g. { aws: { region: eu-west-1 } }.
       */
      providers?: {
        /**
         * Provider settings, as in Terraform.
         */
        [k: string]: {} | undefined;
      };
    };
    /**
     * Where secrets live and how workloads read them (External Secrets Operator).
     */
    secretStore?: {
      /**
       * The External Secrets store kind that ExternalSecrets reference.
       */
      kind?: 'ClusterSecretStore' | 'SecretStore';
      /**
       * Name of the secret store.
       */
      name: string;
      /**
       * Where Terraform publishes resource outputs for workloads to read: aws-secrets-manager (the default), vault (HashiCorp Vault KV v2, through the Terraform vault provider), or none (only existing secrets, secretRef, may be used; a Terraform resource whose outputs must be published is then an error).
       */
      publish?: 'aws-secrets-manager' | 'vault' | 'none';
      /**
       * Vault settings when publish is vault.
       */
      vault?: {
        /**
         * Mount path of the KV v2 secrets engine. Defaults to secret.
         */
        mount?: string;
      };
    };
    /**
     * Rotation counter of the secrets paws generates in this environment (database passwords): raise it to make every one new. Write-only values are sent again when it changes (their _wo_version follows it); a resource rotates alone with the annotation paws.dev/rotation on its workload's resource. Defaults to 0.
     */
    rotation?: number;
    /**
     * Names some clouds keep unique across every account (S3 buckets) start with this: your organisation's short name, say. Without it two companies with the same environment, workload and resource names ask for the same bucket (paws warns, PAWS3010).
     */
    cloudNamePrefix?: string;
    /**
     * Defaults for workloads in this environment.
     */
    defaults?: {
      /**
       * Number of pod replicas of each workload. Defaults to 1.
       */
      replicas?: number;
      /**
       * Defaults for workloads that autoscale.
       */
      autoscaling?: {
        /**
         * Target average CPU utilization in percent when a workload sets neither cpu nor memory. Defaults to 80.
         */
        cpu?: number;
      };
    };
    /**
     * What workloads may ask for in this environment.
     */
    limits?: {
      /**
       * Most replicas a workload runs (replicas) or scales to (autoscaling.max); more is capped to it, with a warning.
       */
      maxReplicas?: number;
    };
    /**
     * Host names of this environment: dns resources get <name>.<zone>, pointing at target.
     */
    dns?: {
      /**
       * DNS zone host names are made in, e.g. prod.example.com (a Route53 public hosted zone for the built-in AWS definition).
       */
      zone?: string;
      /**
       * Host name the records point at: the load balancer of the cluster's gateway or ingress.
       */
      target?: string;
    };
    /**
     * Values of this environment that workloads read through a resource of type environment (${resources.env.NAME}), as Score's environment type reads the shell's. Plain text, committed: never put a secret here.
     */
    variables?: {
      [k: string]: string | undefined;
    };
    /**
     * Who may use a shared resource here, by resource id (resources.<name>.id): only the workloads listed. Any other workload that declares the id is an error at its declaration (it would receive the resource's credentials). Ids not listed are open to every workload.
     */
    sharedResources?: {
      /**
       * Who may use this resource.
       */
      [k: string]:
        | {
            /**
             * Workload names (metadata.name).
             *
             * @minItems 1
             *
             * Items: A workload name.
             */
            workloads: string[];
          }
        | undefined;
    };
    /**
     * Which objects and fields developers may patch in their own workloads here (a workload's patches). Without it, workload patches are refused in this environment.
     *
     * Items: What one kind of object may have changed.
     */
    workloadPatches?: {
      /**
       * The kind, e.g. Deployment.
       */
      kind: string;
      /**
       * JSON Pointers under which changes are allowed, e.g. /spec/template/metadata/annotations.
       *
       * @minItems 1
       *
       * Items: A JSON Pointer prefix.
       */
      paths: string[];
    }[];
  };
}
