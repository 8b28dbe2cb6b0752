import type { EnvironmentPlan, ResourceInstance } from '../compiler/plan/types.js';
import { isTerraformDriver, type KubernetesObject } from '../drivers/index.js';
import { generatedSecretName } from '../compiler/identity.js';
import { compareStrings } from '../util/compare.js';
import { namespaceFor } from '../resolvers/environments.js';
import { SECURITY_PROFILES, type SecurityProfile } from '../compiler/workload-settings.js';
import type {
  ClusterSecretStore,
  ExternalSecret,
  Namespace,
  PasswordGenerator,
  Role,
  RoleBinding,
  ServiceAccount,
} from './objects.js';
import { clusterStoreName } from './secrets.js';
import { claimTemplateResources } from './claim-templates.js';
import { SYNC_WAVE } from './workload.js';

export type SharedObject =
  | KubernetesObject
  | ExternalSecret
  | PasswordGenerator
  | ClusterSecretStore
  | ServiceAccount
  | Role
  | RoleBinding
  | Namespace;

const CLUSTER_SCOPED = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'ClusterSecretStore',
  'CustomResourceDefinition',
  'StorageClass',
  'PersistentVolume',
  'PriorityClass',
]);

function labelsFor(resource: ResourceInstance): Record<string, string> {
  return { 'app.kubernetes.io/managed-by': 'paws', 'paws.dev/resource': resource.names.kubernetes };
}

/** The generated secrets of a resource that runs outside Terraform: an ESO Password generator and a Secret made once from it. */
function generatedSecrets(resource: ResourceInstance): SharedObject[] {
  if (isTerraformDriver(resource.definition.driver)) return [];
  const objects: SharedObject[] = [];
  // Keyed by the generated output, not by the output name: an alias output ({ concat: [{ output: x }] }) shares x's secret.
  const generated = new Set(
    Object.values(resource.outputs).flatMap((v) =>
      v.kind === 'generated' && v.resource === resource.uid ? [v.output] : [],
    ),
  );
  for (const output of [...generated].sort(compareStrings)) {
    const name = generatedSecretName(resource, output);
    const metadata = { name, namespace: resource.namespace, labels: labelsFor(resource) };
    const generator: PasswordGenerator = {
      apiVersion: 'generators.external-secrets.io/v1alpha1',
      kind: 'Password',
      // A wave before the ExternalSecret that reads it: Argo CD applies it first and waits for it.
      metadata: { ...metadata, annotations: { [SYNC_WAVE]: '-3' } },
      spec: { length: 32, digits: 6, symbols: 0, noUpper: false, allowRepeat: true },
    };
    const secret: ExternalSecret = {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { ...metadata, annotations: { [SYNC_WAVE]: '-2' } },
      spec: {
        // "0": generate once, never rotate, or the resource and its workloads would disagree.
        refreshInterval: '0',
        target: { name, creationPolicy: 'Owner', deletionPolicy: 'Retain' },
        dataFrom: [
          {
            sourceRef: {
              generatorRef: { apiVersion: 'generators.external-secrets.io/v1alpha1', kind: 'Password', name },
            },
          },
        ],
      },
    };
    objects.push(generator, secret);
  }
  return objects;
}

/**
 * A ClusterSecretStore (kubernetes provider) per namespace that holds generated secrets, with the
 * ServiceAccount and Role it reads them with, so workloads in any namespace read them through ESO.
 */
function clusterStore(namespace: string): SharedObject[] {
  const name = clusterStoreName(namespace);
  const labels = { 'app.kubernetes.io/managed-by': 'paws' };
  const reader = 'paws-secret-reader';
  const serviceAccount: ServiceAccount = {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: reader, namespace, labels, annotations: { [SYNC_WAVE]: '-3' } },
    automountServiceAccountToken: false,
  };
  const role: Role = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: reader, namespace, labels, annotations: { [SYNC_WAVE]: '-3' } },
    rules: [
      { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectrulesreviews'], verbs: ['create'] },
    ],
  };
  const binding: RoleBinding = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: reader, namespace, labels, annotations: { [SYNC_WAVE]: '-3' } },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: reader },
    subjects: [{ kind: 'ServiceAccount', name: reader, namespace }],
  };
  const store: ClusterSecretStore = {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ClusterSecretStore',
    metadata: { name, labels, annotations: { [SYNC_WAVE]: '-3' } },
    spec: {
      provider: {
        kubernetes: {
          remoteNamespace: namespace,
          server: { caProvider: { type: 'ConfigMap', name: 'kube-root-ca.crt', key: 'ca.crt', namespace } },
          auth: { serviceAccount: { name: reader, namespace } },
        },
      },
    },
  };
  return [serviceAccount, role, binding, store];
}

