// GENERATED FILE: do not edit. Generated from spec/workload.schema.json by `npm run generate`
// (scripts/generate.mjs); a test fails when it is stale.

/**
 * The details of a file to mount in the container. One of 'source', 'content', or 'binaryContent' must be provided.
 */
export type ContainerFile = {
  /**
   * @deprecated
   * (Deprecated) The file path to expose in the container. This is only used in Score workloads that describe files as an array.
   */
  target?: string;
  /**
   * The optional file access mode in octal encoding. For example 0600.
   */
  mode?: string;
  /**
   * The relative or absolute path to the content file.
   */
  source?: string;
  /**
   * The inline content for the file. Only supports valid utf-8.
   */
  content?: string;
  /**
   * Inline standard-base64 encoded content for the file. Does not support placeholder expansion.
   */
  binaryContent?: string;
  /**
   * If set to true, the placeholders expansion will not occur in the contents of the file.
   */
  noExpand?: boolean;
} & ContainerFile1;
export type ContainerFile1 = {
  [k: string]: unknown | undefined;
};
/**
 * The status of the container before the next container is started.
 */
export type Ready = 'started' | 'healthy' | 'complete';
/**
 * The liveness probe for the container.
 */
export type ContainerProbe = {
  [k: string]: unknown | undefined;
} & {
  httpGet?: HttpProbe;
  exec?: ExecProbe;
};
/**
 * The readiness probe for the container.
 */
export type ContainerProbe1 = {
  [k: string]: unknown | undefined;
} & {
  httpGet?: HttpProbe;
  exec?: ExecProbe;
};
/**
 * A JSON Patch (RFC 6902): operations applied in order; test checks a value. A path that does not exist where it must is an error at the operation.
 *
 * @minItems 1
 *
 * Items: One operation.
 */
export type JsonPatch = {
  /**
   * add, remove, replace, move, copy or test.
   */
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  /**
   * JSON Pointer of the target, e.g. /spec/template/spec/tolerations/- ("-" appends to a list).
   */
  path: string;
  /**
   * JSON Pointer of the source (move and copy).
   */
  from?: string;
  /**
   * The value (add, replace and test).
   */
  value?: {
    [k: string]: unknown | undefined;
  };
}[];

/**
 * A paws workload: the Score v1b1 workload model plus paws extensions. Commit it as paws.yaml next to the code; it names no environment.
 */
