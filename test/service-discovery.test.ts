import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { objectsOf, type K8sObject } from './support/manifests.js';

// Every Service name or host a container receives resolves from the container's namespace to a
// Service the output holds: workloads live in namespaces of their own, so a bare name would not.
const examples = fileURLToPath(new URL('../examples', import.meta.url));

function expectedTrees(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (!statSync(full).isDirectory()) return [];
    return name === 'expected' ? [full] : expectedTrees(full);
  });
}

function yamlObjects(dir: string): K8sObject[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return yamlObjects(full);
    return name.endsWith('.yaml') ? objectsOf(readFileSync(full, 'utf8')).filter(Boolean) : [];
  });
}

/** Problems: a value naming a Service that is not there, or naming it so it resolves only elsewhere. */
function discoveryProblems(objects: readonly K8sObject[]): { checked: number; problems: string[] } {
  const services = new Set(
    objects.filter((o) => o.kind === 'Service').map((o) => `${o.metadata.name}.${o.metadata.namespace}`),
  );
  const namespaces = new Set(
    objects.filter((o) => o.kind === 'Service').map((o) => o.metadata.namespace as string),
  );
  const bare = new Map<string, string[]>();
  for (const o of objects.filter((x) => x.kind === 'Service'))
    bare.set(o.metadata.name, [...(bare.get(o.metadata.name) ?? []), o.metadata.namespace as string]);
  const problems: string[] = [];
  let checked = 0;
  for (const o of objects) {
    const pod = o.spec?.template?.spec ?? o.spec?.jobTemplate?.spec?.template?.spec;
    if (!pod) continue;
    const namespace = o.metadata.namespace as string;
    for (const container of [...(pod.containers ?? []), ...(pod.initContainers ?? [])])
      for (const env of container.env ?? []) {
        if (typeof env.value !== 'string') continue;
        for (const match of env.value.matchAll(
          /\b([a-z0-9][a-z0-9-]*)\.([a-z0-9][a-z0-9-]*)(?:\.svc\.cluster\.local)?\b/g,
        )) {
          if (!namespaces.has(match[2] as string)) continue;
          checked++;
          if (!services.has(`${match[1]}.${match[2]}`))
            problems.push(`${o.metadata.name} ${env.name}: no Service ${match[1]} in ${match[2]}`);
        }
        const elsewhere = bare.get(env.value.replace(/^https?:\/\//, '').split(/[:/]/)[0] as string);
        if (elsewhere && !elsewhere.includes(namespace)) {
          checked++;
          problems.push(
            `${o.metadata.name} ${env.name}: "${env.value}" is a Service of ${elsewhere.join(', ')}, not of ${namespace}`,
          );
        }
      }
  }
  return { checked, problems };
}

describe('service discovery across namespaces', () => {
  const trees = expectedTrees(examples);

  it('finds the examples', () => {
    expect(trees.length).toBeGreaterThanOrEqual(5);
  });

  it('every value naming a Service resolves from the container’s namespace, in every example and Score sample', () => {
    let checked = 0;
    const problems: string[] = [];
    for (const tree of trees)
      for (const env of readdirSync(tree).filter(
        (e) => statSync(path.join(tree, e)).isDirectory() && e !== 'argocd',
      )) {
        const result = discoveryProblems(yamlObjects(path.join(tree, env)));
        checked += result.checked;
        problems.push(...result.problems.map((p) => `${path.relative(examples, tree)}/${env}: ${p}`));
      }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(0);
  });

  it('the check finds a bare name of another namespace', () => {
    const objects = [
      { kind: 'Service', metadata: { name: 'backend', namespace: 'backend-dev' } },
      {
        kind: 'Deployment',
        metadata: { name: 'frontend', namespace: 'frontend-dev' },
        spec: {
          template: { spec: { containers: [{ env: [{ name: 'BACKEND_SVC', value: 'http://backend' }] }] } },
        },
      },
    ] as K8sObject[];
    expect(discoveryProblems(objects).problems).toEqual([
      'frontend BACKEND_SVC: "http://backend" is a Service of backend-dev, not of frontend-dev',
    ]);
  });
});

describe('one namespace per application and environment', () => {
  it('kubernetes.namespace "shop-{{environment}}": every workload of the shop in one namespace, no object twice, short names resolve', async () => {
    const { compile, createMemoryHost } = await import('../src/index.js');
    const { readTree } = await import('./support/files.js');
    const tree = readTree(path.join(examples, 'shop'), ['out', 'node_modules', 'expected', 'cdktf.out']);
    const environments = (tree['platform/environments.yaml'] as string).replaceAll(
      '"{{workload}}-{{environment}}"',
      '"shop-{{environment}}"',
    );
    const result = await compile(
      { image: 'registry.example.com/shop/api:1.0.0', environments: ['staging'] },
      createMemoryHost({ ...tree, 'platform/environments.yaml': environments }),
    );
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const objects = result.files
      .filter((f) => f.path.endsWith('.yaml'))
      .flatMap((f) => objectsOf(f.content).filter(Boolean));
    const namespaced = objects.filter((o) => o.metadata.namespace);
    expect(
      new Set(
        namespaced
          .filter((o) => !['Application', 'AppProject'].includes(o.kind))
          .map((o) => o.metadata.namespace),
      ),
    ).toEqual(new Set(['shop-staging']));
    const keys = objects.map(
      (o) => `${o.apiVersion} ${o.kind} ${o.metadata.namespace ?? '-'}/${o.metadata.name}`,
    );
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
    expect(discoveryProblems(objects).problems).toEqual([]);
  });
});
