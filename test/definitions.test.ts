import Ajv2020 from 'ajv/dist/2020.js';
import { PARAMS_AJV_OPTIONS } from '../src/resolvers/params.js';
import { describe, expect, it } from 'vitest';
import { checkDefinitions } from '../src/resolvers/check-definitions.js';
import { check, createMemoryHost } from '../src/index.js';
import { brief, runCli } from './helpers.js';

const builtin = check({ requireWorkloads: false }, createMemoryHost({})).project?.platform;
if (!builtin) throw new Error('the built-in catalog does not validate');

describe('built-in definitions render and keep their type contract', () => {
  const names = builtin.definitions.map((d) => d.name).sort();

  it('ships a definition for every type in development, and AWS ones for staging and production', () => {
    expect(names).toEqual([
      'paws-aws-amazonmq',
      'paws-aws-elasticache-redis',
      'paws-aws-opensearch',
      'paws-aws-rds-mysql',
      'paws-aws-rds-postgres',
      'paws-aws-route53',
      'paws-aws-s3',
      'paws-aws-sqs',
      'paws-dapr-subscription',
      'paws-dev-dapr-pubsub',
      'paws-dev-dapr-state-store',
      'paws-dev-dns',
      'paws-dev-elasticsearch',
      'paws-dev-gcp-pubsub-emulator',
      'paws-dev-kafka-broker',
      'paws-dev-kafka-topic',
      'paws-dev-llm-model',
      'paws-dev-minio',
      'paws-dev-mongodb',
      'paws-dev-mssql',
      'paws-dev-mysql',
      'paws-dev-postgres',
      'paws-dev-rabbitmq',
      'paws-dev-redis',
      'paws-dev-sqs',
      'paws-endpoint',
      'paws-environment',
      'paws-horizontal-pod-autoscaler',
      'paws-route',
      'paws-service',
      'paws-service-port',
      'paws-volume',
      'paws-workload-port',
    ]);
  });

  it.each(names)('%s', async (name) => {
    const definition = builtin.definitions.find((d) => d.name === name);
    // The definition alone, with those that serve what it requires.
    const needed = Object.values(definition?.spec.requires ?? {}).map((r) => r?.type);
    const serving = builtin.definitions.filter((d) => d !== definition && needed.includes(d.spec.type));
    const result = await checkDefinitions({
      ...builtin,
      definitions: definition ? [definition, ...serving] : [],
    });
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
    expect(stdout).toBe("33 definitions checked: every one renders and keeps its type's contract\n");
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

describe('definitions check: what compile would refuse later', () => {
  const type = `apiVersion: paws.dev/v1
kind: ResourceType
metadata: { name: thing }
spec:
  outputs: { type: object, properties: { id: { type: string } }, required: [id] }
`;
  const def = (spec: string) => `apiVersion: paws.dev/v1
kind: ResourceDefinition
metadata: { name: thing-tf }
spec:
  type: thing
${spec}
`;
  it.each([
    [
      'a requires that no definition serves',
      '  driver: { kind: static }\n  requires: { net: { type: aws-vpc } }\n  outputs: { id: x }',
      'PAWS3101',
      'requires "net" of type "aws-vpc" (class default), which no definition provides',
    ],
    [
      'a terraform driver with no template whose outputs refer to its own resource',
      '  driver: { kind: terraform }\n  outputs: { id: "${aws_sns_topic.{{resource.tfName}}.arn}" }',
      'PAWS3306',
      'which its driver declares nothing for (it has no template)',
    ],
    [
      'a data source the template does not declare (prefix and all)',
      '  driver: { kind: terraform, template: "data: { aws_region: { {{resource.tfName}}_other: {} } }" }\n  outputs: { id: "arn:${data.aws_region.{{resource.tfName}}_r.region}" }',
      'PAWS3306',
      'refer to "data.aws_region.thing_default_sample_sample_r"',
    ],
    [
      'a template that declares another block than the outputs refer to',
      '  driver: { kind: terraform, template: "resource: { aws_sqs_queue: { {{resource.tfName}}: { name: x } } }" }\n  outputs: { id: "${aws_sns_topic.{{resource.tfName}}.arn}" }',
      'PAWS3306',
      'which its driver does not declare',
    ],
  ])('%s', async (_name, spec, code, message) => {
    const host = createMemoryHost({ 'platform/type.yaml': type, 'platform/def.yaml': def(spec) });
    const run = await runCli(['definitions', 'check'], { host });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(`error ${code}`);
    expect(run.stderr).toContain(message);
  });
});

describe('built-in types', () => {
  // At run time their params schemas skip the meta-schema check (src/resolvers/params.ts): it is here.
  it.each([...(builtin?.resourceTypes.values() ?? [])].map((t) => [t.name, t] as const))(
    '%s: params and outputs are valid JSON Schema (draft 2020-12, strict)',
    (_name, type) => {
      const ajv = new Ajv2020.default({ ...PARAMS_AJV_OPTIONS });
      ajv.addKeyword({ keyword: 'x-paws-secret', schemaType: 'boolean' });
      expect(type.builtin).toBe(true);
      expect(ajv.validateSchema((type.spec.params ?? { type: 'object' }) as object)).toBe(true);
      expect(() => ajv.compile((type.spec.params ?? { type: 'object' }) as object)).not.toThrow();
      expect(ajv.validateSchema(type.spec.outputs as object), JSON.stringify(ajv.errors)).toBe(true);
    },
  );
});