export interface PawsWorkload {
  /**
   * The spec version: paws.dev/v1 for a paws workload (Score v1b1 plus the paws extensions). Score files keep score.dev/v1b1 and are validated against the Score schema.
   */
  apiVersion: 'paws.dev/v1';
  /**
   * The metadata description of the Workload.
   */
  metadata: {
    /**
     * A string that can describe the Workload. This must be a valid RFC1123 Label Name of up to 63 characters, including a-z, 0-9, '-' but may not start or end with '-'.
     */
    name: string;
    /**
     * Annotations that apply to the Workload. The annotation can contain A-Z, a-z, 0-9, and '-' and may contain an optional /-separated RFC1123 Host Name prefix.
     */
    annotations?: {
      /**
       * The annotation value.
       */
      [k: string]: string | undefined;
    };
    [k: string]: unknown | undefined;
  };
  /**
   * The Pod Security Standard the workload's containers are made to meet: restricted (the default: non-root, no capabilities, no privilege escalation), baseline (for images that start as root, such as busybox or nginx: the restricted settings that do not stop root) or privileged (no restrictions). The environment decides which profiles it allows (spec.kubernetes.securityProfiles). Score files ask with the annotation paws.dev/security-profile.
   */
  securityProfile?: 'restricted' | 'baseline' | 'privileged';
  /**
   * paws extension: pod replicas of a Deployment or StatefulSet in every environment (default: the environment's defaults.replicas). An environment may cap it (limits.maxReplicas).
   */
  replicas?: number;
  autoscaling?: Autoscaling;
  /**
   * paws extension: the workload runs to completion as a Kubernetes Job (no Service, no PodDisruptionBudget, no replicas). Not together with cronJob.
   */
  job?: {
    /**
     * Retries before the Job is marked failed. Defaults to 6 (Kubernetes).
     */
    backoffLimit?: number;
    /**
     * Seconds the Job may run before it is stopped.
     */
    activeDeadlineSeconds?: number;
    /**
     * Pods that must finish successfully. Defaults to 1.
     */
    completions?: number;
    /**
     * Pods that run at once. Defaults to 1.
     */
    parallelism?: number;
    /**
     * Never (the default: a failed pod is kept for its logs and a new one started) or OnFailure (the container restarts in the same pod).
     */
    restartPolicy?: 'Never' | 'OnFailure';
  };
  /**
   * paws extension: the workload runs on a schedule as a Kubernetes CronJob (no Service, no PodDisruptionBudget, no replicas). Not together with job.
   */
  cronJob?: {
    /**
     * When to run, in cron syntax: five fields (minute hour day-of-month month day-of-week, e.g. "0 3 * * *") or a macro (@hourly, @daily, @weekly, @monthly, @yearly). Checked by paws; a time zone goes in timeZone.
     */
    schedule: string;
    /**
     * IANA time zone of the schedule, e.g. Europe/Berlin. Defaults to the cluster's (usually UTC).
     */
    timeZone?: string;
    /**
     * What to do when a run is due while the previous one still runs: Allow, Forbid (the default here: skip the new run) or Replace.
     */
    concurrencyPolicy?: 'Allow' | 'Forbid' | 'Replace';
    /**
     * Finished Jobs to keep. Defaults to 3.
     */
    successfulJobsHistoryLimit?: number;
    /**
     * Failed Jobs to keep. Defaults to 1.
     */
    failedJobsHistoryLimit?: number;
    /**
     * Seconds after its time a missed run may still start.
     */
    startingDeadlineSeconds?: number;
    /**
     * True stops new runs (running ones go on).
     */
    suspend?: boolean;
    /**
     * Retries of each run before it is marked failed. Defaults to 6 (Kubernetes).
     */
    backoffLimit?: number;
    /**
     * Seconds each run may take before it is stopped.
     */
    activeDeadlineSeconds?: number;
    /**
     * Never (the default) or OnFailure, as for job.
     */
    restartPolicy?: 'Never' | 'OnFailure';
  };
  /**
   * paws extension: values that differ by environment, by environment name. An entry applies to that environment and to the ephemeral clones made from it (--extends); the nearest in the environment's extends chain wins. A name no environment has is a warning.
   */
  environments?: {
    /**
     * What changes in this environment.
     */
    [k: string]:
      | {
          /**
           * Pod replicas in this environment (over replicas). Not with a workload's autoscaling: the autoscaler owns the count (set autoscaling {min, max} here instead).
           */
          replicas?: number;
          /**
           * Autoscaling in this environment, field by field over the workload's autoscaling (so {max: 20} keeps its min and targets). Without a workload autoscaling, max is required.
           */
          autoscaling?: {
            /**
             * Fewest replicas. Defaults to 1.
             */
            min?: number;
            /**
             * Most replicas.
             */
            max?: number;
            /**
             * Target average CPU utilization in percent of the containers' requests. Defaults to the environment's defaults.autoscaling.cpu, else 80 when memory is not set.
             */
            cpu?: number;
            /**
             * Target average memory utilization in percent of the containers' requests.
             */
            memory?: number;
          };
          /**
           * Environment variables set in every container in this environment, over the containers' own; may hold placeholders.
           */
          variables?: {
            /**
             * The value; may hold placeholders.
             */
            [k: string]: string | undefined;
          };
          /**
           * Per container (by name): variables set in that container only in this environment, over the entry's variables and the container's own.
           */
          containers?: {
            /**
             * What changes in this container.
             */
            [k: string]:
              | {
                  /**
                   * Environment variables of this container in this environment; may hold placeholders.
                   */
                  variables?: {
                    /**
                     * The value; may hold placeholders.
                     */
                    [k: string]: string | undefined;
                  };
                }
              | undefined;
          };
        }
      | undefined;
  };
  /**
   * The service that the workload provides.
   */
  service?: {
    /**
     * The set of named network ports published by the service. The service name must be a valid RFC1123 Label Name of up to 63 characters, including a-z, 0-9, '-' but may not start or end with '-'.
     */
    ports?: {
      [k: string]: ServicePort | undefined;
    };
  };
  /**
   * The set of named containers in the Workload. The container name must be a valid RFC1123 Label Name of up to 63 characters, including a-z, 0-9, '-' but may not start or end with '-'.
   */
  containers: {
    [k: string]: Container | undefined;
  };
  /**
   * The Resource dependencies needed by the Workload. The resource name must be a valid RFC1123 Label Name of up to 63 characters, including a-z, 0-9, '-' but may not start or end with '-'.
   */
  resources?: {
    [k: string]: Resource | undefined;
  };
  /**
   * paws extension: the developer's own changes to this workload's emitted objects (its files under kubernetes/<workload>/), as JSON Patch or merge patch, in every environment that allows them (the Environment's workloadPatches lists which kinds and fields), or only in the environments a patch names; where a patch applies but is not allowed, it is an error.
   *
   * Items: One patch.
   */
  patches?: ({
    [k: string]: unknown | undefined;
  } & {
    /**
     * The environments this patch applies in (and their ephemeral clones); without it, every environment. Each must still allow the change (workloadPatches).
     *
     * @minItems 1
     *
     * Items: An environment name.
     */
    environments?: string[];
    /**
     * Which of the workload's objects: kind and/or name.
     */
    select: {
      /**
       * The object's kind, e.g. Deployment.
       */
      kind?: string;
      /**
       * The object's metadata.name.
       */
      name?: string;
    };
    jsonPatch?: JsonPatch;
    /**
     * A merge patch (RFC 7396).
     */
    mergePatch?: {};
  })[];
}
/**
 * paws extension: a HorizontalPodAutoscaler (autoscaling/v2) scales the Deployment or StatefulSet between min and max replicas on CPU and/or memory utilization; the workload then carries no replicas (so Argo CD does not undo the autoscaler). An environment may cap max (limits.maxReplicas) and set the default CPU target (defaults.autoscaling.cpu).
 */
