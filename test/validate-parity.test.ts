import { describe, expect, it } from 'vitest';
import { createMemoryHost } from '../src/index.js';
import { runCli } from './helpers.js';
import { POSTGRES_OUTPUTS, staticPostgres } from './support/fixtures.js';

const workload = (name: string, resources: string) =>
  `apiVersion: paws.dev/v1\nmetadata: { name: ${name} }\ncontainers: { main: { image: acme/web } }\nresources:\n${resources}\n`;

/** Each case: files, and the error codes compile reports. */
const cases: [string, Record<string, string>, string[]][] = [
  [
    'an environment type no definition serves',
    {
      'paws.yaml': workload('api', '  db: { type: postgres }'),
      'platform/env.yaml':
        'apiVersion: paws.dev/v1\nkind: Environment\nmetadata: { name: qa }\nspec: { type: qa }\n',
    },
    ['PAWS3101'],
  ],
  [
    'a class no platform definition serves where built-ins do not apply',
    {
      'paws.yaml': workload('api', '  db: { type: postgres, class: huge }'),
      'platform/env.yaml':
        'apiVersion: paws.dev/v1\nkind: Environment\nmetadata: { name: qa }\nspec: { type: qa }\n',
      'platform/db.yaml': `apiVersion: paws.dev/v1
kind: ResourceDefinition
metadata: { name: qa-db }
spec:
  type: postgres
  classes: [small]
  driver: { kind: static }
  outputs: { host: db, port: 5432, name: a, database: a, username: a, password: { secretRef: { key: db } } }
`,
    },
    ['PAWS3101'],
  ],
  [
    'a shared resource with conflicting params',
    {
      'a/paws.yaml': workload('aa', '  db: { type: postgres, id: shared, params: { version: "16" } }'),
      'b/paws.yaml': workload('bb', '  db: { type: postgres, id: shared, params: { version: "15" } }'),
    },
    ['PAWS3103'],
  ],
  [
    'params against the type’s schema',
    { 'paws.yaml': workload('api', '  db: { type: postgres, params: { version: 16 } }') },
    ['PAWS3104'],
  ],
  [
    'a definition that misses an output',
    {
      'paws.yaml': workload('api', '  db: { type: postgres }'),
      'platform/db.yaml': staticPostgres('static-db', { host: 'db', port: '5432' }),
    },
    ['PAWS3301'],
  ],
  [
    'a secret written as a literal',
    {
      'paws.yaml': workload('api', '  db: { type: postgres }'),
      'platform/db.yaml': staticPostgres('static-db', { ...POSTGRES_OUTPUTS, password: 'pw' }),
    },
    ['PAWS3304'],
  ],
  [
    'a CronJob schedule',
    {
      'paws.yaml':
        'apiVersion: paws.dev/v1\nmetadata: { name: job }\ncontainers: { main: { image: acme/job } }\ncronJob: { schedule: "0 25 * * *" }\n',
    },
    ['PAWS2512'],
  ],
  [
    'a workload patch the environment does not allow',
    {
      'paws.yaml':
        'apiVersion: paws.dev/v1\nmetadata: { name: api }\ncontainers: { main: { image: acme/web } }\npatches: [{ select: { kind: Deployment }, mergePatch: { spec: { paused: true } } }]\n',
    },
    ['PAWS3009'],
  ],
  [
    'a platform patch that cannot apply',
    {
      'paws.yaml': workload('api', '  {}'),
      'platform/patch.yaml':
        'apiVersion: paws.dev/v1\nkind: Patch\nmetadata: { name: p }\nspec: { select: { kind: Deployment }, jsonPatch: [{ op: remove, path: /spec/nothing }] }\n',
    },
    ['PAWS4004'],
  ],
  [
    'a policy rule that denies',
    {
      'paws.yaml': workload('api', '  {}'),
      'platform/policy.yaml':
        'apiVersion: paws.dev/v1\nkind: Policy\nmetadata: { name: p }\nspec: { rules: [{ name: r, for: container, expression: "!container.latest", message: pin a tag }] }\n',
    },
    ['PAWS3601'],
  ],
];

const codes = (stderr: string) => [...stderr.matchAll(/error (PAWS\d{4})/g)].map((m) => m[1]);

describe('paws validate reports every error compile reports, and writes nothing', () => {
  it.each(cases)('%s', async (_name, files, expected) => {
    const host = createMemoryHost(files);
    const validate = await runCli(['validate'], { host });
    const compile = await runCli(['compile'], { host });
    expect(codes(compile.stderr)).toEqual(expected);
    expect(codes(validate.stderr)).toEqual(expected);
    expect(validate.exitCode).toBe(1);
    expect([...host.files.keys()].filter((f) => f.includes('/out/'))).toEqual([]);
  });

  it('--schema-only is the quick pass: it does not resolve', async () => {
    const host = createMemoryHost(cases[0]?.[1] ?? {});
    const quick = await runCli(['validate', '--schema-only'], { host });
    expect(quick.exitCode).toBe(0);
    expect(quick.stdout).toMatch(/^valid: 1 workload;/);
  });
});
