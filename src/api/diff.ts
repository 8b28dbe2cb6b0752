import type { Diagnostic } from '../compiler/diagnostics.js';
import type { Host } from '../compiler/host.js';
import { displayPathFor } from '../compiler/load/read.js';
import type { EnvironmentPlan } from '../compiler/plan/types.js';
import { actionsOf, likelyRenames, type StatefulOf } from '../diff/actions.js';
import { planBatches } from '../diff/batches.js';
import {
  compareOutputs,
  definitionChanges,
  environmentOf,
  moduleChanges,
  type ResourceDefinitions,
  resourceDefinitions,
} from '../diff/compare.js';
import { scopeOf } from '../emitters/scope.js';
import { append } from '../util/compare.js';
import { plural } from '../util/plural.js';
import {
  MANIFEST_FILE,
  manifestEnvironments,
  manifestProblem,
  type OutputFile,
  readManifest,
} from '../write/index.js';
import { type EnvironmentRecord, type Removal, updateAfterCompile } from '../write/lifecycle.js';
import { containedReader } from '../write/safe-paths.js';
import { compile } from './compile.js';

/**
 * What a change does to an output: the output a compile would write, compared with an output folder
 * (or another side, such as the output of a git ref), as files, actions (what is replaced or
 * destroyed), likely renames, changed root modules and their plan batches. `paws diff` prints it.
 */

/** One side of a diff: output files (read when compared), which definition served each resource, and the environments. */
export interface OutputSide {
  files: ReadonlyMap<string, string>;
  resources: ResourceDefinitions;
  environments: Record<string, EnvironmentRecord>;
}

/** A read-only map whose values are read each time they are asked for, and never kept. */
function onDemand(
  keys: readonly string[],
  read: (key: string) => string | undefined,
): ReadonlyMap<string, string> {
  const present = new Set(keys);
  const entries = function* (): Generator<[string, string]> {
    for (const key of present) {
      const value = read(key);
      if (value !== undefined) yield [key, value];
    }
  };
  return {
    get: (key) => (present.has(key) ? read(key) : undefined),
    has: (key) => present.has(key),
    get size() {
      return present.size;
    },
    keys: () => present.values(),
    values: function* () {
      for (const [, value] of entries()) yield value;
    },
    entries,
    forEach: (fn) => {
      for (const [key, value] of entries()) fn(value, key, undefined as never);
    },
    [Symbol.iterator]: entries,
  } as ReadonlyMap<string, string>;
}

/** What an existing output folder holds: the files its manifest lists (or every file, without one). */
export function readOutputFolder(host: Host, dir: string): OutputSide | Diagnostic {
  const manifest = readManifest(host, dir);
  const tampered = manifest && manifestProblem(manifest);
  if (tampered)
    return {
      code: 'PAWS5007',
      severity: 'error',
      message: `${displayPathFor(host, dir)}/${MANIFEST_FILE} ${tampered}`,
      hint: `paws reads only files inside the folder: restore ${MANIFEST_FILE} from version control`,
    };
  // A folder below is listed only if it is a real folder: a link may point anywhere.
  const list = (current: string, prefix: string): string[] =>
    host
      .readDir(current)
      .flatMap((e) =>
        e.kind === 'directory'
          ? list(`${current}/${e.name}`, `${prefix}${e.name}/`)
          : e.kind === 'file'
            ? [`${prefix}${e.name}`]
            : [],
      );
  const paths = manifest
    ? Object.keys(manifest.files)
    : host.stat(dir)?.kind === 'directory'
      ? list(dir, '').filter((p) => p !== MANIFEST_FILE)
      : [];
  // Read when compared, not held: at 5,000 workloads the folder is hundreds of megabytes. Only
  // what resolves inside the folder is read (a link to /proc/self/environ counts as missing).
  const read = containedReader(host, dir);
  const files = onDemand(
    paths.filter((p) => host.stat(`${dir}/${p}`)?.kind === 'file'),
    read,
  );
  const environments = manifest
    ? manifestEnvironments(manifest)
    : Object.fromEntries([...files.keys()].map((p) => [environmentOf(p), {}]));
  return { files, resources: manifest?.resources ?? {}, environments };
}

/** What the manifest records of each compiled environment. */
export function compiledRecords(
  plans: readonly EnvironmentPlan[],
  inputs?: string,
): Record<string, EnvironmentRecord> {
  return Object.fromEntries(
    plans.map((p) => [
      p.environment.name,
      {
        ...(p.environment.clonedFrom ? { clonedFrom: p.environment.clonedFrom } : {}),
        ...(inputs ? { inputs } : {}),
      },
    ]),
  );
}

