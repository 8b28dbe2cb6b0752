import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { actionsOf, destructive } from '../src/diff/actions.js';
import { replacingArguments } from '../src/diff/replace-rules.js';
import { compile, createMemoryHost } from '../src/index.js';
import { readTree } from './support/files.js';
import { runCli } from './helpers.js';

// A reviewer sees what a change destroys: actions per Terraform resource and Kubernetes object.
const shopDir = fileURLToPath(new URL('../examples/shop', import.meta.url));
const image = ['--image', 'registry.example.com/shop/api:1.0.0'];

function shop() {
  return createMemoryHost(readTree(shopDir, ['out', 'node_modules', 'expected', 'cdktf.out']));
}
const edit = (host: ReturnType<typeof createMemoryHost>, file: string, edits: [RegExp, string][]) => {
  let text = new TextDecoder().decode(host.files.get(`/work/${file}`));
  for (const [from, to] of edits) {
    const next = text.replace(from, to);
    expect(next, String(from)).not.toBe(text);
    text = next;
  }
  host.files.set(`/work/${file}`, new TextEncoder().encode(text));
};
const renameCache: [RegExp, string][] = [
  [/^ {2}cache:/m, '  cache2:'],
  [/connections: \[cache\]/, 'connections: [cache2]'],
];

describe('paws diff names what a change destroys', () => {
  it('renaming a private resource (cache → cache2) deletes the Redis cluster: --fail-on-destroy exits 3', async () => {
    const host = shop();
    expect((await runCli(['compile', ...image], { host })).exitCode).toBe(0);
    edit(host, 'services/api/paws.yaml', renameCache);
    const run = await runCli(
      ['diff', '--env', 'staging', '--format', 'json', '--fail-on-destroy', ...image],
      { host },
    );
    expect(run.exitCode).toBe(3);
    const report = JSON.parse(run.stdout) as { destructive: { address: string; action: string }[] };
    expect(report.destructive.map((a) => `${a.action} ${a.address}`)).toEqual([
      'delete api: aws_elasticache_replication_group.redis_default_api_cache',
    ]);
    const text = await runCli(['diff', '--env', 'staging', ...image], { host });
    expect(text.exitCode).toBe(2);
    expect(text.stdout.split('\n')[0]).toBe('DESTROYS DATA (1): a stateful resource is replaced or deleted');
    const markdown = await runCli(['diff', '--env', 'staging', '--format', 'markdown', ...image], { host });
    expect(markdown.stdout).toContain('### ⛔ Destroys data');
    expect(markdown.stdout.indexOf('Destroys data')).toBeLessThan(markdown.stdout.indexOf('### Files'));
  });

  it('an image bump is an update only: --fail-on-destroy exits 2', async () => {
    const host = shop();
    expect((await runCli(['compile', ...image], { host })).exitCode).toBe(0);
    const run = await runCli(
      ['diff', '--format', 'json', '--fail-on-destroy', '--image', 'registry.example.com/shop/api:2.0.0'],
      { host },
    );
    expect(run.exitCode).toBe(2);
    const report = JSON.parse(run.stdout) as {
      actions: { action: string; kind: string }[];
      destructive: unknown[];
    };
    expect(report.destructive).toEqual([]);
    expect(new Set(report.actions.map((a) => `${a.kind} ${a.action}`))).toEqual(
      new Set(['kubernetes update']),
    );
  });
});

/** One resource of a type in staging (built-in AWS definitions), compiled to its module. */
async function moduleOf(type: string, params = '{}') {
  const files = {
    'platform/env.yaml': `apiVersion: paws.dev/v1
kind: Environment
metadata: { name: staging }
spec:
  type: staging
  terraform: { providers: { aws: { region: eu-west-1 } } }
  dns: { zone: example.com, target: gw.example.com }
`,
    'paws.yaml': `apiVersion: paws.dev/v1
metadata: { name: api }
containers: { main: { image: nginxinc/nginx-unprivileged:1.27 } }
resources:
  store: { type: ${type}, params: ${params} }
`,
  };
  const result = await compile({}, createMemoryHost(files));
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const file = result.files.find((f) => f.path === 'staging/terraform/api/main.tf.json');
  return { path: file?.path as string, text: file?.content as string };
}
const change = (path: string, before: string | undefined, after: string | undefined) => ({
  path,
  environment: 'staging',
  status:
    before === undefined
      ? ('added' as const)
      : after === undefined
        ? ('removed' as const)
        : ('changed' as const),
  ...(before !== undefined ? { before } : {}),
  ...(after !== undefined ? { after } : {}),
});
const statefulTypes = new Set(['postgres', 'mysql', 'redis', 's3', 'amqp', 'sqs', 'elasticsearch']);
const stateful = ({ type, uid }: { type?: string; uid?: string }) =>
  statefulTypes.has(type ?? uid?.split('.')[0] ?? '');

