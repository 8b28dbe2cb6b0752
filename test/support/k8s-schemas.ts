import { parseAllDocuments } from 'yaml';

/**
 * Validates emitted objects against the upstream schemas (kubernetes-models 4.x family). ESO's
 * external-secrets.io/v1 has the schema of v1beta1, which is the newest the Node 20 models ship.
 */
const MODULES: Record<string, { module: string; apiVersion?: string }> = {
  v1: { module: 'kubernetes-models/v1' },
  'apps/v1': { module: 'kubernetes-models/apps/v1' },
  'batch/v1': { module: 'kubernetes-models/batch/v1' },
  'policy/v1': { module: 'kubernetes-models/policy/v1' },
  'autoscaling/v2': { module: 'kubernetes-models/autoscaling/v2' },
  'rbac.authorization.k8s.io/v1': { module: 'kubernetes-models/rbac.authorization.k8s.io/v1' },
  'external-secrets.io/v1': {
    module: '@kubernetes-models/external-secrets/external-secrets.io/v1beta1',
    apiVersion: 'external-secrets.io/v1beta1',
  },
  'generators.external-secrets.io/v1alpha1': {
    module: '@kubernetes-models/external-secrets/generators.external-secrets.io/v1alpha1',
  },
  'argoproj.io/v1alpha1': { module: '@kubernetes-models/argo-cd/argoproj.io/v1alpha1' },
  'gateway.networking.k8s.io/v1': { module: '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1' },
};

type ModelClass = new (data: unknown) => { validate(): void };

export async function validateObject(object: { apiVersion?: string; kind?: string }): Promise<void> {
  const entry = MODULES[object.apiVersion ?? ''];
  if (!entry) throw new Error(`no upstream schema known for apiVersion ${object.apiVersion}`);
  const module = (await import(entry.module)) as Record<string, ModelClass>;
  const Model = module[object.kind ?? ''];
  if (!Model) throw new Error(`no upstream schema for ${object.apiVersion} ${object.kind}`);
  new Model({ ...object, ...(entry.apiVersion ? { apiVersion: entry.apiVersion } : {}) }).validate();
}

/** Every document of every YAML output file, validated; returns how many were checked by kind. */
export async function validateYamlFiles(
  files: readonly { path: string; content: string }[],
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const file of files.filter((f) => f.path.endsWith('.yaml'))) {
    for (const doc of parseAllDocuments(file.content, { version: '1.1' } as never) as unknown as {
      toJS(): unknown;
    }[]) {
      const object = doc.toJS() as { apiVersion?: string; kind?: string };
      try {
        await validateObject(object);
      } catch (error) {
        throw new Error(`${file.path}: ${(error as Error).message}`);
      }
      const key = `${object.apiVersion} ${object.kind}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
  }
  return counts;
}
