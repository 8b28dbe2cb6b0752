import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compile, createNodeHost } from '../src/index.js';
import { validateYamlFiles } from './support/k8s-schemas.js';

const shop = fileURLToPath(new URL('../examples/shop', import.meta.url));

describe('emitted objects validate against the upstream schemas', () => {
  it('every Kubernetes, ArgoCD and ExternalSecret object of the shop example, in every environment', async () => {
    const result = await compile({ image: 'registry.example.com/shop/api:1.0.0' }, createNodeHost(shop));
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const counts = await validateYamlFiles(result.files);
    expect(Object.keys(counts).sort()).toEqual([
      'apps/v1 Deployment',
      'apps/v1 StatefulSet',
      'argoproj.io/v1alpha1 AppProject',
      'argoproj.io/v1alpha1 Application',
      'external-secrets.io/v1 ClusterSecretStore',
      'external-secrets.io/v1 ExternalSecret',
      'gateway.networking.k8s.io/v1 HTTPRoute',
      'generators.external-secrets.io/v1alpha1 Password',
      'policy/v1 PodDisruptionBudget',
      'rbac.authorization.k8s.io/v1 Role',
      'rbac.authorization.k8s.io/v1 RoleBinding',
      'v1 ConfigMap',
      'v1 Namespace',
      'v1 Service',
      'v1 ServiceAccount',
    ]);
  });

  it('rejects an invalid object (the check can fail)', async () => {
    await expect(
      validateYamlFiles([
        {
          path: 'x.yaml',
          content:
            'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: x }\nspec: { replicas: "two" }\n',
        },
      ]),
    ).rejects.toThrow(/x.yaml/);
  });
});
