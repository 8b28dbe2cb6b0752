// GENERATED FILE: do not edit. Generated from spec/resource-type.schema.json by `npm run generate`
// (scripts/generate.mjs); a test fails when it is stale.

/**
 * A resource type: the contract between workloads and the definitions that provision it.
 */
export interface ResourceTypeDocument {
  /**
   * Always paws.dev/v1 for platform files.
   */
  apiVersion: 'paws.dev/v1';
  /**
   * Always ResourceType.
   */
  kind: 'ResourceType';
  /**
   * Identity of this object.
   */
  metadata: {
    /**
     * The type name, as workloads write it in resources.<name>.type (Score's rule: letters, digits and "-", 2–63 characters).
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
   * The connection interface: what a workload may ask for and what it gets.
   */
  spec: {
    /**
     * What this type is, for people.
     */
    description?: string;
    /**
     * Resources of this type hold data (a database, a bucket, a queue, a volume): paws diff lists a replace or delete of one first, as destroying data, and --fail-on-destroy exits 3 for it.
     */
    stateful?: boolean;
    /**
     * JSON Schema of the params a workload may give. Checked after definition defaults are applied.
     */
    params?: {};
    /**
     * JSON Schema of the outputs every definition of this type provides; mark secret outputs with x-paws-secret: true.
     */
    outputs: {};
  };
}
