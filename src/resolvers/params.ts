import type { ErrorObject, ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020.js';
import type { Diagnostic } from '../compiler/diagnostics.js';
import { type LoadedDocument, locate } from '../compiler/load/index.js';
import type { ResourceType } from '../compiler/model.js';
import { schemaDiagnostics } from '../compiler/validate/schema-errors.js';

/**
 * Params and outputs schemas come from ResourceTypes, so they are compiled at run time, once per
 * type, with the same options as the validators compiled ahead of time (scripts/generate.mjs).
 */
const OPTIONS = {
  strict: true,
  strictRequired: false,
  allowUnionTypes: true,
  allErrors: true,
  verbose: true,
};
const ajv = new Ajv2020.default(OPTIONS);
ajv.addKeyword({ keyword: 'x-paws-secret', schemaType: 'boolean' });
/**
 * The built-in types' schemas are checked against the meta-schema by the tests, so they skip that
 * check at run time: compiling the meta-schema was a fifth of a one-file validate.
 */
const builtinAjv = new Ajv2020.default({ ...OPTIONS, validateSchema: false });
builtinAjv.addKeyword({ keyword: 'x-paws-secret', schemaType: 'boolean' });

const compiled = new WeakMap<ResourceType, ValidateFunction | Diagnostic>();

function paramsValidator(type: ResourceType): ValidateFunction | Diagnostic {
  let entry = compiled.get(type);
  if (!entry) {
    try {
      entry = (type.builtin ? builtinAjv : ajv).compile((type.spec.params ?? { type: 'object' }) as object);
    } catch (error) {
      entry = {
        code: 'PAWS3105',
        severity: 'error',
        message: `params schema of type "${type.name}" is not a valid JSON Schema: ${(error as Error).message}`,
        ...locate(type.document, '/spec/params', 'key'),
        hint: 'write a JSON Schema (draft 2020-12) object, e.g. { type: object, properties: { version: { type: string } } }',
      };
    }
    compiled.set(type, entry);
  }
  return entry;
}

/**
 * Checks merged params against the type's schema. Errors point into the document that gave the
 * params (`at` is the params' pointer there); defaults from the definition point at the nearest node.
 */
export function checkParams(
  type: ResourceType,
  params: Record<string, unknown>,
  doc: LoadedDocument,
  at: string,
): Diagnostic[] {
  const validate = paramsValidator(type);
  if (!('schema' in validate)) return [validate];
  if (validate(params)) return [];
  const errors = (validate.errors ?? []).map((e: ErrorObject) => ({
    ...e,
    instancePath: `${at}${e.instancePath}`,
  }));
  return schemaDiagnostics({ ...doc, value: withValueAt(doc.value, at, params) }, errors).map((d) => ({
    ...d,
    code: 'PAWS3104',
    message: `params of type "${type.name}": ${d.message}`,
  }));
}

/** A copy of `root` with `value` at `pointer`, so messages quote the merged params, not the partial ones. */
function withValueAt(root: unknown, pointer: string, value: unknown): unknown {
  const segments = pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const set = (node: unknown, i: number): unknown => {
    if (i === segments.length) return value;
    const key = segments[i] as string;
    const base =
      node && typeof node === 'object' && !Array.isArray(node) ? (node as Record<string, unknown>) : {};
    return { ...base, [key]: set(base[key], i + 1) };
  };
  return set(root, 0);
}