/** A warning per environment that is gone: what was removed, and the teardown module that stays. */
export function removedWarnings(removed: readonly Removal[], out: string, planned = false): Diagnostic[] {
  const [are, is] = planned ? ['would be', 'would become'] : ['are', 'is now'];
  const held = (r: Removal) =>
    `${plural(r.resources.length, 'resource')}${r.resources.length > 0 ? ` (${r.resources.slice(0, 5).join(', ')}${r.resources.length > 5 ? ', …' : ''})` : ''}`;
  const modules = (r: Removal) =>
    r.modules.length === 1
      ? `${out}/${r.modules[0]} ${is} a teardown module (no resources) for its Terraform state, which holds`
      : `${r.modules.length} Terraform modules in ${out}/${r.name}/terraform ${planned ? 'would become' : 'are now'} teardown modules (no resources) for their states, which hold`;
  const order = (r: Removal) => `${out}/${r.name}/terraform/order.json`;
  return removed.map((r) => ({
    code: 'PAWS5005',
    severity: 'warning',
    message: r.live
      ? `environment "${r.name}" no longer has ${r.modules.length === 1 ? 'a root module' : 'some root modules'} it had: ${modules(r)} ${held(r)}`
      : r.modules.length > 0
        ? `environment "${r.name}" is gone: its Kubernetes and ArgoCD files ${are} removed; ${modules(r)} ${held(r)}`
        : `environment "${r.name}" is gone: its Kubernetes and ArgoCD files ${are} removed (it has no Terraform module)`,
    hint: r.live
      ? r.modules.includes(`${r.name}/terraform/main.tf.json`)
        ? `the environment now has a root module per workload (terraform.layout: modules): move each resource's state from ${out}/${r.name}/terraform into its new module's (terraform state mv, or import blocks) before applying anything, or applying the teardown module destroys them; then paws teardown --env ${r.name} --module . --forget`
        : `run terraform apply in each teardown module (listed under "teardown" in ${order(r)}) to destroy them, then paws teardown --env ${r.name} --module <module> --forget; if a workload was only renamed, move its state instead (terraform state mv)`
      : r.modules.length > 0
        ? `run terraform apply in each teardown module (listed under "teardown" in ${order(r)}) to destroy them, then paws teardown --env ${r.name} --forget`
        : 'ArgoCD prunes what those files deployed',
  }));
}

/** The compile a diff compares: environment by environment, so no plan is kept once its files are out. */
export async function compileForDiff(
  options: Parameters<typeof compile>[0],
  host: Host,
  loaded: Parameters<typeof compile>[2],
  /** After each environment's files are out (the CLI collects garbage there). */
  afterEnvironment: () => void = () => undefined,
) {
  const files: OutputFile[] = [];
  const records: Record<string, EnvironmentRecord> = {};
  const resources: ResourceDefinitions = {};
  const scopes = new Map<string, (path: string) => boolean>();
  const only = options.only ? new Set(options.only) : undefined;
  const result = await compile(
    {
      ...options,
      keepPlans: false,
      onFiles: (plan, environmentFiles) => {
        append(files, environmentFiles);
        if (only) scopes.set(plan.environment.name, scopeOf(plan, only));
        Object.assign(records, compiledRecords([plan]));
        Object.assign(resources, resourceDefinitions([plan]));
        afterEnvironment();
      },
    },
    host,
    loaded,
  );
  return { result, files, records, resources, scopes };
}

/**
 * The output compile would write, compared with what is there: environments not compiled now stay
 * as they are, and one gone from the platform becomes a teardown module (only a compile of every
 * environment decides that).
 */
export function compareWithOutput(
  side: { side: OutputSide; against: string },
  compiled: Awaited<ReturnType<typeof compileForDiff>>,
  context: { environments?: readonly string[]; selected: boolean; warnings: Diagnostic[] },
) {
  const { side: before, against } = side;
  const { result, files, records, resources, scopes } = compiled;
  const everything = (!context.environments || context.environments.length === 0) && !context.selected;
  const update = updateAfterCompile(
    { environments: before.environments, paths: [...before.files.keys()], read: (p) => before.files.get(p) },
    { files, environments: records },
    everything ? result.planned?.environments.filter((e) => !e.clonedFrom).map((e) => e.name) : undefined,
    context.selected ? scopes : undefined,
  );
  const afterFiles = new Map(update.files.map((f) => [f.path, f.content]));
  for (const p of before.files.keys()) if (update.keep(p)) afterFiles.set(p, before.files.get(p) as string);
  const changes = compareOutputs(before.files, afterFiles);
  const definitions = definitionChanges(before.resources, resources);
  const warnings: Diagnostic[] = [
    ...context.warnings,
    ...removedWarnings(update.removed, against, true),
    ...definitions.map((d): Diagnostic => ({
      code: 'PAWS6001',
      severity: 'warning',
      message: `${d.uid} in ${d.environment} changes definition: ${d.before} → ${d.after}; a stateful resource would be replaced`,
      hint: 'make sure its data is migrated or backed up, or pin the old definition with match.resourceIds',
    })),
  ];
  const modules = moduleChanges(changes, afterFiles);
  return {
    against,
    actions: actionsOf(changes, statefulResources(result.project, before.resources, resources)),
    renames: likelyRenames(before.resources, resources),
    changes,
    definitions,
    removed: update.removed,
    modules,
    batches: planBatches(modules, afterFiles),
    warnings,
    afterFiles,
  };
}

/** Whether a resource holds data: its type, or a definition that served it on either side, says so. */
export function statefulResources(
  project:
    | {
        platform: {
          resourceTypes: ReadonlyMap<string, { spec: { stateful?: boolean } }>;
          definitions: readonly { name: string; spec: { type: string; stateful?: boolean } }[];
        };
      }
    | undefined,
  ...sides: ResourceDefinitions[]
): StatefulOf {
  const types = new Set<string>();
  const definitions = new Set<string>();
  for (const [name, type] of project?.platform.resourceTypes ?? []) if (type.spec.stateful) types.add(name);
  for (const d of project?.platform.definitions ?? []) if (d.spec.stateful) definitions.add(d.name);
  // A Terraform block names only its type: a stateful definition marks its type's blocks too.
  const byDefinition = new Set(
    (project?.platform.definitions ?? []).filter((d) => d.spec.stateful).map((d) => d.spec.type),
  );
  return ({ uid, type }) => {
    const ofType = type ?? (uid ? uid.slice(0, uid.indexOf('.')) : undefined);
    if (ofType !== undefined && (types.has(ofType) || (!uid && byDefinition.has(ofType)))) return true;
    return (
      uid !== undefined &&
      sides.some((side) => Object.values(side).some((env) => definitions.has(env[uid] ?? '')))
    );
  };
}
