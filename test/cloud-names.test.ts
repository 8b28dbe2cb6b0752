import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cloudName } from '../src/util/cloud-name.js';
import { compile, createMemoryHost } from '../src/index.js';
import { environmentTerraform } from './support/terraform.js';

// Physical cloud names never collide: between environments whose names share a long prefix, between
// companies (global S3 names take the platform's prefix), and none a cloud refuses.
const PHYSICAL: Record<string, { argument: string; max: number }> = {
  aws_db_instance: { argument: 'identifier', max: 63 },
  aws_elasticache_replication_group: { argument: 'replication_group_id', max: 40 },
  aws_s3_bucket: { argument: 'bucket', max: 63 },
  aws_sqs_queue: { argument: 'name', max: 80 },
  aws_mq_broker: { argument: 'broker_name', max: 50 },
  aws_opensearch_domain: { argument: 'domain_name', max: 28 },
};
const environment = (name: string, extra = '') => `apiVersion: paws.dev/v1
kind: Environment
metadata: { name: ${name} }
spec:
  type: staging
  kubernetes: { namespace: "{{workload}}-{{environment}}" }
  terraform: { providers: { aws: { region: eu-west-1 } }, backend: { s3: { bucket: tf, key: "{{environment}}/{{module}}.tfstate" } } }
${extra}`;
const workload = `apiVersion: paws.dev/v1
metadata: { name: search-api }
containers: { main: { image: nginxinc/nginx-unprivileged:1.27 } }
resources:
  db: { type: postgres }
  cache: { type: redis }
  assets: { type: s3 }
  queue: { type: sqs }
  broker: { type: amqp }
  search: { type: elasticsearch }
`;

async function physicalNames(environments: string) {
  const result = await compile(
    {},
    createMemoryHost({ 'platform/envs.yaml': environments, 'paws.yaml': workload }),
  );
  return result;
}

function namesOf(files: Parameters<typeof environmentTerraform>[0], env: string): Map<string, string> {
  const tf = environmentTerraform(files, env);
  const names = new Map<string, string>();
  for (const [type, { argument }] of Object.entries(PHYSICAL))
    for (const [name, body] of Object.entries(
      (tf?.resource?.[type] ?? {}) as Record<string, Record<string, string>>,
    ))
      names.set(`${type}.${name}`, body[argument] as string);
  return names;
}

describe('cloud names', () => {
  it('two environments whose names share a 40-character prefix get different names of every built-in type, each within its limit', async () => {
    const a = 'pr-1234-improve-search-ranking-for-shops-a';
    const b = 'pr-1234-improve-search-ranking-for-shops-b';
    const result = await physicalNames(`${environment(a)}---\n${environment(b)}`);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const first = namesOf(result.files, a);
    const second = namesOf(result.files, b);
    expect(first.size).toBe(Object.keys(PHYSICAL).length);
    for (const [address, name] of first) {
      const type = address.split('.')[0] as string;
      expect(name.length, address).toBeLessThanOrEqual(PHYSICAL[type]?.max as number);
      expect(second.get(address), address).not.toBe(name);
      expect(name, address).toMatch(/^[a-z]/);
    }
  });

  it('a name that fits is kept as it was, to the last character the limit allows', () => {
    expect(cloudName('staging', 'redis-api-cache-c7f217', 40)).toBe('staging-redis-api-cache-c7f217');
    expect(cloudName('prod', 'orders-db', 14)).toBe('prod-orders-db');
  });

  it('a cut name keeps its start, drops the dashes the cut leaves, and ends in the hash of environment and resource', () => {
    const hash = (environment: string, base: string) =>
      createHash('sha256').update(`${environment}\0${base}`).digest('hex').slice(0, 6);
    expect(cloudName('prod', 'orders-db', 13)).toBe(`prod-o-${hash('prod', 'orders-db')}`);
    // Cut at 7 characters: "prod-or", then the hash.
    expect(cloudName('prod', 'orders---x', 14)).toBe(`prod-or-${hash('prod', 'orders---x')}`);
    // The cut lands after "prod-ab--": the dashes go, never doubled before the hash.
    expect(cloudName('prod', 'ab---cdefghij', 16)).toBe(`prod-ab-${hash('prod', 'ab---cdefghij')}`);
    expect(cloudName('prod', 'orders-db', 13, 'other')).toBe(`prod-o-${hash('prod', 'other')}`);
  });

  it('S3 buckets take the platform’s cloudNamePrefix; without one, PAWS3010 warns', async () => {
    const withPrefix = await physicalNames(environment('staging', '  cloudNamePrefix: acme\n'));
    expect(namesOf(withPrefix.files, 'staging').get('aws_s3_bucket.s3_default_search-api_assets')).toMatch(
      /^acme-staging-/,
    );
    expect(withPrefix.diagnostics.map((d) => d.code)).not.toContain('PAWS3010');
    const without = await physicalNames(environment('staging'));
    expect(without.diagnostics.filter((d) => d.code === 'PAWS3010').map((d) => d.severity)).toEqual([
      'warning',
    ]);
  });

  it('an environment whose name starts with a digit is PAWS3011 at its name', async () => {
    const result = await physicalNames(environment('1-staging'));
    expect(result.diagnostics.filter((d) => d.code === 'PAWS3011').map((d) => `${d.file}:${d.line}`)).toEqual(
      ['platform/envs.yaml:3'],
    );
  });
});
