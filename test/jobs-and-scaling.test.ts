import { describe, expect, it } from 'vitest';
import { compile, createMemoryHost, type Diagnostic } from '../src/index.js';
import { validateYamlFiles } from './support/k8s-schemas.js';
import { type K8sObject, objectsOf } from './support/manifests.js';

const environments = `apiVersion: paws.dev/v1
kind: Environment
metadata: { name: staging }
spec: { type: staging, ephemeral: { allowed: true }, defaults: { replicas: 2 }, argocd: { repoURL: https://git.example.com/deploy.git } }
---
apiVersion: paws.dev/v1
kind: Environment
metadata: { name: prod }
spec:
  type: production
  defaults: { replicas: 3, autoscaling: { cpu: 70 } }
  limits: { maxReplicas: 10 }
  argocd: { repoURL: https://git.example.com/deploy.git }
`;

const CONTAINERS =
  'containers: { main: { image: acme/app:1, resources: { requests: { cpu: 100m, memory: 128Mi } } } }\n';
const workload = (body: string) =>
  `apiVersion: paws.dev/v1\nmetadata: { name: app }\n${body.includes('containers:') ? '' : CONTAINERS}${body}`;

async function run(
  body: string,
  options: { environments?: string[]; ephemeral?: { name: string; extends: string } } = {},
) {
  return compile(
    options,
    createMemoryHost({ 'platform/env.yaml': environments, 'paws.yaml': workload(body) }),
  );
}

const objects = (result: Awaited<ReturnType<typeof run>>, env: string) =>
  objectsOf(result.files.find((f) => f.path === `${env}/kubernetes/app/manifests.yaml`)?.content);
const kinds = (list: K8sObject[]) => list.map((o) => o.kind);
const brief = (d: Diagnostic) => `${d.code}@${d.line}:${d.column}`;

