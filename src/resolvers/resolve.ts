import type { ImageOptions } from '../compiler/images.js';
import { parsePlaceholders } from '../compiler/placeholders.js';
import { renamesOf } from '../compiler/renames.js';
import { globalNamesWithoutPrefix } from './global-names.js';
import { atDevelopersValue } from './developer-position.js';
import { rotationOf } from './rotation.js';
import type { Diagnostic } from '../compiler/diagnostics.js';
import { type LoadedDocument, locate } from '../compiler/load/index.js';
import { toPointer } from '../compiler/load/pointer.js';
import type { ResourceDefinition, ResourceType, ValidatedProject } from '../compiler/model.js';
import type { BoundJson, EnvironmentPlan, ResourceInstance, WorkloadPlan } from '../compiler/plan/types.js';
import { isSecret } from '../compiler/values.js';
import { type DriverInput, isTerraformDriver } from '../drivers/index.js';
import { GENERATED_SECRET_KEY, generatedSecretName, terraformModuleOf } from '../compiler/identity.js';
import { outputsAcrossModules } from './module-references.js';
import { patchesFor } from './patches.js';
import { unallowedClaims } from './shared-by.js';
import { evaluatePolicies, type PolicyOutcome } from './policies.js';
import { append, compareStrings, stableJson } from '../util/compare.js';
import { type BindContext, bindText, bindWorkload } from './bind.js';
import { unsetEnvironmentVariable } from './environment-variables.js';
import { checkSecurityProfiles } from './security-profiles.js';
import { workloadSettings } from '../compiler/workload-settings.js';
import { deepMerge, namespaceFor, type ResolvedEnvironment } from './environments.js';
import { topologicalOrder } from './graph.js';
import {
  DEFAULT_CLASS,
  defaultResourceId,
  type ResourceIdentity,
  SHARED_NAMESPACE_WORKLOAD,
  uidOf,
} from '../compiler/identity.js';
import { type MatchResult, matchDefinition } from './match.js';
import { noMatchDiagnostic, requiresCycle, unpublishedOutputs } from './resolve-diagnostics.js';
import { outputContract } from './outputs.js';
import { checkParams, withMetadata } from './params.js';
import { renderResource } from './render.js';

/** A resource somebody asked for: a workload (by resources.<name>) or a definition (by requires). */
interface Request {
  uid: string;
  identity: ResourceIdentity;
  workloads: Set<string>;
  requestedBy: string[];
  params?: Record<string, unknown>;
  /** Where the request is written, for diagnostics. */
  origin: { doc: LoadedDocument; pointer: string };
  /** For a workload's resource: which workload and local name (the first, for shared ones). */
  declaredBy?: { workload: string; resource: string };
  /** Definitions above it in a chain of private requirements, to stop endless nesting. */
  chain: string[];
  shared: boolean;
  /** For a private requirement (no id): the uid of the resource whose definition requires it. */
  partOf?: string;
}

export interface ResolveResult {
  plan?: EnvironmentPlan;
  diagnostics: Diagnostic[];
  /** The match story of every resource, by uid, for `paws explain`. */
  matches: Map<string, MatchResult>;
  /** uid of each workload resource: `workload/resource` → uid. */
  workloadResources: Map<string, string>;
  /** What the policies found in this environment (also when they denied it), for `paws explain`. */
  policies?: PolicyOutcome[];
}

const MAX_REQUIRE_DEPTH = 16;

/** Options of a resolution: the image for `image: "."`, and files read during load. */
export interface ResolveOptions extends ImageOptions {
  /** Text of a file read during load (templates next to definitions, files workloads mount), by absolute path. */
  readFile?: (absolutePath: string) => string | undefined;
}

