import { cloudName } from '../../../util/cloud-name.js';
import { TerraformResource } from 'cdktf';
import type { Construct } from 'constructs';
import type { CdktfInput } from '../../cdktf-runtime.js';

/** Safe defaults that get stricter in production: deletion protection, backups, multi-AZ. */
export function isProduction(input: CdktfInput): boolean {
  return input.environment.type === 'production';
}

export function tags(input: CdktfInput): Record<string, string> {
  return {
    'paws.dev/environment': input.environment.name,
    'paws.dev/resource': input.resource.uid,
    'paws.dev/workloads': input.workloads.join(' '),
  };
}

/**
 * A name unique per environment and resource, for AWS names that are global or per account: the
 * environment comes first, so two environments (a preview and its base too) never meet. A name the
 * workload chose (`base`) keeps its words after the environment's.
 */
export function awsName(input: CdktfInput, maxLength = 63, base?: string): string {
  return cloudName(input.environment.name, base ?? input.resource.k8sName, maxLength, input.resource.k8sName);
}

export function param<T>(input: CdktfInput, name: string, fallback: T): T {
  const value = input.params[name];
  return value === undefined || value === null ? fallback : (value as T);
}

/**
 * A random_password (hashicorp/random) for arguments that have no write-only form: the value is in
 * the Terraform state, marked sensitive, and published to the secret store like every output.
 */
export function statePassword(scope: Construct, input: CdktfInput, suffix: string): string {
  const password = new TerraformResource(scope, `${input.resource.tfName}_${suffix}`, {
    terraformResourceType: 'random_password',
    terraformGeneratorMetadata: { providerName: 'random' },
  });
  password.addOverride('length', 32);
  password.addOverride('special', false);
  return password.getStringAttribute('result');
}
