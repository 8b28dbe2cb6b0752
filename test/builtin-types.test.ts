import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { compile, createMemoryHost } from '../src/index.js';
import { clusterNeeds } from '../src/write/cluster-needs.js';
import { brief } from './helpers.js';
import { validateYamlFiles } from './support/k8s-schemas.js';
import { objectIn, objectsOf } from './support/manifests.js';

const api = (resources: string, variables: string, extra = '') => `apiVersion: score.dev/v1b1
metadata: { name: api${extra} }
containers:
  main:
    image: acme/api
    variables: { ${variables} }
resources:
${resources}`;

const backend = `apiVersion: score.dev/v1b1
metadata: { name: backend, annotations: { k8s.score.dev/service-name: be } }
service: { ports: { http: { port: 8080 }, admin: { port: 9090 } } }
containers: { main: { image: acme/backend } }
`;

async function compileFiles(files: Record<string, string>) {
  const result = await compile({}, createMemoryHost(files));
  const env = (name = 'api', envName = 'dev') => {
    const deployment = objectIn(result.files, `${envName}/kubernetes/${name}`, 'Deployment');
    return Object.fromEntries(
      (deployment?.spec.template.spec.containers[0].env ?? []).map((e: { name: string; value?: string }) => [
        e.name,
        e.value ?? 'secret',
      ]),
    );
  };
  return { result, env };
}

