import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compile, createMemoryHost } from '../src/index.js';
import { readTree } from './support/files.js';
import { runCli } from './helpers.js';

// A problem found in every environment is one problem: reported once, naming the environments.
const shopDir = fileURLToPath(new URL('../examples/shop', import.meta.url));
const image = ['--image', 'registry.example.com/shop/api:1.0.0'];

function shopWithConflict() {
  const tree = readTree(shopDir, ['out', 'node_modules', 'expected', 'cdktf.out']);
  const worker = tree['services/worker/paws.yaml'] as string;
  const edited = worker.replace(/(id: shop-db\n {4}params: \{ version: )"16"/, '$1"15"');
  expect(edited).not.toBe(worker);
  return createMemoryHost({ ...tree, 'services/worker/paws.yaml': edited });
}

describe('one diagnostic per problem', () => {
  it('a shared resource declared with different params is PAWS3103 once, in every environment it was found', async () => {
    const result = await compile({ image: image[1] as string }, shopWithConflict());
    const conflicts = result.diagnostics.filter((d) => d.code === 'PAWS3103');
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]?.environments).toEqual(['dev', 'pr-preview', 'prod', 'staging']);
    const run = await runCli(['validate', ...image], {
      host: shopWithConflict(),
      env: { GITHUB_ACTIONS: 'true' },
    });
    expect(run.stderr.match(/PAWS3103/g)).toHaveLength(1);
    expect(run.stderr).toContain('(in dev, pr-preview, prod, staging)');
    expect(run.stdout.match(/^::error .*PAWS3103/gm)).toHaveLength(1);
    const json = await runCli(['validate', '--format', 'json', ...image], { host: shopWithConflict() });
    const reported = JSON.parse(json.stdout).diagnostics.filter(
      (d: { code: string }) => d.code === 'PAWS3103',
    );
    expect(reported.map((d: { environments: string[] }) => d.environments)).toEqual([
      ['dev', 'pr-preview', 'prod', 'staging'],
    ]);
  });

  it('with one environment, none is named', async () => {
    const result = await compile({ image: image[1] as string, environments: ['prod'] }, shopWithConflict());
    const conflicts = result.diagnostics.filter((d) => d.code === 'PAWS3103');
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]?.environments).toBeUndefined();
  });
});
