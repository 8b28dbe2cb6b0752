import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { knowsKind, kubernetesSchemaProblems } from '../src/compiler/kubernetes-schemas.js';

const vendored = JSON.parse(
  readFileSync(new URL('../spec/upstream/kubernetes.json', import.meta.url), 'utf8'),
) as { kinds: Record<string, string>; definitions: Record<string, unknown> };

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return yamlFiles(full);
    return name.endsWith('.yaml') ? [full] : [];
  });
}

describe('the vendored upstream schemas (spec/upstream/kubernetes.json)', () => {
  it('hold every kind paws emits, each resolving to a definition', () => {
    for (const kind of [
      'v1/Service',
      'v1/ServiceAccount',
      'v1/ConfigMap',
      'v1/Namespace',
      'apps/v1/Deployment',
      'apps/v1/StatefulSet',
      'batch/v1/Job',
      'batch/v1/CronJob',
      'policy/v1/PodDisruptionBudget',
      'autoscaling/v2/HorizontalPodAutoscaler',
      'external-secrets.io/v1/ExternalSecret',
      'external-secrets.io/v1/ClusterSecretStore',
      'argoproj.io/v1alpha1/Application',
      'gateway.networking.k8s.io/v1/HTTPRoute',
    ])
      expect(vendored.definitions[vendored.kinds[kind] as string], kind).toBeDefined();
  });

  it('every object of every example’s expected output passes them, strictly', () => {
    const root = new URL('../examples/', import.meta.url).pathname;
    const problems: string[] = [];
    let checked = 0;
    for (const file of yamlFiles(root).filter((f) => f.includes(`${path.sep}expected${path.sep}`))) {
      for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
        const object = doc.toJS() as { apiVersion?: string; kind?: string } | null;
        if (!object?.apiVersion || !knowsKind(object.apiVersion, object.kind ?? '')) continue;
        checked++;
        for (const problem of kubernetesSchemaProblems(object) ?? [])
          problems.push(`${path.relative(root, file)} ${object.kind}: ${problem}`);
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(100);
  });

  it('refuse what a cluster refuses', () => {
    const deployment = (spec: object) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'a' },
      spec: {
        selector: { matchLabels: { a: 'b' } },
        template: {
          metadata: { labels: { a: 'b' } },
          spec: { containers: [{ name: 'm', image: 'x' }], ...spec },
        },
      },
    });
    expect(kubernetesSchemaProblems(deployment({}))).toEqual([]);
    expect(kubernetesSchemaProblems(deployment({ nodeSelector: 'gpu' }))).toEqual([
      'spec.template.spec.nodeSelector must be an object',
    ]);
    expect(kubernetesSchemaProblems(deployment({ hostNetwrok: true }))).toEqual([
      'spec.template.spec has no field "hostNetwrok"',
    ]);
    expect(
      kubernetesSchemaProblems(
        deployment({ containers: [{ name: 'm', image: 'x', resources: { limits: { memory: '1GB' } } }] }),
      ),
    ).toEqual([
      'spec.template.spec.containers.0.resources.limits.memory is not a valid value (a quantity such as 250m or 1Gi)',
    ]);
    expect(kubernetesSchemaProblems({ apiVersion: 'example.com/v1', kind: 'Widget' })).toBeUndefined();
  });
});
