import { compareStrings } from '../util/compare.js';
import type { OutputFile } from './index.js';
import { toJson } from './serialize.js';
import {
  type ApplyOrder,
  moduleOfFile,
  parseOrder,
  orderName,
  terraformModuleFile,
  terraformModuleFiles,
  terraformOrderFile,
} from '../compiler/terraform-paths.js';

/** What the manifest remembers of an environment besides its files. */
export interface EnvironmentRecord {
  /** An ephemeral clone (`--extends`): never in the platform folder, removed only by `paws teardown`. */
  clonedFrom?: string;
  /** Only its teardown module is left: apply it to destroy what its state holds, then forget it. */
  teardown?: true;
  /** Fingerprint of the inputs it was compiled from: the same inputs need no new compile. */
  inputs?: string;
}

/** `dev/kubernetes/api/deployment.yaml` → dev; `argocd/dev.yaml` (a root app) → dev. */
export function environmentOf(path: string): string {
  const [first, second] = path.split('/');
  return first === 'argocd' && second ? second.replace(/\.yaml$/, '') : (first ?? '');
}

/** What a previous output holds: its environments and the text of its files. */
export interface PreviousOutput {
  environments: Record<string, EnvironmentRecord>;
  /** Every file it lists. */
  paths: string[];
  read(path: string): string | undefined;
}

/** How the output changes: files to write, which previous files stay as they are, the new records. */
export interface OutputUpdate {
  files: OutputFile[];
  keep: (path: string) => boolean;
  environments: Record<string, EnvironmentRecord>;
  /**
   * What Terraform no longer manages: an environment gone (from the platform, or torn down), or, with
   * `live`, root modules of an environment that stays (a removed workload or shared resource).
   * `modules` are the teardown modules kept; `resources` what their states may still hold.
   */
  removed: Removal[];
}

export interface Removal {
  name: string;
  live?: true;
  modules: string[];
  resources: string[];
}

/**
 * A Terraform module with nothing but its settings (required providers, backend, providers):
 * applying it destroys everything its state holds. Undefined when the text is not a module.
 */
export function teardownModule(moduleText: string): string | undefined {
  try {
    const module = JSON.parse(moduleText) as Record<string, unknown>;
    if (!module || typeof module !== 'object' || !module.terraform) return undefined;
    return toJson({
      terraform: module.terraform,
      ...(module.provider ? { provider: module.provider } : {}),
    });
  } catch {
    return undefined;
  }
}

/** Addresses of what a module manages (`aws_db_instance.x`, `module.y`): what its state would lose. */
export function managedResources(moduleText: string): string[] {
  try {
    const module = JSON.parse(moduleText) as Record<string, Record<string, Record<string, unknown>>>;
    const resources = Object.entries(module.resource ?? {}).flatMap(([type, byName]) =>
      Object.keys(byName ?? {}).map((name) => `${type}.${name}`),
    );
    const modules = Object.keys(module.module ?? {}).map((name) => `module.${name}`);
    return [...resources, ...modules].sort(compareStrings);
  } catch {
    return [];
  }
}

/**
 * The next output after a compile. Environments compiled now are replaced; others stay byte for
 * byte, except, when the compile covers the whole platform (`platform` given), a platform
 * environment that is gone: its Kubernetes and ArgoCD files go (so ArgoCD prunes them) and its
 * Terraform modules become teardown modules, because their states may still hold cloud resources.
 * For the same reason a compiled environment keeps a teardown module for each root module it no
 * longer has.
 */
export function updateAfterCompile(
  previous: PreviousOutput | undefined,
  compiled: { files: OutputFile[]; environments: Record<string, EnvironmentRecord> },
  platform?: readonly string[],
  /** A compile of some workloads: per environment, the files it may write; the rest stay as they are. */
  scopes?: ReadonlyMap<string, (path: string) => boolean>,
): OutputUpdate {
  const files: OutputFile[] = [];
  const live: Removal[] = [];
  const untouched = new Set<string>();
  for (const name of Object.keys(compiled.environments)) {
    const own = compiled.files.filter((f) => environmentOf(f.path) === name);
    const outOfScope = outOfScopePaths(previous, name, scopes?.get(name));
    for (const p of outOfScope) untouched.add(p);
    const update = updateCompiledEnvironment(previous, name, own, outOfScope);
    files.push(...update.files);
    if (update.removal) live.push(update.removal);
  }
  const rest = updateOtherEnvironments(previous, compiled.environments, platform, live);
  return { ...rest, keep: (p) => rest.keep(p) || untouched.has(p), files: [...files, ...rest.files] };
}

/**
 * The previous files of an environment that a compile of some workloads may not write: other
 * workloads' files, kept as they are (and so never torn down). None when everything is compiled.
 */
export function outOfScopePaths(
  previous: PreviousOutput | undefined,
  environment: string,
  inScope: ((path: string) => boolean) | undefined,
): string[] {
  if (!inScope) return [];
  return (previous?.paths ?? []).filter((p) => environmentOf(p) === environment && !inScope(p));
}

