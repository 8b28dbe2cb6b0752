import type { Diagnostic } from '../compiler/diagnostics.js';
import { locate } from '../compiler/load/index.js';
import type { Environment } from '../compiler/model.js';
import { didYouMean } from '../compiler/suggest.js';
import type { EnvironmentDocument } from '../generated/environment.js';
import { compareStrings, setOwn } from '../util/compare.js';

type EnvironmentSpec = EnvironmentDocument['spec'];

/** An environment with `extends` applied and every default filled in. */
export interface ResolvedEnvironment {
  name: string;
  type: string;
  /** The chain of environments it was built from, itself first. */
  lineage: string[];
  kubernetes: { server: string; namespace: string };
  argocd: {
    namespace: string;
    project: string;
    repoURL?: string;
    targetRevision: string;
    path: string;
    automated: boolean;
  };
  terraform: {
    requiredVersion: string;
    backend?: Record<string, Record<string, unknown>>;
    providers: Record<string, Record<string, unknown>>;
  };
  secretStore: {
    kind: 'ClusterSecretStore' | 'SecretStore';
    name: string;
    publish: 'aws-secrets-manager' | 'none';
  };
  defaults: { replicas: number };
  /** Host names: the zone they are made in and what they point at (the cluster's ingress or gateway). */
  dns?: { zone?: string; target?: string };
  /** Where it is defined; undefined for the embedded default environment. */
  file?: string;
}

/** With no Environment in the platform folder, paws compiles for one development environment. */
export const DEFAULT_ENVIRONMENT_NAME = 'dev';

export function resolveEnvironments(environments: readonly Environment[]): {
  environments: ResolvedEnvironment[];
  diagnostics: Diagnostic[];
} {
  const diagnostics: Diagnostic[] = [];
  if (environments.length === 0) {
    return {
      environments: [withDefaults(DEFAULT_ENVIRONMENT_NAME, {}, [DEFAULT_ENVIRONMENT_NAME])],
      diagnostics,
    };
  }
  const byName = new Map(environments.map((e) => [e.name, e]));
  const merged = new Map<string, { spec: EnvironmentSpec; lineage: string[] } | undefined>();

  const resolve = (
    env: Environment,
    trail: string[],
  ): { spec: EnvironmentSpec; lineage: string[] } | undefined => {
    if (merged.has(env.name)) return merged.get(env.name);
    const base = env.spec.extends;
    if (base === undefined) {
      const result = { spec: env.spec, lineage: [env.name] };
      merged.set(env.name, result);
      return result;
    }
    if (trail.includes(base)) {
      const cycle = [...trail.slice(trail.indexOf(base)), base];
      diagnostics.push({
        code: 'PAWS3002',
        severity: 'error',
        message: `environment "${env.name}" extends itself through ${cycle.join(' → ')}`,
        ...locate(env.document, '/spec/extends'),
        hint: 'one environment in the chain must not extend another',
      });
      merged.set(env.name, undefined);
      return undefined;
    }
    const parent = byName.get(base);
    if (!parent) {
      const suggestion = didYouMean(base, [...byName.keys()]);
      diagnostics.push({
        code: 'PAWS3001',
        severity: 'error',
        message: `environment "${env.name}" extends "${base}", which is not defined${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
        ...locate(env.document, '/spec/extends'),
        hint: `defined environments: ${[...byName.keys()].sort(compareStrings).join(', ')}`,
      });
      merged.set(env.name, undefined);
      return undefined;
    }
    const inherited = resolve(parent, [...trail, base]);
    if (!inherited) {
      merged.set(env.name, undefined);
      return undefined;
    }
    const { extends: _extends, ...own } = env.spec;
    const result = { spec: mergeSpec(inherited.spec, own), lineage: [env.name, ...inherited.lineage] };
    merged.set(env.name, result);
    return result;
  };

  const resolved: ResolvedEnvironment[] = [];
  for (const env of [...environments].sort((a, b) => compareStrings(a.name, b.name))) {
    const result = resolve(env, [env.name]);
    if (result)
      resolved.push({
        ...withDefaults(env.name, result.spec, result.lineage),
        file: env.document.source.displayPath,
      });
  }
  return { environments: resolved, diagnostics };
}

/** Fields given by the child replace inherited ones; maps (kubernetes, argocd, terraform …) merge key by key. */
function mergeSpec(base: EnvironmentSpec, own: EnvironmentSpec): EnvironmentSpec {
  return deepMerge(base as Record<string, unknown>, own as Record<string, unknown>) as EnvironmentSpec;
}

export function deepMerge(
  base: Record<string, unknown>,
  over: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(base)) setOwn(out, key, value);
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    setOwn(out, key, isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value);
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function withDefaults(name: string, spec: EnvironmentSpec, lineage: string[]): ResolvedEnvironment {
  const argocd = spec.argocd ?? {};
  const terraform = spec.terraform ?? {};
  return {
    name,
    type: spec.type ?? 'development',
    lineage,
    kubernetes: {
      server: spec.kubernetes?.server ?? 'https://kubernetes.default.svc',
      namespace: spec.kubernetes?.namespace ?? '{{workload}}-{{environment}}',
    },
    argocd: {
      namespace: argocd.namespace ?? 'argocd',
      project: argocd.project ?? `paws-${name}`,
      ...(argocd.repoURL ? { repoURL: argocd.repoURL } : {}),
      targetRevision: argocd.targetRevision ?? 'HEAD',
      path: argocd.path ?? 'out',
      automated: argocd.automated ?? false,
    },
    terraform: {
      requiredVersion: terraform.requiredVersion ?? '>= 1.11',
      ...(terraform.backend ? { backend: terraform.backend as Record<string, Record<string, unknown>> } : {}),
      providers: (terraform.providers ?? {}) as Record<string, Record<string, unknown>>,
    },
    secretStore: {
      kind: spec.secretStore?.kind ?? 'ClusterSecretStore',
      name: spec.secretStore?.name ?? 'paws',
      publish: spec.secretStore?.publish ?? 'aws-secrets-manager',
    },
    defaults: { replicas: spec.defaults?.replicas ?? 1 },
    ...(spec.dns ? { dns: { ...spec.dns } } : {}),
  };
}

/** The namespace of a workload in an environment, from the environment's pattern. */
export function namespaceFor(env: ResolvedEnvironment, workload: string): string {
  return env.kubernetes.namespace
    .replace(/\{\{\s*workload\s*\}\}/g, workload)
    .replace(/\{\{\s*environment\s*\}\}/g, env.name);
}
