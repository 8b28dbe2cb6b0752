import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createMemoryHost } from '../src/index.js';
import { readTree } from './support/files.js';
import { runCli } from './helpers.js';

// A monorepo whose pipelines compile per service: a compile given paths writes the workloads it
// names and leaves every other one exactly as it was (never pruned, never torn down).
const shopDir = fileURLToPath(new URL('../examples/shop', import.meta.url));
const image = ['--image', 'registry.example.com/shop/api:1.0.0'];

function shop() {
  const tree = readTree(shopDir, ['out', 'node_modules', 'expected', 'cdktf.out']);
  return createMemoryHost(tree);
}

const outputOf = (host: ReturnType<typeof createMemoryHost>) =>
  new Map(
    [...host.files]
      .filter(([p]) => p.startsWith('/work/out/'))
      .map(([p, v]) => [p.slice('/work/out/'.length), new TextDecoder().decode(v)]),
  );
const edit = (host: ReturnType<typeof createMemoryHost>, file: string, from: string | RegExp, to: string) => {
  const text = new TextDecoder().decode(host.files.get(`/work/${file}`));
  const next = text.replace(from, to);
  expect(next).not.toBe(text);
  host.files.set(`/work/${file}`, new TextEncoder().encode(next));
};
const changed = (before: Map<string, string>, after: Map<string, string>) =>
  [...new Set([...before.keys(), ...after.keys()])].filter((p) => before.get(p) !== after.get(p)).sort();

describe('paws compile <paths> writes only the workloads it names', () => {
  it('compile services/worker --env prod: every other workload byte-identical, no teardown, no warning', async () => {
    const host = shop();
    expect((await runCli(['compile', ...image], { host })).exitCode).toBe(0);
    const before = outputOf(host);
    const run = await runCli(['compile', 'services/worker', '--env', 'prod', ...image], { host });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).not.toContain('PAWS5005');
    const after = outputOf(host);
    expect(changed(before, after).filter((p) => p !== '.paws-manifest.json')).toEqual([]);
  });

  it('edits to other workloads are not written by a compile of one; its own edits are', async () => {
    const host = shop();
    expect((await runCli(['compile', ...image], { host })).exitCode).toBe(0);
    const before = outputOf(host);
    edit(host, 'services/web/paws.yaml', /name: web\n/, 'name: web\n  annotations: { note: changed }\n');
    edit(
      host,
      'services/worker/paws.yaml',
      /name: worker\n/,
      'name: worker\n  annotations: { note: changed }\n',
    );
    const run = await runCli(['compile', 'services/worker', ...image], { host });
    expect(run.exitCode).toBe(0);
    const files = changed(before, outputOf(host)).filter((p) => p !== '.paws-manifest.json');
    expect(files.length).toBeGreaterThan(0);
    expect(
      files.every((p) => /^[a-z-]+\/kubernetes\/worker\//.test(p)),
      files.join('\n'),
    ).toBe(true);
  });

  it('paws compile . in services/api changes no other workload', async () => {
    const host = shop();
    expect((await runCli(['compile', ...image], { host })).exitCode).toBe(0);
    const before = outputOf(host);
    const api = Object.create(host, { cwd: { value: () => '/work/services/api' } });
    const run = await runCli(['compile', '.', ...image], { host: api });
    expect(run.exitCode).toBe(0);
    expect(changed(before, outputOf(host)).filter((p) => p !== '.paws-manifest.json')).toEqual([]);
  });

  it('a workload the output does not hold yet is not added by a compile of another', async () => {
    const host = shop();
    expect((await runCli(['compile', ...image], { host })).exitCode).toBe(0);
    host.files.set(
      '/work/services/extra/paws.yaml',
      new TextEncoder().encode(
        'apiVersion: paws.dev/v1\nmetadata: { name: extra }\ncontainers: { main: { image: "." } }\n',
      ),
    );
    const run = await runCli(['compile', 'services/worker', ...image], { host });
    expect(run.exitCode).toBe(0);
    expect([...outputOf(host).keys()].some((p) => p.includes('extra'))).toBe(false);
  });

  it('a workload whose spec is gone is not removed by a compile of another (PAWS5010)', async () => {
    const host = shop();
    expect((await runCli(['compile', ...image], { host })).exitCode).toBe(0);
    const before = outputOf(host);
    host.files.delete('/work/services/web/paws.yaml');
    const run = await runCli(['compile', 'services/worker', ...image], { host });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('PAWS5010');
    expect(run.stderr).toContain('workload "web"');
    expect(changed(before, outputOf(host))).toEqual([]);
  });

  it('each service its own image, one compile per service', async () => {
    const host = shop();
    expect((await runCli(['compile', ...image], { host })).exitCode).toBe(0);
    const run = await runCli(
      ['compile', 'services/api', '--image', 'api=registry.example.com/shop/api:2.0.0'],
      { host },
    );
    expect(run.exitCode).toBe(0);
    expect(outputOf(host).get('prod/kubernetes/api/manifests.yaml')).toContain('shop/api:2.0.0');
  });
});

describe('paws diff <paths> compares only the workloads it names', () => {
  it('no deletion of other workloads; their edits are not shown; its own are', async () => {
    const host = shop();
    expect((await runCli(['compile', ...image], { host })).exitCode).toBe(0);
    edit(host, 'services/web/paws.yaml', /name: web\n/, 'name: web\n  annotations: { note: changed }\n');
    const quiet = await runCli(['diff', 'services/worker', '--format', 'json', ...image], { host });
    expect(quiet.exitCode).toBe(0);
    edit(
      host,
      'services/worker/paws.yaml',
      /name: worker\n/,
      'name: worker\n  annotations: { note: changed }\n',
    );
    const run = await runCli(['diff', 'services/worker', '--format', 'json', ...image], { host });
    expect(run.exitCode).toBe(2);
    const report = JSON.parse(run.stdout) as { files: { path: string; status: string }[] };
    expect(report.files.length).toBeGreaterThan(0);
    expect(
      report.files.every((c) => /^[a-z-]+\/kubernetes\/worker\//.test(c.path) && c.status === 'changed'),
    ).toBe(true);
  });
});
