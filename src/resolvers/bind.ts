import { imageFor } from '../compiler/images.js';
import { chosenProfile } from './security-profiles.js';
import {
  catalogInfo,
  environmentValues,
  podAnnotations,
  workloadSettings,
} from '../compiler/workload-settings.js';
import type { ResolvedEnvironment } from '../compiler/environment.js';
import { scalingFor } from './scaling.js';
import * as path from 'node:path';
import type { Diagnostic } from '../compiler/diagnostics.js';
import { type LoadedDocument, locate } from '../compiler/load/index.js';
import { joinPointer, toPointer } from '../compiler/load/pointer.js';
import type { Workload } from '../compiler/model.js';
import type {
  ContainerPlan,
  EnvVarPlan,
  FilePlan,
  ResourceInstance,
  VolumePlan,
  WorkloadPlan,
} from '../compiler/plan/types.js';
import { parsePlaceholders } from '../compiler/placeholders.js';
import { concat, type JsonValue, literal, literalText, type Value } from '../compiler/values.js';
import { compareStrings, setOwn } from '../util/compare.js';
import type { MissingOutput } from './environment-variables.js';

export interface BindContext {
  doc: LoadedDocument;
  pointer: string;
  workload: string;
  metadata: Record<string, unknown>;
  resourceUid: (name: string) => string | undefined;
  outputsOf: (uid: string) => Record<string, Value> | undefined;
  /** What an output the definition does not produce means, where that is not simply an error. */
  missingOutput?: (uid: string, output: string) => MissingOutput | undefined;
  diagnostics: Diagnostic[];
}

/**
 * Binds the placeholders of one string to values. Validation already checked the syntax and the
 * names against the type contracts; what is left is what only resolution knows: outputs the matched
 * definition produces, and keys inside outputs.
 */
export function bindText(text: string, ctx: BindContext): Value | undefined {
  const parsed = parsePlaceholders(text);
  if (!parsed.ok) return undefined;
  const parts: Value[] = [];
  for (const segment of parsed.segments) {
    if (segment.kind === 'text') {
      parts.push(literal(segment.text));
      continue;
    }
    const [root, ...rest] = segment.path;
    if (root === 'metadata') {
      const value = dig(ctx.metadata as JsonValue, rest);
      parts.push(literal(value === undefined ? '' : literalText(value)));
      continue;
    }
    const [name, output, ...keys] = rest;
    const uid = name ? ctx.resourceUid(name) : undefined;
    const outputs = uid ? ctx.outputsOf(uid) : undefined;
    if (!uid || !outputs) return undefined;
    const value = output === undefined ? undefined : outputs[output];
    const missing = !value && output !== undefined ? ctx.missingOutput?.(uid, output) : undefined;
    if (missing) {
      ctx.diagnostics.push({ ...missing, ...locate(ctx.doc, ctx.pointer) });
      if (missing.severity === 'error') return undefined;
      parts.push(literal(''));
      continue;
    }
    if (!value) {
      ctx.diagnostics.push({
        code: 'PAWS3401',
        severity: 'error',
        message: `placeholder ${segment.raw}: the definition matched for ${uid} produces no output "${output ?? ''}"`,
        ...locate(ctx.doc, ctx.pointer),
        hint: `outputs: ${Object.keys(outputs).sort(compareStrings).join(', ') || '(none)'}`,
      });
      return undefined;
    }
    if (keys.length === 0) {
      parts.push(value.kind === 'literal' ? literal(literalText(value.value)) : value);
      continue;
    }
    const inner = value.kind === 'literal' ? dig(value.value, keys) : undefined;
    if (inner === undefined) {
      ctx.diagnostics.push({
        code: 'PAWS3401',
        severity: 'error',
        message: `placeholder ${segment.raw}: ${value.kind === 'literal' ? `output "${output}" has no key "${keys.join('.')}"` : `output "${output}" is known only after deployment, so keys inside it cannot be read at compile time`}`,
        ...locate(ctx.doc, ctx.pointer),
      });
      return undefined;
    }
    parts.push(literal(literalText(inner)));
  }
  return concat(parts);
}

