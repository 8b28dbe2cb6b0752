import type { Diagnostic, Location } from '../compiler/diagnostics.js';
import { type LoadedDocument, locate, spanOf } from '../compiler/load/index.js';
import { joinPointer, toPointer } from '../compiler/load/pointer.js';
import { locationAt } from '../compiler/load/source.js';
import type { ResourceType, Workload, WorkloadSpec } from '../compiler/model.js';
import { parsePlaceholders } from '../compiler/placeholders.js';
import { didYouMean } from '../compiler/suggest.js';
import { schemaDiagnostics } from './schema-errors.js';
import { schemaErrors } from './schemas.js';
import { upgradeDeprecatedForms } from './upgrade.js';
import { checkWorkloadSettings } from './workload-settings.js';
import { checkWorkloadKinds } from './workload-kinds.js';
import { checkRoutePorts } from './route-ports.js';
import { append } from '../util/compare.js';
import { type ImageOptions, imageFor } from '../compiler/images.js';
import { MOVED_ANNOTATION, parseMovedAnnotation, renamesOf } from '../compiler/renames.js';

export const WORKLOAD_API_VERSIONS = { 'paws.dev/v1': 'workload', 'score.dev/v1b1': 'score' } as const;

export interface WorkloadCheckOptions extends ImageOptions {
  /** Commands that never emit containers (catalog, explain, graph) accept image "." without --image. */
  allowMissingImage?: boolean;
  /**
   * Set when there is no platform folder (trying paws on a Score file, as with score-compose): a
   * resource of a type paws does not know is left unprovisioned with a warning, unless read.
   */
  noPlatform?: boolean;
  /** Names of the platform's environments, for per-environment values (`environments.<name>`). */
  environmentNames?: readonly string[];
}