/** What resolving one environment builds up, step by step. */
interface Resolution {
  project: ValidatedProject;
  environment: ResolvedEnvironment;
  diagnostics: Diagnostic[];
  requests: Map<string, Request>;
  matches: Map<string, MatchResult>;
  /** `workload/resource` → uid. */
  workloadResources: Map<string, string>;
  winners: Map<string, ResourceDefinition>;
  /** uid → uids it must come after. */
  edges: Map<string, Set<string>>;
  /** uid → local requirement name → uid. */
  requiresOf: Map<string, Record<string, string>>;
}

/**
 * Resolves every resource of every workload in one environment and binds the workloads to their
 * outputs: requests, matching (layer by layer through requires), params, order, rendering, binding.
 */
export async function resolveEnvironment(
  project: ValidatedProject,
  environment: ResolvedEnvironment,
  options: ResolveOptions = {},
): Promise<ResolveResult> {
  const r: Resolution = {
    project,
    environment,
    diagnostics: [],
    requests: new Map(),
    matches: new Map(),
    workloadResources: new Map(),
    winners: new Map(),
    edges: new Map(),
    requiresOf: new Map(),
  };
  const partial = () => ({
    diagnostics: r.diagnostics,
    matches: r.matches,
    workloadResources: r.workloadResources,
  });
  append(r.diagnostics, checkSecurityProfiles(project.workloads, environment));
  matchLayers(r, requestWorkloadResources(r));
  append(
    r.diagnostics,
    unallowedClaims(environment, project.workloads, r.workloadResources, r.requests, r.winners),
  );
  const params = mergeParams(r);
  const order = orderResources(r);
  if (hasError(r.diagnostics) || !order) return partial();
  const instances = await renderInOrder(r, order, params, options);
  if (hasError(r.diagnostics)) return partial();
  append(r.diagnostics, globalNamesWithoutPrefix(r.environment, r.project.platform.definitions, instances));
  const patches = patchesFor(project, environment);
  append(r.diagnostics, patches.diagnostics);
  const plan: EnvironmentPlan = {
    environment,
    resources: order.map((uid) => instances.get(uid) as ResourceInstance),
    workloads: bindWorkloads(r, instances, options),
    patches: patches.patches,
  };
  if (hasError(r.diagnostics)) return partial();
  const policies = evaluatePolicies(project, plan);
  append(r.diagnostics, policies.diagnostics);
  const outcomes = policies.outcomes.length > 0 ? { policies: policies.outcomes } : {};
  if (hasError(r.diagnostics)) return { ...partial(), ...outcomes };
  return { plan: { ...plan, ...outcomes }, ...partial(), ...outcomes };
}

const hasError = (diagnostics: readonly Diagnostic[]) => diagnostics.some((d) => d.severity === 'error');

function addEdge(r: Resolution, from: string, to: string): void {
  const set = r.edges.get(from) ?? new Set<string>();
  set.add(to);
  r.edges.set(from, set);
}

/** Records a request; a second request for one uid joins the first (a shared resource) and must agree on params. */
function request(
  r: Resolution,
  next: Omit<Request, 'uid' | 'workloads' | 'requestedBy'> & { workloads: string[]; by: string },
): { uid: string; added: boolean } {
  const uid = uidOf(next.identity);
  const existing = r.requests.get(uid);
  if (!existing) {
    const { by, workloads, ...rest } = next;
    r.requests.set(uid, { ...rest, uid, workloads: new Set(workloads), requestedBy: [by] });
    return { uid, added: true };
  }
  for (const w of next.workloads) existing.workloads.add(w);
  existing.requestedBy.push(next.by);
  if (!sameParams(existing.params, next.params)) {
    r.diagnostics.push({
      code: 'PAWS3103',
      severity: 'error',
      message: `shared resource ${uid} is declared with different params by ${existing.requestedBy[0]} and ${next.by}`,
      ...locate(next.origin.doc, next.origin.pointer, 'key'),
      related: [
        { message: 'first declared here', ...locate(existing.origin.doc, existing.origin.pointer, 'key') },
      ],
      hint: 'a shared resource is one resource: give every declaration the same params, or a different id',
    });
  }
  return { uid, added: false };
}

