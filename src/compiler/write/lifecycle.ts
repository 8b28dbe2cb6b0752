import { compareStrings } from '../../util/compare.js';
import type { OutputFile } from './index.js';
import { toJson } from './serialize.js';

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

export const terraformModulePath = (environment: string) => `${environment}/terraform/main.tf.json`;

/** What a previous output holds: its environments and the text of its files. */
export interface PreviousOutput {
  environments: Record<string, EnvironmentRecord>;
  read(path: string): string | undefined;
}

/** How the output changes: files to write, which previous files stay as they are, the new records. */
export interface OutputUpdate {
  files: OutputFile[];
  keep: (path: string) => boolean;
  environments: Record<string, EnvironmentRecord>;
  /** Environments gone (from the platform, or torn down); `module` is the teardown module kept, if any. */
  removed: { name: string; module?: string; resources: string[] }[];
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
 * Terraform module becomes a teardown module, because its state may still hold cloud resources.
 */
export function updateAfterCompile(
  previous: PreviousOutput | undefined,
  compiled: { files: OutputFile[]; environments: Record<string, EnvironmentRecord> },
  platform?: readonly string[],
): OutputUpdate {
  const environments: Record<string, EnvironmentRecord> = { ...compiled.environments };
  const files = [...compiled.files];
  const kept = new Set<string>();
  const removed: OutputUpdate['removed'] = [];
  for (const [name, record] of Object.entries(previous?.environments ?? {}).sort(([a], [b]) =>
    compareStrings(a, b),
  )) {
    if (Object.hasOwn(compiled.environments, name)) continue;
    const gone = platform !== undefined && !record.clonedFrom && !record.teardown && !platform.includes(name);
    if (!gone) {
      kept.add(name);
      environments[name] = record;
      continue;
    }
    const module = previous?.read(terraformModulePath(name));
    const teardown = module === undefined ? undefined : teardownModule(module);
    if (module === undefined || teardown === undefined) {
      removed.push({ name, resources: [] });
      continue;
    }
    files.push({ path: terraformModulePath(name), content: teardown });
    environments[name] = { teardown: true };
    removed.push({ name, module: terraformModulePath(name), resources: managedResources(module) });
  }
  return { files, keep: (path) => kept.has(environmentOf(path)), environments, removed };
}

/**
 * `paws teardown`: the environment keeps only a teardown module (from `module`, its current module,
 * or the one in the previous output); with `forget`, nothing of it is left.
 */
export function updateForTeardown(
  previous: PreviousOutput | undefined,
  name: string,
  options: { forget?: boolean; module?: string; clonedFrom?: string },
): OutputUpdate {
  const environments: Record<string, EnvironmentRecord> = {};
  for (const [env, record] of Object.entries(previous?.environments ?? {}))
    if (env !== name) environments[env] = record;
  const keep = (path: string) => environmentOf(path) !== name;
  if (options.forget) return { files: [], keep, environments, removed: [] };
  const source = options.module ?? previous?.read(terraformModulePath(name));
  const teardown = source === undefined ? undefined : teardownModule(source);
  // With no Terraform module there is nothing left to destroy: the environment goes entirely.
  if (teardown)
    environments[name] = {
      ...(options.clonedFrom ? { clonedFrom: options.clonedFrom } : {}),
      teardown: true,
    };
  return {
    files: teardown ? [{ path: terraformModulePath(name), content: teardown }] : [],
    keep,
    environments,
    removed: [
      {
        name,
        ...(teardown ? { module: terraformModulePath(name) } : {}),
        resources: source === undefined ? [] : managedResources(source),
      },
    ],
  };
}
