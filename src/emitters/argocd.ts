import type { EnvironmentPlan } from '../compiler/plan/types.js';
import { namespaceFor } from '../resolvers/environments.js';
import { fitLabel, SHARED_FOLDER, SHARED_NAMESPACE_WORKLOAD } from '../compiler/identity.js';
import { compareStrings } from '../util/compare.js';
import type { Application, AppProject } from './objects.js';
import { SYNC_WAVE } from './workload.js';

const FINALIZER = 'resources-finalizer.argocd.argoproj.io';
export const SHARED_APP = SHARED_FOLDER;
/** The label of a workload's Applications. */
export const WORKLOAD_LABEL = 'paws.dev/workload';

/** A workload's Application in an environment. */
/** Argo CD's label tracking writes an Application's name as a label value: it fits 63. */
export const applicationName = (workload: string, environment: string) =>
  fitLabel(`${workload}-${environment}`);

/** The folder of the output inside the deploy repository, as ArgoCD sees it. */
function repoPath(plan: EnvironmentPlan, ...segments: string[]): string {
  return [plan.environment.argocd.path, plan.environment.name, ...segments].join('/');
}

function syncPolicy(plan: EnvironmentPlan): NonNullable<Application['spec']>['syncPolicy'] {
  return {
    ...(plan.environment.argocd.automated ? { automated: { prune: true, selfHeal: true } } : {}),
    syncOptions: ['CreateNamespace=true', 'ServerSideApply=true'],
    retry: { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '5m' } },
  };
}

function application(
  plan: EnvironmentPlan,
  name: string,
  path: string,
  namespace: string,
  wave: string,
  recurse = false,
  workload?: string,
): Application {
  const env = plan.environment;
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name,
      namespace: env.argocd.namespace,
      // paws.dev/workload: what Backstage's Argo CD plugin selects a workload's Applications by.
      labels: {
        'app.kubernetes.io/managed-by': 'paws',
        'paws.dev/environment': env.name,
        ...(workload ? { [WORKLOAD_LABEL]: workload } : {}),
      },
      annotations: { [SYNC_WAVE]: wave },
      finalizers: [FINALIZER],
    },
    spec: {
      project: env.argocd.project,
      source: {
        repoURL: env.argocd.repoURL as string,
        targetRevision: env.argocd.targetRevision,
        path,
        ...(recurse ? { directory: { recurse: true } } : {}),
      },
      destination: { server: env.kubernetes.server, namespace },
      syncPolicy: syncPolicy(plan),
    },
  };
}

/** Applications of one environment: one per workload and one for shared resources, by file name. */
/** The environment's AppProject: its repository, the namespaces it deploys to, the cluster-wide kinds it may make. */
function appProject(plan: EnvironmentPlan, namespaces: ReadonlySet<string>): AppProject {
  const env = plan.environment;
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    metadata: {
      name: env.argocd.project,
      namespace: env.argocd.namespace,
      labels: { 'app.kubernetes.io/managed-by': 'paws', 'paws.dev/environment': env.name },
      annotations: { [SYNC_WAVE]: '-10' },
      finalizers: [FINALIZER],
    },
    spec: {
      description: `paws environment ${env.name} (${env.type})`,
      sourceRepos: [env.argocd.repoURL as string],
      destinations: [...namespaces]
        .sort(compareStrings)
        .map((namespace) => ({ server: env.kubernetes.server, namespace })),
      // Namespaces are created by CreateNamespace=true; ClusterSecretStores hold generated secrets' readers.
      clusterResourceWhitelist: [
        { group: '', kind: 'Namespace' },
        { group: 'external-secrets.io', kind: 'ClusterSecretStore' },
      ],
    },
  };
}

export function emitApplications(
  plan: EnvironmentPlan,
  hasShared: boolean,
): Map<string, Application | AppProject> {
  const env = plan.environment;
  const files = new Map<string, Application | AppProject>();
  const namespaces = new Set(plan.workloads.map((w) => namespaceFor(env, w.name)));
  if (hasShared) namespaces.add(namespaceFor(env, SHARED_NAMESPACE_WORKLOAD));
  for (const r of plan.resources) namespaces.add(r.namespace);
  const project = appProject(plan, namespaces);
  files.set('_project.yaml', project);
  if (hasShared) {
    files.set(
      `${SHARED_APP}.yaml`,
      // In-cluster resources sit one folder each below _shared/.
      application(
        plan,
        fitLabel(`${env.name}-shared`),
        repoPath(plan, 'kubernetes', SHARED_APP),
        namespaceFor(env, SHARED_NAMESPACE_WORKLOAD),
        '-1',
        true,
      ),
    );
  }
  for (const workload of plan.workloads) {
    files.set(
      `${workload.name}.yaml`,
      application(
        plan,
        applicationName(workload.name, env.name),
        repoPath(plan, 'kubernetes', workload.name),
        namespaceFor(env, workload.name),
        '0',
        false,
        workload.name,
      ),
    );
  }
  return files;
}

/** The root app-of-apps of an environment: it syncs the environment's argocd/ folder. */
export function emitRootApplication(plan: EnvironmentPlan): Application {
  const env = plan.environment;
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: fitLabel(`paws-${env.name}`),
      namespace: env.argocd.namespace,
      labels: { 'app.kubernetes.io/managed-by': 'paws', 'paws.dev/environment': env.name },
      finalizers: [FINALIZER],
    },
    spec: {
      // The root lives in the default project: it creates the environment's own AppProject.
      project: 'default',
      source: {
        repoURL: env.argocd.repoURL as string,
        targetRevision: env.argocd.targetRevision,
        path: repoPath(plan, 'argocd'),
      },
      destination: { server: 'https://kubernetes.default.svc', namespace: env.argocd.namespace },
      syncPolicy: syncPolicy(plan),
    },
  };
}