/** Layer 0: every workload's resources, in name order. Returns the uids first requested. */
function requestWorkloadResources(r: Resolution): string[] {
  const layer: string[] = [];
  for (const workload of [...r.project.workloads].sort((a, b) => compareStrings(a.name, b.name))) {
    // A renamed resource keeps the identity it was created with: nothing of it is replaced.
    const renames = renamesOf(workload.spec);
    for (const [name, resource] of Object.entries(workload.spec.resources ?? {}).sort(([a], [b]) =>
      compareStrings(a, b),
    )) {
      // Only without a platform folder does an unknown type get this far: nothing provisions it.
      if (!resource || !r.project.platform.resourceTypes.has(resource.type)) continue;
      const identity = {
        type: resource.type,
        class: resource.class ?? DEFAULT_CLASS,
        id: resource.id ?? defaultResourceId(workload.name, renames.get(name) ?? name),
      };
      const { uid, added } = request(r, {
        identity,
        workloads: [workload.name],
        by: `${workload.name}.${name}`,
        ...(resource.params ? { params: resource.params } : {}),
        origin: { doc: workload.document, pointer: toPointer(['resources', name]) },
        declaredBy: { workload: workload.name, resource: name },
        chain: [],
        shared: resource.id !== undefined,
      });
      r.workloadResources.set(`${workload.name}/${name}`, uid);
      if (added) layer.push(uid);
    }
  }
  return layer;
}

/**
 * Matches layer by layer: a definition's requires become the next layer, so a resource required by
 * several others knows all the workloads it serves before it is matched.
 */
function matchLayers(r: Resolution, first: string[]): void {
  let layer = first;
  for (let depth = 0; layer.length > 0; depth++) {
    const next: string[] = [];
    for (const uid of [...layer].sort(compareStrings)) {
      const winner = matchOne(r, uid);
      if (winner) append(next, requestRequirements(r, uid, winner, depth));
    }
    layer = next;
  }
}

function matchOne(r: Resolution, uid: string): ResourceDefinition | undefined {
  const req = r.requests.get(uid) as Request;
  const { definitions } = r.project.platform;
  const result = matchDefinition(
    { ...req.identity, workloads: [...req.workloads].sort(compareStrings), environment: r.environment },
    definitions,
  );
  r.matches.set(uid, result);
  const winner = result.winner && definitions.find((d) => d.name === result.winner?.definition);
  if (!winner) r.diagnostics.push(noMatchDiagnostic(req, result, r.environment, definitions));
  else r.winners.set(uid, winner);
  return winner;
}

/** The resources a matched definition requires; returns those requested for the first time. */
function requestRequirements(
  r: Resolution,
  uid: string,
  winner: ResourceDefinition,
  depth: number,
): string[] {
  const req = r.requests.get(uid) as Request;
  const added: string[] = [];
  const requires: Record<string, string> = {};
  for (const [local, required] of Object.entries(winner.spec.requires ?? {}).sort(([a], [b]) =>
    compareStrings(a, b),
  )) {
    if (!required) continue;
    const pointer = toPointer(['spec', 'requires', local]);
    if ((!required.id && req.chain.includes(winner.name)) || depth >= MAX_REQUIRE_DEPTH) {
      r.diagnostics.push(requiresCycle(winner, [...req.chain, winner.name], pointer));
      continue;
    }
    const result = request(r, {
      identity: {
        type: required.type,
        class: required.class ?? DEFAULT_CLASS,
        id: required.id ?? `${req.identity.id}.${local}`,
      },
      workloads: [...req.workloads],
      by: `${uid}/${local}`,
      ...(required.params ? { params: required.params } : {}),
      origin: { doc: winner.document, pointer },
      chain: required.id ? [] : [...req.chain, winner.name],
      shared: required.id !== undefined,
      ...(required.id ? {} : { partOf: uid }),
    });
    requires[local] = result.uid;
    addEdge(r, uid, result.uid);
    if (result.added) added.push(result.uid);
  }
  r.requiresOf.set(uid, requires);
  return added;
}

