import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Diagnostic } from '../compiler/diagnostics.js';
import { type LoadedDocument, locate } from '../compiler/load/index.js';
import type { ResourceType } from '../compiler/model.js';
import { schemaDiagnostics } from '../validate/schema-errors.js';
import { stableJson } from '../util/compare.js';
import { parsePlaceholders } from '../compiler/placeholders.js';

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
  // A value that still holds a placeholder (a resource's output) is known only once that resource is:
  // its form is checked by what receives it, not here.
  const errors = (validate.errors ?? [])
    .filter((e: ErrorObject) => !holdsPlaceholder(valueAtPointer(params, e.instancePath)))
    .map((e: ErrorObject) => ({ ...e, instancePath: `${at}${e.instancePath}` }));
  if (errors.length === 0) return [];
  return schemaDiagnostics({ ...doc, value: withValueAt(doc.value, at, params) }, errors).map((d) => ({
    ...d,
    code: 'PAWS3104',
    message: `params of type "${type.name}": ${d.message}`,
  }));
}

const holdsPlaceholder = (value: unknown) =>
  typeof value === 'string' && parsePlaceholders(value).ok && /\$\{/.test(value.replace(/\$\$/g, ''));

function valueAtPointer(root: unknown, pointer: string): unknown {
  let node = root;
  for (const segment of pointer.split('/').slice(1)) {
    const key = segment.replace(/~1/g, '/').replace(/~0/g, '~');
    node = node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  }
  return node;
}

/**
 * Params with every placeholder that names the workload's metadata replaced by its value, as Score
 * replaces them before a provisioner sees the params: `size: ${metadata.annotations.size}` is checked
 * as "2Gi". Placeholders of resources' outputs stay, for binding.
 */
export function withMetadata(
  params: Record<string, unknown>,
  metadata: Record<string, unknown>,
): Record<string, unknown> {
  const replace = (value: unknown): unknown => {
    if (typeof value === 'string') {
      if (!value.includes('${metadata.')) return value;
      const parsed = parsePlaceholders(value);
      if (!parsed.ok) return value;
      let text = '';
      for (const segment of parsed.segments) {
        if (segment.kind === 'text') text += segment.text.replace(/\$/g, '$$$$');
        else if (segment.path[0] !== 'metadata') text += segment.raw;
        else {
          const found = segment.path
            .slice(1)
            .reduce<unknown>(
              (node, key) =>
                node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined,
              metadata,
            );
          if (typeof found !== 'string' && typeof found !== 'number' && typeof found !== 'boolean')
            return value;
          text += String(found).replace(/\$/g, '$$$$');
        }
      }
      return text;
    }
    if (Array.isArray(value)) return value.map(replace);
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replace(v)]));
    return value;
  };
  return replace(params) as Record<string, unknown>;
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