export interface Autoscaling {
  /**
   * Fewest replicas. Defaults to 1.
   */
  min?: number;
  /**
   * Most replicas.
   */
  max: number;
  /**
   * Target average CPU utilization in percent of the containers' requests. Defaults to the environment's defaults.autoscaling.cpu, else 80 when memory is not set.
   */
  cpu?: number;
  /**
   * Target average memory utilization in percent of the containers' requests.
   */
  memory?: number;
}
/**
 * The network port description.
 */
export interface ServicePort {
  /**
   * The public service port.
   */
  port: number;
  /**
   * The transport level protocol. Defaults to TCP.
   */
  protocol?: 'TCP' | 'UDP';
  /**
   * The internal service port. This will default to 'port' if not provided.
   */
  targetPort?: number;
}
/**
 * The specification of a Container within the Workload.
 */
export interface Container {
  /**
   * The container image name and tag.
   */
  image: string;
  /**
   * If specified, overrides the entrypoint defined in the container image.
   *
   * Items: One word of the command.
   */
  command?: string[];
  /**
   * If specified, overrides the arguments passed to the container entrypoint.
   *
   * Items: One argument.
   */
  args?: string[];
  /**
   * The environment variables for the container.
   */
  variables?: {
    /**
     * The value; may hold ${metadata.…} and ${resources.<name>.<output>} placeholders.
     */
    [k: string]: string | undefined;
  };
  /**
   * The extra files to mount into the container. Described as a map of target paths to file details. The array form is deprecated.
   */
  files?:
    | ContainerFile[]
    | {
        [k: string]: ContainerFile | undefined;
      };
  /**
   * The volumes to mount. Described as a map of target paths to volume details. The array form is deprecated.
   */
  volumes?:
    | ContainerVolume[]
    | {
        [k: string]: ContainerVolume | undefined;
      };
  /**
   * Containers which should be started before this container.
   */
  before?: {
    /**
     * The state the named container must reach first.
     */
    [k: string]:
      | {
          ready: Ready;
        }
      | undefined;
  };
  /**
   * The compute resources for the container.
   */
  resources?: {
    limits?: ResourcesLimits;
    requests?: ResourcesLimits1;
  };
  livenessProbe?: ContainerProbe;
  readinessProbe?: ContainerProbe1;
  /**
   * paws extension: resources whose every output is injected as an environment variable named <RESOURCE>_<OUTPUT> in upper snake case (db → DB_HOST, DB_PASSWORD). ["*"] injects all resources of the workload. An explicit entry in variables with the same name wins.
   *
   * Items: A resource name declared under resources, or "*" for all of them.
   */
  connections?: string[];
}
/**
 * A volume mounted into the container. source names the volume, usually a placeholder such as ${resources.data}.
 */
