import { cdktfDriver } from './cdktf.js';
import { environmentDriver, staticDriver } from './static.js';
import { kubernetesTemplateDriver, terraformTemplateDriver } from './template.js';
import type { Driver } from './types.js';

export type * from './types.js';

/** Every driver, by the `driver.kind` that selects it. Adding a driver means adding it here. */
export const DRIVERS: Readonly<Record<Driver['kind'], Driver>> = {
  terraform: terraformTemplateDriver,
  kubernetes: kubernetesTemplateDriver,
  static: staticDriver,
  cdktf: cdktfDriver,
  environment: environmentDriver,
};

/** Drivers whose resources are created by Terraform: their outputs reach workloads through the secret store. */
export function isTerraformDriver(kind: string): boolean {
  return kind === 'terraform' || kind === 'cdktf';
}
