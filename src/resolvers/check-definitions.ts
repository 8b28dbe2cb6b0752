import type { Diagnostic } from '../compiler/diagnostics.js';
import { locate } from '../compiler/load/index.js';
import type { Platform, ResourceDefinition, ResourceType } from '../compiler/model.js';
import { type JsonValue, literal, type Value } from '../compiler/values.js';
import type { Fragment } from '../drivers/index.js';
import { append, compareStrings } from '../util/compare.js';
import { type ResolvedEnvironment, withDefaults } from './environments.js';
import { uidOf } from '../compiler/identity.js';
import { outputContract } from './outputs.js';
import { renderResource } from './render.js';
import { renderedSchemaProblems } from './rendered-schemas.js';
import path from 'node:path';

type Schema = Record<string, unknown>;

/** A value that satisfies a JSON Schema well enough to render a template with it. */
export function sampleFor(schema: Schema | undefined, name = 'sample'): JsonValue {
  if (!schema) return name;
  if (schema.default !== undefined) return schema.default as JsonValue;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0] as JsonValue;
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? schema.minimum : 1;
    case 'boolean':
      return false;
    case 'array':
      return [];
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      const required = Array.isArray(schema.required) ? schema.required.map(String) : [];
      return Object.fromEntries(required.map((key) => [key, sampleFor(properties[key], key)]));
    }
    default:
      return name;
  }
}

const SAMPLE_WORKLOAD = 'sample';

/** Params a workload could give: the definition's defaults over samples of every required param. */
function sampleParams(type: ResourceType, definition: ResourceDefinition): Record<string, unknown> {
  const schema = (type.spec.params ?? {}) as Schema;
  const base = sampleFor({ ...schema, type: 'object' }) as Record<string, unknown>;
  // Params that name a workload or its port point at the sample workload, which has a port "http".
  for (const key of Object.keys(base)) {
    if (key === 'workload') base[key] = SAMPLE_WORKLOAD;
    if (key === 'port') base[key] = 'http';
  }
  return { ...base, ...((definition.spec.params ?? {}) as Record<string, unknown>) };
}

function sampleEnvironment(definition: ResourceDefinition): ResolvedEnvironment {
  const match = definition.spec.match ?? {};
  const name = match.environments?.[0] ?? 'sample';
  return withDefaults(
    name,
    {
      type: match.environmentTypes?.[0] ?? 'development',
      dns: { zone: 'sample.example.com', target: 'gateway.sample.example.com' },
    },
    [name],
  );
}

/** Where a required in-cluster resource would keep each secret output (names only). */
function sampleSecretRefs(
  local: string,
  type: ResourceType | undefined,
): Record<string, { name: string; key: string }> {
  if (!type) return {};
  return Object.fromEntries(
    [...outputContract(type).secret].map((name) => [
      name,
      { name: `sample-${local}-${name}`, key: 'password' },
    ]),
  );
}

function sampleOutputs(type: ResourceType | undefined): Record<string, Value> {
  if (!type) return {};
  const contract = outputContract(type);
  return Object.fromEntries(
    Object.entries(contract.properties)
      .filter(([name]) => !contract.secret.has(name))
      .map(([name, schema]) => [name, literal(sampleFor(schema, name))]),
  );
}

