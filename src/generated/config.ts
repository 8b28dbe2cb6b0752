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
}