describe('actions over every stateful built-in AWS definition (table)', () => {
  const TYPES: [string, string, string][] = [
    // type, a param change that does not replace, the params before it
    ['postgres', '{ instanceClass: db.t4g.small }', '{}'],
    ['mysql', '{ instanceClass: db.t4g.small }', '{}'],
    ['redis', '{ version: "6.2" }', '{}'],
    // Every param of these names the physical thing: no change of one updates in place.
    ['s3', '', '{}'],
    ['amqp', '', '{}'],
    ['sqs', '{ visibilityTimeoutSeconds: 60 }', '{}'],
    ['elasticsearch', '{ instanceType: t3.medium.search }', '{}'],
  ];

  it.each(TYPES)(
    '%s: each physical-name argument replaces, a param change updates, a removal deletes',
    async (type, changed, initial) => {
      const before = await moduleOf(type, initial);
      const module = JSON.parse(before.text) as {
        resource: Record<string, Record<string, Record<string, unknown>>>;
      };
      const stores = Object.entries(module.resource).filter(([tfType]) =>
        /^aws_(db_instance|elasticache_replication_group|s3_bucket|mq_broker|sqs_queue|opensearch_domain)$/.test(
          tfType,
        ),
      );
      expect(stores.length, `${type} has a data store`).toBe(1);
      const [tfType, byName] = stores[0] as [string, Record<string, Record<string, unknown>>];
      const [name, body] = Object.entries(byName)[0] as [string, Record<string, unknown>];
      const forcing = Object.keys(body).filter(
        (arg) => replacingArguments(tfType, body, { ...body, [arg]: `${String(body[arg])}-x` }).length > 0,
      );
      expect(forcing.length, `${tfType} has a physical-name argument`).toBeGreaterThan(0);
      for (const arg of forcing) {
        const after = JSON.parse(before.text);
        after.resource[tfType][name][arg] = `${JSON.stringify(body[arg])}-renamed`;
        const actions = actionsOf([change(before.path, before.text, JSON.stringify(after))], stateful);
        expect(
          destructive(actions).map((a) => `${a.action} ${a.address}`),
          arg,
        ).toEqual([`replace api: ${tfType}.${name}`]);
      }
      if (changed !== '') {
        const updated = await moduleOf(type, changed);
        const updates = actionsOf([change(before.path, before.text, updated.text)], stateful);
        expect(updates.find((a) => a.address === `api: ${tfType}.${name}`)?.action, changed).toBe('update');
        expect(destructive(updates)).toEqual([]);
      }
      const removed = actionsOf([change(before.path, before.text, '{"terraform":{}}')], stateful);
      expect(destructive(removed).map((a) => `${a.action} ${a.address}`)).toEqual([
        `delete api: ${tfType}.${name}`,
      ]);
    },
  );
});

describe('renames are declared, and a declared rename replaces nothing', () => {
  it('cache → cache2 with movedFrom: cache: nothing destroyed, exit 2 (the env names change), no rename hint', async () => {
    const host = shop();
    expect((await runCli(['compile', ...image], { host })).exitCode).toBe(0);
    edit(host, 'services/api/paws.yaml', [
      ...renameCache,
      [/^ {2}cache2:\n/m, '  cache2:\n    movedFrom: cache\n'],
    ]);
    const run = await runCli(['diff', '--format', 'json', '--fail-on-destroy', ...image], { host });
    expect(run.exitCode).toBe(2);
    const report = JSON.parse(run.stdout) as {
      destructive: unknown[];
      likelyRenames: unknown[];
      files: { path: string }[];
    };
    expect(report.destructive).toEqual([]);
    expect(report.likelyRenames).toEqual([]);
    // Only what names the local resource changes: the variables connections inject (CACHE_* → CACHE2_*).
    expect(report.files.every((f) => f.path.includes('/kubernetes/api/'))).toBe(true);
  });

  it('undeclared, the rename is called out with the declaration that keeps the resource', async () => {
    const host = shop();
    expect((await runCli(['compile', ...image], { host })).exitCode).toBe(0);
    edit(host, 'services/api/paws.yaml', renameCache);
    const run = await runCli(['diff', '--env', 'staging', ...image], { host });
    expect(run.stdout).toContain(
      `likely rename: staging: api's redis "cache" went and "cache2" came: if that is a rename, declare it (movedFrom: cache on resource cache2) and nothing is replaced`,
    );
  });

  it('a Score file declares it with the annotation paws.dev/moved-resources', async () => {
    const score = (name: string, annotation: string) => `apiVersion: score.dev/v1b1
metadata:
  name: api
${annotation}containers: { main: { image: nginxinc/nginx-unprivileged:1.27 } }
resources:
  ${name}: { type: redis }
`;
    const host = createMemoryHost({ 'score.yaml': score('cache', '') });
    expect((await runCli(['compile'], { host })).exitCode).toBe(0);
    host.files.set(
      '/work/score.yaml',
      new TextEncoder().encode(
        score('cache2', '  annotations: { paws.dev/moved-resources: "cache2=cache" }\n'),
      ),
    );
    const run = await runCli(['diff', '--format', 'json', '--fail-on-destroy'], { host });
    expect(JSON.parse(run.stdout).actions).toEqual([]);
    expect(run.exitCode).toBe(0);
  });

  it.each([
    [
      'a movedFrom naming a resource that still exists',
      '  cache:\n    type: redis\n  cache2:\n    type: redis\n    movedFrom: cache\n',
      'which is still a resource of this workload',
    ],
    [
      'a movedFrom beside an id',
      '  cache2:\n    type: redis\n    id: shared-cache\n    movedFrom: cache\n',
      'has an id, so movedFrom "cache" changes nothing',
    ],
  ])('%s is PAWS2405', async (_name, resources, message) => {
    const host = createMemoryHost({
      'paws.yaml': `apiVersion: paws.dev/v1\nmetadata: { name: api }\ncontainers: { main: { image: nginxinc/nginx-unprivileged:1.27 } }\nresources:\n${resources}`,
    });
    const run = await runCli(['validate', '--format', 'json'], { host });
    const diagnostics = JSON.parse(run.stdout).diagnostics as { code: string; message: string }[];
    expect(diagnostics.filter((d) => d.code === 'PAWS2405').map((d) => d.message)).toEqual([
      expect.stringContaining(message),
    ]);
  });
});
