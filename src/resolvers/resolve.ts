import type { Diagnostic, Location, RelatedInformation } from '../compiler/diagnostics.js';
import { type LoadedDocument, locate } from '../compiler/load/index.js';
import { toPointer } from '../compiler/load/pointer.js';
import type { ResourceDefinition, ValidatedProject } from '../compiler/model.js';
import type { BoundJson, EnvironmentPlan, ResourceInstance } from '../compiler/plan/types.js';
import { isSecret, type Value } from '../compiler/values.js';
import { type DriverInput, isTerraformDriver } from '../drivers/index.js';
import { append, compareStrings } from '../util/compare.js';
import { bindText, bindWorkload } from './bind.js';
import { deepMerge, namespaceFor, type ResolvedEnvironment } from './environments.js';
import { topologicalOrder } from './graph.js';
import {
  DEFAULT_CLASS,
  defaultResourceId,
  type ResourceIdentity,
  SHARED_NAMESPACE_WORKLOAD,
  uidOf,
} from '../compiler/identity.js';
import { failedCriterion, type MatchResult, matchDefinition } from './match.js';
import { outputContract } from './outputs.js';
import { checkParams } from './params.js';
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
}

export interface ResolveResult {
  plan?: EnvironmentPlan;
  diagnostics: Diagnostic[];
  /** The match story of every resource, by uid, for `paws explain`. */
  matches: Map<string, MatchResult>;
  /** uid of each workload resource: `workload/resource` → uid. */
  workloadResources: Map<string, string>;
}

const MAX_REQUIRE_DEPTH = 16;