/** apiVersion, the Score upgrade, then the schema. Returns the workload only when it has the schema's shape. */
export function validateWorkloadDocument(doc: LoadedDocument): {
  workload?: Workload;
  diagnostics: Diagnostic[];
} {
  const value = doc.value as Record<string, unknown>;
  const apiVersion = value.apiVersion;
  const versions = Object.keys(WORKLOAD_API_VERSIONS);
  if (typeof apiVersion !== 'string' || !Object.hasOwn(WORKLOAD_API_VERSIONS, apiVersion)) {
    const suggestion = typeof apiVersion === 'string' ? didYouMean(apiVersion, versions) : undefined;
    return {
      diagnostics: [
        {
          code: 'PAWS2001',
          severity: 'error',
          message:
            apiVersion === undefined
              ? 'workload has no apiVersion'
              : `unknown workload apiVersion "${String(apiVersion)}"${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
          ...locate(doc, apiVersion === undefined ? '' : '/apiVersion'),
          hint: 'use "apiVersion: paws.dev/v1" (Score plus paws extensions) or "apiVersion: score.dev/v1b1" (a plain Score file)',
        },
      ],
    };
  }
  const diagnostics = upgradeDeprecatedForms(doc);
  const kind = WORKLOAD_API_VERSIONS[apiVersion as keyof typeof WORKLOAD_API_VERSIONS];
  const errors = schemaErrors(kind, doc.value);
  if (errors.length > 0) return { diagnostics: [...diagnostics, ...schemaDiagnostics(doc, errors)] };
  if (diagnostics.length > 0) return { diagnostics };
  const spec = doc.value as WorkloadSpec;
  return { workload: { name: spec.metadata.name, spec, document: doc }, diagnostics };
}

/** Checks a schema cannot express: placeholders, image ".", file targets, connections, resource types. */
export function checkWorkload(
  workload: Workload,
  resourceTypes: ReadonlyMap<string, ResourceType>,
  options: WorkloadCheckOptions,
): Diagnostic[] {
  const c: WorkloadCheck = {
    doc: workload.document,
    spec: workload.spec,
    resources: workload.spec.resources ?? {},
    resourceTypes,
    options,
    diagnostics: [],
  };
  checkResources(c);
  for (const [name, container] of Object.entries(c.spec.containers)) checkContainer(c, name, container);
  for (const [env, values] of Object.entries(c.spec.environments ?? {}))
    checkEnvironmentEntry(c, env, values);
  checkBefore(c);
  append(c.diagnostics, checkWorkloadSettings(c.doc, c.spec));
  append(c.diagnostics, checkWorkloadKinds(c.doc, c.spec, options.environmentNames));
  append(c.diagnostics, checkRoutePorts(c.doc, c.spec, resourceTypes));
  return c.diagnostics;
}

/** A per-environment entry: placeholders in its variables, and containers that exist. */
function checkEnvironmentEntry(
  c: WorkloadCheck,
  env: string,
  values: NonNullable<WorkloadSpec['environments']>[string],
): void {
  for (const [key, value] of Object.entries(values?.variables ?? {}))
    if (typeof value === 'string')
      checkPlaceholders(c, value, toPointer(['environments', env, 'variables', key]), 'variable');
  for (const [name, container] of Object.entries(values?.containers ?? {})) {
    if (!Object.hasOwn(c.spec.containers, name)) {
      const suggestion = didYouMean(name, Object.keys(c.spec.containers));
      c.diagnostics.push({
        code: 'PAWS2515',
        severity: 'error',
        message: `environments.${env}.containers names "${name}", which is not a container of this workload${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
        ...locate(c.doc, toPointer(['environments', env, 'containers', name]), 'key'),
        hint: `containers: ${Object.keys(c.spec.containers).join(', ')}`,
      });
      continue;
    }
    for (const [key, value] of Object.entries(container?.variables ?? {}))
      if (typeof value === 'string')
        checkPlaceholders(
          c,
          value,
          toPointer(['environments', env, 'containers', name, 'variables', key]),
          'variable',
        );
  }
}

/** `before` names containers of this workload, leaves one to run as the workload, and has no cycle. */
function checkBefore(c: WorkloadCheck): void {
  const names = Object.keys(c.spec.containers);
  const edges = new Map<string, string[]>();
  for (const [name, container] of Object.entries(c.spec.containers)) {
    for (const [target, rule] of Object.entries(container.before ?? {})) {
      const pointer = toPointer(['containers', name, 'before', target]);
      if (target === name || !names.includes(target)) {
        const suggestion = didYouMean(
          target,
          names.filter((n) => n !== name),
        );
        c.diagnostics.push({
          code: 'PAWS2506',
          severity: 'error',
          message: `container "${name}" is to run before "${target}", ${target === name ? 'which is itself' : 'which is not a container of this workload'}${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
          ...locate(c.doc, pointer, 'key'),
          hint: `containers: ${names.join(', ')}`,
        });
        continue;
      }
      if (rule?.ready === 'healthy' && !container.readinessProbe)
        c.diagnostics.push({
          code: 'PAWS2507',
          severity: 'error',
          message: `container "${name}" must be healthy before "${target}" starts, but has no readinessProbe to say so`,
          ...locate(c.doc, joinPointer(pointer, 'ready')),
          hint: 'give it a readinessProbe (used as its startup probe), or use ready: started or complete',
        });
      edges.set(name, [...(edges.get(name) ?? []), target]);
    }
  }
  // Only what names a container of this workload counts: an unknown name is PAWS2506 alone.
  if (names.length > 0 && names.every((n) => (edges.get(n)?.length ?? 0) > 0))
    c.diagnostics.push({
      code: 'PAWS2507',
      severity: 'error',
      message: 'every container runs before another: none is left to run as the workload',
      ...locate(c.doc, '/containers', 'key'),
      hint: 'remove before from the workload’s main container',
    });
  const cycle = findCycle(names, edges);
  if (cycle)
    c.diagnostics.push({
      code: 'PAWS2507',
      severity: 'error',
      message: `containers run before each other in a cycle: ${cycle.join(' → ')}`,
      ...locate(c.doc, toPointer(['containers', cycle[0] as string, 'before']), 'key'),
      hint: 'one container of the cycle must not wait for the others',
    });
}

function findCycle(names: readonly string[], edges: ReadonlyMap<string, string[]>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const walk = (name: string, path: string[]): string[] | undefined => {
    if (state.get(name) === 'done') return undefined;
    if (state.get(name) === 'open') return [...path.slice(path.indexOf(name)), name];
    state.set(name, 'open');
    for (const next of [...(edges.get(name) ?? [])].sort()) {
      const found = walk(next, [...path, name]);
      if (found) return found;
    }
    state.set(name, 'done');
    return undefined;
  };
  for (const name of [...names].sort()) {
    const found = walk(name, []);
    if (found) return found;
  }
  return undefined;
}

/** What checking one workload needs, and the diagnostics it finds. */
interface WorkloadCheck {
  doc: LoadedDocument;
  spec: WorkloadSpec;
  resources: NonNullable<WorkloadSpec['resources']>;
  resourceTypes: ReadonlyMap<string, ResourceType>;
  options: WorkloadCheckOptions;
  diagnostics: Diagnostic[];
}

/** Every resource has a known type; placeholders in params name what exists. */
function checkResources(c: WorkloadCheck): void {
  for (const [name, resource] of Object.entries(c.resources)) {
    if (resource && !c.resourceTypes.has(resource.type)) {
      const known = [...c.resourceTypes.keys()].sort();
      const suggestion = didYouMean(resource.type, known);
      if (c.options.noPlatform && !suggestion) {
        c.diagnostics.push({
          code: 'PAWS2302',
          severity: 'warning',
          message: `resource "${name}" has type "${resource.type}", which paws does not know: with no platform folder nothing provisions it`,
          ...locate(c.doc, toPointer(['resources', name, 'type'])),
          hint: 'a platform engineer adds the type (a ResourceType) and how to make it (a ResourceDefinition) in the platform folder',
        });
        continue;
      }
      c.diagnostics.push({
        code: 'PAWS2301',
        severity: 'error',
        message: `resource "${name}" has type "${resource.type}", which no ResourceType defines${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
        ...locate(c.doc, toPointer(['resources', name, 'type'])),
        hint: `known types: ${known.join(', ')}; a platform engineer adds a type with a ResourceType in the platform folder`,
      });
    }
    if (resource?.params)
      checkPlaceholdersIn(c, resource.params, toPointer(['resources', name, 'params']), 'params');
  }
  checkRenames(c);
}

/** Renames (`movedFrom`, or the annotation of a Score file) name a resource that is gone, once each. */
function checkRenames(c: WorkloadCheck): void {
  const annotations = (c.spec.metadata as { annotations?: Record<string, unknown> }).annotations;
  const text = annotations?.[MOVED_ANNOTATION];
  const annotationAt = toPointer(['metadata', 'annotations', MOVED_ANNOTATION]);
  const fail = (message: string, pointer: string, hint: string) =>
    c.diagnostics.push({ code: 'PAWS2405', severity: 'error', message, ...locate(c.doc, pointer), hint });
  if (typeof text === 'string') {
    const { pairs, bad } = parseMovedAnnotation(text);
    for (const part of bad)
      fail(
        `${MOVED_ANNOTATION}: "${part}" is not <new name>=<old name>`,
        annotationAt,
        'write pairs such as "cache2=cache, db2=db"',
      );
    for (const { to } of pairs)
      if (!Object.hasOwn(c.resources, to))
        fail(
          `${MOVED_ANNOTATION} renames to "${to}", which is not a resource of this workload`,
          annotationAt,
          `resources: ${Object.keys(c.resources).join(', ')}`,
        );
  }
  for (const [to, from] of renamesOf(c.spec)) {
    const resource = c.resources[to];
    const pointer =
      resource?.movedFrom !== undefined ? toPointer(['resources', to, 'movedFrom']) : annotationAt;
    if (Object.hasOwn(c.resources, from))
      fail(
        `resource "${to}" moves from "${from}", which is still a resource of this workload`,
        pointer,
        'a rename names the old name once the resource of that name is gone; two resources cannot be one',
      );
    else if (resource?.id !== undefined)
      fail(
        `resource "${to}" has an id, so movedFrom "${from}" changes nothing`,
        pointer,
        'an id already fixes the identity: remove movedFrom, or remove the id and keep movedFrom',
      );
  }
}

/** The image, placeholders in variables, files and volumes, mount targets, connections. */
function checkContainer(
  c: WorkloadCheck,
  containerName: string,
  container: WorkloadSpec['containers'][string],
): void {
  const base = toPointer(['containers', containerName]);
  const workload = (c.spec.metadata as { name?: string }).name ?? '';
  if (container.image === '.' && !imageFor(c.options, workload) && !c.options.allowMissingImage) {
    c.diagnostics.push({
      code: 'PAWS2501',
      severity: 'error',
      message: `container "${containerName}" has image ".", which means "built by CI", but no image was given`,
      ...locate(c.doc, joinPointer(base, 'image')),
      hint: `pass the built image with --image ${workload}=registry.example.com/app:tag (or --image for every workload), or write the image here`,
    });
  }
  for (const [key, value] of Object.entries(container.variables ?? {})) {
    if (typeof value === 'string')
      checkPlaceholders(c, value, joinPointer(joinPointer(base, 'variables'), key), 'variable');
  }
  for (const [target, file] of Object.entries(container.files ?? {})) {
    const pointer = joinPointer(joinPointer(base, 'files'), target);
    checkTarget(c, target, pointer, 'file');
    if (typeof file.content === 'string' && !file.noExpand)
      checkPlaceholders(c, file.content, joinPointer(pointer, 'content'), 'file');
  }
  for (const [target, volume] of Object.entries(container.volumes ?? {})) {
    const pointer = joinPointer(joinPointer(base, 'volumes'), target);
    checkTarget(c, target, pointer, 'volume');
    checkPlaceholders(c, volume.source, joinPointer(pointer, 'source'), 'volume');
  }
  container.connections?.forEach((connection, index) => {
    if (connection !== '*' && !Object.hasOwn(c.resources, connection)) {
      const suggestion = didYouMean(connection, Object.keys(c.resources));
      c.diagnostics.push({
        code: 'PAWS2503',
        severity: 'error',
        message: `container "${containerName}" connects to "${connection}", which is not a resource of this workload${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
        ...locate(c.doc, joinPointer(joinPointer(base, 'connections'), String(index))),
        hint: declaredResourcesHint(c),
      });
    }
  });
}

function declaredResourcesHint(c: WorkloadCheck): string {
  const names = Object.keys(c.resources);
  return names.length > 0 ? `declared resources: ${names.join(', ')}` : 'this workload declares no resources';
}

function checkTarget(c: WorkloadCheck, target: string, pointer: string, what: 'file' | 'volume'): void {
  if (target.startsWith('/') && !target.split('/').includes('..')) return;
  c.diagnostics.push({
    code: 'PAWS2502',
    severity: 'error',
    message: `${what} target "${target}" must be an absolute path without ".." segments`,
    ...locate(c.doc, pointer, 'key'),
    hint: `mount ${what}s at an absolute path inside the container, such as /etc/app/config.yaml`,
  });
}

function checkPlaceholdersIn(c: WorkloadCheck, value: unknown, pointer: string, where: 'params'): void {
  if (typeof value === 'string') checkPlaceholders(c, value, pointer, where);
  else if (Array.isArray(value))
    value.forEach((item, i) => {
      checkPlaceholdersIn(c, item, joinPointer(pointer, String(i)), where);
    });
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value))
      checkPlaceholdersIn(c, item, joinPointer(pointer, key), where);
  }
}

function checkPlaceholders(
  c: WorkloadCheck,
  text: string,
  pointer: string,
  where: 'variable' | 'file' | 'volume' | 'params',
): void {
  const parsed = parsePlaceholders(text);
  if (!parsed.ok) {
    c.diagnostics.push({
      code: 'PAWS2401',
      severity: 'error',
      message: parsed.message,
      ...placeholderLocation(c.doc, pointer, text.slice(parsed.offset), parsed.offset),
      hint: 'close the placeholder with "}", or write "$$" for a literal "$"',
    });
    return;
  }
  for (const segment of parsed.segments) {
    if (segment.kind !== 'ref') continue;
    const at = () => placeholderLocation(c.doc, pointer, segment.raw, segment.offset);
    const [root, ...rest] = segment.path;
    if (root === 'metadata') {
      checkMetadataReference(c, rest, segment.raw, at);
    } else if (root === 'resources') {
      checkResourceReference(c, rest, segment.raw, where, at);
    } else {
      const suggestion = didYouMean(root ?? '', ['metadata', 'resources']);
      c.diagnostics.push({
        code: 'PAWS2402',
        severity: 'error',
        message: `placeholder ${segment.raw} starts with "${root}"; only "metadata" and "resources" exist${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
        ...at(),
        hint: 'write ${metadata.name} or ${resources.<resource>.<output>}; for a literal "${" write "$${"',
      });
    }
  }
}

function checkMetadataReference(c: WorkloadCheck, path: string[], raw: string, at: () => Location): void {
  let node: unknown = c.spec.metadata;
  for (let i = 0; i < path.length; i++) {
    const key = path[i] as string;
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) {
      const keys = node && typeof node === 'object' ? Object.keys(node) : [];
      const suggestion = didYouMean(key, keys);
      c.diagnostics.push({
        code: 'PAWS2403',
        severity: 'error',
        message: `placeholder ${raw} names metadata key "${path.slice(0, i + 1).join('.')}", which does not exist${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
        ...at(),
        hint:
          keys.length > 0
            ? `metadata${i > 0 ? `.${path.slice(0, i).join('.')}` : ''} has: ${keys.join(', ')}`
            : undefined,
      });
      return;
    }
    node = (node as Record<string, unknown>)[key];
  }
  if (path.length === 0) {
    c.diagnostics.push({
      code: 'PAWS2403',
      severity: 'error',
      message: `placeholder ${raw} names all of metadata; name one key such as \${metadata.name}`,
      ...at(),
    });
  }
}

function checkResourceReference(
  c: WorkloadCheck,
  path: string[],
  raw: string,
  where: string,
  at: () => Location,
): void {
  const [name, output] = path;
  if (name === undefined || !Object.hasOwn(c.resources, name)) {
    const suggestion = name === undefined ? undefined : didYouMean(name, Object.keys(c.resources));
    c.diagnostics.push({
      code: 'PAWS2403',
      severity: 'error',
      message: `placeholder ${raw} names resource "${name ?? ''}", which this workload does not declare${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
      ...at(),
      hint: declaredResourcesHint(c),
    });
    return;
  }
  const type = c.resourceTypes.get(c.resources[name]?.type ?? '');
  if (!type && c.options.noPlatform) {
    c.diagnostics.push({
      code: 'PAWS2406',
      severity: 'error',
      message: `placeholder ${raw} reads resource "${name}", whose type "${c.resources[name]?.type}" nothing provisions`,
      ...at(),
      hint: 'define the type and a definition for it in the platform folder, or remove the placeholder',
    });
    return;
  }
  const contract = type?.spec.outputs as
    { properties?: Record<string, unknown>; additionalProperties?: unknown } | undefined;
  const outputs = Object.keys(contract?.properties ?? {});
  if (output === undefined) {
    // Score lets a volume source name the whole resource: ${c.resources.data}.
    if (where === 'volume') return;
    c.diagnostics.push({
      code: 'PAWS2404',
      severity: 'error',
      message: `placeholder ${raw} names resource "${name}" but no output`,
      ...at(),
      hint:
        outputs.length > 0
          ? `write \${resources.${name}.<output>}; outputs: ${outputs.join(', ')}`
          : undefined,
    });
    return;
  }
  // A contract without listed properties, or with additionalProperties, accepts any output name.
  const open = !contract?.properties || (contract.additionalProperties ?? false) !== false;
  if (open || outputs.includes(output)) return;
  const suggestion = didYouMean(output, outputs);
  c.diagnostics.push({
    code: 'PAWS2404',
    severity: 'error',
    message: `placeholder ${raw}: resource "${name}" (type ${type?.name}) has no output "${output}"${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
    ...at(),
    hint:
      outputs.length > 0 ? `${type?.name} outputs: ${outputs.join(', ')}` : `${type?.name} has no outputs`,
  });
}

/**
 * Where a placeholder sits in the file: found by its text inside the YAML node's source, so it is
 * exact for plain, quoted and block scalars alike; the node's start when escapes hide it.
 */
function placeholderLocation(doc: LoadedDocument, pointer: string, raw: string, offset: number): Location {
  const span = spanOf(doc, pointer);
  if (!span) return locate(doc, pointer);
  const slice = doc.source.text.slice(span.value, span.end);
  const needle = raw.split(/[\r\n]/)[0]?.slice(0, 60) ?? raw;
  let index = slice.indexOf(needle);
  // The same text may occur more than once; prefer the occurrence nearest to the offset in the value.
  for (let next = index; next !== -1 && next <= offset; next = slice.indexOf(needle, next + 1)) index = next;
  return index === -1 ? locate(doc, pointer) : locationAt(doc.source, span.value + index);
}