/** Definition defaults under the request's params, checked against the type's schema. */
function mergeParams(r: Resolution): Map<string, Record<string, unknown>> {
  const merged = new Map<string, Record<string, unknown>>();
  for (const [uid, definition] of r.winners) {
    const req = r.requests.get(uid) as Request;
    const type = r.project.platform.resourceTypes.get(req.identity.type);
    if (!type) continue;
    const params = deepMerge((definition.spec.params ?? {}) as Record<string, unknown>, req.params ?? {});
    merged.set(uid, params);
    // Checked with the workload's metadata placeholders replaced, as a provisioner would see them.
    const metadata = (req.origin.doc.value as { metadata?: Record<string, unknown> }).metadata ?? {};
    const checked = req.declaredBy ? withMetadata(params, metadata) : params;
    append(r.diagnostics, checkParams(type, checked, req.origin.doc, `${req.origin.pointer}/params`));
    // Placeholders in a workload resource's params depend on the resources they name.
    if (req.declaredBy) {
      for (const target of referencedResources(params)) {
        const dep = r.workloadResources.get(`${req.declaredBy.workload}/${target}`);
        if (dep) addEdge(r, uid, dep);
      }
    }
  }
  return merged;
}

/** A stable topological order of the matched resources, or a diagnostic that prints the cycle. */
function orderResources(r: Resolution): string[] | undefined {
  const { order, cycle } = topologicalOrder([...r.winners.keys()].sort(compareStrings), r.edges);
  if (!cycle) return order;
  const first = r.requests.get(cycle[0] as string) as Request;
  r.diagnostics.push({
    code: 'PAWS3201',
    severity: 'error',
    message: `resources depend on each other in a cycle: ${cycle.join(' → ')}`,
    ...locate(first.origin.doc, first.origin.pointer, 'key'),
    hint: 'break the cycle: a resource cannot need, through requires or params placeholders, a resource that needs it',
  });
  return undefined;
}

/** Renders every resource after the ones it needs: bound params, the definition's outputs, its driver. */
async function renderInOrder(
  r: Resolution,
  order: readonly string[],
  mergedParams: ReadonlyMap<string, Record<string, unknown>>,
  options: ResolveOptions,
): Promise<Map<string, ResourceInstance>> {
  const instances = new Map<string, ResourceInstance>();
  const homeOf = (uid: string) => {
    const instance = instances.get(uid);
    return instance && isTerraformDriver(instance.definition.driver)
      ? {
          ...(instance.module !== undefined ? { module: instance.module } : {}),
          tfName: instance.names.terraform,
        }
      : undefined;
  };
  const services = servicesOf(r.project, r.environment);
  for (const uid of order) {
    const req = r.requests.get(uid) as Request;
    const definition = r.winners.get(uid) as ResourceDefinition;
    const type = r.project.platform.resourceTypes.get(req.identity.type);
    if (!type) continue;
    const place = placement(r, req, definition);
    // A Terraform resource reads another module's resources through that module's outputs.
    const read = (dep: string) =>
      isTerraformDriver(definition.spec.driver.kind)
        ? outputsAcrossModules(instances.get(dep)?.outputs, place.module, homeOf)
        : instances.get(dep)?.outputs;
    const params = bindParams(mergedParams.get(uid) ?? {}, req, r.workloadResources, r.diagnostics, {
      outputsOf: read,
      missingOutput: unsetEnvironmentVariable((u) => instances.get(u), r.environment),
    });
    const requires = r.requiresOf.get(uid) ?? {};
    const { rendered, diagnostics } = await renderResource({
      definition,
      type,
      identity: req.identity,
      uid,
      namespace: place.namespace,
      environment: r.environment,
      workloads: place.workloads,
      params,
      requires: Object.fromEntries(Object.entries(requires).map(([local, dep]) => [local, read(dep) ?? {}])),
      requiredSecrets: Object.fromEntries(
        Object.entries(requires).map(([local, dep]) => [local, inClusterSecrets(instances.get(dep))]),
      ),
      services,
      rotation: rotationOf(r.environment, req),
      ...(options.readFile ? { readFile: options.readFile } : {}),
    });
    append(
      r.diagnostics,
      diagnostics.map((d) => atDevelopersValue(d, req)),
    );
    if (!rendered) continue;
    const unpublished = unpublishedOutputs(r.environment, definition, uid, rendered.outputs);
    if (unpublished) r.diagnostics.push(unpublished);
    instances.set(uid, instanceOf(r, req, definition, type, place, params, requires, rendered));
  }
  return instances;
}

