import {
  componentEntityV1alpha1Validator,
  DefaultNamespaceEntityPolicy,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  resourceEntityV1alpha1Validator,
  SchemaValidEntityPolicy,
  type Entity,
} from '@backstage/catalog-model';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { compile, createMemoryHost } from '../src/index.js';
import { backstageEntities, entityName } from '../src/emitters/backstage.js';
import { readTree } from './support/files.js';
import { runCli } from './helpers.js';
import { treeUrlOf } from '../src/cli/backstage-source.js';

const examples = fileURLToPath(new URL('../examples/', import.meta.url));

/** What Backstage's catalog runs on every entity it ingests, then the validator of the entity's kind. */
const policies = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);
async function validateEntity(entity: Entity): Promise<void> {
  const enforced = await policies.enforce(structuredClone(entity));
  expect(enforced, entity.metadata.name).toBeDefined();
  const validator =
    entity.kind === 'Component' ? componentEntityV1alpha1Validator : resourceEntityV1alpha1Validator;
  expect(await validator.check(entity), `${entity.kind} ${entity.metadata.name}`).toBe(true);
}

async function entitiesOf(example: string, image?: string) {
  const result = await compile(
    image ? { image } : {},
    createMemoryHost(
      readTree(`${examples}${example}`, ['out', 'expected', 'node_modules', 'catalog-info.yaml']),
    ),
  );
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return backstageEntities(result.planned?.plans ?? []) as unknown as Entity[];
}