function dig(value: JsonValue | undefined, keys: readonly string[]): JsonValue | undefined {
  let node = value;
  for (const key of keys) {
    if (node === null || typeof node !== 'object' || Array.isArray(node) || !Object.hasOwn(node, key))
      return undefined;
    node = node[key];
  }
  return node;
}

/** `db` + `host` → `DB_HOST`; anything not a letter or digit becomes "_". */
export function connectionVariable(resource: string, output: string): string {
  return `${resource}_${output}`.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}

type BindOptions = {
  /** Per-environment values (`environments.<name>`) apply to it. */
  environment?: ResolvedEnvironment;
  image?: string;
  images?: Readonly<Record<string, string>>;
  readFile?: (absolutePath: string) => string | undefined;
  missingOutput?: BindContext['missingOutput'];
};

/** What binding one workload's containers needs. */
interface WorkloadBinding {
  workload: string;
  doc: LoadedDocument;
  spec: Workload['spec'];
  bind: (text: string, pointer: string) => Value;
  resourceUid: (name: string) => string | undefined;
  instances: ReadonlyMap<string, ResourceInstance>;
  options: BindOptions;
  diagnostics: Diagnostic[];
}

export function bindWorkload(
  workload: Workload,
  workloadResources: ReadonlyMap<string, string>,
  instances: ReadonlyMap<string, ResourceInstance>,
  options: BindOptions,
): { plan: WorkloadPlan; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const { spec, document: doc } = workload;
  const resourceUid = (name: string) => workloadResources.get(`${workload.name}/${name}`);
  const base = {
    doc,
    workload: workload.name,
    metadata: spec.metadata as Record<string, unknown>,
    resourceUid,
    outputsOf: (uid: string) => instances.get(uid)?.outputs,
    ...(options.missingOutput ? { missingOutput: options.missingOutput } : {}),
    diagnostics,
  };
  const c: WorkloadBinding = {
    workload: workload.name,
    doc,
    spec,
    bind: (text, pointer) => bindText(text, { ...base, pointer }) ?? literal(text),
    resourceUid,
    instances,
    options,
    diagnostics,
  };
  const env = options.environment;
  const layers = variableLayers(spec, env);
  const containers: Record<string, ContainerPlan> = {};
  for (const [name, container] of Object.entries(spec.containers).sort(([a], [b]) => compareStrings(a, b)))
    containers[name] = bindContainer(c, name, container, layers(name));

  // The profile as the environment lets it be: an image known to start as root gets one that runs it.
  const chosen = env ? chosenProfile(workload, env) : undefined;
  const settings = {
    ...workloadSettings(spec),
    ...(chosen ? { securityProfile: chosen.profile } : {}),
  };
  const scaling = env ? scalingFor(spec, settings.kind, env, doc) : undefined;
  if (scaling) diagnostics.push(...scaling.diagnostics);
  const service = servicePlan(spec);
  const plan: WorkloadPlan = {
    name: workload.name,
    file: doc.source.displayPath,
    annotations: podAnnotations(spec),
    catalog: catalogInfo(spec),
    ...settings,
    ...(chosen && chosen.why !== 'the default' ? { securityProfileWhy: chosen.why } : {}),
    ...(scaling?.scaling ?? {}),
    ...(settings.kind === 'Job' && spec.job ? { job: spec.job } : {}),
    ...(settings.kind === 'CronJob' && spec.cronJob ? { cronJob: spec.cronJob } : {}),
    ...(service ? { service } : {}),
    containers,
    resources: resourceUids(spec, resourceUid),
  };
  return { plan, diagnostics };
}

/** Each resource the workload declares, by name, with the uid it resolved to. */
function resourceUids(
  spec: Workload['spec'],
  resourceUid: (name: string) => string | undefined,
): Record<string, string> {
  return Object.fromEntries(
    Object.keys(spec.resources ?? {})
      .sort(compareStrings)
      .flatMap((name) => {
        const uid = resourceUid(name);
        return uid ? [[name, uid]] : [];
      }),
  );
}

