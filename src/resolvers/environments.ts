import { fitLabel } from '../compiler/identity.js';
import type { Diagnostic } from '../compiler/diagnostics.js';
import { locate } from '../compiler/load/index.js';
import {
  DEFAULT_ENVIRONMENT_NAME,
  MODULE_PLACEHOLDER,
  type ResolvedEnvironment,
  type TerraformLayout,
} from '../compiler/environment.js';
import type { Environment } from '../compiler/model.js';
import { didYouMean } from '../compiler/suggest.js';
import type { EnvironmentDocument } from '../generated/environment.js';
import { append, compareStrings, setOwn, stableJson } from '../util/compare.js';

type EnvironmentSpec = EnvironmentDocument['spec'];

export type { ResolvedEnvironment } from '../compiler/environment.js';

/** With no Environment in the platform folder, paws compiles for one development environment. */
export { DEFAULT_ENVIRONMENT_NAME };

/** An environment CI creates for one run, from a base that allows it (`--env pr-123 --extends staging`). */
export interface EphemeralRequest {
  name: string;
  extends: string;
}

type Merged = { spec: EnvironmentSpec; lineage: string[] } | undefined;

/** Resolves `extends` chains: each environment's spec merged over its base's, memoized; a cycle or a missing base is an error. */
class ExtendsChains {
  readonly merged = new Map<string, Merged>();

  constructor(
    private readonly byName: ReadonlyMap<string, Environment>,
    private readonly diagnostics: Diagnostic[],
  ) {}

  resolve(env: Environment, trail: string[]): Merged {
    if (this.merged.has(env.name)) return this.merged.get(env.name);
    const result = this.merge(env, trail);
    this.merged.set(env.name, result);
    return result;
  }