describe('Backstage entities', () => {
  it.each([
    ['shop', 'registry.example.com/shop/api:1.0.0'],
    ['scaling', undefined],
  ])(
    'every entity of %s passes the catalog-model validators, and every relation names an entity of the set',
    async (example, image) => {
      const entities = await entitiesOf(example, image);
      expect(entities.length).toBeGreaterThan(3);
      for (const entity of entities) await validateEntity(entity);
      const refs = new Set(entities.map((e) => `${e.kind.toLowerCase()}:default/${e.metadata.name}`));
      for (const entity of entities)
        for (const ref of (entity.spec?.dependsOn as string[] | undefined) ?? [])
          expect(refs, ref).toContain(ref);
      expect(new Set(entities.map((e) => `${e.kind}/${e.metadata.name}`)).size).toBe(entities.length);
    },
  );

  it('a Component per workload: owner, system, lifecycle from its annotations, the Argo CD selector, links per environment', async () => {
    const entities = await entitiesOf('scaling');
    const api = entities.find((e) => e.kind === 'Component' && e.metadata.name === 'api') as Entity;
    expect(api.metadata.annotations).toEqual({
      'argocd/app-selector': 'paws.dev/workload=api',
      'backstage.io/kubernetes-id': 'api',
      'backstage.io/kubernetes-label-selector': 'paws.dev/workload=api',
      'paws.dev/source': 'services/api/paws.yaml',
    });
    expect(api.metadata.description).toBe("The shop's public API");
    expect(api.metadata.links).toEqual([
      { url: 'https://argocd.example.com/applications/argocd/api-prod', title: 'Argo CD: api-prod' },
      { url: 'https://argocd.example.com/applications/argocd/api-staging', title: 'Argo CD: api-staging' },
    ]);
    expect(api.spec).toMatchObject({
      type: 'service',
      owner: 'team-checkout',
      system: 'shop',
      lifecycle: 'production',
    });
    expect(api.spec?.dependsOn).toEqual([
      expect.stringMatching(/^resource:default\/prod-postgres-api-db-/),
      expect.stringMatching(/^resource:default\/staging-postgres-api-db-/),
    ]);
    const report = entities.find((e) => e.metadata.name === 'nightly-report') as Entity;
    expect(report.spec).toMatchObject({ type: 'job', owner: 'team-finance', lifecycle: 'experimental' });
    // The Applications carry the label the selector reads.
    const apps = readTree(`${examples}scaling/expected`)['prod/argocd/applications.yaml'] ?? '';
    const api_ = parseAllDocuments(apps)
      .map((d) => d.toJS())
      .find((o) => o.metadata.name === 'api-prod');
    expect(api_.metadata.labels['paws.dev/workload']).toBe('api');
  });

  it('a Resource per resource and environment, with its type, definition and owner', async () => {
    const entities = await entitiesOf('scaling');
    const db = entities.find(
      (e) => e.kind === 'Resource' && e.metadata.name.startsWith('prod-postgres-api-db'),
    ) as Entity;
    expect(db.spec).toEqual({ type: 'postgres', owner: 'team-checkout', system: 'shop' });
    expect(db.metadata.annotations).toEqual({
      'paws.dev/environment': 'prod',
      'paws.dev/uid': 'postgres.default#api.db',
      'paws.dev/definition': 'paws-aws-rds-postgres',
      'paws.dev/driver': 'terraform',
    });
  });

  it('a Resource several workloads share belongs to the platform (or the configured owner)', async () => {
    const shared = (owner: string) =>
      `apiVersion: paws.dev/v1\nmetadata: { name: ${owner}, annotations: { paws.dev/owner: team-${owner} } }\ncontainers: { main: { image: acme/${owner}:1 } }\nresources: { db: { type: postgres, id: shop-db }, cache: { type: redis } }\n`;
    const files = { 'api/paws.yaml': shared('api'), 'worker/paws.yaml': shared('worker') };
    const owners = async (extra: Record<string, string> = {}) => {
      const run = await runCli(['catalog', '--format', 'backstage'], { files: { ...files, ...extra } });
      return parseAllDocuments(run.stdout)
        .map((d) => d.toJS() as Entity)
        .filter((e) => e.kind === 'Resource')
        .map((e) => `${e.metadata.annotations?.['paws.dev/uid']} ${e.spec?.owner}`)
        .sort();
    };
    expect(await owners()).toEqual([
      'postgres.default#shop-db group:platform',
      'redis.default#api.cache team-api',
      'redis.default#worker.cache team-worker',
    ]);
    expect(
      await owners({
        'paws.config.yaml':
          'backstage: { sharedResourceOwner: group:default/data, sourceLocation: "https://git.example.com/acme/shop/tree/main/" }\n',
      }),
    ).toContain('postgres.default#shop-db group:default/data');
  });

  it('source-location: the configured tree plus the workload folder; from a git remote otherwise', async () => {
    const files = readTree(`${examples}scaling`, ['out', 'expected', 'node_modules', 'catalog-info.yaml']);
    files['paws.config.yaml'] = 'backstage: { sourceLocation: "https://github.com/acme/shop/tree/main/" }\n';
    const run = await runCli(['catalog', '--format', 'backstage'], { files });
    const api = parseAllDocuments(run.stdout)
      .map((d) => d.toJS() as Entity)
      .find((e) => e.kind === 'Component' && e.metadata.name === 'api') as Entity;
    expect(api.metadata.annotations?.['backstage.io/source-location']).toBe(
      'url:https://github.com/acme/shop/tree/main/services/api/',
    );
    await validateEntity(api);
    expect(treeUrlOf('git@github.com:acme/shop.git')).toBe('https://github.com/acme/shop/tree/HEAD/');
    expect(treeUrlOf('https://user:s3cret@gitlab.example.com/acme/shop.git')).toBe(
      'https://gitlab.example.com/acme/shop/-/tree/HEAD/',
    );
    expect(treeUrlOf('ssh://git@github.com/acme/shop')).toBe('https://github.com/acme/shop/tree/HEAD/');
    expect(treeUrlOf('/srv/git/shop.git')).toBeUndefined();
  });

  it.each([
    ['Team Checkout', 'PAWS2508'],
    ['group:team-checkout', undefined],
    ['group:default/team-checkout', undefined],
  ])('owner %j as an entity reference: %s', async (owner, code) => {
    const run = await runCli(['validate'], {
      files: {
        'paws.yaml': `apiVersion: paws.dev/v1\nmetadata: { name: api, annotations: { paws.dev/owner: "${owner}" } }\ncontainers: { main: { image: acme/api:1 } }\n`,
      },
    });
    if (code)
      expect(run.stderr).toContain(
        `error ${code}: annotation paws.dev/owner is "${owner}", which is not a Backstage entity reference`,
      );
    else expect(run.exitCode).toBe(0);
  });

  it('names longer than Backstage allows are cut and keep a hash', () => {
    const long = entityName(`pr-12345-${'a'.repeat(80)}`);
    expect(long.length).toBeLessThanOrEqual(63);
    expect(long).toMatch(/^pr-12345-a+-[0-9a-f]{6}$/);
    expect(entityName('ok.name_1')).toBe('ok.name_1');
  });

  it('paws catalog --format backstage prints them; paws compile --backstage writes them beside the output', async () => {
    const files = readTree(`${examples}scaling`, ['out', 'expected', 'node_modules', 'catalog-info.yaml']);
    const printed = await runCli(['catalog', '--format', 'backstage'], { files });
    expect(printed.exitCode).toBe(0);
    const host = createMemoryHost(files);
    const compiled = await runCli(['compile', '--backstage', 'catalog-info.yaml'], { host });
    expect(compiled.exitCode).toBe(0);
    expect(compiled.stderr).toContain('wrote the Backstage catalog entities to catalog-info.yaml');
    const written = new TextDecoder().decode(host.files.get('/work/catalog-info.yaml'));
    expect(written).toBe(printed.stdout);
    expect(written).toBe(readTree(`${examples}scaling`)['catalog-info.yaml']);
  });
});
