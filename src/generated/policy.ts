// GENERATED FILE: do not edit. Generated from spec/policy.schema.json by `npm run generate`
// (scripts/generate.mjs); a test fails when it is stale.

/**
 * Guardrails: rules in CEL (the expression language of Kubernetes' ValidatingAdmissionPolicy) that every environment, workload, container and resource of the plan must satisfy. A rule that fails is an error (deny) or a warning (warn) at the offending value in the developer's file.
 */
export interface PolicyDocument {
  /**
   * Always paws.dev/v1 for platform files.
   */
  apiVersion: 'paws.dev/v1';
  /**
   * Always Policy.
   */
  kind: 'Policy';
  /**
   * Identity of this object.
   */
  metadata: {
    /**
     * The policy name (an RFC 1123 label).
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
   * Where the policy applies and its rules.
   */
  spec: {
    /**
     * What the policy is for, for people.
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
    /**
     * The rules, each checked for every subject it is for.
     *
     * @minItems 1
     *
     * Items: One rule: an expression that must be true.
     */
    rules: {
      /**
       * The rule name, unique in the policy.
       */
      name: string;
      /**
       * What it is checked for, and the variables it sees: environment (environment), workload (environment, workload), container (environment, workload, container), resource (environment, resource), or object: every Kubernetes object paws emits, as it will be applied, after every patch (environment, workload (null for objects of no workload), object).
       */
      for: 'environment' | 'workload' | 'container' | 'resource' | 'object';
      /**
       * For object rules: only objects of these kinds (e.g. Deployment), as a ValidatingAdmissionPolicy's matchConstraints.
       *
       * @minItems 1
       *
       * Items: A kind.
       */
      kinds?: string[];
      /**
       * For resource rules: only resources of these types.
       *
       * Items: A resource type.
       */
      resourceTypes?: string[];
      /**
       * A CEL expression: the rule applies only where it is true (like a ValidatingAdmissionPolicy matchCondition).
       */
      condition?: string;
      /**
       * A CEL expression that must be true, e.g. !container.latest or workload.replicas >= 2.
       */
      expression: string;
      /**
       * What is wrong and what would be right, for the developer.
       */
      message: string;
      /**
       * A CEL expression giving the message from the values, e.g. 'image ' + container.image + ' is not from registry.example.com' (as in a ValidatingAdmissionPolicy); message is used when it gives no string.
       */
      messageExpression?: string;
      /**
       * deny (the default): an error, nothing is written; warn: a warning.
       */
      severity?: 'deny' | 'warn';
    }[];
  };
}