/** The render request of a definition with sample inputs: a sample workload with a port, sample params and requirements. */
function sampleRequest(
  platform: Platform,
  definition: ResourceDefinition,
  type: ResourceType,
  readFile: (absolutePath: string) => string | undefined,
): Parameters<typeof renderResource>[0] {
  const environment = sampleEnvironment(definition);
  const identity = {
    type: type.name,
    class: definition.spec.classes?.[0] ?? 'default',
    // Named like the sample workload, so a definition that reads its own name as a workload's finds one.
    id: `${SAMPLE_WORKLOAD}.${SAMPLE_WORKLOAD}`,
  };
  const namespace = `${SAMPLE_WORKLOAD}-${environment.name}`;
  const requires = Object.entries(definition.spec.requires ?? {});
  return {
    definition,
    type,
    identity,
    uid: uidOf(identity),
    namespace,
    environment,
    workloads: [SAMPLE_WORKLOAD],
    rotation: 1,
    params: sampleParams(type, definition) as Record<string, JsonValue>,
    requires: Object.fromEntries(
      requires.map(([local, req]) => [local, sampleOutputs(platform.resourceTypes.get(req?.type ?? ''))]),
    ),
    requiredSecrets: Object.fromEntries(
      requires.map(([local, req]) => [
        local,
        sampleSecretRefs(local, platform.resourceTypes.get(req?.type ?? '')),
      ]),
    ),
    services: {
      [SAMPLE_WORKLOAD]: {
        name: SAMPLE_WORKLOAD,
        workloadKind: 'Deployment' as const,
        namespace,
        ports: { http: { port: 80, targetPort: 8080 } },
      },
    },
    readFile,
  };
}

/** A `requires` that no definition of the platform (or the built-in catalog) could ever serve. */
function unservedRequirements(platform: Platform, definition: ResourceDefinition): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const [local, required] of Object.entries(definition.spec.requires ?? {})) {
    if (!required) continue;
    const wanted = required.class ?? 'default';
    const serves = platform.definitions.some(
      (d) => d.spec.type === required.type && (d.spec.classes ?? ['default']).includes(wanted),
    );
    if (serves) continue;
    diagnostics.push({
      code: 'PAWS3101',
      severity: 'error',
      message: `definition "${definition.name}" requires "${local}" of type "${required.type}" (class ${wanted}), which no definition provides`,
      ...locate(definition.document, `/spec/requires/${local}/type`),
      hint: platform.resourceTypes.has(required.type)
        ? `add a ResourceDefinition of type "${required.type}" serving class "${wanted}"`
        : `type "${required.type}" is not defined either: add its ResourceType and a definition`,
    });
  }
  return diagnostics;
}

/**
 * Renders every definition with sample inputs built from its type's params schema and checks the
 * result against the type's contract: a declared output the contract lacks, a contract output not
 * produced, a secret output produced as a plain literal, a template that fails to render; and what a
 * platform's template renders against the Kubernetes and Terraform provider schemas.
 */
export async function checkDefinitions(
  platform: Platform,
  readFile: (absolutePath: string) => string | undefined = () => undefined,
): Promise<{
  checked: string[];
  diagnostics: Diagnostic[];
  rendered: Map<string, { outputs: Record<string, Value>; fragment: Fragment }>;
}> {
  const diagnostics: Diagnostic[] = [];
  const checked: string[] = [];
  const rendered = new Map<string, { outputs: Record<string, Value>; fragment: Fragment }>();
  for (const definition of [...platform.definitions].sort((a, b) => compareStrings(a.name, b.name))) {
    const type = platform.resourceTypes.get(definition.spec.type);
    if (!type) {
      diagnostics.push({
        code: 'PAWS2301',
        severity: 'error',
        message: `definition "${definition.name}" implements type "${definition.spec.type}", which no ResourceType defines`,
        ...locate(definition.document, '/spec/type'),
      });
      continue;
    }
    checked.push(definition.name);
    append(diagnostics, unservedRequirements(platform, definition));
    const result = await renderResource(sampleRequest(platform, definition, type, readFile));
    append(diagnostics, result.diagnostics);
    if (!result.rendered) continue;
    rendered.set(definition.name, { outputs: result.rendered.outputs, fragment: result.rendered.fragment });
    // The built-in catalog's renders are checked by the test suite; a platform's are checked here.
    if (!definition.builtin)
      append(
        diagnostics,
        renderedSchemaProblems(definition, result.rendered.fragment, assetReader(definition, readFile)),
      );
  }
  return { checked, diagnostics, rendered };
}

/** Reads a file named relative to a definition's own file, as its driver does. */
const assetReader =
  (definition: ResourceDefinition, readFile: (absolutePath: string) => string | undefined) =>
  (relative: string) =>
    readFile(path.posix.resolve(path.posix.dirname(definition.document.source.path), relative));