/** The plan's record of a rendered resource. */
function instanceOf(
  r: Resolution,
  req: Request,
  definition: ResourceDefinition,
  type: ResourceType,
  place: ReturnType<typeof placement>,
  params: ResourceInstance['params'],
  requires: Record<string, string>,
  rendered: NonNullable<Awaited<ReturnType<typeof renderResource>>['rendered']>,
): ResourceInstance {
  const uid = req.uid;
  return {
    uid,
    ...req.identity,
    names: rendered.names,
    namespace: place.namespace,
    ...(place.module !== undefined ? { module: place.module } : {}),
    workloads: place.workloads,
    requestedBy: [...req.requestedBy].sort(compareStrings),
    definition: {
      name: definition.name,
      file: definition.document.source.displayPath,
      driver: definition.spec.driver.kind,
      builtin: definition.builtin,
    },
    why: (r.matches.get(uid) as MatchResult).reason,
    params,
    requires,
    dependsOn: [...(r.edges.get(uid) ?? [])].sort(compareStrings),
    outputs: rendered.outputs,
    secretOutputs: [...outputContract(type).secret].sort(compareStrings),
    ...(rotationOf(r.environment, req) > 1 ? { rotation: rotationOf(r.environment, req) } : {}),
    fragment: { terraform: rendered.fragment.terraform, kubernetes: rendered.fragment.kubernetes },
  };
}

/**
 * Where a resource goes: its workloads, its namespace (its workload's when private to one, the
 * shared one otherwise) and, when Terraform makes it, its root module.
 */
function placement(
  r: Resolution,
  req: Request,
  definition: ResourceDefinition,
): { workloads: string[]; namespace: string; module?: string } {
  const workloads = [...req.workloads].sort(compareStrings);
  const namespace = namespaceFor(r.environment, privateTo(req) ?? SHARED_NAMESPACE_WORKLOAD);
  const module = isTerraformDriver(definition.spec.driver.kind) ? moduleHome(r, req) : undefined;
  return { workloads, namespace, ...(module !== undefined ? { module } : {}) };
}

function privateTo(req: Request): string | undefined {
  return !req.shared && req.workloads.size === 1 ? [...req.workloads][0] : undefined;
}

/**
 * The root module of a resource: a private requirement goes with the resource that requires it (it is
 * part of it, and modules must not depend on each other both ways); others by their workloads.
 */
function moduleHome(r: Resolution, req: Request): string | undefined {
  const owner = req.partOf === undefined ? undefined : r.requests.get(req.partOf);
  if (owner) return moduleHome(r, owner);
  return terraformModuleOf(r.environment.terraform.layout, req.identity, privateTo(req));
}

/**
 * Where the generated secrets of an in-cluster resource live (Secret name and key, never the value),
 * so a resource that requires it can mount them: a Dapr component reading its Redis password.
 */
function inClusterSecrets(
  instance: ResourceInstance | undefined,
): Record<string, { name: string; key: string }> {
  if (!instance || isTerraformDriver(instance.definition.driver)) return {};
  const refs: Record<string, { name: string; key: string }> = {};
  for (const [name, value] of Object.entries(instance.outputs)) {
    if (value.kind === 'generated' && value.resource === instance.uid)
      refs[name] = { name: generatedSecretName(instance, value.output), key: GENERATED_SECRET_KEY };
  }
  return refs;
}