describe('workload kinds: Job and CronJob', () => {
  it('job: a Job that Argo CD replaces, pods that do not restart in place, no Service, no PDB', async () => {
    const result = await run('job: { backoffLimit: 2, activeDeadlineSeconds: 600 }\n');
    expect(result.diagnostics).toEqual([]);
    const list = objects(result, 'prod');
    expect(kinds(list)).toEqual(['ServiceAccount', 'Job']);
    const job = list[1] as K8sObject;
    expect(job.apiVersion).toBe('batch/v1');
    expect(job.metadata).toMatchObject({
      annotations: { 'argocd.argoproj.io/sync-options': 'Force=true,Replace=true' },
    });
    expect(job.spec.backoffLimit).toBe(2);
    expect(job.spec.activeDeadlineSeconds).toBe(600);
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
    expect(job.spec.replicas).toBeUndefined();
    expect(await validateYamlFiles(result.files)).toMatchObject({ 'batch/v1 Job': 2 });
  });

  it('cronJob: the schedule and time zone, Forbid unless asked, history limits, each run as a Job', async () => {
    const result = await run(
      'cronJob: { schedule: "0 3 * * MON-FRI", timeZone: Europe/Berlin, failedJobsHistoryLimit: 5, restartPolicy: OnFailure }\n',
    );
    expect(result.diagnostics).toEqual([]);
    const list = objects(result, 'staging');
    expect(kinds(list)).toEqual(['ServiceAccount', 'CronJob']);
    const cron = list[1] as K8sObject;
    expect(cron.spec).toMatchObject({
      schedule: '0 3 * * MON-FRI',
      timeZone: 'Europe/Berlin',
      concurrencyPolicy: 'Forbid',
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 5,
    });
    expect(cron.spec.jobTemplate.spec.template.spec.restartPolicy).toBe('OnFailure');
    expect(cron.spec.jobTemplate.metadata.labels['app.kubernetes.io/name']).toBe('app');
    expect(await validateYamlFiles(result.files)).toMatchObject({ 'batch/v1 CronJob': 2 });
  });

  it.each([
    ['both job and cronJob', 'job: {}\ncronJob: { schedule: "@daily" }\n', ['PAWS2511@5:10']],
    ['a Job with service ports', 'job: {}\nservice: { ports: { web: { port: 80 } } }\n', ['PAWS2511@5:10']],
    ['a CronJob with replicas', 'cronJob: { schedule: "@hourly" }\nreplicas: 2\n', ['PAWS2511@5:11']],
    [
      'a Job with autoscaling in one environment',
      'job: {}\nenvironments: { prod: { autoscaling: { max: 3 } } }\n',
      ['PAWS2511@5:38'],
    ],
    [
      'a Job and the StatefulSet annotation',
      'job: {}\nmetadata: { name: app, annotations: { k8s.score.dev/kind: StatefulSet } }\n',
      ['PAWS2511@4:59'],
    ],
  ])('%s is PAWS2511', async (_name, body, expected) => {
    const result = await run(body.replace(/^metadata: .*\n/m, ''));
    const file = body.includes('metadata:')
      ? `apiVersion: paws.dev/v1\ncontainers: { main: { image: acme/app:1 } }\n${body}`
      : undefined;
    const checked = file
      ? await compile({}, createMemoryHost({ 'platform/env.yaml': environments, 'paws.yaml': file }))
      : result;
    expect(checked.diagnostics.filter((d) => d.severity === 'error').map(brief)).toEqual(expected);
  });

  it.each([
    ['* * * *', 'it has 4 fields'],
    ['61 * * * *', 'minute "61": 61 is outside 0-59'],
    ['0 24 * * *', 'hour "24": 24 is outside 0-23'],
    ['0 0 0 * *', 'day of month "0": 0 is outside 1-31'],
    ['0 0 1 FOO *', 'month "FOO": "FOO" is not a number or a name (JAN'],
    ['0 0 * * 7', 'day of week "7": 7 is outside 0-6'],
    ['*/0 * * * *', 'step "0" is not a positive number'],
    ['5-2 * * * *', 'the range 5-2 runs backwards'],
    ['0 ? * * *', '"?" is allowed only in the day fields'],
    ['@every 1h', '"@every 1h" is not one of the macros Kubernetes documents'],
    ['TZ=UTC 0 3 * * *', 'set cronJob.timeZone'],
    ['1,,2 * * * *', 'an empty item in a list'],
  ])('schedule %j is PAWS2512 at the schedule: %s', async (schedule, problem) => {
    const result = await run(`cronJob: { schedule: "${schedule}" }\n`);
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map(brief)).toEqual(['PAWS2512@4:22']);
    expect(errors[0]?.message).toContain(problem);
  });

  it.each([
    ['Mars/Base', 'the IANA time zone database has no such name'],
    ['europe/berlin', 'names are case-sensitive: "Europe/Berlin"'],
    ['Local', '"Local" is the controller\'s own time zone'],
    ['Europe/Berlni', 'did you mean "Europe/Berlin"?'],
  ])('timeZone %j is PAWS2516 at the time zone: %s', async (zone, problem) => {
    const result = await run(`cronJob: { schedule: "@daily", timeZone: "${zone}" }\n`);
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map(brief)).toEqual(['PAWS2516@4:42']);
    expect(errors[0]?.message).toContain(problem);
  });

  it.each(['Europe/Berlin', 'America/Argentina/Buenos_Aires', 'Etc/UTC', 'UTC', 'US/Pacific', 'Etc/GMT+5'])(
    'timeZone %j is accepted',
    async (zone) => {
      const result = await run(`cronJob: { schedule: "@daily", timeZone: "${zone}" }\n`);
      expect(result.diagnostics).toEqual([]);
    },
  );

  it.each(['0 3 * * *', '*/15 9-17 * * 1-5', '0 0 1 jan,jul ?', '30 2 ? * SUN', '@weekly', '0 0 1-31/2 * *'])(
    'schedule %j is accepted',
    async (schedule) => {
      const result = await run(`cronJob: { schedule: "${schedule}" }\n`);
      expect(result.diagnostics).toEqual([]);
    },
  );
});

