import type { ResourceDefinitionDocument } from '../generated/resource-definition.js';

/** The driver kinds: the `driver.kind` enum of spec/resource-definition.schema.json, as its generated type. */
export type DriverKind = ResourceDefinitionDocument['spec']['driver']['kind'];

/**
 * What each kind makes, known without loading its implementation (Handlebars, cdktf): Terraform
 * resources (their outputs reach workloads through the secret store), Kubernetes objects, or values
 * only; and whether it runs code outside the platform's files (then a compile's output cannot be
 * vouched for by the inputs' hash). A kind the schema adds must be described here: the type says so.
 */
export const DRIVER_KINDS: Readonly<
  Record<DriverKind, { provisions: 'terraform' | 'kubernetes' | 'values'; runsCode: boolean }>
> = {
  terraform: { provisions: 'terraform', runsCode: false },
  cdktf: { provisions: 'terraform', runsCode: true },
  kubernetes: { provisions: 'kubernetes', runsCode: false },
  static: { provisions: 'values', runsCode: false },
  environment: { provisions: 'values', runsCode: false },
};

const described = (kind: string) =>
  Object.hasOwn(DRIVER_KINDS, kind) ? DRIVER_KINDS[kind as DriverKind] : undefined;

/** Drivers whose resources are created by Terraform: their outputs reach workloads through the secret store. */
export function isTerraformDriver(kind: string): boolean {
  return described(kind)?.provisions === 'terraform';
}

/** Drivers that run code of their own (a module), which the inputs' hash does not cover. */
export function runsCode(kind: string): boolean {
  return described(kind)?.runsCode === true;
}