/** Every workload with its variables, files and volumes bound to the resources' outputs. */
function bindWorkloads(
  r: Resolution,
  instances: ReadonlyMap<string, ResourceInstance>,
  options: ResolveOptions,
): WorkloadPlan[] {
  return [...r.project.workloads]
    .sort((a, b) => compareStrings(a.name, b.name))
    .map((workload) => {
      const bound = bindWorkload(workload, r.workloadResources, instances, {
        environment: r.environment,
        missingOutput: unsetEnvironmentVariable((uid) => instances.get(uid), r.environment),
        ...(options.image ? { image: options.image } : {}),
        ...(options.images ? { images: options.images } : {}),
        ...(options.readFile ? { readFile: options.readFile } : {}),
      });
      append(r.diagnostics, bound.diagnostics);
      return bound.plan;
    });
}

function servicesOf(project: ValidatedProject, environment: ResolvedEnvironment): DriverInput['services'] {
  const services: DriverInput['services'] = {};
  for (const w of [...project.workloads].sort((a, b) => compareStrings(a.name, b.name))) {
    const ports: Record<string, { port: number; targetPort: number }> = {};
    for (const [name, port] of Object.entries(w.spec.service?.ports ?? {})) {
      if (port) ports[name] = { port: port.port, targetPort: port.targetPort ?? port.port };
    }
    const settings = workloadSettings(w.spec);
    services[w.name] = {
      name: settings.serviceName,
      workloadKind: settings.kind,
      namespace: namespaceFor(environment, w.name),
      ports,
    };
  }
  return services;
}

function sameParams(a: unknown, b: unknown): boolean {
  return stableJson(a ?? {}) === stableJson(b ?? {});
}

/** The resources placeholders name, read as binding reads them: `$${…}` is text, not a reference. */
function referencedResources(value: unknown, found = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    const parsed = value.includes('${') ? parsePlaceholders(value) : undefined;
    for (const segment of parsed?.ok ? parsed.segments : []) {
      if (segment.kind === 'ref' && segment.path[0] === 'resources' && segment.path[1] !== undefined)
        found.add(segment.path[1]);
    }
  } else if (Array.isArray(value)) value.forEach((v) => referencedResources(v, found));
  else if (value && typeof value === 'object')
    Object.values(value).forEach((v) => referencedResources(v, found));
  return found;
}

/** Params with placeholders bound to values (only a workload's own params hold placeholders). */
function bindParams(
  params: Record<string, unknown>,
  req: Request,
  workloadResources: ReadonlyMap<string, string>,
  diagnostics: Diagnostic[],
  outputs: Pick<BindContext, 'outputsOf' | 'missingOutput'>,
): Record<string, BoundJson> {
  const bind = (value: unknown, pointer: string): BoundJson => {
    if (typeof value === 'string') {
      if (!req.declaredBy || !value.includes('$')) return value;
      const bound = bindText(value, {
        doc: req.origin.doc,
        pointer,
        workload: req.declaredBy.workload,
        metadata: (req.origin.doc.value as { metadata?: Record<string, unknown> }).metadata ?? {},
        resourceUid: (name) => workloadResources.get(`${req.declaredBy?.workload}/${name}`),
        ...outputs,
        diagnostics,
      });
      if (!bound) return value;
      if (isSecret(bound)) {
        diagnostics.push({
          code: 'PAWS3403',
          severity: 'error',
          message: `params of ${req.uid} use a secret value; params are rendered into plain text`,
          ...locate(req.origin.doc, pointer),
          hint: 'pass secrets to containers through variables, never through resource params',
        });
        return value;
      }
      return bound.kind === 'literal' ? bound.value : { $value: bound };
    }
    if (Array.isArray(value)) return value.map((v, i) => bind(v, `${pointer}/${i}`));
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([k, v]) => [
          k,
          bind(v, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`),
        ]),
      );
    }
    return value as BoundJson;
  };
  return bind(params, `${req.origin.pointer}/params`) as Record<string, BoundJson>;
}
