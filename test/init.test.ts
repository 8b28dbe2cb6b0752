import { describe, expect, it } from 'vitest';
import { createMemoryHost } from '../src/index.js';
import { runCli } from './helpers.js';

describe('paws init', () => {
  it('scaffolds a paws.yaml with the schema modeline that validates and compiles', async () => {
    const host = createMemoryHost({}, { cwd: '/work/orders-api' });
    const init = await runCli(['init'], { host });
    expect(init.exitCode).toBe(0);
    expect(init.stdout).toContain('created paws.yaml');
    const text = new TextDecoder().decode(host.files.get('/work/orders-api/paws.yaml'));
    // No paws-compiler in a node_modules above: the schema of the paws that runs.
    expect(text.split('\n')[0]).toMatch(
      /^# yaml-language-server: \$schema=(\.\.\/)+.*spec\/workload\.schema\.json$/,
    );
    expect(text).toContain('name: orders-api');
    expect((await runCli(['validate', '--image', 'x:1'], { host })).exitCode).toBe(0);
    expect((await runCli(['compile', '--image', 'x:1'], { host })).exitCode).toBe(0);
  });

  it('with --platform adds environments that compile, including Terraform for staging and prod', async () => {
    const host = createMemoryHost({}, { cwd: '/work/shop' });
    expect((await runCli(['init', '--platform', '--name', 'api'], { host })).exitCode).toBe(0);
    const compiled = await runCli(['compile', '--image', 'x:1'], { host });
    expect(compiled.stderr).toBe(
      'note: the output needs External Secrets Operator serving external-secrets.io/v1, its Password generator (generators.external-secrets.io), Argo CD (see "Cluster prerequisites" in the README)\n',
    );
    expect(compiled.stdout).toContain('compiled 3 environments (dev, prod, staging)');
    expect(host.files.has('/work/shop/out/prod/terraform/api/main.tf.json')).toBe(true);
    expect(host.files.has('/work/shop/out/prod/terraform/order.json')).toBe(true);
  });

  it("points the modeline at the project's installed paws from any subfolder", async () => {
    const host = createMemoryHost(
      {
        '/work/node_modules/paws-compiler/spec/workload.schema.json': '{}',
        '/work/node_modules/paws-compiler/spec/environment.schema.json': '{}',
      },
      { cwd: '/work/services/orders' },
    );
    expect((await runCli(['init', '--platform'], { host })).exitCode).toBe(0);
    const first = (file: string) => new TextDecoder().decode(host.files.get(file)).split('\n')[0];
    expect(first('/work/services/orders/paws.yaml')).toBe(
      '# yaml-language-server: $schema=../../node_modules/paws-compiler/spec/workload.schema.json',
    );
    expect(first('/work/services/orders/platform/environments.yaml')).toBe(
      '# yaml-language-server: $schema=../../../node_modules/paws-compiler/spec/environment.schema.json',
    );
  });

  it('refuses to overwrite', async () => {
    const host = createMemoryHost({ 'paws.yaml': 'mine' });
    const { exitCode, stderr } = await runCli(['init'], { host });
    expect(exitCode).toBe(1);
    expect(stderr).toContain('paws.yaml already exists; paws init does not overwrite');
    expect(new TextDecoder().decode(host.files.get('/work/paws.yaml'))).toBe('mine');
  });
});