describe('built-in types of the Score ecosystem', () => {
  it.each([
    [
      'service: another workload’s Service, named by the resource (as a host name from the consumer’s namespace)',
      '  backend: { type: service }\n',
      'NAME: "${resources.backend.name}", HOST: "${resources.backend.host}"',
      { NAME: 'be.backend-dev', HOST: 'be.backend-dev.svc.cluster.local' },
    ],
    [
      'service: params.workload names it',
      '  be: { type: service, params: { workload: backend } }\n',
      'NAME: "${resources.be.name}"',
      { NAME: 'be.backend-dev' },
    ],
    [
      'workload-port: host name and port by port name',
      '  pp: { type: workload-port, params: { workload: backend, port: admin } }\n',
      'ADDR: "${resources.pp.hostname}:${resources.pp.port}"',
      { ADDR: 'be.backend-dev.svc.cluster.local:9090' },
    ],
    [
      'endpoint: the first port, no trailing slash',
      '  ee: { type: endpoint, params: { workload: backend } }\n',
      'URL: "${resources.ee.url}/0.1.0/orders", WHO: "${resources.ee.name}"',
      { URL: 'http://be.backend-dev.svc.cluster.local:8080/0.1.0/orders', WHO: 'backend' },
    ],
    [
      'endpoint as the community provisioners write it: the workload is the resource name, the port a number',
      '  backend: { type: endpoint, params: { port: 8080, openapi_file: api.yaml, openapi_title: Orders } }\n',
      'URL: "${resources.backend.url}"',
      { URL: 'http://be.backend-dev.svc.cluster.local:8080' },
    ],
    [
      'endpoint: a named port and a path',
      '  ee: { type: endpoint, params: { workload: backend, port: admin, path: /v2/ } }\n',
      'URL: "${resources.ee.url}"',
      { URL: 'http://be.backend-dev.svc.cluster.local:9090/v2/' },
    ],
    [
      'dns: a url beside the host',
      '  dns: { type: dns }\n',
      'URL: "${resources.dns.url}"',
      { URL: 'http://api-dns.dev.localhost' },
    ],
    [
      'gcp-pubsub-emulator: PUBSUB_EMULATOR_HOST and the project',
      '  ps: { type: gcp-pubsub-emulator }\n',
      'PUBSUB_EMULATOR_HOST: "${resources.ps.emulator_host}", PROJECT: "${resources.ps.project_id}"',
      { PROJECT: 'paws-dev' },
    ],
    [
      'llm-model: model and URL in plain text, the key as a secret',
      '  llm: { type: llm-model }\n',
      'MODEL: "${resources.llm.model}", KEY: "${resources.llm.api-key}"',
      { MODEL: 'smollm2:135m', KEY: 'secret' },
    ],
  ])('%s', async (_name, resources, variables, expected) => {
    const { result, env } = await compileFiles({
      'api/score.yaml': api(resources, variables),
      'backend/score.yaml': backend,
    });
    expect(result.diagnostics).toEqual([]);
    expect(env()).toMatchObject(expected);
    await validateYamlFiles(result.files);
  });

  it('environment: the Environment’s variables, merged through extends; unset is an error there', async () => {
    const platform = `apiVersion: paws.dev/v1
kind: Environment
metadata: { name: staging }
spec: { variables: { GREETING: Hello, NAME: Staging } }
---
apiVersion: paws.dev/v1
kind: Environment
metadata: { name: prod }
spec: { extends: staging, type: production, variables: { NAME: Prod } }
`;
    const spec = api(
      '  env: { type: environment }\n',
      'G: "${resources.env.GREETING}", N: "${resources.env.NAME}"',
    );
    const { result, env } = await compileFiles({ 'paws.yaml': spec, 'platform/envs.yaml': platform });
    expect(result.diagnostics.filter((d) => d.code !== 'PAWS4002')).toEqual([]);
    expect(env('api', 'staging')).toMatchObject({ G: 'Hello', N: 'Staging' });
    expect(env('api', 'prod')).toMatchObject({ G: 'Hello', N: 'Prod' });
    const unset = await compileFiles({
      'paws.yaml': spec.replace('resources.env.NAME', 'resources.env.COLOUR'),
      'platform/envs.yaml': platform,
    });
    expect(
      unset.result.diagnostics.filter((d) => d.code !== 'PAWS4002').map((d) => `${brief(d)} ${d.severity}`),
    ).toEqual(['PAWS3405@6:53 error', 'PAWS3405@6:53 error']);
    expect(unset.result.diagnostics[0]?.hint).toContain('spec: { variables: { COLOUR: … } }');
  });

  it('environment: without a platform folder an unset variable is empty, with a warning', async () => {
    const { result, env } = await compileFiles({
      'paws.yaml': api('  env: { type: environment }\n', 'N: "${resources.env.NAME}"'),
    });
    expect(result.diagnostics.map((d) => `${brief(d)} ${d.severity}`)).toEqual(['PAWS3406@6:21 warning']);
    expect(env()).toEqual({ N: '' });
  });

  it('horizontal-pod-autoscaler: an HPA on the workload, and the Deployment leaves replicas to it', async () => {
    const { result } = await compileFiles({
      'paws.yaml': api('  hpa: { type: horizontal-pod-autoscaler, params: { maxReplicas: 5 } }\n', ''),
    });
    expect(result.diagnostics).toEqual([]);
    const hpa = result.files
      .flatMap((f) => objectsOf(f.content))
      .find((o) => o.kind === 'HorizontalPodAutoscaler');
    expect(hpa?.spec).toMatchObject({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' },
      minReplicas: 2,
      maxReplicas: 5,
    });
    expect(objectIn(result.files, 'dev/kubernetes/api', 'Deployment')?.spec.replicas).toBeUndefined();
    expect(objectIn(result.files, 'dev/kubernetes/api', 'PodDisruptionBudget')).toBeDefined();
    expect(await validateYamlFiles(result.files)).toMatchObject({
      'autoscaling/v2 HorizontalPodAutoscaler': 1,
    });
  });

  it('dapr-state-store and dapr-subscription: Components that read their Redis password from the Secret paws generates', async () => {
    const { result } = await compileFiles({
      'paws.yaml': api(
        '  state: { type: dapr-state-store }\n  pubsub: { type: dapr-pubsub }\n  sub: { type: dapr-subscription, params: { topic: orders, pubsub: "${resources.pubsub.name}" } }\n',
        'STORE: "${resources.state.name}"',
      ),
    });
    expect(result.diagnostics).toEqual([]);
    const objects = result.files.flatMap((f) =>
      f.path.endsWith('.yaml') ? parseAllDocuments(f.content).map((d) => d.toJS()) : [],
    );
    const components = objects.filter((o) => o.kind === 'Component');
    expect(components.map((c) => c.spec.type).sort()).toEqual(['pubsub.redis', 'state.redis']);
    const secrets = new Set(
      objects.filter((o) => o.kind === 'ExternalSecret').map((o) => o.spec.target.name as string),
    );
    for (const component of components) {
      const ref = component.spec.metadata.find(
        (m: { name: string }) => m.name === 'redisPassword',
      ).secretKeyRef;
      expect(secrets.has(ref.name), ref.name).toBe(true);
      expect(component.auth).toEqual({ secretStore: 'kubernetes' });
    }
    const subscription = objects.find((o) => o.kind === 'Subscription');
    expect(subscription.spec).toEqual({
      topic: 'orders',
      pubsubname: components.find((c) => c.spec.type === 'pubsub.redis').metadata.name,
      routes: { default: '/orders' },
    });
    expect(subscription.scopes).toEqual(['api']);
    // Everything but the Dapr objects (whose CRDs are not vendored) passes the upstream schemas.
    await validateYamlFiles(
      result.files.filter((f) => !/\/(component|subscription)-/.test(f.path) && !f.path.includes('dapr')),
    );
  });

  it('a type paws does not know: a warning without a platform folder (nothing provisions it), an error once read or once there is one', async () => {
    const unknown = api('  thing: { type: Made-Up }\n', '');
    const bare = await compileFiles({ 'paws.yaml': unknown });
    expect(bare.result.diagnostics.map((d) => `${brief(d)} ${d.severity}`)).toEqual([
      'PAWS2302@8:18 warning',
    ]);
    expect(objectIn(bare.result.files, 'dev/kubernetes/api', 'Deployment')).toBeDefined();
    const read = await compileFiles({
      'paws.yaml': api('  thing: { type: Made-Up }\n', 'X: "${resources.thing.url}"'),
    });
    expect(read.result.diagnostics.map((d) => `${brief(d)} ${d.severity}`)).toEqual([
      'PAWS2406@6:22 error',
      'PAWS2302@8:18 warning',
    ]);
    const withPlatform = await compileFiles({
      'paws.yaml': unknown,
      'platform/dev.yaml': 'apiVersion: paws.dev/v1\nkind: Environment\nmetadata: { name: dev }\nspec: {}\n',
    });
    expect(withPlatform.result.diagnostics.map(brief)).toEqual(['PAWS2301@8:18']);
  });
});

