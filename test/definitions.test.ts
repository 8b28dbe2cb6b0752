import { describe, expect, it } from 'vitest';
import { checkDefinitions } from '../src/resolvers/check-definitions.js';
import { createMemoryHost, validate } from '../src/index.js';
import { brief, runCli } from './helpers.js';

const builtin = validate({ requireWorkloads: false }, createMemoryHost({})).project?.platform;
if (!builtin) throw new Error('the built-in catalog does not validate');

describe('built-in definitions render and keep their type contract', () => {
  const names = builtin.definitions.map((d) => d.name).sort();

  it('ships a definition for every type in development, and AWS ones for staging and production', () => {
    expect(names).toEqual([
      'paws-aws-amazonmq',
      'paws-aws-elasticache-redis',
      'paws-aws-rds-mysql',
      'paws-aws-rds-postgres',
      'paws-aws-route53',
      'paws-aws-s3',
      'paws-aws-sqs',
      'paws-dev-dns',
      'paws-dev-kafka-broker',
      'paws-dev-kafka-topic',
      'paws-dev-minio',
      'paws-dev-mongodb',
      'paws-dev-mssql',
      'paws-dev-mysql',
      'paws-dev-postgres',
      'paws-dev-rabbitmq',
      'paws-dev-redis',
      'paws-dev-sqs',
      'paws-route',
      'paws-service-port',
      'paws-volume',
    ]);
  });

  it.each(names)('%s', async (name) => {
    const definition = builtin.definitions.find((d) => d.name === name);
    const result = await checkDefinitions({ ...builtin, definitions: definition ? [definition] : [] });
    expect(result.diagnostics.map((d) => `${brief(d)} ${d.message}`)).toEqual([]);
    const rendered = result.rendered.get(name);
    const type = builtin.resourceTypes.get(definition?.spec.type ?? '');
    const required = (type?.spec.outputs as { required?: string[] }).required ?? [];
    expect(Object.keys(rendered?.outputs ?? {})).toEqual(expect.arrayContaining(required));
    const kind = definition?.spec.driver.kind;
    if (kind === 'kubernetes') expect(rendered?.fragment.kubernetes.length).toBeGreaterThan(0);
    if (kind === 'cdktf')
      expect(Object.keys(rendered?.fragment.terraform.resource ?? {}).length).toBeGreaterThan(0);
    for (const secret of Object.entries(
      (type?.spec.outputs as { properties?: Record<string, { 'x-paws-secret'?: boolean }> }).properties ?? {},
    )) {
      if (secret[1]['x-paws-secret'])
        expect(rendered?.outputs[secret[0]]?.kind, secret[0]).not.toBe('literal');
    }
  });
});

describe('paws definitions check', () => {
  const bad = `apiVersion: paws.dev/v1
kind: ResourceDefinition
metadata: { name: broken-redis }
spec:
  type: redis
  match: { environments: [nowhere] }
  driver: { kind: static }
  outputs:
    host: redis
    port: 6379
    password: hunter2
    db: 0
`;

  it('passes on the built-in catalog', async () => {
    const { exitCode, stdout } = await runCli(['definitions', 'check']);
    expect(exitCode).toBe(0);
    expect(stdout).toBe("21 definitions checked: every one renders and keeps its type's contract\n");
  });

  it('reports a missing output, an undeclared one and a secret written as a literal', async () => {
    const { exitCode, stderr } = await runCli(['definitions', 'check'], {
      files: { 'platform/redis.yaml': bad },
    });
    expect(exitCode).toBe(1);
    expect(stderr).toContain(
      'platform/redis.yaml:8:3: error PAWS3301: definition "broken-redis" does not produce the output "username"',
    );
    expect(stderr).toContain(
      'platform/redis.yaml:12:5: error PAWS3302: definition "broken-redis" produces output "db"',
    );
    expect(stderr).toContain(
      'platform/redis.yaml:11:5: error PAWS3304: output "password" of type "redis" is secret',
    );
  });
});
