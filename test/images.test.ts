import { describe, expect, it } from 'vitest';
import { createMemoryHost } from '../src/index.js';
import { splitImageFlags } from '../src/cli/images.js';
import { runCli } from './helpers.js';
import { objectIn } from './support/manifests.js';

// A monorepo's CI builds an image per service: each workload's `image: "."` gets its own.
const built = (name: string) =>
  `apiVersion: paws.dev/v1\nmetadata: { name: ${name} }\ncontainers: { main: { image: "." } }\n`;
const files = { 'api/paws.yaml': built('api'), 'worker/paws.yaml': built('worker') };

async function imagesAfter(argv: string[], extra: Record<string, string> = {}) {
  const host = createMemoryHost({ ...files, ...extra });
  const run = await runCli(['compile', '--format', 'json', ...argv], { host });
  const read = (w: string) => {
    const content = host.files.get(`/work/out/dev/kubernetes/${w}/manifests.yaml`);
    if (!content) return undefined;
    const deployment = objectIn(
      [{ path: `dev/kubernetes/${w}/manifests.yaml`, content: new TextDecoder().decode(content) }],
      `dev/kubernetes/${w}`,
      'Deployment',
    );
    return deployment?.spec.template.spec.containers[0].image as string | undefined;
  };
  return { run, api: read('api'), worker: read('worker') };
}

describe('an image per workload', () => {
  it('--image api=… --image worker=…: each its own', async () => {
    const { run, api, worker } = await imagesAfter([
      '--image',
      'api=reg/api:1',
      '--image',
      'worker=reg/worker:2',
    ]);
    expect(run.exitCode).toBe(0);
    expect([api, worker]).toEqual(['reg/api:1', 'reg/worker:2']);
  });

  it('a bare --image stands for every other workload', async () => {
    const { api, worker } = await imagesAfter(['--image', 'reg/all:3', '--image', 'worker=reg/worker:2']);
    expect([api, worker]).toEqual(['reg/all:3', 'reg/worker:2']);
  });

  it('--images FILE (YAML or JSON), overridden by --image', async () => {
    const { api, worker } = await imagesAfter(['--images', 'images.yaml', '--image', 'api=reg/api:9'], {
      'images.yaml': 'api: reg/api:1\nworker: reg/worker:2\n',
    });
    expect([api, worker]).toEqual(['reg/api:9', 'reg/worker:2']);
  });

  it('a workload left without an image is PAWS2501, naming how to give one', async () => {
    const { run } = await imagesAfter(['--image', 'api=reg/api:1']);
    expect(run.exitCode).toBe(1);
    const diagnostics = JSON.parse(run.stdout).diagnostics as { code: string; file: string; hint: string }[];
    expect(diagnostics.map((d) => `${d.code} ${d.file}`)).toEqual(['PAWS2501 worker/paws.yaml']);
    expect(diagnostics[0]?.hint).toContain('--image worker=');
  });

  it('an unknown workload name is PAWS2202 with "did you mean"', async () => {
    const { run } = await imagesAfter(['--image', 'api=reg/api:1', '--image', 'wroker=reg/worker:2']);
    expect(run.exitCode).toBe(1);
    const diagnostics = JSON.parse(run.stdout).diagnostics as { code: string; message: string }[];
    expect(diagnostics.map((d) => d.code)).toContain('PAWS2202');
    expect(diagnostics.find((d) => d.code === 'PAWS2202')?.message).toContain('did you mean "worker"');
  });

  it.each([
    [['api=a', 'api=b'], 'twice for workload "api"'],
    [['a', 'b'], 'twice for every workload'],
    [['=x'], 'is not <workload>=<image>'],
  ])('flags %j are refused: %s', (values, message) => {
    expect(splitImageFlags(values)).toEqual({ error: expect.stringContaining(message) });
  });

  it('an unreadable or malformed --images file is an error, not a stack trace', async () => {
    const missing = await imagesAfter(['--images', 'nope.yaml']);
    expect(missing.run.exitCode).toBe(1);
    expect(missing.run.stderr).toContain('--images nope.yaml: cannot read it');
    const list = await imagesAfter(['--images', 'images.yaml'], { 'images.yaml': '- a\n' });
    expect(list.run.stderr).toContain('must map workload names to images');
  });
});
