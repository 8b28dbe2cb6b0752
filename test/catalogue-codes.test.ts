import { describe, expect, it } from 'vitest';
import { compile, createMemoryHost, type Diagnostic } from '../src/index.js';
import { runCli } from './helpers.js';

// Codes no other test produced: each at its position, with its message.
const brief = (d: Diagnostic) => `${d.code}@${d.file ?? ''}:${d.line ?? ''}:${d.column ?? ''} ${d.message}`;
const workload = (extra = '') =>
  `apiVersion: paws.dev/v1\nmetadata: { name: api }\ncontainers:\n  main:\n    image: acme/api:1\n${extra}`;

describe('codes of the catalogue, each produced', () => {
  it('PAWS3003: --env names an environment that is not defined', async () => {
    const result = await compile({ environments: ['prdo'] }, createMemoryHost({ 'paws.yaml': workload() }));
    expect(result.diagnostics.map(brief)).toEqual(['PAWS3003@:: environment "prdo" is not defined']);
    expect(result.diagnostics[0]?.hint).toBe('environments: dev');
  });

  it('PAWS3105: a ResourceType whose params are not a valid JSON Schema', async () => {
    const type = `apiVersion: paws.dev/v1
kind: ResourceType
metadata: { name: queue }
spec:
  params: { type: object, properties: { size: { type: integr } } }
  outputs: { type: object, properties: { url: { type: string } } }
`;
    const definition = `apiVersion: paws.dev/v1
kind: ResourceDefinition
metadata: { name: queue }
spec: { type: queue, driver: { kind: static }, outputs: { url: "https://queue" } }
`;
    const result = await compile(
      {},
      createMemoryHost({
        'platform/type.yaml': type,
        'platform/def.yaml': definition,
        'paws.yaml': workload('resources: { jobs: { type: queue, params: { size: 1 } } }\n'),
      }),
    );
    const found = result.diagnostics.filter((d) => d.code === 'PAWS3105');
    expect(found.map((d) => `${d.file}:${d.line}`)).toEqual(['platform/type.yaml:5']);
    expect(found[0]?.message).toContain('params schema of type "queue" is not a valid JSON Schema');
  });

  it('PAWS3404: a file mounted with source: that cannot be read', async () => {
    const result = await compile(
      {},
      createMemoryHost({
        'paws.yaml': workload('    files: { /etc/app.conf: { source: ./missing.conf } }\n'),
      }),
    );
    expect(result.diagnostics.map(brief)).toEqual([
      'PAWS3404@paws.yaml:6:39 file "/etc/app.conf" of container "main" has source "./missing.conf", which cannot be read',
    ]);
  });

  it('PAWS3307: a cdktf definition with no module', async () => {
    const run = await runCli(['definitions', 'check'], {
      files: {
        'platform/def.yaml': `apiVersion: paws.dev/v1
kind: ResourceDefinition
metadata: { name: cdk-redis }
spec:
  type: redis
  match: { environments: [nowhere] }
  driver: { kind: cdktf }
`,
      },
    });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('error PAWS3307: cdktf module of definition "cdk-redis": no module given');
  });
});
