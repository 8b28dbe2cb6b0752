import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile, createMemoryHost } from '../src/index.js';

/** Extracted from @cdktf/provider-aws by scripts/extract-aws-schema.mjs (its version is in `source`). */
const schema = JSON.parse(
  readFileSync(new URL('./data/aws-provider-schema.json', import.meta.url), 'utf8'),
) as {
  source: string;
  blocks: Record<string, Block>;
};
type Field = { required: boolean; kind: string; nesting?: 'list' | 'single'; block?: Block };
type Block = Record<string, Field>;

const META_ARGUMENTS = new Set(['depends_on', 'count', 'for_each', 'provider', 'lifecycle']);

/** Every problem of one block's arguments against the schema, with its path. */
function check(value: Record<string, unknown>, block: Block, at: string): string[] {
  const problems: string[] = [];
  for (const [name, field] of Object.entries(block))
    if (field.required && !(name in value)) problems.push(`${at}: required argument "${name}" is missing`);
  for (const [name, arg] of Object.entries(value)) {
    const field = block[name];
    if (!field) {
      if (!META_ARGUMENTS.has(name)) problems.push(`${at}: "${name}" is not an argument of this block`);
      continue;
    }
    if (name.endsWith('_wo') && block[`${name}_version`] && !(`${name}_version` in value))
      problems.push(`${at}: write-only "${name}" without "${name}_version"`);
    if (field.kind === 'block') {
      // Terraform JSON takes a nested block as an object or a list of objects.
      const items = Array.isArray(arg) ? arg : [arg];
      if (!items.every((i) => i && typeof i === 'object' && !Array.isArray(i)))
        problems.push(`${at}.${name}: a nested block is an object or a list of objects`);
      else if (field.block)
        items.forEach((item, i) =>
          problems.push(
            ...check(item as Record<string, unknown>, field.block as Block, `${at}.${name}[${i}]`),
          ),
        );
    } else if (arg && typeof arg === 'object' && !Array.isArray(arg) && field.kind !== 'map')
      problems.push(`${at}.${name}: "${name}" is an argument (${field.kind}), not a block`);
  }
  return problems;
}

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
  it(`every argument, required argument, nested block and write-only pair (${schema.source})`, async () => {
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
          const block = schema.blocks[`${section}.${type}`];
          if (!block) {
            problems.push(
              `${section}.${type}: not in the extracted schema (run node scripts/extract-aws-schema.mjs)`,
            );
            continue;
          }
          checked.add(`${section}.${type}`);
          for (const [name, value] of Object.entries(blocks))
            problems.push(...check(value, block, `${file.path} ${section}.${type}.${name}`));
        }
    }
    expect(problems).toEqual([]);
    // Every block type the extraction knows was emitted and checked here.
    expect([...checked].sort()).toEqual(Object.keys(schema.blocks).sort());
  });

  it('the check finds what it is for', () => {
    const block = schema.blocks['resource.aws_db_instance'] as Block;
    expect(check({ engine: 'postgres', instanc_class: 'x', password_wo: 'p' }, block, 'db')).toEqual([
      'db: required argument "instance_class" is missing',
      'db: "instanc_class" is not an argument of this block',
      'db: write-only "password_wo" without "password_wo_version"',
    ]);
    const encryption = schema.blocks['resource.aws_s3_bucket_server_side_encryption_configuration'] as Block;
    expect(
      check(
        { bucket: 'b', rule: [{ apply_server_side_encryption_by_default: 'AES256' }] },
        encryption,
        'enc',
      ),
    ).toEqual([
      'enc.rule[0].apply_server_side_encryption_by_default: a nested block is an object or a list of objects',
    ]);
  });
});