describe('the cluster-needs note names what the emitted objects need', () => {
  it.each([
    ['  hpa: { type: horizontal-pod-autoscaler }\n', 'metrics-server'],
    ['  state: { type: dapr-state-store }\n', 'Dapr'],
    [
      '  dns: { type: dns }\n  route: { type: route, params: { host: "${resources.dns.host}", path: /, port: web } }\n',
      'Gateway API',
    ],
  ])('%s', async (resources, need) => {
    const spec = api(resources, '').replace(
      'containers:',
      'service: { ports: { web: { port: 80 } } }\ncontainers:',
    );
    const result = await compile({}, createMemoryHost({ 'paws.yaml': spec }));
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(clusterNeeds(result.files).join('\n')).toContain(need);
    expect(clusterNeeds(result.files.filter((f) => f.path.includes('/api/'))).join('\n')).not.toContain(need);
    const encoded = result.files.map((f) => ({ path: f.path, bytes: Buffer.from(f.content) }));
    expect(clusterNeeds(encoded)).toEqual(clusterNeeds(result.files));
  });

  it.each([
    ['apiVersion: argoproj.io/v1alpha1\nkind: Application\n', true],
    ['a: 1\n---\napiVersion: argoproj.io/v1alpha1\n', true],
    ['data: |\n  apiVersion: argoproj.io/v1alpha1\n', false],
    ['note: apiVersion: argoproj.io/v1\n', false],
  ])('reads a need from a line an object starts with, in text or bytes: %j', (content, needed) => {
    for (const file of [
      { path: 'dev/x.yaml', content },
      { path: 'dev/x.yaml', bytes: Buffer.from(`${content}`) },
    ])
      expect(clusterNeeds([file]).includes('Argo CD')).toBe(needed);
    expect(clusterNeeds([{ path: 'dev/x.json', content }])).toEqual([]);
  });
  it('reads a HorizontalPodAutoscaler only as a whole line', () => {
    const hpa = 'metrics-server (CPU metrics for HorizontalPodAutoscalers)';
    expect(clusterNeeds([{ path: 'a.yaml', content: 'kind: HorizontalPodAutoscaler\n' }])).toEqual([hpa]);
    expect(clusterNeeds([{ path: 'a.yaml', content: 'kind: HorizontalPodAutoscalerX\n' }])).toEqual([]);
  });
});