/** Resolves every resource of every workload in one environment and binds the workloads to their outputs. */
export async function resolveEnvironment(
  project: ValidatedProject,
  environment: ResolvedEnvironment,
  options: {
    image?: string;
    /** Text of a file read during load (templates next to definitions, files workloads mount), by absolute path. */
    readFile?: (absolutePath: string) => string | undefined;
  } = {},
): Promise<ResolveResult> {
  const diagnostics: Diagnostic[] = [];
  const { platform } = project;
  const requests = new Map<string, Request>();
  const matches = new Map<string, MatchResult>();
  const workloadResources = new Map<string, string>();
  const winners = new Map<string, ResourceDefinition>();
  const edges = new Map<string, Set<string>>();
  const requiresOf = new Map<string, Record<string, string>>();
  const addEdge = (from: string, to: string) => {
    const set = edges.get(from) ?? new Set<string>();
    set.add(to);
    edges.set(from, set);
  };

  const request = (
    next: Omit<Request, 'uid' | 'workloads' | 'requestedBy'> & { workloads: string[]; by: string },
  ) => {
    const uid = uidOf(next.identity);
    const existing = requests.get(uid);
    if (!existing) {
      const { by, workloads, ...rest } = next;
      requests.set(uid, { ...rest, uid, workloads: new Set(workloads), requestedBy: [by] });
      return { uid, added: true };
    }
    for (const w of next.workloads) existing.workloads.add(w);
    existing.requestedBy.push(next.by);
    if (!sameParams(existing.params, next.params)) {
      diagnostics.push({
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
  };

  // Layer 0: the workloads' resources.
  let layer: string[] = [];
  for (const workload of [...project.workloads].sort((a, b) => compareStrings(a.name, b.name))) {
    for (const [name, resource] of Object.entries(workload.spec.resources ?? {}).sort(([a], [b]) =>
      compareStrings(a, b),
    )) {
      if (!resource) continue;
      const identity = {
        type: resource.type,
        class: resource.class ?? DEFAULT_CLASS,
        id: resource.id ?? defaultResourceId(workload.name, name),
      };
      const { uid, added } = request({
        identity,
        workloads: [workload.name],
        by: `${workload.name}.${name}`,
        ...(resource.params ? { params: resource.params } : {}),
        origin: { doc: workload.document, pointer: toPointer(['resources', name]) },
        declaredBy: { workload: workload.name, resource: name },
        chain: [],
        shared: resource.id !== undefined,
      });
      workloadResources.set(`${workload.name}/${name}`, uid);
      if (added) layer.push(uid);
    }
  }

  // Match layer by layer: a definition's requires become the next layer, so a resource required by
  // several others knows all the workloads it serves before it is matched.
  for (let depth = 0; layer.length > 0; depth++) {
    const next: string[] = [];
    for (const uid of [...layer].sort(compareStrings)) {
      const req = requests.get(uid) as Request;
      const result = matchDefinition(
        { ...req.identity, workloads: [...req.workloads].sort(compareStrings), environment },
        platform.definitions,
      );
      matches.set(uid, result);
      const winner = result.winner && platform.definitions.find((d) => d.name === result.winner?.definition);
      if (!winner) {
        diagnostics.push(noMatchDiagnostic(req, result, environment, platform.definitions));
        continue;
      }
      winners.set(uid, winner);
      const requires: Record<string, string> = {};
      for (const [local, required] of Object.entries(winner.spec.requires ?? {}).sort(([a], [b]) =>
        compareStrings(a, b),
      )) {
        if (!required) continue;
        const pointer = toPointer(['spec', 'requires', local]);
        if (!required.id && req.chain.includes(winner.name)) {
          diagnostics.push(requiresCycle(winner, [...req.chain, winner.name], pointer));
          continue;
        }
        if (depth >= MAX_REQUIRE_DEPTH) {
          diagnostics.push(requiresCycle(winner, [...req.chain, winner.name], pointer));
          continue;
        }
        const identity = {
          type: required.type,
          class: required.class ?? DEFAULT_CLASS,
          id: required.id ?? `${req.identity.id}.${local}`,
        };
        const added = request({
          identity,
          workloads: [...req.workloads],
          by: `${uid}/${local}`,
          ...(required.params ? { params: required.params } : {}),
          origin: { doc: winner.document, pointer },
          chain: required.id ? [] : [...req.chain, winner.name],
          shared: required.id !== undefined,
        });
        requires[local] = added.uid;
        addEdge(uid, added.uid);
        if (added.added) next.push(added.uid);
      }
      requiresOf.set(uid, requires);
    }
    layer = next;
  }

  // Params: definition defaults under the request's params, then the type's schema.
  const mergedParams = new Map<string, Record<string, unknown>>();
  for (const [uid, definition] of winners) {
    const req = requests.get(uid) as Request;
    const type = platform.resourceTypes.get(req.identity.type);
    if (!type) continue;
    const params = deepMerge((definition.spec.params ?? {}) as Record<string, unknown>, req.params ?? {});
    mergedParams.set(uid, params);
    append(diagnostics, checkParams(type, params, req.origin.doc, `${req.origin.pointer}/params`));
    // Placeholders in a workload resource's params depend on the resources they name.
    if (req.declaredBy) {
      for (const target of referencedResources(params)) {
        const dep = workloadResources.get(`${req.declaredBy.workload}/${target}`);
        if (dep) addEdge(uid, dep);
      }
    }
  }

  const { order, cycle } = topologicalOrder([...winners.keys()].sort(compareStrings), edges);
  if (cycle) {
    const first = requests.get(cycle[0] as string) as Request;
    diagnostics.push({
      code: 'PAWS3201',
      severity: 'error',
      message: `resources depend on each other in a cycle: ${cycle.join(' → ')}`,
      ...locate(first.origin.doc, first.origin.pointer, 'key'),
      hint: 'break the cycle: a resource cannot need, through requires or params placeholders, a resource that needs it',
    });
  }
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics, matches, workloadResources };

  // Evaluate in dependency order: bound params, then the definition's outputs and its driver.
  const instances = new Map<string, ResourceInstance>();
  const outputsOf = (uid: string) => instances.get(uid)?.outputs;
  const services = servicesOf(project, environment);
  for (const uid of order) {
    const req = requests.get(uid) as Request;
    const definition = winners.get(uid) as ResourceDefinition;
    const type = platform.resourceTypes.get(req.identity.type);
    if (!type) continue;
    const params = bindParams(mergedParams.get(uid) ?? {}, req, workloadResources, outputsOf, diagnostics);
    const requires = requiresOf.get(uid) ?? {};
    const workloadsOf = [...req.workloads].sort(compareStrings);
    const privateTo = !req.shared && workloadsOf.length === 1 ? workloadsOf[0] : undefined;
    const namespace = namespaceFor(environment, privateTo ?? SHARED_NAMESPACE_WORKLOAD);
    const { rendered, diagnostics: found } = await renderResource({
      definition,
      type,
      identity: req.identity,
      uid,
      namespace,
      environment,
      workloads: workloadsOf,
      params,
      requires: Object.fromEntries(
        Object.entries(requires).map(([local, dep]) => [local, instances.get(dep)?.outputs ?? {}]),
      ),
      services,
      ...(options.readFile ? { readFile: options.readFile } : {}),
    });
    append(diagnostics, found);
    if (!rendered) continue;
    const unpublished = unpublishedOutputs(environment, definition, uid, rendered.outputs);
    if (unpublished) diagnostics.push(unpublished);
    const match = matches.get(uid) as MatchResult;
    instances.set(uid, {
      uid,
      ...req.identity,
      names: rendered.names,
      namespace,
      workloads: workloadsOf,
      requestedBy: [...req.requestedBy].sort(compareStrings),
      definition: {
        name: definition.name,
        file: definition.document.source.displayPath,
        driver: definition.spec.driver.kind,
        builtin: definition.builtin,
      },
      why: match.reason,
      params,
      requires,
      dependsOn: [...(edges.get(uid) ?? [])].sort(compareStrings),
      outputs: rendered.outputs,
      secretOutputs: [...outputContract(type).secret].sort(compareStrings),
      fragment: { terraform: rendered.fragment.terraform, kubernetes: rendered.fragment.kubernetes },
    });
  }
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics, matches, workloadResources };

  const workloads = [...project.workloads]
    .sort((a, b) => compareStrings(a.name, b.name))
    .map((workload) => {
      const bound = bindWorkload(workload, workloadResources, instances, {
        ...(options.image ? { image: options.image } : {}),
        ...(options.readFile ? { readFile: options.readFile } : {}),
      });
      append(diagnostics, bound.diagnostics);
      return bound.plan;
    });
  const plan: EnvironmentPlan = {
    environment,
    resources: order.map((uid) => instances.get(uid) as ResourceInstance),
    workloads,
  };
  return { plan, diagnostics, matches, workloadResources };
}

function servicesOf(project: ValidatedProject, environment: ResolvedEnvironment): DriverInput['services'] {
  const services: DriverInput['services'] = {};
  for (const w of [...project.workloads].sort((a, b) => compareStrings(a.name, b.name))) {
    const ports: Record<string, { port: number; targetPort: number }> = {};
    for (const [name, port] of Object.entries(w.spec.service?.ports ?? {})) {
      if (port) ports[name] = { port: port.port, targetPort: port.targetPort ?? port.port };
    }
    services[w.name] = { namespace: namespaceFor(environment, w.name), ports };
  }
  return services;
}

function sameParams(a: unknown, b: unknown): boolean {
  return stableJson(a ?? {}) === stableJson(b ?? {});
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort(compareStrings)
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

function referencedResources(value: unknown, found = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    for (const match of value.matchAll(/\$\{resources\.([a-z0-9-]+)/g)) found.add(match[1] as string);
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
  outputsOf: (uid: string) => Record<string, Value> | undefined,
  diagnostics: Diagnostic[],
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
        outputsOf,
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

/** With `publish: none`, apply-time outputs of a Terraform resource could reach no workload. */
function unpublishedOutputs(
  environment: ResolvedEnvironment,
  definition: ResourceDefinition,
  uid: string,
  outputs: Record<string, Value>,
): Diagnostic | undefined {
  if (environment.secretStore.publish !== 'none' || !isTerraformDriver(definition.spec.driver.kind))
    return undefined;
  const names = Object.entries(outputs)
    .filter(([, v]) => v.kind === 'terraform' || v.kind === 'generated')
    .map(([name]) => name);
  if (names.length === 0) return undefined;
  const pointer = definition.spec.outputs ? '/spec/outputs' : '/spec/driver';
  return {
    code: 'PAWS3006',
    severity: 'error',
    message: `definition "${definition.name}" makes ${uid} with Terraform in environment "${environment.name}", whose secretStore.publish is none: its outputs ${names.map((n) => `"${n}"`).join(', ')} are known only after apply and no store would hold them`,
    ...locate(definition.document, pointer, 'key'),
    hint: `set secretStore.publish to aws-secrets-manager or vault on environment "${environment.name}", or serve ${uid} there with a static definition (secrets as secretRef)`,
  };
}

function noMatchDiagnostic(
  req: Request,
  result: MatchResult,
  environment: ResolvedEnvironment,
  definitions: readonly ResourceDefinition[],
): Diagnostic {
  const subject = req.declaredBy
    ? `resource "${req.declaredBy.resource}" of workload "${req.declaredBy.workload}" (${req.uid})`
    : `resource ${req.uid} (required by ${req.requestedBy[0]})`;
  const where: Location = locate(req.origin.doc, `${req.origin.pointer}${req.declaredBy ? '/type' : ''}`);
  if (result.tie) {
    const [a, b] = result.tie;
    const related: RelatedInformation[] = [a, b].map((c) => {
      const def = definitions.find((d) => d.name === c.definition) as ResourceDefinition;
      return { message: `definition "${c.definition}"`, ...locate(def.document, '/metadata/name') };
    });
    return {
      code: 'PAWS3102',
      severity: 'error',
      message: `two definitions match ${subject} in environment "${environment.name}" equally: ${result.reason}`,
      ...where,
      related,
      hint: 'make one more specific (match.resourceIds, environments or workloads), or narrow the other',
    };
  }
  const lines = result.candidates.map(
    (c) => `${c.definition} (${c.file}): ${failedCriterion(c, req.identity.class) ?? 'matches'}`,
  );
  return {
    code: 'PAWS3101',
    severity: 'error',
    message: `no definition matches ${subject} in environment "${environment.name}" (type ${environment.type})`,
    ...where,
    hint:
      lines.length === 0
        ? `no ResourceDefinition of type "${req.identity.type}" exists; add one to the platform folder`
        : `candidates: ${lines.join('; ')}`,
  };
}

function requiresCycle(definition: ResourceDefinition, chain: string[], pointer: string): Diagnostic {
  return {
    code: 'PAWS3201',
    severity: 'error',
    message: `definitions require each other without end: ${chain.join(' → ')}`,
    ...locate(definition.document, pointer, 'key'),
    hint: 'give the required resource an id so it is shared, or remove the loop',
  };
}
