import { cdktfDriver } from './cdktf.js';
import { environmentDriver, staticDriver } from './static.js';
import { kubernetesTemplateDriver, terraformTemplateDriver } from './template.js';
import type { Driver } from './types.js';
import type { DriverKind } from './kinds.js';

export type * from './types.js';

/**
 * Every driver, by the `driver.kind` that selects it. Adding a kind: its value in the schema's enum
 * (the generated type then asks for it here and in DRIVER_KINDS), and its implementation's file.
 */
export const DRIVERS: Readonly<Record<DriverKind, Driver>> = {
  terraform: terraformTemplateDriver,
  kubernetes: kubernetesTemplateDriver,
  static: staticDriver,
  cdktf: cdktfDriver,
  environment: environmentDriver,
};

export { DRIVER_KINDS, type DriverKind, isTerraformDriver, runsCode } from './kinds.js';
