import type { ErrorObject } from 'ajv';
import * as validators from '../../generated/validators.js';
import type { SchemaKind } from '../../spec-files.js';

/** The validators compiled ahead of time by scripts/generate.mjs, one per schema in spec/. */
type Validator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

const VALIDATORS: Record<SchemaKind, Validator> = {
  workload: validators.workload,
  score: validators.score,
  environment: validators.environment,
  'resource-type': validators.resourceType,
  'resource-definition': validators.resourceDefinition,
  patch: validators.patch,
  policy: validators.policy,
  config: validators.config,
};

export function schemaErrors(kind: SchemaKind, value: unknown): ErrorObject[] {
  const validate = VALIDATORS[kind];
  return validate(value) ? [] : [...(validate.errors ?? [])];
}
