import { describe, expect, it } from 'vitest';
import { compile, createMemoryHost, type Diagnostic } from '../src/index.js';
import { containerImage } from '../src/resolvers/policy-image.js';
import { runCli } from './helpers.js';

const environments = `apiVersion: paws.dev/v1
kind: Environment
metadata: { name: staging }
spec: { type: staging, kubernetes: { securityProfiles: [restricted, baseline, privileged] }, argocd: { repoURL: https://git.example.com/deploy.git }, terraform: { providers: { aws: { region: eu-west-1 } } } }
---
apiVersion: paws.dev/v1
kind: Environment
metadata: { name: prod }
spec: { type: production, argocd: { repoURL: https://git.example.com/deploy.git }, terraform: { providers: { aws: { region: eu-west-1 } } } }
`;

/** One policy with one rule. */
const policy = (rule: string, scope = '') =>
  `apiVersion: paws.dev/v1\nkind: Policy\nmetadata: { name: guard }\nspec:\n${scope}  rules:\n    - ${rule}\n`;

const workload = (body: string) =>
  `apiVersion: paws.dev/v1\n${body.startsWith('metadata:') ? '' : 'metadata: { name: api }\n'}${body}`;
const GOOD = 'containers: { main: { image: registry.example.com/api:1.2.3 } }\n';

async function run(rule: string, body = GOOD, scope = '') {
  return compile(
    {},
    createMemoryHost({
      'platform/env.yaml': environments,
      'platform/policy.yaml': policy(rule, scope),
      'services/api/paws.yaml': workload(body),
    }),
  );
}
const brief = (d: Diagnostic) => `${d.code}@${d.file}:${d.line}:${d.column}`;
const found = (result: Awaited<ReturnType<typeof run>>) =>
  result.diagnostics.filter((d) => d.code.startsWith('PAWS36') || d.code.startsWith('PAWS26')).map(brief);

