import { readFileSync } from 'node:fs';

/**
 * The JSON Schemas ship in the package's spec/ folder, next to src/ and dist/; they are package
 * assets, not user input, so they are read directly rather than through the Host.
 */
export const SCHEMA_FILES = {
  workload: 'workload.schema.json',
  score: 'score-v1b1.schema.json',
  environment: 'environment.schema.json',
  'resource-type': 'resource-type.schema.json',
  'resource-definition': 'resource-definition.schema.json',
  patch: 'patch.schema.json',
  policy: 'policy.schema.json',
  config: 'config.schema.json',
} as const;

export type SchemaKind = keyof typeof SCHEMA_FILES;

export const SPEC_DIR = new URL('../spec/', import.meta.url);

export function readSchemaText(kind: SchemaKind): string {
  return readFileSync(new URL(SCHEMA_FILES[kind], SPEC_DIR), 'utf8');
}

export function readSchema(kind: SchemaKind): Record<string, unknown> {
  return JSON.parse(readSchemaText(kind)) as Record<string, unknown>;
}