/**
 * One compiled environment's files, with a teardown module for each root module it had in the
 * previous output and no longer has (its state may still hold cloud resources).
 */
function updateCompiledEnvironment(
  previous: PreviousOutput | undefined,
  name: string,
  files: readonly OutputFile[],
  kept: readonly string[] = [],
): { files: OutputFile[]; removal?: Removal } {
  const change = compiledEnvironmentChange(
    previous,
    name,
    [...files.map((f) => f.path), ...kept],
    (p) => files.find((f) => f.path === p)?.content,
  );
  const next = withAdded(files, change.added);
  return change.removal ? { files: next, removal: change.removal } : { files: next };
}

/** Files with what compiledEnvironmentChange added: each added file replaces the one on its path, the others follow. */
export function withAdded(files: readonly OutputFile[], added: readonly OutputFile[]): OutputFile[] {
  const replaced = new Map(added.map((f) => [f.path, f]));
  const next = files.map((f) => replaced.get(f.path) ?? f);
  const known = new Set(files.map((f) => f.path));
  next.push(...added.filter((f) => !known.has(f.path)));
  return next;
}

/**
 * What one compiled environment's files (`paths`, and `read` for the text of one) gain: a teardown
 * module for each root module it had in the previous output and no longer has, and then a new
 * apply order. A file in `added` on a compiled path replaces that file.
 */
export function compiledEnvironmentChange(
  previous: PreviousOutput | undefined,
  name: string,
  paths: readonly string[],
  read: (path: string) => string | undefined,
): { added: OutputFile[]; removal?: Removal } {
  if (!previous || !Object.hasOwn(previous.environments, name)) return { added: [] };
  const left = leftModules(previous, name, paths, read);
  return left.modules.length > 0
    ? { added: left.added, removal: { name, live: true, modules: left.modules, resources: left.resources } }
    : { added: left.added };
}

/**
 * The environments of the previous output that this compile did not produce: kept as they are, or,
 * when the compile covers the whole platform (`platform` given), a platform environment that is
 * gone loses its Kubernetes and ArgoCD files and keeps teardown modules. `live` are the removals
 * `compiledEnvironmentChange` reported, reported here in environment order with the others.
 */
export function updateOtherEnvironments(
  previous: PreviousOutput | undefined,
  compiledEnvironments: Record<string, EnvironmentRecord>,
  platform: readonly string[] | undefined,
  live: readonly Removal[] = [],
): OutputUpdate {
  const environments: Record<string, EnvironmentRecord> = { ...compiledEnvironments };
  const files: OutputFile[] = [];
  const kept = new Set<string>();
  const removed: Removal[] = [...live];
  for (const [name, record] of Object.entries(previous?.environments ?? {})) {
    if (Object.hasOwn(compiledEnvironments, name)) continue;
    const gone = platform !== undefined && !record.clonedFrom && !record.teardown && !platform.includes(name);
    if (!gone) {
      kept.add(name);
      environments[name] = record;
      continue;
    }
    const teardown = teardownFiles(previous as PreviousOutput, name);
    files.push(...teardown.files);
    if (teardown.files.length > 0) environments[name] = { teardown: true };
    removed.push({ name, modules: teardown.modules, resources: teardown.resources });
  }
  removed.sort((a, b) => compareStrings(a.name, b.name));
  return { files, keep: (path) => kept.has(environmentOf(path)), environments, removed };
}

/**
 * Teardown modules for every root module of an environment in the previous output (or in `source`,
 * module file → text), with what each state holds and their names in destroy order.
 */
function teardownModules(
  previous: PreviousOutput | undefined,
  name: string,
  source?: ReadonlyMap<string, string>,
): { files: OutputFile[]; held: Map<string, string[]>; order: string[] } {
  const texts = source ?? readModules(previous, terraformModuleFiles(name, previous?.paths ?? []));
  const files: OutputFile[] = [];
  const held = new Map<string, string[]>();
  for (const [file, text] of [...texts].sort(([a], [b]) => compareStrings(a, b))) {
    const teardown = teardownModule(text);
    if (teardown === undefined) continue;
    files.push({ path: file, content: teardown });
    held.set(file, managedResources(text));
  }
  const order = destroyOrder(
    previous?.read(terraformOrderFile(name)),
    files.map((f) => orderName(moduleOfFile(name, f.path))),
  );
  return { files, held, order };
}

/** An environment's teardown modules and the order file that lists them (nothing else to apply). */
function teardownFiles(
  previous: PreviousOutput | undefined,
  name: string,
  source?: ReadonlyMap<string, string>,
): { files: OutputFile[]; modules: string[]; resources: string[] } {
  const { files, held, order } = teardownModules(previous, name, source);
  const modules = files.map((f) => f.path);
  const resources = [...held.values()].flat();
  if (files.length === 0) return { files, modules, resources };
  return {
    files: [...files, orderFile(name, { layers: [], modules: {}, teardown: order })],
    modules,
    resources,
  };
}

/**
 * Teardown modules in the order to destroy them: those already torn down first (they hold nothing
 * another reads), then the rest last layer first, so a module is destroyed before the ones it read.
 */