/** Variables from one place in the file, and where that place is (a JSON Pointer). */
type VariableLayer = { values: Record<string, string>; at: string };

/**
 * Per-environment variables over a container's own: the environment entry's for every container,
 * then its entry for that container.
 */
function variableLayers(
  spec: Workload['spec'],
  env: BindOptions['environment'],
): (container: string) => VariableLayer[] {
  const entry = env ? environmentValues(spec, env.lineage) : undefined;
  if (!entry) return () => [];
  return (name) =>
    [
      { values: entry.values.variables, at: ['environments', entry.name, 'variables'] },
      {
        values: entry.values.containers?.[name]?.variables,
        at: ['environments', entry.name, 'containers', name, 'variables'],
      },
    ].flatMap((l) => (l.values ? [{ values: l.values as Record<string, string>, at: toPointer(l.at) }] : []));
}

/** One container: variables (and those its connections inject), files and volumes bound. */
function bindContainer(
  c: WorkloadBinding,
  name: string,
  container: Workload['spec']['containers'][string],
  envLayers: readonly VariableLayer[] = [],
): ContainerPlan {
  const at = toPointer(['containers', name]);
  const env: Record<string, EnvVarPlan> = {};
  const layers = [
    { values: (container.variables ?? {}) as Record<string, string>, at: joinPointer(at, 'variables') },
    ...envLayers,
  ];
  const explicit: Record<string, string> = {};
  // Each value is bound at the position it comes from, so its diagnostics point there; later layers win.
  const where: Record<string, string> = {};
  for (const layer of layers)
    for (const [key, value] of Object.entries(layer.values)) {
      setOwn(explicit, key, value);
      setOwn(where, key, layer.at);
    }
  for (const [key, value] of Object.entries(explicit)) {
    if (typeof value === 'string')
      setOwn(env, key, { value: c.bind(value, joinPointer(where[key] as string, key)), from: 'variables' });
  }
  injectConnections(container.connections ?? [], c.spec.resources ?? {}, env, explicit, {
    resourceUid: c.resourceUid,
    instances: c.instances,
    doc: c.doc,
    pointer: joinPointer(at, 'connections'),
    diagnostics: c.diagnostics,
  });
  const sorted = <T>(record: Record<string, T>) =>
    Object.fromEntries(Object.entries(record).sort(([a], [b]) => compareStrings(a, b)));
  return {
    image: container.image === '.' ? (imageFor(c.options, c.workload) ?? '.') : container.image,
    ...(container.command ? { command: container.command } : {}),
    ...(container.args ? { args: container.args } : {}),
    env: sorted(env),
    files: sorted(bindFiles(c, name, container, at)),
    volumes: sorted(bindVolumes(c, container)),
    ...(container.resources ? { resources: container.resources } : {}),
    ...(container.livenessProbe ? { livenessProbe: container.livenessProbe } : {}),
    ...(container.readinessProbe ? { readinessProbe: container.readinessProbe } : {}),
    ...(container.before && Object.keys(container.before).length > 0
      ? { before: container.before as NonNullable<ContainerPlan['before']> }
      : {}),
  };
}

/** Files: content bound (unless noExpand), a source read from beside the workload file. */
function bindFiles(
  c: WorkloadBinding,
  name: string,
  container: Workload['spec']['containers'][string],
  at: string,
): Record<string, FilePlan> {
  const files: Record<string, FilePlan> = {};
  for (const [target, file] of Object.entries(container.files ?? {})) {
    const pointer = joinPointer(joinPointer(at, 'files'), target);
    const noExpand = file.noExpand ?? false;
    let text = file.content;
    if (file.source !== undefined) {
      text = c.options.readFile?.(path.posix.resolve(path.posix.dirname(c.doc.source.path), file.source));
      if (text === undefined) {
        c.diagnostics.push({
          code: 'PAWS3404',
          severity: 'error',
          message: `file "${target}" of container "${name}" has source "${file.source}", which cannot be read`,
          ...locate(c.doc, joinPointer(pointer, 'source')),
          hint: 'source paths are relative to the workload file; the file must be UTF-8 text (use binaryContent for binary data)',
        });
      }
    }
    const contentPointer = joinPointer(pointer, file.source !== undefined ? 'source' : 'content');
    setOwn(files, target, {
      ...(file.mode ? { mode: file.mode } : {}),
      ...(text !== undefined ? { content: noExpand ? literal(text) : c.bind(text, contentPointer) } : {}),
      ...(file.binaryContent !== undefined ? { binaryContent: file.binaryContent } : {}),
      ...(file.source !== undefined
        ? { source: path.posix.join(path.posix.dirname(c.doc.source.displayPath), file.source) }
        : {}),
      noExpand,
    });
  }
  return files;
}