describe('policies: the rules the issue asks for, each failing and passing', () => {
  it.each([
    [
      'only classes default and small outside production',
      "{ name: small, for: resource, expression: \"environment.type == 'production' || resource.class in ['default', 'small']\", message: too big }",
      `${GOOD}resources: { db: { type: postgres, class: large } }\n`,
      `${GOOD}resources: { db: { type: postgres, class: small } }\n`,
      ['PAWS3601@services/api/paws.yaml:4:43'],
    ],
    [
      'images only from the company registry',
      '{ name: registry, for: container, expression: "container.registry == \'registry.example.com\'", message: use the registry }',
      'containers: { main: { image: docker.io/library/nginx:1.27 } }\n',
      GOOD,
      ['PAWS3601@services/api/paws.yaml:3:30', 'PAWS3601@services/api/paws.yaml:3:30'],
    ],
    [
      'no latest tags in production',
      '{ name: pinned, for: container, expression: "!container.latest", message: pin a tag }',
      'containers: { main: { image: registry.example.com/api } }\n',
      'containers: { main: { image: registry.example.com/api@sha256:0123 } }\n',
      ['PAWS3601@services/api/paws.yaml:3:30'],
      '  environmentTypes: [production]\n',
    ],
    [
      'replicas ≥ 2 in production',
      '{ name: ha, for: workload, condition: "workload.kind == \'Deployment\'", expression: "workload.replicas == null ? workload.autoscaling.min >= 2 : workload.replicas >= 2", message: two pods }',
      `${GOOD}environments: { prod: { replicas: 1 } }\n`,
      `${GOOD}autoscaling: { min: 2, max: 4 }\n`,
      ['PAWS3601@services/api/paws.yaml:4:35'],
      '  environments: [prod]\n',
    ],
    [
      'a database instanceClass allow-list per environment type',
      "{ name: sizes, for: resource, resourceTypes: [postgres], expression: \"resource.params.instanceClass in ['db.t4g.micro', 'db.t4g.small']\", message: a small class }",
      `${GOOD}resources: { db: { type: postgres, params: { instanceClass: db.x2iedn.32xlarge } } }\n`,
      `${GOOD}resources: { db: { type: postgres, params: { instanceClass: db.t4g.small } } }\n`,
      ['PAWS3601@services/api/paws.yaml:4:61'],
      '  environmentTypes: [staging]\n',
    ],
    [
      'memory limits set',
      '{ name: memory-limits, for: container, expression: "container.resources.limits.memory != null", message: set a memory limit }',
      'containers:\n  main:\n    image: registry.example.com/api:1.2.3\n    resources: { requests: { memory: 128Mi } }\n',
      'containers:\n  main:\n    image: registry.example.com/api:1.2.3\n    resources: { limits: { memory: 256Mi } }\n',
      ['PAWS3601@services/api/paws.yaml:6:16', 'PAWS3601@services/api/paws.yaml:6:16'],
    ],
    [
      'a CronJob runs no more often than every 5 minutes',
      '{ name: not-too-often, for: workload, condition: "workload.cronJob != null", expression: "workload.cronJob.minutesBetweenRuns >= 5", message: at most every 5 minutes }',
      `${GOOD}cronJob: { schedule: "*/2 * * * *" }\n`,
      `${GOOD}cronJob: { schedule: "*/5 * * * *" }\n`,
      ['PAWS3601@services/api/paws.yaml:4:22', 'PAWS3601@services/api/paws.yaml:4:22'],
    ],
    [
      'names match a pattern',
      '{ name: team-prefix, for: workload, expression: "workload.name.matches(\'^(shop|pay)-[a-z0-9-]+$\')", message: names start with the team }',
      'metadata: { name: api }\n' + GOOD,
      'metadata: { name: shop-api }\n' + GOOD,
      ['PAWS3601@services/api/paws.yaml:2:19', 'PAWS3601@services/api/paws.yaml:2:19'],
    ],
    [
      'not privileged',
      '{ name: unprivileged, for: container, expression: "!container.securityContext.privileged && container.securityContext.allowPrivilegeEscalation == false", message: no privileges }',
      `securityProfile: privileged\n${GOOD}`,
      `securityProfile: baseline\n${GOOD}`,
      ['PAWS3601@services/api/paws.yaml:3:18'],
      '  environmentTypes: [staging]\n',
    ],
  ])('%s', async (_name, rule, failing, passing, expected, scope = '') => {
    expect(found(await run(rule, failing, scope))).toEqual(expected);
    expect(found(await run(rule, passing, scope))).toEqual([]);
  });

  it('a violation names the policy, the rule, the subject and the environment, and points at the rule', async () => {
    const result = await run(
      '{ name: pinned, for: container, expression: "!container.latest", message: pin a tag, severity: warn }',
      'containers: { main: { image: registry.example.com/api:latest } }\n',
    );
    const [first] = result.diagnostics.filter((d) => d.code === 'PAWS3602');
    expect(first?.severity).toBe('warning');
    expect(first?.message).toBe(
      'policy "guard" (platform/policy.yaml), rule "pinned": container "main" of workload "api" in environment "prod": pin a tag',
    );
    expect(first?.related?.[0]).toMatchObject({ message: 'the rule', file: 'platform/policy.yaml', line: 6 });
    expect(result.files.length).toBeGreaterThan(0);
  });

  it('messageExpression says it with the values; message stands in when it gives no string', async () => {
    const rule = (messageExpression: string) =>
      `{ name: registry, for: container, expression: "container.registry == 'registry.example.com'", message: use the registry, messageExpression: "${messageExpression}" }`;
    const bad = 'containers: { main: { image: docker.io/library/nginx:1.27 } }\n';
    const said = await run(rule("'image ' + container.image + ' is not from registry.example.com'"), bad);
    expect(said.diagnostics.find((d) => d.code === 'PAWS3601')?.message).toMatch(
      /: image docker.io\/library\/nginx:1.27 is not from registry.example.com$/,
    );
    const number = await run(rule('container.tag.size()'), bad);
    expect(number.diagnostics.find((d) => d.code === 'PAWS3601')?.message).toMatch(/: use the registry$/);
    const typo = await run(rule("'image ' + container.imag"), bad);
    expect(found(typo).map((s) => s.replace(/:\d+:\d+$/, ''))).toEqual(['PAWS2602@platform/policy.yaml']);
  });

  it('a rule that fails to evaluate fails closed, saying why', async () => {
    const result = await run(
      '{ name: sizes, for: resource, expression: "resource.params.instanceClass == \'x\'", message: m }',
      `${GOOD}resources: { db: { type: postgres } }\n`,
      '  environments: [staging]\n',
    );
    const errors = result.diagnostics.filter((d) => d.code === 'PAWS3601');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toMatch(/\(the expression failed: .*instanceClass.*\)$/);
    expect(errors[0]?.hint).toContain('guard optional fields with has(…)');
  });
});

describe('policies: checked when the platform is read', () => {
  it.each([
    [
      'a syntax error, at its column',
      '{ name: r, for: container, expression: "container.image.startsWith(\'x\' ", message: m }',
      ['PAWS2601@platform/policy.yaml:6:'],
    ],
    [
      'a misspelt field, with a suggestion',
      '{ name: r, for: workload, expression: "workload.replica >= 2", message: m }',
      ['PAWS2602@platform/policy.yaml:6:'],
    ],
    [
      'a variable the subject does not have',
      '{ name: r, for: resource, expression: "container.latest", message: m }',
      ['PAWS2602@platform/policy.yaml:6:'],
    ],
  ])('%s', async (_name, rule, expected) => {
    const result = await run(rule);
    expect(found(result).map((s) => s.replace(/\d+$/, ''))).toEqual(expected);
    expect(result.files).toEqual([]);
  });

  it('an unknown field is reported where it is written in the expression', async () => {
    const result = await run(
      '{ name: r, for: workload, expression: "environment.type == \'x\' || workload.replica >= 2", message: m }',
    );
    const line = '    - { name: r, for: workload, expression: "';
    expect(found(result)).toEqual([
      `PAWS2602@platform/policy.yaml:6:${line.length + "environment.type == 'x' || ".length + 1}`,
    ]);
  });

  it('comprehension variables and open maps are fine', async () => {
    const result = await run(
      "{ name: r, for: workload, expression: \"workload.containers.all(c, c.image != '') && !has(workload.annotations.team) || workload.annotations['team'] != ''\", message: m }",
    );
    expect(found(result)).toEqual([]);
  });

  it('paws definitions check reports them too', async () => {
    const host = createMemoryHost({
      'platform/env.yaml': environments,
      'platform/policy.yaml': policy(
        '{ name: r, for: workload, expression: "workload.replica >= 2", message: m }',
      ),
    });
    const check = await runCli(['definitions', 'check'], { host });
    expect(check.exitCode).toBe(1);
    expect(check.stderr).toContain(
      'error PAWS2602: policy "guard": workload has no field "replica"; did you mean "replicas"?',
    );
  });
});

