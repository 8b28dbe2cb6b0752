// GENERATED FILE: do not edit. Generated from spec/resource-definition.schema.json by `npm run generate`
// (scripts/generate.mjs); a test fails when it is stale.

/**
 * A resource definition: one way to provision a resource type, and where it applies.
 */
export interface ResourceDefinitionDocument {
  /**
   * Always paws.dev/v1 for platform files.
   */
  apiVersion: 'paws.dev/v1';
  /**
   * Always ResourceDefinition.
   */
  kind: 'ResourceDefinition';
  /**
   * Identity of this object.
   */
  metadata: {
    /**
     * The definition name (an RFC 1123 label, 2–63 characters).
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
   * Which resources this definition serves and how it provisions them.
   */
  spec: {
    /**
     * The resource type this definition implements.
     */
    type: string;
    /**
     * Resource classes served. Defaults to [default].
     *
     * @minItems 1
     *
     * Items: A class name.
     */
    classes?: string[];
    /**
     * Where this definition applies; every criterion given must match. More specific criteria win: environmentTypes < workloads < environments < resourceIds.
     */
    match?: {
      /**
       * Environment types (spec.type of an Environment).
       *
       * @minItems 1
       *
       * Items: An environment type.
       */
      environmentTypes?: string[];
      /**
       * Environment names.
       *
       * @minItems 1
       *
       * Items: An environment name.
       */
      environments?: string[];
      /**
       * Workload names (metadata.name).
       *
       * @minItems 1
       *
       * Items: A workload name.
       */
      workloads?: string[];
      /**
       * Resource ids (resources.<name>.id, or <workload>.<resource> when none is given).
       *
       * @minItems 1
       *
       * Items: A resource id.
       */
      resourceIds?: string[];
    };
    /**
     * What this definition provisions, for people.
     */
    description?: string;
    /**
     * The only workloads that may use a resource this definition serves (with the Environment's sharedResources, both must allow it). Any other workload that declares it is an error at its declaration: it would receive the resource's credentials.
     *
     * @minItems 1
     *
     * Items: A workload name.
     */
    sharedBy?: string[];
    /**
     * Resources this definition makes hold data, whatever their type says: paws diff treats their replace or delete as destroying data.
     */
    stateful?: boolean;
    /**
     * Default params, applied under the params the workload gives.
     */
    params?: {};
    /**
     * Other resources this one needs, by local name; their outputs are available to the driver. Without an id a required resource is private to this one.
     */
    requires?: {
      /**
       * A required resource.
       */
      [k: string]:
        | {
            /**
             * Resource type.
             */
            type: string;
            /**
             * Resource class. Defaults to default.
             */
            class?: string;
            /**
             * Resource id; give one to share the resource.
             */
            id?: string;
            /**
             * Params of the required resource.
             */
            params?: {};
          }
        | undefined;
    };
    /**
     * How the resource is provisioned.
     */
    driver: {
      /**
       * terraform (handlebars template rendering Terraform JSON), kubernetes (template rendering manifests), static (existing resource: outputs only), cdktf (a module using cdktf constructs) or environment (the environment's spec.variables as outputs: the built-in definition of the environment type).
       */
      kind: 'terraform' | 'kubernetes' | 'static' | 'cdktf' | 'environment';
      /**
       * Inline handlebars template (terraform and kubernetes drivers).
       */
      template?: string;
      /**
       * Path of a handlebars template, relative to this file (terraform and kubernetes drivers).
       */
      templateFile?: string;
      /**
       * Path of the module, relative to this file (cdktf driver).
       */
      module?: string;
    };
    /**
     * Every output of the type's contract: a literal, a template string, { secretRef: { key, property } } or { generate: password }.
     */
    outputs?: {};
  };
}