/** Volumes: `${resources.<name>}` names a resource, anything else a volume by name. */
function bindVolumes(
  c: WorkloadBinding,
  container: Workload['spec']['containers'][string],
): Record<string, VolumePlan> {
  const volumes: Record<string, VolumePlan> = {};
  for (const [target, volume] of Object.entries(container.volumes ?? {})) {
    const whole = /^\$\{resources\.([a-z0-9-]+)\}$/.exec(volume.source);
    const uid = whole ? c.resourceUid(whole[1] as string) : undefined;
    setOwn(volumes, target, {
      source: uid ? { resource: uid } : { name: volume.source },
      ...(volume.path ? { path: volume.path } : {}),
      readOnly: volume.readOnly ?? false,
    });
  }
  return volumes;
}

/** The workload's service ports, by name, with their defaults. */
function servicePlan(spec: Workload['spec']): WorkloadPlan['service'] {
  const ports = spec.service?.ports;
  if (!ports) return undefined;
  return {
    ports: Object.fromEntries(
      Object.entries(ports)
        .sort(([a], [b]) => compareStrings(a, b))
        .flatMap(([name, port]) =>
          port
            ? [
                [
                  name,
                  {
                    port: port.port,
                    targetPort: port.targetPort ?? port.port,
                    protocol: port.protocol ?? 'TCP',
                  },
                ],
              ]
            : [],
        ),
    ),
  };
}

/**
 * The `connections` extension: every output of each named resource becomes `<RESOURCE>_<OUTPUT>`.
 * A variable written in `variables` wins; two injected variables with one name are an error.
 */
function injectConnections(
  connections: readonly string[],
  resources: Record<string, unknown>,
  env: Record<string, EnvVarPlan>,
  explicit: Record<string, unknown>,
  ctx: {
    resourceUid: (name: string) => string | undefined;
    instances: ReadonlyMap<string, ResourceInstance>;
    doc: LoadedDocument;
    pointer: string;
    diagnostics: Diagnostic[];
  },
): void {
  const names = connections.includes('*') ? Object.keys(resources) : connections;
  const injected = new Map<string, string>();
  for (const resource of [...new Set(names)].sort(compareStrings)) {
    const uid = ctx.resourceUid(resource);
    const outputs = uid ? ctx.instances.get(uid)?.outputs : undefined;
    if (!outputs) continue;
    for (const [output, value] of Object.entries(outputs).sort(([a], [b]) => compareStrings(a, b))) {
      const variable = connectionVariable(resource, output);
      if (Object.hasOwn(explicit, variable)) continue;
      const first = injected.get(variable);
      if (first) {
        const index = connections.indexOf(resource);
        ctx.diagnostics.push({
          code: 'PAWS3402',
          severity: 'error',
          message: `connections inject ${variable} twice: from ${first} and from ${resource}.${output}`,
          ...locate(ctx.doc, index >= 0 ? joinPointer(ctx.pointer, String(index)) : ctx.pointer),
          hint: `set ${variable} explicitly in variables to choose, or rename one of the resources`,
        });
        continue;
      }
      injected.set(variable, `${resource}.${output}`);
      env[variable] = {
        value: value.kind === 'literal' ? literal(literalText(value.value)) : value,
        from: { connection: resource, output },
      };
    }
  }
}
