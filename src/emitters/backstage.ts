import { shortHash } from '../compiler/identity.js';
import type { EnvironmentPlan, ResourceInstance, WorkloadPlan } from '../compiler/plan/types.js';
import { compareStrings } from '../util/compare.js';
import { applicationName, WORKLOAD_LABEL } from './argocd.js';

/** A Backstage catalog entity (backstage.io/v1alpha1), as plain data. */
export interface BackstageEntity {
  apiVersion: 'backstage.io/v1alpha1';
  kind: 'Component' | 'Resource';
  metadata: {
    name: string;
    title?: string;
    description?: string;
    annotations: Record<string, string>;
    tags?: string[];
    links?: { url: string; title: string }[];
  };
  spec: Record<string, unknown>;
}

const DEFAULT_OWNER = 'unknown';
const DEFAULT_LIFECYCLE = 'production';
const DEFAULT_SHARED_OWNER = 'group:platform';

/** What the entities need beyond the plans: where the code is, who owns what is shared. */
export interface BackstageOptions {
  /** The `backstage.io/source-location` of a workload file (`url:https://…/tree/HEAD/services/api/`). */
  sourceLocation?: (file: string) => string | undefined;
  /** Owner of a Resource several workloads share (default group:platform). */
  sharedResourceOwner?: string;
}

/**
 * A Backstage entity name: letters, digits and [-_.] between them, at most 63 characters; a longer
 * one keeps its start and ends in a hash of the whole.
 */
export function entityName(text: string): string {
  const clean = text.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
  if (clean.length <= 63) return clean || 'x';
  return `${clean.slice(0, 56).replace(/[^A-Za-z0-9]+$/, '')}-${shortHash(text)}`;
}

/** One Resource per resource instance per environment: `<env>-<its Kubernetes name>`. */
const resourceEntityName = (env: string, resource: ResourceInstance) =>
  entityName(`${env}-${resource.names.kubernetes}`);

/**
 * The catalog entities of the compiled environments: a Component per workload (owner, system and
 * lifecycle from its paws.dev/ annotations; the Argo CD plugin's app selector; a link to each
 * environment's Application where the environment names Argo CD's URL; dependsOn its resources in
 * every environment) and a Resource per resource instance per environment (its type, definition and
 * environment; dependsOn what it requires). Sorted by kind and name.
 */
export function backstageEntities(
  plans: readonly EnvironmentPlan[],
  options: BackstageOptions = {},
): BackstageEntity[] {
  const workloads = new Map<string, { plan: WorkloadPlan; environments: EnvironmentPlan[] }>();
  for (const plan of plans) {
    for (const workload of plan.workloads) {
      const entry = workloads.get(workload.name) ?? { plan: workload, environments: [] };
      entry.environments.push(plan);
      workloads.set(workload.name, entry);
    }
  }
  const components = [...workloads.values()].map(({ plan, environments }) =>
    component(plan, environments, options),
  );
  const resources = plans.flatMap((plan) =>
    plan.resources.map((resource) => resourceEntity(resource, plan, workloads, options)),
  );
  return [...components, ...resources].sort(
    (a, b) => compareStrings(a.kind, b.kind) || compareStrings(a.metadata.name, b.metadata.name),
  );
}

function component(
  workload: WorkloadPlan,
  environments: readonly EnvironmentPlan[],
  options: BackstageOptions,
): BackstageEntity {
  const source = options.sourceLocation?.(workload.file);
  const links = environments.flatMap((plan) => {
    const argocd = plan.environment.argocd;
    if (!argocd.url || !argocd.repoURL) return [];
    const app = applicationName(workload.name, plan.environment.name);
    return [
      {
        url: `${argocd.url.replace(/\/+$/, '')}/applications/${argocd.namespace}/${app}`,
        title: `Argo CD: ${app}`,
      },
    ];
  });
  const dependsOn = environments
    .flatMap((plan) =>
      Object.values(workload.resources).flatMap((uid) => {
        const resource = plan.resources.find((r) => r.uid === uid);
        return resource ? [`resource:default/${resourceEntityName(plan.environment.name, resource)}`] : [];
      }),
    )
    .sort(compareStrings);
  const { owner, system, lifecycle, description } = workload.catalog;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: entityName(workload.name),
      ...(description ? { description } : {}),
      annotations: {
        'argocd/app-selector': `${WORKLOAD_LABEL}=${workload.name}`,
        // The Kubernetes plugin finds the objects by the label selector (every object carries the label).
        'backstage.io/kubernetes-id': workload.name,
        'backstage.io/kubernetes-label-selector': `${WORKLOAD_LABEL}=${workload.name}`,
        ...(source ? { 'backstage.io/source-location': source } : {}),
        'paws.dev/source': workload.file,
      },
      tags: ['paws', workload.kind.toLowerCase()],
      ...(links.length > 0 ? { links } : {}),
    },
    spec: {
      type: workload.kind === 'Job' || workload.kind === 'CronJob' ? 'job' : 'service',
      lifecycle: lifecycle ?? DEFAULT_LIFECYCLE,
      owner: owner ?? DEFAULT_OWNER,
      ...(system ? { system } : {}),
      ...(dependsOn.length > 0 ? { dependsOn: [...new Set(dependsOn)] } : {}),
    },
  };
}

function resourceEntity(
  resource: ResourceInstance,
  plan: EnvironmentPlan,
  workloads: ReadonlyMap<string, { plan: WorkloadPlan }>,
  options: BackstageOptions,
): BackstageEntity {
  const env = plan.environment.name;
  // A resource of one workload is its owner's; one that several share is the platform's.
  const users = resource.workloads.map((w) => workloads.get(w)?.plan.catalog).filter((c) => c !== undefined);
  const owner =
    resource.workloads.length > 1
      ? (options.sharedResourceOwner ?? DEFAULT_SHARED_OWNER)
      : (users.find((c) => c.owner)?.owner ?? DEFAULT_OWNER);
  const system = users.find((c) => c.system)?.system;
  const dependsOn = Object.values(resource.requires)
    .map((uid) => plan.resources.find((r) => r.uid === uid))
    .filter((r) => r !== undefined)
    .map((r) => `resource:default/${resourceEntityName(env, r)}`)
    .sort(compareStrings);
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: resourceEntityName(env, resource),
      title: `${resource.uid} (${env})`,
      annotations: {
        'paws.dev/environment': env,
        'paws.dev/uid': resource.uid,
        'paws.dev/definition': resource.definition.name,
        'paws.dev/driver': resource.definition.driver,
      },
      tags: ['paws', entityName(env).toLowerCase()],
    },
    spec: {
      type: resource.type,
      owner,
      ...(system ? { system } : {}),
      ...(dependsOn.length > 0 ? { dependsOn } : {}),
    },
  };
}