describe('autoscaling', () => {
  it('an autoscaling/v2 HPA on CPU (the environment default target), a Deployment without replicas, a PDB when min > 1', async () => {
    const result = await run('autoscaling: { min: 2, max: 6 }\n');
    expect(result.diagnostics).toEqual([]);
    const list = objects(result, 'prod');
    expect(kinds(list)).toEqual([
      'ServiceAccount',
      'Deployment',
      'PodDisruptionBudget',
      'HorizontalPodAutoscaler',
    ]);
    const hpa = list[3] as K8sObject;
    expect(hpa.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'app' },
      minReplicas: 2,
      maxReplicas: 6,
      metrics: [
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } },
        },
      ],
    });
    expect((list[1] as K8sObject).spec.replicas).toBeUndefined();
    // staging has no default target: 80.
    expect(
      (objects(result, 'staging')[3] as K8sObject).spec.metrics[0].resource.target.averageUtilization,
    ).toBe(80);
    expect(await validateYamlFiles(result.files)).toMatchObject({
      'autoscaling/v2 HorizontalPodAutoscaler': 2,
    });
  });

  it('memory only: no CPU metric; min 1: no PDB', async () => {
    const result = await run('autoscaling: { max: 4, memory: 75 }\n');
    const list = objects(result, 'prod');
    expect(kinds(list)).toEqual(['ServiceAccount', 'Deployment', 'HorizontalPodAutoscaler']);
    expect((list[2] as K8sObject).spec.metrics).toEqual([
      {
        type: 'Resource',
        resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 75 } },
      },
    ]);
  });

  it("the environment's limits.maxReplicas caps max and replicas, with a warning at the value (PAWS3008)", async () => {
    const result = await run(
      'autoscaling: { min: 2, max: 50 }\nenvironments: { staging: { autoscaling: { max: 40 } } }\n',
    );
    // staging has no limit; prod caps at 10.
    const warnings = result.diagnostics.filter((d) => d.severity === 'warning');
    expect(warnings.map(brief)).toEqual(['PAWS3008@4:29']);
    expect(warnings[0]?.message).toBe(
      'autoscaling.max is 50, but environment "prod" allows at most 10 replicas: 10 it is',
    );
    expect((objects(result, 'prod')[3] as K8sObject).spec.maxReplicas).toBe(10);
    // staging has no limit: its own max, merged over the workload's min.
    expect((objects(result, 'staging')[3] as K8sObject).spec).toMatchObject({
      minReplicas: 2,
      maxReplicas: 40,
    });
  });

  it.each([
    ['min above max', 'autoscaling: { min: 5, max: 2 }\n', ['PAWS2513@4:21']],
    ['replicas beside autoscaling', 'replicas: 2\nautoscaling: { max: 3 }\n', ['PAWS2513@4:11']],
    [
      'autoscaling and a horizontal-pod-autoscaler resource',
      'autoscaling: { max: 3 }\nresources: { hpa: { type: horizontal-pod-autoscaler } }\n',
      ['PAWS2513@5:19'],
    ],
    [
      'min above max in one environment',
      'environments: { prod: { autoscaling: { min: 9, max: 3 } } }\n',
      ['PAWS2513@4:45'],
    ],
    [
      'replicas in one environment beside the workload’s autoscaling (it would be dropped)',
      'autoscaling: { max: 4 }\nenvironments: { staging: { replicas: 1 } }\n',
      ['PAWS2513@5:38'],
    ],
    [
      'autoscaling in one environment without max, and none at the workload',
      'environments: { prod: { autoscaling: { min: 2 } } }\n',
      ['PAWS2513@4:38'],
    ],
    [
      'a merged min above the workload’s max',
      'autoscaling: { max: 4 }\nenvironments: { prod: { autoscaling: { min: 6 } } }\n',
      ['PAWS2513@5:45'],
    ],
  ])('%s is PAWS2513', async (_name, body, expected) => {
    const result = await run(body);
    expect(result.diagnostics.filter((d) => d.severity === 'error').map(brief)).toEqual(expected);
  });
});

describe('autoscaling per environment and the requests it needs', () => {
  it('an environment’s autoscaling is merged field by field over the workload’s', async () => {
    const result = await run(
      'autoscaling: { min: 2, max: 6, cpu: 60, memory: 80 }\nenvironments: { prod: { autoscaling: { max: 9 } } }\n',
    );
    expect(result.diagnostics).toEqual([]);
    const hpa = (env: string) =>
      objects(result, env).find((o) => o.kind === 'HorizontalPodAutoscaler') as K8sObject;
    const metrics = [
      {
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } },
      },
      {
        type: 'Resource',
        resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 80 } },
      },
    ];
    expect(hpa('prod').spec).toMatchObject({ minReplicas: 2, maxReplicas: 9, metrics });
    expect(hpa('staging').spec).toMatchObject({ minReplicas: 2, maxReplicas: 6, metrics });
  });

  it.each([
    [
      'no requests at all, the default CPU target',
      'containers: { main: { image: acme/app:1 } }\nautoscaling: { max: 3 }\n',
      ['PAWS3014@4:14 cpu main'],
    ],
    [
      'memory target, one container of two without memory',
      'containers:\n  main: { image: acme/app:1, resources: { requests: { cpu: "1", memory: 1Gi } } }\n  proxy: { image: acme/proxy:1, resources: { requests: { cpu: "1" } } }\nautoscaling: { max: 3, memory: 70 }\n',
      ['PAWS3014@6:14 memory proxy'],
    ],
    [
      'an environment’s own autoscaling, pointed at there',
      'containers: { main: { image: acme/app:1 } }\nenvironments: { prod: { autoscaling: { max: 3 } } }\n',
      ['PAWS3014@4:38 cpu main'],
    ],
  ])('%s: warning PAWS3014 at the autoscaling', async (_name, body, expected) => {
    const result = await run(body);
    expect(
      result.diagnostics.map(
        (d) =>
          `${brief(d)} ${/(cpu|memory) utilization/.exec(d.message)?.[1]} ${/"([a-z]+)"/.exec(d.message)?.[1]}`,
      ),
    ).toEqual(expected);
    expect(result.diagnostics.every((d) => d.severity === 'warning')).toBe(true);
  });

  it('a limit counts as the request (Kubernetes copies it); no autoscaling needs none', async () => {
    const limits = await run(
      'containers: { main: { image: acme/app:1, resources: { limits: { cpu: "1" } } } }\nautoscaling: { max: 3 }\n',
    );
    expect(limits.diagnostics).toEqual([]);
    const fixed = await run('containers: { main: { image: acme/app:1 } }\nreplicas: 2\n');
    expect(fixed.diagnostics).toEqual([]);
  });
});

