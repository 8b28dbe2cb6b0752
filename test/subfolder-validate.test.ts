import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createMemoryHost } from '../src/index.js';
import { readTree } from './support/files.js';
import { runCli } from './helpers.js';

// validate, plan and explain from a subfolder (or given paths) check the workloads there with the
// workloads they reach, as compile sees them, and report what concerns the selected ones.
const shopDir = fileURLToPath(new URL('../examples/shop', import.meta.url));
const image = ['--image', 'registry.example.com/shop/api:1.0.0'];

/** The shop, with the working directory in one of its folders. */
function shopIn(dir: string) {
  const host = createMemoryHost(readTree(shopDir, ['out', 'node_modules', 'expected', 'cdktf.out']));
  return { host: Object.create(host, { cwd: { value: () => dir } }) as typeof host };
}

describe('validate from a subfolder sees the workloads it refers to', () => {
  it('examples/shop/services/web validates (its service-port names api, in another folder)', async () => {
    const { host } = shopIn('/work/services/web');
    const run = await runCli(['validate', ...image], { host });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const plan = await runCli(['plan', '--env', 'dev', ...image], { host });
    expect(plan.exitCode).toBe(0);
  });

  it('the same with the file given from the root', async () => {
    const { host } = shopIn('/work');
    const run = await runCli(['validate', 'services/web/paws.yaml', ...image], { host });
    expect(run.exitCode).toBe(0);
  });

  it('a conflict across workloads (one shared id, different params) is seen in either folder, as compile sees it', async () => {
    const worker = (name: string, version: string) =>
      `apiVersion: paws.dev/v1\nmetadata: { name: ${name} }\ncontainers: { main: { image: nginxinc/nginx-unprivileged:1.27 } }\nresources:\n  db: { type: postgres, id: shared-db, params: { version: "${version}" } }\n`;
    // The project is the git work tree the folders are in.
    const files = {
      '.git/HEAD': 'ref: refs/heads/main\n',
      'a/paws.yaml': worker('alpha', '16'),
      'b/paws.yaml': worker('beta', '15'),
    };
    for (const dir of ['/work/a', '/work/b']) {
      const host = Object.create(createMemoryHost(files), { cwd: { value: () => dir } });
      const validate = await runCli(['validate', '--format', 'json'], { host });
      const compile = await runCli(['compile', '--format', 'json'], { host });
      expect(compile.exitCode, dir).toBe(1);
      expect(validate.exitCode, dir).toBe(1);
      expect(JSON.parse(validate.stdout).diagnostics.map((d: { code: string }) => d.code)).toContain(
        'PAWS3103',
      );
    }
  });

  it('an error in a workload the selected one reaches is not reported against it', async () => {
    const files = {
      '.git/HEAD': 'ref: refs/heads/main\n',
      'web/paws.yaml': `apiVersion: paws.dev/v1\nmetadata: { name: web }\ncontainers: { main: { image: nginxinc/nginx-unprivileged:1.27 } }\nresources:\n  api: { type: service-port, params: { workload: api, port: http } }\n`,
      'api/paws.yaml': `apiVersion: paws.dev/v1\nmetadata: { name: api }\nservice: { ports: { http: { port: 80, targetPort: 8080 } } }\ncontainers: { main: { image: "." } }\n`,
    };
    const host = Object.create(createMemoryHost(files), { cwd: { value: () => '/work/web' } });
    const run = await runCli(['validate'], { host });
    // api has image "." and no --image: its own problem, not web's.
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
  });
});
