// GENERATED FILE: do not edit. Generated from spec/patch.schema.json by `npm run generate`
// (scripts/generate.mjs); a test fails when it is stale.

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
 * A change the platform makes to the Kubernetes and Argo CD objects paws emits, per environment: a JSON Patch (RFC 6902) or a merge patch (RFC 7396) applied to every object it selects, before the output is written.
 */
export interface PatchDocument {
  /**
   * Always paws.dev/v1 for platform files.
   */
  apiVersion: 'paws.dev/v1';
  /**
   * Always Patch.
   */
  kind: 'Patch';
  /**
   * Identity of this object.
   */
  metadata: {
    /**
     * The patch name (an RFC 1123 label). Patches apply in name order.
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
  };
  /**
   * Where the patch applies, what it selects and what it changes.
   */
  spec: {
    [k: string]: unknown | undefined;
  } & {
    /**
     * What the patch is for, for people.
     */
    description?: string;
    /**
     * Environments it applies in (and their ephemeral clones). Without environments and environmentTypes it applies everywhere.
     *
     * Items: An environment name.
     */
    environments?: string[];
    /**
     * Environment types it applies in (development, staging, production, …).
     *
     * Items: An environment type.
     */
    environmentTypes?: string[];
    select: Select;
    jsonPatch?: JsonPatch;
    /**
     * A merge patch (RFC 7396): objects merge key by key, null removes a key, anything else replaces.
     */
    mergePatch?: {};
  };
}
/**
 * Which emitted objects: every field given must match.
 */
export interface Select {
  /**
   * The object's kind, e.g. Deployment.
   */
  kind?: string;
  /**
   * The object's metadata.name.
   */
  name?: string;
  /**
   * Objects of these workloads (the files under kubernetes/<workload>/).
   *
   * Items: A workload name.
   */
  workloads?: string[];
  /**
   * Labels the object carries (all of them).
   */
  labels?: {
    /**
     * The label value.
     */
    [k: string]: string | undefined;
  };
}
