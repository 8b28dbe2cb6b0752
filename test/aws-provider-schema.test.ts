import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile, createMemoryHost } from '../src/index.js';
import { terraformBlockProblems, terraformSchemaSource } from '../src/compiler/terraform-schemas.js';

const workload = `apiVersion: paws.dev/v1
metadata: { name: api }
containers: { main: { image: acme/api } }
service: { ports: { web: { port: 80 } } }
resources:
  db: { type: postgres }
  my: { type: mysql }
  cache: { type: redis }
  files: { type: s3, params: { bucket: uploads } }
  mq: { type: amqp }
  jobs: { type: sqs, params: { fifo: true } }
  dns: { type: dns }
  search: { type: elasticsearch }
`;
const environments = ['staging', 'production']
  .map(
    (type) => `apiVersion: paws.dev/v1
kind: Environment
metadata: { name: ${type === 'production' ? 'prod' : 'staging'} }
spec:
  type: ${type}
  argocd: { repoURL: https://git.example.com/deploy.git }
  dns: { zone: example.com, target: gw.example.com }
`,
  )
  .join('---\n');

describe('the AWS blocks paws emits pass the AWS provider’s schema', () => {
  it(`every argument, required argument, nested block and write-only pair (${terraformSchemaSource()})`, async () => {
    const result = await compile(
      {},
      createMemoryHost({ 'paws.yaml': workload, 'platform/environments.yaml': environments }),
    );
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const problems: string[] = [];
    const checked = new Set<string>();
    for (const file of result.files.filter((f) => f.path.endsWith('main.tf.json'))) {
      const module = JSON.parse(file.content) as Record<
        string,
        Record<string, Record<string, Record<string, unknown>>>
      >;
      for (const section of ['resource', 'data'])
        for (const [type, blocks] of Object.entries(module[section] ?? {})) {
          if (!type.startsWith('aws_')) continue;
          for (const [name, value] of Object.entries(blocks)) {
            const found = terraformBlockProblems(
              section as 'resource' | 'data',
              type,
              value,
              `${file.path} ${section}.${type}.${name}`,
            );
            if (found === undefined)
              problems.push(
                `${section}.${type}: not in the extracted schema (run node scripts/extract-aws-schema.mjs)`,
              );
            else problems.push(...found);
          }
          checked.add(`${section}.${type}`);
        }
    }
    expect(problems).toEqual([]);
    // Every block type the extraction knows was emitted and checked here.
    const known = Object.keys(
      (
        JSON.parse(readFileSync(new URL('../spec/upstream/terraform-aws.json', import.meta.url), 'utf8')) as {
          blocks: object;
        }
      ).blocks,
    );
    expect([...checked].sort()).toEqual(known.sort());
  });

  it('the check finds what it is for', () => {
    expect(
      terraformBlockProblems(
        'resource',
        'aws_db_instance',
        { engine: 'postgres', instanc_class: 'x', password_wo: 'p' },
        'db',
      ),
    ).toEqual([
      'db: required argument "instance_class" is missing',
      'db: "instanc_class" is not an argument of this block',
      'db: write-only "password_wo" without "password_wo_version"',
    ]);
    expect(
      terraformBlockProblems(
        'resource',
        'aws_s3_bucket_server_side_encryption_configuration',
        { bucket: 'b', rule: [{ apply_server_side_encryption_by_default: 'AES256' }] },
        'enc',
      ),
    ).toEqual([
      'enc.rule[0].apply_server_side_encryption_by_default: a nested block is an object or a list of objects',
    ]);
  });
});