describe('per-environment values', () => {
  const body = `replicas: 2
environments:
  prod: { replicas: 5, variables: { LOG_LEVEL: warn, REGION: eu } }
  staging: { variables: { LOG_LEVEL: debug } }
containers: { main: { image: acme/app:1, variables: { LOG_LEVEL: info, MODE: web } } }
`;
  const env = (list: K8sObject[]) =>
    Object.fromEntries(
      (
        (list.find((o) => o.kind === 'Deployment') as K8sObject).spec.template.spec.containers[0].env ?? []
      ).map((e: { name: string; value: string }) => [e.name, e.value]),
    );

  it('replicas and variables per environment over the workload’s own', async () => {
    const result = await run(body);
    expect(result.diagnostics).toEqual([]);
    const prod = objects(result, 'prod');
    expect((prod.find((o) => o.kind === 'Deployment') as K8sObject).spec.replicas).toBe(5);
    expect(env(prod)).toEqual({ LOG_LEVEL: 'warn', MODE: 'web', REGION: 'eu' });
    const staging = objects(result, 'staging');
    expect((staging.find((o) => o.kind === 'Deployment') as K8sObject).spec.replicas).toBe(2);
    expect(env(staging)).toEqual({ LOG_LEVEL: 'debug', MODE: 'web' });
  });

  it('an ephemeral clone gets the values of the environment it was cloned from', async () => {
    const result = await run(body, {
      environments: ['pr-7'],
      ephemeral: { name: 'pr-7', extends: 'staging' },
    });
    expect(result.diagnostics).toEqual([]);
    expect(env(objects(result, 'pr-7'))).toEqual({ LOG_LEVEL: 'debug', MODE: 'web' });
  });

  it('a name no environment has is a warning with a suggestion (PAWS2514)', async () => {
    const result = await run('environments: { prd: { replicas: 5 } }\n');
    expect(result.diagnostics.map(brief)).toEqual(['PAWS2514@4:17']);
    expect(result.diagnostics[0]?.message).toBe(
      'environments.prd: no environment is named "prd"; did you mean "prod"?',
    );
  });

  it('per container: its own entry wins over the entry for every container; an unknown container is PAWS2515', async () => {
    const two = `containers:
  main: { image: acme/app:1, variables: { LOG_LEVEL: info } }
  sidecar: { image: acme/proxy:1, variables: { LOG_LEVEL: info } }
environments:
  prod:
    variables: { LOG_LEVEL: warn }
    containers: { sidecar: { variables: { LOG_LEVEL: error, PROXY: "on" } } }
`;
    const result = await run(two);
    expect(result.diagnostics).toEqual([]);
    const containers = (objects(result, 'prod').find((o) => o.kind === 'Deployment') as K8sObject).spec
      .template.spec.containers;
    const vars = (name: string) =>
      Object.fromEntries(
        containers
          .find((c: { name: string }) => c.name === name)
          .env.map((e: { name: string; value: string }) => [e.name, e.value]),
      );
    expect(vars('main')).toEqual({ LOG_LEVEL: 'warn' });
    expect(vars('sidecar')).toEqual({ LOG_LEVEL: 'error', PROXY: 'on' });
    const typo = await run(two.replace('containers: { sidecar:', 'containers: { sidecra:'));
    expect(typo.diagnostics.map(brief)).toEqual(['PAWS2515@9:19']);
    expect(typo.diagnostics[0]?.message).toContain('did you mean "sidecar"?');
  });

  it('a placeholder in a per-environment variable that names no resource is an error at that variable', async () => {
    const result = await run('environments: { prod: { variables: { DB: "${resources.db.host}" } } }\n');
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => d.code)).toEqual(['PAWS2403']);
    expect(errors[0]?.line).toBe(4);
  });
});
