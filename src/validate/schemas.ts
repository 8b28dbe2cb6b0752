import { createRequire } from 'node:module';
import type { ErrorObject } from 'ajv';
import type { SchemaKind } from '../spec-files.js';

/** A validator compiled ahead of time by scripts/generate.mjs, one file per schema in spec/. */
type Validator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

const FILES: Record<SchemaKind, string> = {
  workload: 'workload',
  score: 'score',
  environment: 'environment',
  'resource-type': 'resourceType',
  'resource-definition': 'resourceDefinition',
  patch: 'patch',
  policy: 'policy',
  config: 'config',
};

const require = createRequire(import.meta.url);
const loaded = new Map<SchemaKind, Validator>();

/**
 * Each kind's validator loads the first time a document of that kind is checked: together they are
 * ~500 KB of code, and a command that meets only workloads and environments parses a third of it.
 */
function validatorFor(kind: SchemaKind): Validator {
  let validate = loaded.get(kind);
  if (!validate) {
    validate = (require(`../generated/validators/${FILES[kind]}.cjs`) as { validate: Validator }).validate;
    loaded.set(kind, validate);
  }
  return validate;
}

export function schemaErrors(kind: SchemaKind, value: unknown): ErrorObject[] {
  const validate = validatorFor(kind);
  return validate(value) ? [] : [...(validate.errors ?? [])];
}