/** Objects of in-cluster resources by the folder they go in (`_shared/<name>/`), plus the stores for generated secrets. */
export function emitShared(plan: EnvironmentPlan): Map<string, SharedObject[]> {
  const folders = new Map<string, SharedObject[]>();
  const storeNamespaces = new Set<string>();
  const claimTemplates = claimTemplateResources(plan);
  for (const resource of plan.resources) {
    const objects: SharedObject[] = [];
    // A StatefulSet's claim template: the StatefulSet makes the claims, one per pod.
    const own = claimTemplates.has(resource.uid) ? [] : resource.fragment.kubernetes;
    for (const object of own) {
      // Only metadata changes: the rest is shared with the plan, which nothing writes to.
      const metadata = { ...object.metadata };
      if (!CLUSTER_SCOPED.has(object.kind) && metadata.namespace === undefined)
        metadata.namespace = resource.namespace;
      metadata.annotations = {
        ...((metadata.annotations as Record<string, string> | undefined) ?? {}),
        'paws.dev/resource-uid': resource.uid,
      };
      objects.push({ ...object, metadata });
    }
    const generated = generatedSecrets(resource);
    if (generated.length > 0) storeNamespaces.add(resource.namespace);
    objects.push(...generated);
    if (objects.length > 0) folders.set(resource.names.kubernetes, objects);
  }
  for (const namespace of [...storeNamespaces].sort(compareStrings))
    folders.set(`_secret-stores/${namespace}`, clusterStore(namespace));
  const namespaces = namespacesOf(plan, folders);
  if (namespaces.length > 0) folders.set('_namespaces', namespaces);
  return folders;
}

/** Whether an environment has anything for the shared folder: its namespaces, or in-cluster resources. */
export function hasSharedObjects(plan: EnvironmentPlan): boolean {
  return (
    plan.workloads.length > 0 ||
    plan.resources.some(
      (r) =>
        r.fragment.kubernetes.length > 0 ||
        (!isTerraformDriver(r.definition.driver) &&
          Object.values(r.outputs).some((v) => v.kind === 'generated')),
    )
  );
}

/**
 * Every namespace an emitted object uses, so the output applies on a cluster without Argo CD. The
 * shared Application syncs before the workload Applications and creates them, never pruned, since
 * workloads and their private in-cluster resources live there too. Pod Security labels warn and
 * audit at the most permissive profile a workload of the namespace asked for; enforcing is left to
 * the cluster, which may run objects of definitions paws does not check.
 */
function namespacesOf(plan: EnvironmentPlan, folders: ReadonlyMap<string, SharedObject[]>): Namespace[] {
  // undefined: a namespace of in-cluster resources only.
  const profiles = new Map<string, SecurityProfile | undefined>();
  for (const objects of folders.values()) {
    for (const object of objects) {
      const namespace = (object.metadata as { namespace?: string }).namespace;
      if (namespace && !profiles.has(namespace)) profiles.set(namespace, undefined);
    }
  }
  for (const workload of plan.workloads) {
    const namespace = namespaceFor(plan.environment, workload.name);
    const current = profiles.get(namespace);
    const rank = SECURITY_PROFILES.indexOf(workload.securityProfile);
    if (current === undefined || rank > SECURITY_PROFILES.indexOf(current))
      profiles.set(namespace, workload.securityProfile);
  }
  return [...profiles.keys()].sort(compareStrings).map((name): Namespace => {
    const profile = profiles.get(name);
    return {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name,
        labels: {
          'app.kubernetes.io/managed-by': 'paws',
          ...(profile
            ? { 'pod-security.kubernetes.io/audit': profile, 'pod-security.kubernetes.io/warn': profile }
            : {}),
        },
        annotations: { [SYNC_WAVE]: '-5', 'argocd.argoproj.io/sync-options': 'Prune=false' },
      },
    };
  });
}