function destroyOrder(previousOrder: string | undefined, modules: readonly string[]): string[] {
  const order = parseOrder(previousOrder);
  const rank = new Map<string, number>();
  for (const module of order.teardown ?? []) rank.set(module, Number.MAX_SAFE_INTEGER);
  (order.layers ?? []).forEach((layer, index) => {
    for (const module of layer) if (!rank.has(module)) rank.set(module, index);
  });
  const at = (module: string) => rank.get(module) ?? -1;
  return [...modules].sort((a, b) => at(b) - at(a) || compareStrings(a, b));
}

function readModules(previous: PreviousOutput | undefined, paths: string[]): Map<string, string> {
  const texts = new Map<string, string>();
  for (const file of paths) {
    const text = previous?.read(file);
    if (text !== undefined) texts.set(file, text);
  }
  return texts;
}

/**
 * Root modules of a compiled environment that the compile no longer writes: each stays as a
 * teardown module, listed under `teardown` in the environment's order file.
 */
function leftModules(
  previous: PreviousOutput,
  name: string,
  paths: readonly string[],
  read: (path: string) => string | undefined,
): { added: OutputFile[]; modules: string[]; resources: string[] } {
  const now = new Set(paths);
  const gone = terraformModuleFiles(name, previous.paths).filter((p) => !now.has(p));
  if (gone.length === 0) return { added: [], modules: [], resources: [] };
  const teardown = teardownModules(previous, name, readModules(previous, gone));
  if (teardown.files.length === 0) return { added: [], modules: [], resources: [] };
  const orderPath = terraformOrderFile(name);
  const order = now.has(orderPath) ? parseOrder(read(orderPath)) : {};
  const next = orderFile(name, {
    layers: order.layers ?? [],
    modules: order.modules ?? {},
    teardown: teardown.order,
    ...(order.layout ? { layout: order.layout } : {}),
  });
  // Teardown modules kept from earlier compiles were reported then.
  const known = new Set(parseOrder(previous.read(orderPath)).teardown ?? []);
  const fresh = teardown.files.filter((f) => !known.has(orderName(moduleOfFile(name, f.path))));
  return {
    added: [...teardown.files, next],
    modules: fresh.map((f) => f.path),
    resources: fresh.flatMap((f) => teardown.held.get(f.path) ?? []),
  };
}

function orderFile(name: string, order: ApplyOrder): OutputFile {
  return {
    path: terraformOrderFile(name),
    content: toJson({
      ...(order.layout ? { layout: order.layout } : {}),
      layers: order.layers,
      modules: order.modules,
      teardown: order.teardown,
    }),
  };
}

/**
 * `paws teardown`: the environment keeps only teardown modules (from `modules`, its current modules
 * by file, or those in the previous output); with `forget`, nothing of it is left.
 */
export function updateForTeardown(
  previous: PreviousOutput | undefined,
  name: string,
  options: { forget?: boolean; modules?: ReadonlyMap<string, string>; clonedFrom?: string },
): OutputUpdate {
  const environments: Record<string, EnvironmentRecord> = {};
  for (const [env, record] of Object.entries(previous?.environments ?? {}))
    if (env !== name) environments[env] = record;
  const keep = (path: string) => environmentOf(path) !== name;
  if (options.forget) return { files: [], keep, environments, removed: [] };
  const teardown = teardownFiles(previous, name, options.modules);
  // With no Terraform module there is nothing left to destroy: the environment goes entirely.
  if (teardown.files.length > 0)
    environments[name] = {
      ...(options.clonedFrom ? { clonedFrom: options.clonedFrom } : {}),
      teardown: true,
    };
  return {
    files: teardown.files,
    keep,
    environments,
    removed: [{ name, modules: teardown.modules, resources: teardown.resources }],
  };
}

/**
 * Removes one teardown module of an environment that stays, and its entry in the order file. Only a
 * module listed under `teardown` can go: a live module still manages resources.
 */
export function forgetTeardownModule(
  previous: PreviousOutput | undefined,
  name: string,
  module: string,
): OutputUpdate | { refused: string } {
  const orderPath = terraformOrderFile(name);
  const text = previous?.read(orderPath);
  const order = text === undefined ? undefined : parseOrder(text);
  const wanted = orderName(module.replace(/\/+$/, ''));
  if (!order?.teardown?.includes(wanted))
    return {
      refused: `environment "${name}" has no teardown module "${module}"${order?.teardown?.length ? ` (teardown modules: ${order.teardown.join(', ')})` : ''}`,
    };
  const file = terraformModuleFile(name, wanted === '.' ? '' : wanted);
  const rest: ApplyOrder = {
    ...(order.layout ? { layout: order.layout } : {}),
    layers: order.layers ?? [],
    modules: order.modules ?? {},
    teardown: order.teardown.filter((m) => m !== wanted),
  };
  const empty = rest.layers.length === 0 && rest.teardown.length === 0;
  return {
    files: empty ? [] : [orderFile(name, rest)],
    keep: (path) => path !== file && path !== orderPath,
    environments: { ...(previous?.environments ?? {}) },
    removed: [],
  };
}
