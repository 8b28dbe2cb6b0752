import type { Diagnostic } from '../compiler/diagnostics.js';
import { append } from '../util/compare.js';
import { type LoadedDocument, locate } from '../compiler/load/index.js';
import type {
  Environment,
  Patch,
  Platform,
  Policy,
  ResourceDefinition,
  ResourceType,
} from '../compiler/model.js';
import { didYouMean } from '../compiler/suggest.js';
import { schemaDiagnostics } from './schema-errors.js';
import { schemaErrors } from './schemas.js';
import { checkPolicies } from './policies.js';
import { checkScopes } from './scopes.js';

const PLATFORM_KINDS = {
  Environment: 'environment',
  ResourceType: 'resource-type',
  ResourceDefinition: 'resource-definition',
  Patch: 'patch',
  Policy: 'policy',
} as const;

type PlatformKind = keyof typeof PLATFORM_KINDS;

export const PLATFORM_API_VERSION = 'paws.dev/v1';

/**
 * Validates platform documents (built-in catalog first, then the platform folder) and collects them
 * by kind. A platform ResourceType replaces a built-in one of the same name; two platform objects of
 * one kind with the same name are an error.
 */
export function validatePlatform(
  builtin: readonly LoadedDocument[],
  documents: readonly LoadedDocument[],
  options: { builtinChecked?: boolean } = {},
): { platform: Platform; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const platform: Platform = {
    environments: [],
    resourceTypes: new Map(),
    definitions: [],
    patches: [],
    policies: [],
  };
  const seen = new Map<string, LoadedDocument>();
  for (const [isBuiltin, docs] of [
    [true, builtin],
    [false, documents],
  ] as const) {
    for (const doc of docs) {
      const kind = checkEnvelope(doc, diagnostics);
      if (!kind) continue;
      // Built-in documents the build already checked against their schemas are not checked again.
      const errors = isBuiltin && options.builtinChecked ? [] : schemaErrors(PLATFORM_KINDS[kind], doc.value);
      if (errors.length > 0) {
        append(diagnostics, schemaDiagnostics(doc, errors));
        continue;
      }
      const value = doc.value as { metadata: { name: string }; spec: never };
      const name = value.metadata.name;
      const key = `${isBuiltin ? 'builtin' : 'platform'}/${kind}/${name}`;
      const first = seen.get(key);
      if (first) {
        diagnostics.push({
          code: 'PAWS2201',
          severity: 'error',
          message: `${kind} "${name}" is defined twice`,
          ...locate(doc, '/metadata/name'),
          related: [{ message: 'first defined here', ...locate(first, '/metadata/name') }],
          hint: `rename one of them; ${kind} names are unique within the platform folder`,
        });
        continue;
      }
      seen.set(key, doc);
      const object = { name, document: doc, spec: value.spec, builtin: isBuiltin };
      if (kind === 'Environment') platform.environments.push(object as Environment);
      else if (kind === 'Patch') platform.patches.push(object as Patch);
      else if (kind === 'Policy') platform.policies.push(object as Policy);
      else if (kind === 'ResourceType') platform.resourceTypes.set(name, object as ResourceType);
      else {
        // A platform definition named like a built-in one replaces it.
        if (!isBuiltin)
          platform.definitions = platform.definitions.filter((d) => !(d.builtin && d.name === name));
        platform.definitions.push(object as ResourceDefinition);
      }
    }
  }
  append(diagnostics, checkScopes(platform));
  // Only a platform with policies loads the CEL implementation.
  if (platform.policies.length > 0)
    append(diagnostics, checkPolicies(platform.policies, paramNames(platform.resourceTypes)));
  return { platform, diagnostics };
}

function checkEnvelope(doc: LoadedDocument, diagnostics: Diagnostic[]): PlatformKind | undefined {
  const value = doc.value as Record<string, unknown>;
  if (value.apiVersion !== PLATFORM_API_VERSION) {
    const written = value.apiVersion;
    diagnostics.push({
      code: 'PAWS2001',
      severity: 'error',
      message:
        written === undefined
          ? 'platform document has no apiVersion'
          : `platform document has apiVersion "${String(written)}", but platform files use "${PLATFORM_API_VERSION}"`,
      ...locate(doc, written === undefined ? '' : '/apiVersion'),
      hint: `start each document with "apiVersion: ${PLATFORM_API_VERSION}" and a kind (${Object.keys(PLATFORM_KINDS).join(', ')})`,
    });
    return undefined;
  }
  const kind = value.kind;
  if (typeof kind === 'string' && Object.hasOwn(PLATFORM_KINDS, kind)) return kind as PlatformKind;
  const suggestion = typeof kind === 'string' ? didYouMean(kind, Object.keys(PLATFORM_KINDS)) : undefined;
  diagnostics.push({
    code: 'PAWS2002',
    severity: 'error',
    message:
      kind === undefined
        ? 'platform document has no kind'
        : `unknown kind "${String(kind)}"${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
    ...locate(doc, kind === undefined ? '' : '/kind'),
    hint: `platform documents are of kind ${Object.keys(PLATFORM_KINDS).join(', ')}`,
  });
  return undefined;
}

/** Every param name the resource types declare (a rule's resource.params.<name> must be one). */
function paramNames(types: ReadonlyMap<string, { spec: { params?: unknown } }>): string[] {
  const names = new Set<string>();
  for (const type of types.values()) {
    const properties = (type.spec.params as { properties?: Record<string, unknown> } | undefined)?.properties;
    for (const name of Object.keys(properties ?? {})) names.add(name);
  }
  return [...names].sort();
}
