import { describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';
import { DEV_AND_PROD } from './support/fixtures.js';

const files = {
  'platform/env.yaml': DEV_AND_PROD,
  'platform/defs.yaml': `apiVersion: paws.dev/v1
kind: ResourceDefinition
metadata: { name: dev-redis }
spec:
  type: redis
  match: { environmentTypes: [development] }
  driver: { kind: static }
  outputs: { host: redis, port: 6379, username: default, password: { generate: password } }
---
apiVersion: paws.dev/v1
kind: ResourceDefinition
metadata: { name: prod-redis }
spec:
  type: redis
  match: { environments: [prod] }
  driver: { kind: static }
  outputs: { host: redis.prod.internal, port: 6379, username: app, password: { secretRef: { key: prod/redis, property: password } } }
`,
  'paws.yaml': `apiVersion: paws.dev/v1
metadata: { name: api }
containers:
  main:
    image: acme/web
    connections: [cache]
resources:
  cache: { type: redis }
`,
};

describe('paws plan', () => {
  it('prints the plan as JSON, deterministic and without secret values', async () => {
    const first = await runCli(['plan', '--format', 'json'], { files });
    const second = await runCli(['plan', '--format', 'json'], { files });
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toBe(second.stdout);
    const report = JSON.parse(first.stdout);
    expect(report.plans.map((p: { environment: { name: string } }) => p.environment.name)).toEqual([
      'dev',
      'prod',
    ]);
    expect(report.plans[1].resources[0]).toMatchObject({
      uid: 'redis.default#api.cache',
      definition: { name: 'prod-redis', driver: 'static' },
      outputs: { password: { kind: 'secretRef', key: 'prod/redis', property: 'password' } },
    });
    expect(report.plans[1].workloads[0].containers.main.env.CACHE_PASSWORD.value).toEqual({
      kind: 'secretRef',
      key: 'prod/redis',
      property: 'password',
    });
  });

  it('plans only the environments asked for', async () => {
    const { stdout } = await runCli(['plan', '--env', 'prod'], { files });
    expect(stdout).toContain('environment prod (type production)');
    expect(stdout).not.toContain('environment dev');
    expect(stdout).toContain('CACHE_HOST = "redis.prod.internal"');
  });
});

describe('paws explain', () => {
  it('lists every candidate with each criterion, and the winner', async () => {
    const { exitCode, stdout } = await runCli(['explain', 'api', 'cache', '--env', 'prod'], { files });
    expect(exitCode).toBe(0);
    expect(stdout).toBe(
      [
        'api.cache in environment prod (type production) is redis.default#api.cache',
        '',
        '✗ dev-redis  (platform/defs.yaml)',
        '    classes [default]: pass',
        '    environmentTypes [development] ∋ production: fail',
        '    not a candidate: environmentTypes [development] does not include "production"',
        '✓ paws-aws-elasticache-redis  (built-in)',
        '    classes [*]: pass',
        '    environmentTypes [staging, production] ∋ production: pass',
        '    not used: built-in definitions are fallbacks, and a platform definition matches',
        '✗ paws-dev-redis  (built-in)',
        '    classes [*]: pass',
        '    environmentTypes [development, preview] ∋ production: fail',
        '    not a candidate: environmentTypes [development, preview] does not include "production"',
        '✓ prod-redis  (platform/defs.yaml)',
        '    classes [default]: pass',
        '    environments [prod] ∋ prod: pass',
        '',
        'winner: prod-redis, the only matching definition',
        '',
      ].join('\n'),
    );
  });

  it('exits 1 for an unknown resource, naming the known ones', async () => {
    const { exitCode, stderr } = await runCli(['explain', 'api', 'db', '--env', 'prod'], { files });
    expect(exitCode).toBe(1);
    expect(stderr).toContain('known: api cache');
  });
});

describe('paws graph', () => {
  it('prints dot and mermaid', async () => {
    const dot = await runCli(['graph', '--env', 'dev', '--format', 'dot'], { files });
    expect(dot.stdout).toContain('"workload:api" -> "redis.default#api.cache" [label="cache"];');
    const mermaid = await runCli(['graph', '--env', 'dev'], { files });
    expect(mermaid.stdout).toBe(
      'flowchart LR\n  n0["api"]\n  n1(["redis.default#api.cache<br/>dev-redis (static)"])\n  n0 -->|cache| n1\n',
    );
  });
});

describe('paws catalog', () => {
  it('shows which definition serves each type per environment, and the gaps', async () => {
    const withGap = { ...files, 'paws.yaml': `${files['paws.yaml']}  db: { type: mongodb }\n` };
    const { exitCode, stdout } = await runCli(['catalog'], { files: withGap });
    expect(exitCode).toBe(0);
    expect(stdout).toContain('  redis: host, password*, port, username; classes: default');
    expect(stdout).toContain(
      '    horizontal-pod-autoscaler: paws-horizontal-pod-autoscaler\n  ! mongodb: no definition  ← used by a workload, nothing serves it\n',
    );
    expect(stdout).toContain('1 gap:');
    expect(stdout).toContain('    redis: dev-redis > paws-dev-redis\n');
    const json = JSON.parse((await runCli(['catalog', '--format', 'json'], { files: withGap })).stdout);
    expect(
      json.served
        .filter((s: { gap: boolean }) => s.gap)
        .map((s: { environment: string; type: string }) => `${s.environment}/${s.type}`),
    ).toEqual(['prod/mongodb']);
  });
});

describe('paws catalog: params and one environment', () => {
  const files = {
    'paws.yaml':
      'apiVersion: paws.dev/v1\nmetadata: { name: api }\ncontainers: { main: { image: acme/web } }\n',
    'platform/env.yaml':
      'apiVersion: paws.dev/v1\nkind: Environment\nmetadata: { name: dev }\nspec: {}\n---\napiVersion: paws.dev/v1\nkind: Environment\nmetadata: { name: prod }\nspec: { type: production }\n',
  };
  it('--env prod --format json: each type’s params, only prod served', async () => {
    const run = await runCli(['catalog', '--env', 'prod', '--format', 'json'], { files });
    expect(run.exitCode).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.environments).toMatchObject([{ name: 'prod', type: 'production', policies: [] }]);
    expect(report.environments).toHaveLength(1);
    expect(report.types.find((t: { name: string }) => t.name === 'postgres').params.version).toMatchObject({
      type: 'string',
      pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$',
    });
    expect(new Set(report.served.map((s: { environment: string }) => s.environment))).toEqual(
      new Set(['prod']),
    );
    expect(
      report.definitions.find((d: { name: string }) => d.name === 'paws-aws-rds-postgres').params,
    ).toEqual({});
  });
  it('text lists params, and an unknown --env is an error', async () => {
    expect((await runCli(['catalog'], { files })).stdout).toContain(
      '      params: allocatedStorage (integer), database (string)',
    );
    const bad = await runCli(['catalog', '--env', 'qa'], { files });
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toContain('error: no environment "qa"');
  });
});
