import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';

/**
 * The schemas a cluster checks objects against (Kubernetes 1.35, External Secrets, Argo CD, Gateway
 * API; vendored by scripts/vendor-upstream-schemas.mjs into spec/upstream/kubernetes.json, strict:
 * unknown fields refused). Loaded, and each kind compiled, only when something is checked.
 */
const require = createRequire(import.meta.url);
const FILE = new URL('../../spec/upstream/kubernetes.json', import.meta.url);

interface Vendored {
  kinds: Record<string, string>;
  definitions: Record<string, object>;
}
type Ajv = { compile(schema: object): ValidateFunction; addSchema(schema: object, key: string): void };
let loaded:
  { ajv: Ajv; kinds: Record<string, string>; validators: Map<string, ValidateFunction> } | undefined;

function load(): NonNullable<typeof loaded> {
  if (loaded) return loaded;
  const vendored = JSON.parse(readFileSync(FILE, 'utf8')) as Vendored;
  const Ajv = require('ajv') as { default: new (options: object) => Ajv };
  const ajv = new Ajv.default({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema({ definitions: vendored.definitions }, 'k8s');
  loaded = { ajv, kinds: vendored.kinds, validators: new Map() };
  return loaded;
}

/** Whether the vendored schemas know an apiVersion and kind. */
export function knowsKind(apiVersion: string, kind: string): boolean {
  return Object.hasOwn(load().kinds, `${apiVersion}/${kind}`);
}

/**
 * What a cluster would refuse in an object, as short sentences with the field's path
 * (`spec.template.spec.nodeSelector must be an object`); undefined when its kind is not known here.
 */
export function kubernetesSchemaProblems(object: unknown): string[] | undefined {
  const { apiVersion, kind } = (object ?? {}) as { apiVersion?: unknown; kind?: unknown };
  if (typeof apiVersion !== 'string' || typeof kind !== 'string')
    return ['apiVersion and kind must be strings'];
  const state = load();
  const key = `${apiVersion}/${kind}`;
  const name = state.kinds[key];
  if (name === undefined) return undefined;
  let validate = state.validators.get(key);
  if (!validate) {
    validate = state.ajv.compile({ $ref: `k8s#/definitions/${name}` });
    state.validators.set(key, validate);
  }
  if (validate(object)) return [];
  return problemsOf(validate.errors ?? []);
}

function problemsOf(errors: readonly ErrorObject[]): string[] {
  // Alternatives (anyOf) report every branch: their own keyword says it once.
  const branches = new Set(
    errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').map((e) => e.instancePath),
  );
  const problems = errors
    .filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf' || !branches.has(e.instancePath))
    .map(sentence);
  return [...new Set(problems)];
}

function sentence(error: ErrorObject): string {
  const at = error.instancePath.slice(1).split('/').join('.') || 'the object';
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return `${at} has no field "${String(params.additionalProperty)}"`;
    case 'required':
      return `${at} needs "${String(params.missingProperty)}"`;
    case 'type':
      return `${at} must be ${article(String(params.type))}`;
    case 'enum':
      return `${at} must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'anyOf':
    case 'oneOf':
      return `${at} is not a valid value (${error.instancePath.endsWith('cpu') || error.instancePath.endsWith('memory') || error.instancePath.includes('resources') ? 'a quantity such as 250m or 1Gi' : 'see the field’s type'})`;
    default:
      return `${at} ${error.message ?? 'is not valid'}`;
  }
}

const article = (type: string) =>
  type === 'object' || type === 'array' || type === 'integer' ? `an ${type}` : `a ${type}`;
