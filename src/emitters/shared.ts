import type { EnvironmentPlan, ResourceInstance } from '../compiler/plan/types.js';
import { isTerraformDriver, type KubernetesObject } from '../drivers/index.js';
import { generatedSecretName } from '../compiler/identity.js';
import { compareStrings } from '../util/compare.js';
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
      metadata: { ...metadata, annotations: { [SYNC_WAVE]: '-2' } },
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
  for (const resource of plan.resources) {
    const objects: SharedObject[] = [];
    for (const object of resource.fragment.kubernetes) {
      const copy = structuredClone(object);
      if (!CLUSTER_SCOPED.has(copy.kind) && copy.metadata.namespace === undefined)
        copy.metadata.namespace = resource.namespace;
      copy.metadata.annotations = {
        ...((copy.metadata.annotations as Record<string, string> | undefined) ?? {}),
        'paws.dev/resource-uid': resource.uid,
      };
      objects.push(copy);
    }
    const generated = generatedSecrets(resource);
    if (generated.length > 0) storeNamespaces.add(resource.namespace);
    objects.push(...generated);
    if (objects.length > 0) folders.set(resource.names.kubernetes, objects);
  }
  for (const namespace of [...storeNamespaces].sort(compareStrings))
    folders.set(`_secret-stores/${namespace}`, clusterStore(namespace));
  // The shared Application deploys into workload namespaces too (a private in-cluster database sits
  // with its workload), and it syncs before the workload Applications that would create them: it
  // creates them itself, never pruned, since the workload lives there as well.
  const namespaces = new Set<string>();
  for (const objects of folders.values()) {
    for (const object of objects) {
      const namespace = (object.metadata as { namespace?: string }).namespace;
      if (namespace) namespaces.add(namespace);
    }
  }
  if (namespaces.size > 0) {
    folders.set(
      '_namespaces',
      [...namespaces].sort(compareStrings).map((name): Namespace => ({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name,
          labels: { 'app.kubernetes.io/managed-by': 'paws' },
          annotations: { [SYNC_WAVE]: '-5', 'argocd.argoproj.io/sync-options': 'Prune=false' },
        },
      })),
    );
  }
  return folders;
}
