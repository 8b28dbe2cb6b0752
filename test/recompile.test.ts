import { describe, expect, it } from 'vitest';
import { createMemoryHost } from '../src/index.js';
import { runCli } from './helpers.js';

const workload = `apiVersion: paws.dev/v1
metadata: { name: api }
containers: { main: { image: acme/api } }
resources: { cache: { type: redis } }
`;
const platform = `apiVersion: paws.dev/v1
kind: Environment
metadata: { name: dev }
spec: {}
---
apiVersion: paws.dev/v1
kind: Environment
metadata: { name: qa }
spec: {}
`;

const manifest = (host: ReturnType<typeof createMemoryHost>) =>
  new TextDecoder().decode(host.files.get('/work/out/.paws-manifest.json'));

describe('a recompile of unchanged inputs does no work', () => {
  const fresh = () => createMemoryHost({ 'paws.yaml': workload, 'platform/envs.yaml': platform });

  it('says so, writes nothing, and keeps the manifest', async () => {
    const host = fresh();
    const first = await runCli(['compile'], { host });
    expect(first.stdout).toMatch(/^compiled 2 environments \(dev, qa\) into out: \d+ written/);
    const before = manifest(host);
    const second = await runCli(['compile'], { host });
    expect(second.exitCode).toBe(0);
    expect(second.stdout).toMatch(
      /^compiled 2 environments \(dev, qa\) into out: 0 written, 0 removed, \d+ unchanged \(inputs unchanged since the last compile\)\n$/,
    );
    expect(manifest(host)).toBe(before);
    const json = JSON.parse((await runCli(['compile', '--format', 'json'], { host })).stdout);
    expect(json).toMatchObject({ ok: true, written: [], inputsUnchanged: true });
    // One environment of the two: also unchanged.
    expect((await runCli(['compile', '--env', 'qa'], { host })).stdout).toContain('(inputs unchanged');
  });

  it.each([
    [
      'a changed workload',
      (h: ReturnType<typeof createMemoryHost>) =>
        h.files.set('/work/paws.yaml', new TextEncoder().encode(workload.replace('acme/api', 'acme/api:2'))),
    ],
    [
      'a changed platform file',
      (h: ReturnType<typeof createMemoryHost>) =>
        h.files.set('/work/platform/envs.yaml', new TextEncoder().encode(`${platform}  # note\n`)),
    ],
    [
      'a new workload',
      (h: ReturnType<typeof createMemoryHost>) =>
        h.files.set(
          '/work/web/paws.yaml',
          new TextEncoder().encode(workload.replace('name: api', 'name: web')),
        ),
    ],
    [
      'an output file deleted by hand',
      (h: ReturnType<typeof createMemoryHost>) =>
        h.files.delete('/work/out/dev/kubernetes/api/manifests.yaml'),
    ],
  ])('compiles again after %s', async (_name, change) => {
    const host = fresh();
    await runCli(['compile'], { host });
    change(host);
    const again = await runCli(['compile'], { host });
    expect(again.exitCode).toBe(0);
    expect(again.stdout).not.toContain('inputs unchanged');
    expect(new TextDecoder().decode(host.files.get('/work/out/dev/kubernetes/api/manifests.yaml'))).toContain(
      'kind: Deployment',
    );
  });

  it('compiles again with another --image, with --force, and when an environment is gone', async () => {
    const host = fresh();
    await runCli(['compile', '--image', 'x'], { host });
    expect((await runCli(['compile', '--image', 'y'], { host })).stdout).not.toContain('inputs unchanged');
    expect((await runCli(['compile', '--image', 'y', '--force'], { host })).stdout).not.toContain(
      'inputs unchanged',
    );
    host.files.set('/work/platform/envs.yaml', new TextEncoder().encode(platform.split('---')[0] as string));
    const gone = await runCli(['compile', '--image', 'y'], { host });
    expect(gone.stderr).toContain('PAWS5005');
  });

  it('never skips a project with a cdktf definition (its module imports code paws does not read)', async () => {
    const host = createMemoryHost({
      'paws.yaml': workload,
      'platform/envs.yaml': `${platform}---
apiVersion: paws.dev/v1
kind: ResourceDefinition
metadata: { name: cdk-redis }
spec: { type: redis, match: { environments: [none-of-these] }, driver: { kind: cdktf, module: ./redis.mjs } }
`,
    });
    await runCli(['compile'], { host });
    expect((await runCli(['compile'], { host })).stdout).not.toContain('inputs unchanged');
  });
});

describe('paws diff against the output folder of unchanged inputs', () => {
  it('says no change without compiling, and still sees a file edited by hand', async () => {
    const host = createMemoryHost({ 'paws.yaml': workload, 'platform/envs.yaml': platform });
    await runCli(['compile'], { host });
    const same = await runCli(['diff'], { host });
    expect(same.exitCode).toBe(0);
    expect(same.stderr).toBe('no change against out\n');
    const json = JSON.parse((await runCli(['diff', '--format', 'json'], { host })).stdout);
    expect(json).toMatchObject({ ok: true, changed: false, files: [] });
    host.files.set('/work/out/qa/kubernetes/api/manifests.yaml', new TextEncoder().encode('edited\n'));
    const edited = await runCli(['diff'], { host });
    expect(edited.exitCode).toBe(2);
    expect(edited.stdout).toContain('qa/kubernetes/api/manifests.yaml');
  });
});