  private merge(env: Environment, trail: string[]): Merged {
    const base = env.spec.extends;
    if (base === undefined) return { spec: env.spec, lineage: [env.name] };
    if (trail.includes(base)) {
      const cycle = [...trail.slice(trail.indexOf(base)), base];
      this.diagnostics.push({
        code: 'PAWS3002',
        severity: 'error',
        message: `environment "${env.name}" extends itself through ${cycle.join(' → ')}`,
        ...locate(env.document, '/spec/extends'),
        hint: 'one environment in the chain must not extend another',
      });
      return undefined;
    }
    const parent = this.byName.get(base);
    if (!parent) {
      const suggestion = didYouMean(base, [...this.byName.keys()]);
      this.diagnostics.push({
        code: 'PAWS3001',
        severity: 'error',
        message: `environment "${env.name}" extends "${base}", which is not defined${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
        ...locate(env.document, '/spec/extends'),
        hint: `defined environments: ${[...this.byName.keys()].sort(compareStrings).join(', ')}`,
      });
      return undefined;
    }
    const inherited = this.resolve(parent, [...trail, base]);
    if (!inherited) return undefined;
    const { extends: _extends, ...own } = env.spec;
    // Permission to clone is the base's own: an environment that extends it does not inherit it.
    const { ephemeral: _ephemeral, ...inheritable } = inherited.spec;
    return { spec: mergeSpec(inheritable, own), lineage: [env.name, ...inherited.lineage] };
  }
}

export function resolveEnvironments(
  environments: readonly Environment[],
  ephemeral?: EphemeralRequest | readonly EphemeralRequest[],
): {
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
  const chains = new ExtendsChains(byName, diagnostics);
  const resolved: ResolvedEnvironment[] = [];
  for (const env of [...environments].sort((a, b) => compareStrings(a.name, b.name))) {
    const result = chains.resolve(env, [env.name]);
    if (result)
      resolved.push({
        ...withDefaults(env.name, result.spec, result.lineage),
        file: env.document.source.displayPath,
      });
  }
  const clones = ephemeral === undefined ? [] : Array.isArray(ephemeral) ? ephemeral : [ephemeral];
  for (const request of clones as readonly EphemeralRequest[]) {
    const clone = cloneEnvironment(request, byName, chains.merged, diagnostics);
    if (clone) resolved.push(clone);
  }
  if (clones.length > 0) resolved.sort((a, b) => compareStrings(a.name, b.name));
  append(diagnostics, checkIsolation(resolved, byName));
  append(diagnostics, leadingDigits(resolved, byName));
  return { environments: resolved, diagnostics };
}

const LABEL = /^[a-z0-9][a-z0-9-]{0,61}[a-z0-9]$/;

/**
 * Physical names start with the environment's name, and some clouds refuse an id that starts with a
 * digit (ElastiCache replication groups, OpenSearch domains): an error at the Environment, before a
 * plan fails in the cloud.
 */
function leadingDigits(
  environments: readonly ResolvedEnvironment[],
  byName: ReadonlyMap<string, Environment>,
): Diagnostic[] {
  return environments
    .filter((env) => /^[0-9]/.test(env.name))
    .map((env) => {
      const doc = byName.get(env.name);
      return {
        code: 'PAWS3011',
        severity: 'error',
        message: `environment "${env.name}" starts with a digit: the cloud ids paws derives from it (ElastiCache, OpenSearch) must start with a letter`,
        ...(doc ? locate(doc.document, '/metadata/name') : {}),
        hint: `start the name with a letter, e.g. "env-${env.name}"`,
      } satisfies Diagnostic;
    });
}

/** The environment `--env <name> --extends <base>` asks for, or a diagnostic saying why not. */
function cloneEnvironment(
  request: EphemeralRequest,
  byName: ReadonlyMap<string, Environment>,
  merged: ReadonlyMap<string, { spec: EnvironmentSpec; lineage: string[] } | undefined>,
  diagnostics: Diagnostic[],
): ResolvedEnvironment | undefined {
  const fail = (message: string, hint: string, at?: { env: Environment; pointer: string }) => {
    diagnostics.push({
      code: 'PAWS3005',
      severity: 'error',
      message,
      ...(at ? locate(at.env.document, at.pointer) : {}),
      hint,
    });
    return undefined;
  };
  const { name, extends: baseName } = request;
  if (!LABEL.test(name))
    return fail(
      `ephemeral environment "${name}" is not a valid name`,
      'use 2–63 characters a-z, 0-9 and "-", starting and ending with a letter or digit, e.g. pr-123',
    );
  const existing = byName.get(name);
  if (existing)
    return fail(
      `environment "${name}" is defined in the platform folder, so it cannot also be an ephemeral clone of "${baseName}"`,
      `drop --extends to use the defined environment, or choose another name`,
      { env: existing, pointer: '/metadata/name' },
    );
  const base = byName.get(baseName);
  const inherited = merged.get(baseName);
  if (!base || !inherited) {
    const suggestion = didYouMean(baseName, [...byName.keys()]);
    return fail(
      `--extends ${baseName}: no such environment${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
      `environments that allow ephemeral clones: ${
        [...merged.entries()]
          .filter(([, m]) => m?.spec.ephemeral?.allowed)
          .map(([n]) => n)
          .sort(compareStrings)
          .join(', ') || '(none: set spec.ephemeral: { allowed: true } on a base environment)'
      }`,
    );
  }
  const allowed = inherited.spec.ephemeral;
  if (!allowed?.allowed)
    return fail(
      `environment "${baseName}" does not allow ephemeral clones`,
      `a platform engineer allows them with spec.ephemeral: { allowed: true } on "${baseName}" (type: preview gives clones in-cluster resources)`,
      { env: base, pointer: '/metadata/name' },
    );
  const { ephemeral: _ephemeral, ...spec } = inherited.spec;
  return {
    ...withDefaults(name, { ...spec, type: allowed.type ?? spec.type }, [name, ...inherited.lineage]),
    clonedFrom: baseName,
    file: base.document.source.displayPath,
  };
}

/**
 * Environments never share a Terraform state location, or namespaces on one cluster, by accident:
 * a literal key inherited through `extends` is the usual cause, so the fix is shown templated.
 */
function checkIsolation(
  environments: readonly ResolvedEnvironment[],
  byName: ReadonlyMap<string, Environment>,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const where = (env: ResolvedEnvironment, pointer: string) => {
    const doc = byName.get(env.name);
    if (!doc) return {};
    const own = doc.spec as Record<string, unknown>;
    const terraform = own.terraform as Record<string, unknown> | undefined;
    if (pointer === '/spec/terraform/backend' && !terraform?.backend && own.extends)
      return locate(doc.document, '/spec/extends');
    if (
      pointer === '/spec/kubernetes/namespace' &&
      !(own.kubernetes as Record<string, unknown>)?.namespace &&
      own.extends
    )
      return locate(doc.document, '/spec/extends');
    return locate(doc.document, pointer);
  };
  const states = new Map<string, ResolvedEnvironment>();
  const namespaces = new Map<string, ResolvedEnvironment>();
  for (const env of environments) {
    const shared = modulesShareState(env);
    if (shared) diagnostics.push({ ...shared, ...where(env, '/spec/terraform/backend') });
    if (env.terraform.backend) {
      const key = stableJson(env.terraform.backend);
      const other = states.get(key);
      if (other) {
        const [type] = Object.keys(env.terraform.backend);
        const setting = STATE_KEYS[type ?? '']?.key ?? 'key';
        // The one that inherited the location is where it went wrong.
        const [first, blamed] = other.lineage.length > env.lineage.length ? [env, other] : [other, env];
        diagnostics.push({
          code: 'PAWS3004',
          severity: 'error',
          message: `environments "${first.name}" and "${blamed.name}" use the same Terraform state (${type} ${JSON.stringify(env.terraform.backend[type ?? ''])}): applying one would destroy the other's resources`,
          ...where(blamed, '/spec/terraform/backend'),
          hint: `template the location with the environment's name, e.g. terraform.backend.${type}.${setting}: "${stateKeyExample(env)}" on "${blamed.lineage.at(-1)}"`,
        });
      } else states.set(key, env);
    }
    const probe = `${env.kubernetes.server} ${namespaceFor(env, 'workload')} ${namespaceFor(env, 'other')}`;
    const other = namespaces.get(probe);
    if (other) {
      diagnostics.push({
        code: 'PAWS3004',
        severity: 'error',
        message: `environments "${other.name}" and "${env.name}" put workloads into the same namespaces on ${env.kubernetes.server} (kubernetes.namespace "${env.kubernetes.namespace}")`,
        ...where(env, '/spec/kubernetes/namespace'),
        hint: 'put {{environment}} in the namespace pattern (the default is "{{workload}}-{{environment}}"), or use another cluster',
      });
    } else namespaces.set(probe, env);
  }
  return diagnostics;
}

const stateKeyExample = (env: ResolvedEnvironment) =>
  env.terraform.layout === 'modules'
    ? 'paws/{{environment}}/{{module}}.tfstate'
    : 'paws/{{environment}}.tfstate';

/** With a root module per workload, a backend that never names {{module}} gives every module one state. */
function modulesShareState(env: ResolvedEnvironment): Omit<Diagnostic, 'file'> | undefined {
  const backend = env.terraform.backend;
  if (env.terraform.layout !== 'modules' || !backend || stableJson(backend).includes(MODULE_PLACEHOLDER))
    return undefined;
  const [type] = Object.keys(backend);
  const setting = STATE_KEYS[type ?? '']?.key ?? 'key';
  return {
    code: 'PAWS3004',
    severity: 'error',
    message: `environment "${env.name}" has a Terraform root module per workload, but its ${type} backend gives them all one state (${JSON.stringify(backend[type ?? ''])}): applying one module would destroy the others' resources`,
    hint: `put {{module}} in the location, e.g. terraform.backend.${type}.${setting}: "${stateKeyExample(env)}", or set terraform.layout: single for one module per environment`,
  };
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

/** An environment from its own spec alone: every field it leaves out gets its default. */
export function withDefaults(name: string, spec: EnvironmentSpec, lineage: string[]): ResolvedEnvironment {
  const argocd = spec.argocd ?? {};
  const terraform = spec.terraform ?? {};
  return {
    name,
    type: spec.type ?? 'development',
    lineage,
    kubernetes: {
      server: spec.kubernetes?.server ?? 'https://kubernetes.default.svc',
      namespace: spec.kubernetes?.namespace ?? '{{workload}}-{{environment}}',
      securityProfiles: [...(spec.kubernetes?.securityProfiles ?? ['restricted', 'baseline'])],
    },
    argocd: {
      namespace: argocd.namespace ?? 'argocd',
      project: argocd.project ?? `paws-${name}`,
      ...(argocd.repoURL ? { repoURL: argocd.repoURL } : {}),
      ...(argocd.url ? { url: argocd.url } : {}),
      targetRevision: argocd.targetRevision ?? 'HEAD',
      path: argocd.path ?? 'out',
      automated: argocd.automated ?? false,
    },
    terraform: {
      requiredVersion: terraform.requiredVersion ?? '>= 1.11',
      layout: terraform.layout ?? 'modules',
      ...(terraform.backend
        ? { backend: backendFor(name, terraform.backend, terraform.layout ?? 'modules') }
        : {}),
      providers: (terraform.providers ?? {}) as Record<string, Record<string, unknown>>,
    },
    ...(spec.rotation ? { rotation: spec.rotation } : {}),
    ...(spec.cloudNamePrefix ? { cloudNamePrefix: spec.cloudNamePrefix } : {}),
    secretStore: {
      kind: spec.secretStore?.kind ?? 'ClusterSecretStore',
      name: spec.secretStore?.name ?? 'paws',
      publish: spec.secretStore?.publish ?? 'aws-secrets-manager',
      ...(spec.secretStore?.publish === 'vault'
        ? { vault: { mount: spec.secretStore.vault?.mount ?? 'secret' } }
        : {}),
    },
    ...(spec.ephemeral ? { ephemeral: { ...spec.ephemeral } } : {}),
    defaults: {
      replicas: spec.defaults?.replicas ?? 1,
      autoscaling: { cpu: spec.defaults?.autoscaling?.cpu ?? 80 },
    },
    limits: { ...(spec.limits?.maxReplicas !== undefined ? { maxReplicas: spec.limits.maxReplicas } : {}) },
    workloadPatches: (spec.workloadPatches ?? []).map((a) => ({ kind: a.kind, paths: [...a.paths] })),
    variables: { ...((spec.variables ?? {}) as Record<string, string>) },
    sharedResources: Object.fromEntries(
      Object.entries(spec.sharedResources ?? {}).map(([id, entry]) => [id, [...(entry?.workloads ?? [])]]),
    ),
    ...(spec.dns ? { dns: { ...spec.dns } } : {}),
  };
}

/** The setting that names the state location of each backend type, where paws can default it. */
const STATE_KEYS: Record<string, { key: string; value: string; perModule: string }> = {
  s3: {
    key: 'key',
    value: 'paws/{{environment}}.tfstate',
    perModule: 'paws/{{environment}}/{{module}}.tfstate',
  },
  azurerm: {
    key: 'key',
    value: 'paws/{{environment}}.tfstate',
    perModule: 'paws/{{environment}}/{{module}}.tfstate',
  },
  oss: {
    key: 'key',
    value: 'paws/{{environment}}.tfstate',
    perModule: 'paws/{{environment}}/{{module}}.tfstate',
  },
  gcs: { key: 'prefix', value: 'paws/{{environment}}', perModule: 'paws/{{environment}}/{{module}}' },
  kubernetes: {
    key: 'secret_suffix',
    value: 'paws-{{environment}}',
    perModule: 'paws-{{environment}}-{{module}}',
  },
};

/** `{{environment}}` (spaces allowed) in a setting of an environment. */
export function withEnvironmentName(text: string, environment: string): string {
  return text.replace(/\{\{\s*environment\s*\}\}/g, environment);
}

/** The backend with `{{environment}}` replaced everywhere, and a per-environment state key where none is set. */
function backendFor(
  environment: string,
  backend: Record<string, unknown>,
  layout: TerraformLayout,
): Record<string, Record<string, unknown>> {
  const render = (value: unknown): unknown => {
    if (typeof value === 'string')
      return withEnvironmentName(value, environment).replace(/\{\{\s*module\s*\}\}/g, MODULE_PLACEHOLDER);
    if (Array.isArray(value)) return value.map(render);
    if (isPlainObject(value)) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) setOwn(out, k, render(v));
      return out;
    }
    return value;
  };
  const out: Record<string, Record<string, unknown>> = {};
  for (const [type, settings] of Object.entries(backend)) {
    const state = STATE_KEYS[type];
    const filled = { ...(settings as Record<string, unknown>) };
    if (state && filled[state.key] === undefined)
      filled[state.key] = layout === 'modules' ? state.perModule : state.value;
    setOwn(out, type, render(filled) as Record<string, unknown>);
  }
  return out;
}

/** The namespace of a workload in an environment, from the environment's pattern. */
export function namespaceFor(env: ResolvedEnvironment, workload: string): string {
  return fitLabel(
    env.kubernetes.namespace
      .replace(/\{\{\s*workload\s*\}\}/g, workload)
      .replace(/\{\{\s*environment\s*\}\}/g, env.name),
  );
}

/**
 * Whether a platform object scoped by environments and environment types (a Patch, a Policy)
 * applies in an environment: a named environment covers its clones; neither list means everywhere.
 */
export function appliesIn(
  scope: { environments?: string[]; environmentTypes?: string[] },
  env: ResolvedEnvironment,
): boolean {
  const { environments, environmentTypes } = scope;
  if (!environments && !environmentTypes) return true;
  return (
    (environments ?? []).some((name) => env.lineage.includes(name)) ||
    (environmentTypes ?? []).includes(env.type)
  );
}
