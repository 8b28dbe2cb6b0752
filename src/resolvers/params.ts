import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Diagnostic } from '../compiler/diagnostics.js';
import { type LoadedDocument, locate } from '../compiler/load/index.js';
import type { ResourceType } from '../compiler/model.js';
import { schemaDiagnostics } from '../compiler/validate/schema-errors.js';
import { stableJson } from '../util/compare.js';

/**
 * Params schemas come from ResourceTypes. The built-in types' validators are compiled when paws is
 * built (scripts/catalog-cache.mjs), so a compile that uses no type of its own never loads ajv's
 * compiler; a platform's types are compiled at run time, once each, with the same options.
 */
export const PARAMS_AJV_OPTIONS = {
  strict: true,
  strictRequired: false,
  allowUnionTypes: true,
  allErrors: true,
  verbose: true,
} as const;

/** The key of a params schema among the validators compiled ahead of time. */
export function paramsSchemaKey(schema: unknown): string {
  return createHash('sha256').update(stableJson(schema)).digest('hex').slice(0, 24);
}

const require = createRequire(import.meta.url);

let precompiled: Record<string, ValidateFunction> | undefined;
function precompiledValidators(): Record<string, ValidateFunction> {
  if (!precompiled) {
    try {
      precompiled = require('../catalog/params-validators.cjs') as Record<string, ValidateFunction>;
    } catch {
      precompiled = {}; // running from the sources (tests): every schema is compiled at run time
    }
  }
  return precompiled;
}

type Ajv = { compile(schema: object): ValidateFunction };
const instances = new Map<boolean, Ajv>();
/** Loaded on first use only. Built-in schemas skip the meta-schema check: a test makes it. */
function ajvFor(builtin: boolean): Ajv {
  let ajv = instances.get(builtin);
  if (!ajv) {
    const Ajv2020 = require('ajv/dist/2020.js') as {
      default: new (options: object) => Ajv & { addKeyword(def: object): void };
    };
    const instance = new Ajv2020.default({
      ...PARAMS_AJV_OPTIONS,
      ...(builtin ? { validateSchema: false } : {}),
    });
    instance.addKeyword({ keyword: 'x-paws-secret', schemaType: 'boolean' });
    instances.set(builtin, (ajv = instance));
  }
  return ajv;
}

const compiled = new WeakMap<ResourceType, ValidateFunction | Diagnostic>();

function paramsValidator(type: ResourceType): ValidateFunction | Diagnostic {
  let entry = compiled.get(type);
  if (!entry) {
    try {
      const schema = (type.spec.params ?? { type: 'object' }) as object;
      entry =
        (type.builtin ? precompiledValidators()[`p${paramsSchemaKey(schema)}`] : undefined) ??
        ajvFor(type.builtin).compile(schema);
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
  if (typeof validate !== 'function') return [validate];
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