describe('container images in their parts', () => {
  it.each([
    ['nginx', { registry: 'docker.io', repository: 'nginx', tag: '', digest: '', latest: true }],
    ['nginx:1.27', { registry: 'docker.io', repository: 'nginx', tag: '1.27', latest: false }],
    [
      'library/nginx:latest',
      { registry: 'docker.io', repository: 'library/nginx', tag: 'latest', latest: true },
    ],
    [
      'registry.example.com:5000/team/api:2',
      { registry: 'registry.example.com:5000', repository: 'team/api', tag: '2' },
    ],
    ['localhost/api', { registry: 'localhost', repository: 'api', tag: '', latest: true }],
    [
      'ghcr.io/acme/api@sha256:abc',
      { registry: 'ghcr.io', repository: 'acme/api', digest: 'sha256:abc', latest: false },
    ],
  ])('%s', (image, expected) => {
    expect(containerImage(image)).toMatchObject(expected);
  });
});

describe('policies: where developers see them', () => {
  const files = () => ({
    'platform/env.yaml': environments,
    'platform/policy.yaml': policy(
      '{ name: sizes, for: resource, resourceTypes: [postgres], expression: "resource.class == \'default\'", message: default class only, severity: warn }',
      '  environmentTypes: [production]\n',
    ),
    'services/api/paws.yaml': workload(`${GOOD}resources: { db: { type: postgres, class: large } }\n`),
  });

  it('paws explain shows the rules that looked at the resource, and whether it passed', async () => {
    const host = createMemoryHost(files());
    const prod = await runCli(['explain', 'api', 'db', '--env', 'prod'], { host });
    expect(prod.stdout).toContain(
      '\npolicies in prod:\n  ! guard/sizes (resource, platform/policy.yaml): warned\n',
    );
    const json = JSON.parse(
      (await runCli(['explain', 'api', 'db', '--env', 'prod', '--format', 'json'], { host })).stdout,
    );
    expect(json.policies).toEqual([
      {
        policy: 'guard',
        rule: 'sizes',
        for: 'resource',
        file: 'platform/policy.yaml',
        severity: 'warn',
        passed: false,
      },
    ]);
    // Not a production environment: the policy does not apply there.
    expect((await runCli(['explain', 'api', 'db', '--env', 'staging'], { host })).stdout).not.toContain(
      'policies in',
    );
  });

  it('paws catalog --format json lists the policies of each environment', async () => {
    const host = createMemoryHost(files());
    const report = JSON.parse((await runCli(['catalog', '--format', 'json'], { host })).stdout);
    const byEnv = Object.fromEntries(
      report.environments.map((e: { name: string; policies: unknown[] }) => [e.name, e.policies]),
    );
    expect(byEnv.staging).toEqual([]);
    expect(byEnv.prod).toEqual([
      {
        name: 'guard',
        file: 'platform/policy.yaml',
        rules: [
          {
            name: 'sizes',
            for: 'resource',
            resourceTypes: ['postgres'],
            expression: "resource.class == 'default'",
            message: 'default class only',
            severity: 'warn',
          },
        ],
      },
    ]);
  });

  it('paws catalog --format json says which classes a policy refuses, and what else each environment allows', async () => {
    const host = createMemoryHost(files());
    const report = JSON.parse((await runCli(['catalog', '--format', 'json'], { host })).stdout);
    const postgres = (env: string) =>
      Object.fromEntries(
        report.served
          .filter(
            (s: { environment: string; type: string }) => s.environment === env && s.type === 'postgres',
          )
          .map((s: { class: string; deniedBy: string[] }) => [s.class, s.deniedBy]),
      );
    expect(postgres('prod')).toEqual({ default: [], large: ['guard/sizes'] });
    expect(postgres('staging')).toEqual({ default: [], large: [] });
    const prod = report.environments.find((e: { name: string }) => e.name === 'prod');
    expect(prod).toMatchObject({
      defaults: { replicas: 1, autoscaling: { cpu: 80 } },
      limits: {},
      securityProfiles: ['restricted', 'baseline'],
      workloadPatches: [],
      sharedResources: {},
    });
    const text = (await runCli(['catalog', '--env', 'prod'], { host })).stdout;
    expect(text).toContain(
      'postgres.large: no definition  ← used by a workload, nothing serves it  (denied by guard/sizes)',
    );
  });
});
