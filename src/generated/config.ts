// GENERATED FILE: do not edit. Generated from spec/config.schema.json by `npm run generate`
// (scripts/generate.mjs); a test fails when it is stale.

/**
 * Project settings, read from the working directory.
 */
export interface PawsConfig {
  /**
   * The platform folder (environments, resource types, definitions). Defaults to platform/.
   */
  platform?: string;
  /**
   * The output folder of paws compile. Defaults to out/.
   */
  out?: string;
  /**
   * How the Backstage catalog entities (paws catalog --format backstage, compile --backstage) point at the code and who owns what.
   */
  backstage?: {
    /**
     * URL of the repository's tree at its root, ending in /, e.g. https://github.com/acme/shop/tree/main/. Each Component's backstage.io/source-location is this plus its folder. Default: from git's origin remote, at tree/HEAD/.
     */
    sourceLocation?: string;
    /**
     * Owner (an entity reference) of the Resources that several workloads share. Default: group:platform.
     */
    sharedResourceOwner?: string;
  };
}