export interface ContainerVolume {
  /**
   * The external volume reference.
   */
  source: string;
  /**
   * An optional sub path in the volume.
   */
  path?: string;
  /**
   * @deprecated
   * (Deprecated) The target mount on the container. This is only used in Score workloads that describe volumes as an array.
   */
  target?: string;
  /**
   * Indicates if the volume should be mounted in a read-only mode.
   */
  readOnly?: boolean;
}
/**
 * The maximum allowed resources for the container.
 */
export interface ResourcesLimits {
  /**
   * The memory limit in bytes with optional unit specifier. For example 125M or 1.5Gi.
   */
  memory?: string;
  /**
   * The CPU limit as whole or fractional CPUs. 'm' indicates milli-CPUs. For example 2 or 125m.
   */
  cpu?: string;
}
/**
 * The minimal resources required for the container.
 */
export interface ResourcesLimits1 {
  /**
   * The memory limit in bytes with optional unit specifier. For example 125M or 1.5Gi.
   */
  memory?: string;
  /**
   * The CPU limit as whole or fractional CPUs. 'm' indicates milli-CPUs. For example 2 or 125m.
   */
  cpu?: string;
}
/**
 * Probe with an HTTP GET request; healthy on a 2xx or 3xx answer.
 */
export interface HttpProbe {
  /**
   * Host name to connect to. Defaults to the workload IP. The is equivalent to a Host HTTP header.
   */
  host?: string;
  /**
   * Scheme to use for connecting to the host (HTTP or HTTPS). Defaults to HTTP.
   */
  scheme?: 'HTTP' | 'HTTPS';
  /**
   * The path to access on the HTTP server.
   */
  path: string;
  /**
   * The port to access on the workload.
   */
  port: number;
  /**
   * Additional HTTP headers to send with the request
   *
   * Items: One HTTP header.
   */
  httpHeaders?: {
    /**
     * The HTTP header name.
     */
    name: string;
    /**
     * The HTTP header value.
     */
    value: string;
  }[];
}
/**
 * Probe by running a command in the container; healthy when it exits 0.
 */
export interface ExecProbe {
  /**
   * The command and arguments to execute within the container.
   *
   * Items: One word of the command.
   */
  command: string[];
}
/**
 * The set of Resources associated with this Workload.
 */
export interface Resource {
  /**
   * The Resource type. This should be a type supported by the Score implementations being used.
   */
  type: string;
  /**
   * An optional specialisation of the Resource type.
   */
  class?: string;
  /**
   * An optional Resource identifier. The id may be up to 63 characters, including one or more labels of a-z, 0-9, '-' not starting or ending with '-' separated by '.'. When two resources share the same type, class, and id, they are considered the same resource when used across related Workloads.
   */
  id?: string;
  /**
   * paws: the name this resource had before it was renamed in this workload. It keeps the identity it was created with (its id defaults to <workload>.<movedFrom>), so its Terraform state, cloud names and Kubernetes objects stay the same and nothing is replaced. Keep it as long as the resource lives.
   */
  movedFrom?: string;
  /**
   * The metadata for the Resource.
   */
  metadata?: {
    /**
     * Annotations that apply to the Resource. The annotation can contain A-Z, a-z, 0-9, and '-' and may contain an optional /-separated RFC1123 Host Name prefix.
     */
    annotations?: {
      /**
       * The annotation value.
       */
      [k: string]: string | undefined;
    };
    [k: string]: unknown | undefined;
  };
  /**
   * Optional parameters used to provision the Resource in the environment.
   */
  params?: {
    [k: string]: unknown | undefined;
  };
}
