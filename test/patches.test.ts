import { describe, expect, it } from 'vitest';
import { compile, createMemoryHost, type Diagnostic } from '../src/index.js';
import { applyJsonPatch, applyMergePatch, type Json, type PatchOperation } from '../src/util/json-patch.js';
import { runCli } from './helpers.js';
import { validateYamlFiles } from './support/k8s-schemas.js';
import { type K8sObject, objectsOf } from './support/manifests.js';

describe('JSON Patch (RFC 6902)', () => {
  const doc: Json = { a: { b: 1 }, list: [1, 2, 3], name: 'x' };
  it.each<[string, PatchOperation[], Json | string]>([
    ['add a key', [{ op: 'add', path: '/a/c', value: 2 }], { a: { b: 1, c: 2 }, list: [1, 2, 3], name: 'x' }],
    [
      'add into a list',
      [{ op: 'add', path: '/list/1', value: 9 }],
      { a: { b: 1 }, list: [1, 9, 2, 3], name: 'x' },
    ],
    [
      'append with -',
      [{ op: 'add', path: '/list/-', value: 4 }],
      { a: { b: 1 }, list: [1, 2, 3, 4], name: 'x' },
    ],
    ['remove', [{ op: 'remove', path: '/a/b' }], { a: {}, list: [1, 2, 3], name: 'x' }],
    ['replace', [{ op: 'replace', path: '/name', value: 'y' }], { a: { b: 1 }, list: [1, 2, 3], name: 'y' }],
    ['move', [{ op: 'move', from: '/name', path: '/a/name' }], { a: { b: 1, name: 'x' }, list: [1, 2, 3] }],
    [
      'copy',
      [{ op: 'copy', from: '/a', path: '/c' }],
      { a: { b: 1 }, c: { b: 1 }, list: [1, 2, 3], name: 'x' },
    ],
    [
      'test then replace',
      [
        { op: 'test', path: '/a', value: { b: 1 } },
        { op: 'replace', path: '/a/b', value: 2 },
      ],
      { a: { b: 2 }, list: [1, 2, 3], name: 'x' },
    ],
    [
      '~1 and ~0 in a key',
      [{ op: 'add', path: '/a/x~1y~0z', value: true }],
      { a: { b: 1, 'x/y~z': true }, list: [1, 2, 3], name: 'x' },
    ],
    ['replace a missing key', [{ op: 'replace', path: '/a/zz', value: 1 }], '#0: /a/zz does not exist'],
    ['remove a missing key', [{ op: 'remove', path: '/nope' }], '#0: /nope does not exist'],
    ['add under a missing parent', [{ op: 'add', path: '/x/y', value: 1 }], '#0: /x/y: "x" does not exist'],
    [
      'an index past the end',
      [{ op: 'add', path: '/list/7', value: 1 }],
      '#0: /list/7: index 7 is past the end of a list of 3',
    ],
    [
      'a failed test',
      [
        { op: 'add', path: '/k', value: 1 },
        { op: 'test', path: '/name', value: 'z' },
      ],
      '#1: test failed: /name is "x", not "z"',
    ],
    ['a move into itself', [{ op: 'move', from: '/a', path: '/a/b/c' }], '#0: cannot move /a into itself'],
    [
      'not a pointer',
      [{ op: 'add', path: 'a', value: 1 }],
      '#0: "a" is not a JSON Pointer (it starts with "/")',
    ],
  ])('%s', (_name, operations, expected) => {
    const before = JSON.stringify(doc);
    const result = applyJsonPatch(doc, operations);
    expect(JSON.stringify(doc)).toBe(before);
    if (typeof expected === 'string')
      expect(result.ok ? 'applied' : `#${result.index}: ${result.message}`).toBe(expected);
    else expect(result).toEqual({ ok: true, value: expected });
  });

  it('"__proto__" is a key like any other: it never reaches a prototype', () => {
    const result = applyJsonPatch({}, [{ op: 'add', path: '/__proto__', value: { polluted: true } }]);
    expect(result.ok && Object.hasOwn(result.value as object, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('property: random operations on random documents return a result, never throw, never change the input', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
    const tokens = ['a', 'b', '0', '1', '-', '__proto__', '~0', '~1', '', 'x/y'];
    const pointer = () => Array.from({ length: Math.floor(random() * 4) }, () => `/${pick(tokens)}`).join('');
    const value = (): Json => pick<Json>([1, 'text', null, [], {}, { a: [1, { b: 2 }] }, [0, 1, 2]]);
    for (let i = 0; i < 2000; i++) {
      const doc: Json = { a: [1, { b: 2 }], b: { '0': 'zero', a: { a: 1 } } };
      const before = JSON.stringify(doc);
      const operations = Array.from({ length: 1 + Math.floor(random() * 3) }, () => ({
        op: pick(['add', 'remove', 'replace', 'move', 'copy', 'test'] as const),
        path: pointer(),
        from: pointer(),
        value: value(),
      }));
      expect(() => applyJsonPatch(doc, operations)).not.toThrow();
      expect(JSON.stringify(doc)).toBe(before);
    }
  });
});

describe('merge patch (RFC 7396)', () => {
  it.each<[Json, Json, Json]>([
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [
      ['a', 'b'],
      ['c', 'd'],
      ['c', 'd'],
    ],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ])('%j patched with %j is %j', (target, patch, expected) => {
    expect(applyMergePatch(target, patch)).toEqual(expected);
  });
});

const environments = `apiVersion: paws.dev/v1
kind: Environment
metadata: { name: staging }
spec:
  type: staging
  ephemeral: { allowed: true }
  argocd: { repoURL: https://git.example.com/deploy.git }
  workloadPatches:
    - { kind: Deployment, paths: [/spec/template/metadata/annotations, /spec/template/spec/tolerations] }
---
apiVersion: paws.dev/v1
kind: Environment
metadata: { name: prod }
spec:
  type: production
  ephemeral: { allowed: true }
  argocd: { repoURL: https://git.example.com/deploy.git }
  defaults: { replicas: 3 }
`;

const spread = `apiVersion: paws.dev/v1
kind: Patch
metadata: { name: spread-across-zones }
spec:
  description: Pods of every Deployment spread across zones in production.
  environmentTypes: [production]
  select: { kind: Deployment }
  jsonPatch:
    - op: add
      path: /spec/template/spec/topologySpreadConstraints
      value:
        - maxSkew: 1
          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: ScheduleAnyway
          labelSelector: { matchLabels: { app.kubernetes.io/name: api } }
`;

const api = `apiVersion: paws.dev/v1
metadata: { name: api }
service: { ports: { web: { port: 80, targetPort: 8080 } } }
containers: { main: { image: acme/api:1 } }
`;
const web = `apiVersion: paws.dev/v1
metadata: { name: web }
containers: { main: { image: acme/web:1 } }
`;

async function run(files: Record<string, string>, options: Parameters<typeof compile>[0] = {}) {
  return compile(
    options,
    createMemoryHost({
      'platform/env.yaml': environments,
      'api/paws.yaml': api,
      'web/paws.yaml': web,
      ...files,
    }),
  );
}
const objectsIn = (result: Awaited<ReturnType<typeof run>>, env: string, workload: string) =>
  objectsOf(result.files.find((f) => f.path === `${env}/kubernetes/${workload}/manifests.yaml`)?.content);
const find = (list: K8sObject[], kind: string) => list.find((o) => o.kind === kind) as K8sObject;
const brief = (d: Diagnostic) => `${d.code}@${d.file}:${d.line}:${d.column}`;

describe('platform patches', () => {
  it('add a topology spread in production only; every patched object still passes the upstream schema', async () => {
    const result = await run({ 'platform/spread.yaml': spread });
    expect(result.diagnostics).toEqual([]);
    const prod = find(objectsIn(result, 'prod', 'api'), 'Deployment');
    expect(prod.spec.template.spec.topologySpreadConstraints).toEqual([
      {
        maxSkew: 1,
        topologyKey: 'topology.kubernetes.io/zone',
        whenUnsatisfiable: 'ScheduleAnyway',
        labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'api' } },
      },
    ]);
    expect(
      find(objectsIn(result, 'prod', 'web'), 'Deployment').spec.template.spec.topologySpreadConstraints,
    ).toHaveLength(1);
    expect(
      find(objectsIn(result, 'staging', 'api'), 'Deployment').spec.template.spec.topologySpreadConstraints,
    ).toBeUndefined();
    await validateYamlFiles(result.files);
  });

  it('applies to the clones of the environments it names, and never changes an object it does not select', async () => {
    const labels = `apiVersion: paws.dev/v1
kind: Patch
metadata: { name: team-label }
spec:
  environments: [staging]
  select: { kind: Deployment, name: api }
  mergePatch: { metadata: { labels: { team: checkout } } }
`;
    const result = await run(
      { 'platform/labels.yaml': labels },
      { environments: ['pr-1'], ephemeral: { name: 'pr-1', extends: 'staging' } },
    );
    expect(result.diagnostics).toEqual([]);
    const list = objectsIn(result, 'pr-1', 'api');
    expect(find(list, 'Deployment').metadata).toMatchObject({ labels: { team: 'checkout' } });
    // The Service shared its labels object with the Deployment when emitted: it stays as it was.
    expect(find(list, 'Service').metadata).not.toMatchObject({ labels: { team: 'checkout' } });
    expect(find(objectsIn(result, 'pr-1', 'web'), 'Deployment').metadata).not.toMatchObject({
      labels: { team: 'checkout' },
    });
  });

  it('an operation that cannot apply is PAWS4004 at the operation; a patch selecting nothing is PAWS4005', async () => {
    const failing = `apiVersion: paws.dev/v1
kind: Patch
metadata: { name: node-pool }
spec:
  select: { kind: Deployment, name: api }
  jsonPatch:
    - { op: test, path: /kind, value: Deployment }
    - { op: replace, path: /spec/template/spec/nodeSelector/pool, value: big }
---
apiVersion: paws.dev/v1
kind: Patch
metadata: { name: typo }
spec:
  select: { kind: Deploymnet }
  mergePatch: { metadata: { labels: { x: y } } }
`;
    const result = await run({ 'platform/failing.yaml': failing });
    expect(result.diagnostics.map(brief)).toEqual([
      'PAWS4004@platform/failing.yaml:8:28',
      'PAWS4004@platform/failing.yaml:8:28',
      'PAWS4005@platform/failing.yaml:14:11',
      'PAWS4005@platform/failing.yaml:14:11',
    ]);
    expect(result.diagnostics[0]?.message).toBe(
      'patch "node-pool" cannot apply to Deployment/api in environment "prod": /spec/template/spec/nodeSelector/pool does not exist',
    );
    expect(result.files).toEqual([]);
  });
});

describe("a workload's own patches", () => {
  const patched = (patches: string) => `${api}patches:\n${patches}`;

  it('apply where the environment allows the kind and path, to the workload’s own objects only', async () => {
    const result = await run(
      {
        'api/paws.yaml': patched(
          '  - select: { kind: Deployment }\n    mergePatch: { spec: { template: { metadata: { annotations: { sidecar.istio.io/inject: "false" } } } } }\n',
        ),
      },
      { environments: ['staging'] },
    );
    expect(result.diagnostics).toEqual([]);
    expect(
      find(objectsIn(result, 'staging', 'api'), 'Deployment').spec.template.metadata.annotations,
    ).toMatchObject({
      'sidecar.istio.io/inject': 'false',
    });
    expect(
      find(objectsIn(result, 'staging', 'web'), 'Deployment').spec.template.metadata.annotations,
    ).not.toHaveProperty('sidecar.istio.io/inject');
  });

  it.each([
    [
      'a path the environment does not allow',
      '  - select: { kind: Deployment }\n    jsonPatch: [{ op: add, path: /spec/template/spec/hostNetwork, value: true }]\n',
      ['PAWS3009@api/paws.yaml:7:34'],
    ],
    [
      'a kind the environment does not allow',
      '  - select: { kind: Service }\n    mergePatch: { spec: { type: LoadBalancer } }\n',
      ['PAWS3009@api/paws.yaml:7:17'],
    ],
    [
      'no kind to check',
      '  - select: { name: api }\n    mergePatch: { metadata: { annotations: { a: b } } }\n',
      ['PAWS3009@api/paws.yaml:6:13'],
    ],
  ])('%s is PAWS3009 at the change', async (_name, patches, expected) => {
    const result = await run({ 'api/paws.yaml': patched(patches) }, { environments: ['staging'] });
    expect(result.diagnostics.map(brief)).toEqual(expected);
    expect(result.diagnostics[0]?.hint).toContain(
      'Deployment /spec/template/metadata/annotations, /spec/template/spec/tolerations',
    );
  });

  it('scoped to environments: applies only there (and in their clones), never refused where it does not apply', async () => {
    const tolerate =
      '  - environments: [staging]\n    select: { kind: Deployment }\n    jsonPatch: [{ op: add, path: /spec/template/spec/tolerations, value: [{ key: spot, operator: Exists }] }]\n';
    const result = await run({ 'api/paws.yaml': patched(tolerate) });
    const clone = await run(
      { 'api/paws.yaml': patched(tolerate) },
      { environments: ['pr-3'], ephemeral: { name: 'pr-3', extends: 'staging' } },
    );
    expect(clone.diagnostics).toEqual([]);
    // prod allows no workload patch at all: the patch does not apply there, so it is not refused.
    expect(result.diagnostics).toEqual([]);
    const tolerations = (env: string) =>
      find(objectsIn(result, env, 'api'), 'Deployment').spec.template.spec.tolerations;
    expect(tolerations('staging')).toEqual([{ key: 'spot', operator: 'Exists' }]);
    expect(find(objectsIn(clone, 'pr-3', 'api'), 'Deployment').spec.template.spec.tolerations).toEqual([
      { key: 'spot', operator: 'Exists' },
    ]);
    expect(tolerations('prod')).toBeUndefined();
    const typo = await run({ 'api/paws.yaml': patched(tolerate.replace('[staging]', '[stagign]')) });
    expect(typo.diagnostics.map(brief)).toEqual(['PAWS2514@api/paws.yaml:6:20']);
    expect(typo.diagnostics[0]?.message).toBe(
      'patches[0].environments: no environment is named "stagign"; did you mean "staging"?',
    );
  });

  it('an environment without workloadPatches refuses every workload patch', async () => {
    const result = await run(
      {
        'api/paws.yaml': patched(
          '  - select: { kind: Deployment }\n    jsonPatch: [{ op: add, path: /spec/template/spec/tolerations, value: [] }]\n',
        ),
      },
      { environments: ['prod'] },
    );
    expect(result.diagnostics.map((d) => d.code)).toEqual(['PAWS3009']);
    expect(result.diagnostics[0]?.hint).toContain('workloads may patch here: nothing');
  });
});

describe('paws plan shows the patches of each environment', () => {
  it('in the order they apply, with where they are written', async () => {
    const host = createMemoryHost({
      'platform/env.yaml': environments,
      'api/paws.yaml': api,
      'platform/spread.yaml': spread,
    });
    const run = await runCli(['plan', '--env', 'prod'], { host });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('      Deployment, 3 replicas\n');
    expect(run.stdout).toContain(
      '  patches, in the order they apply:\n    spread-across-zones (platform/spread.yaml:7): kind Deployment: add /spec/template/spec/topologySpreadConstraints\n',
    );
  });
});
