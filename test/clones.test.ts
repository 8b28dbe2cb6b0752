import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createMemoryHost } from '../src/index.js';
import { readTree } from './support/files.js';
import { runCli } from './helpers.js';

// A preview environment (pr-7, cloned from staging) follows its base: a compile of every environment
// compiles it again, a diff shows it stale, and a clone whose base is gone is reported.
const shopDir = fileURLToPath(new URL('../examples/shop', import.meta.url));
const image = ['--image', 'registry.example.com/shop/api:1.0.0'];
const ENVIRONMENTS = '/work/platform/environments.yaml';

function shopWithPreview() {
  return createMemoryHost(readTree(shopDir, ['out', 'node_modules', 'expected', 'cdktf.out']));
}
const read = (host: ReturnType<typeof createMemoryHost>, file: string) =>
  new TextDecoder().decode(host.files.get(file));
const editEnvironments = (host: ReturnType<typeof createMemoryHost>, from: RegExp, to: string) => {
  const text = read(host, ENVIRONMENTS);
  const next = text.replace(from, to);
  expect(next).not.toBe(text);
  host.files.set(ENVIRONMENTS, new TextEncoder().encode(next));
};

async function compiledWithClone() {
  const host = shopWithPreview();
  expect((await runCli(['compile', ...image], { host })).exitCode).toBe(0);
  expect(
    (await runCli(['compile', '--env', 'pr-7', '--extends', 'staging', ...image], { host })).exitCode,
  ).toBe(0);
  return host;
}

describe('ephemeral clones follow their base', () => {
  it('after its base changes, paws diff shows the clone stale (exit 2) and paws compile brings it along', async () => {
    const host = await compiledWithClone();
    const before = read(host, '/work/out/pr-7/kubernetes/api/manifests.yaml');
    editEnvironments(host, /(metadata: \{ name: staging \}\nspec:\n)/, '$1  defaults: { replicas: 5 }\n');
    const diff = await runCli(['diff', '--format', 'json', ...image], { host });
    expect(diff.exitCode).toBe(2);
    const files = (JSON.parse(diff.stdout) as { files: { path: string }[] }).files.map((f) => f.path);
    expect(files).toContain('pr-7/kubernetes/api/manifests.yaml');
    expect((await runCli(['compile', ...image], { host })).exitCode).toBe(0);
    const after = read(host, '/work/out/pr-7/kubernetes/api/manifests.yaml');
    expect(after).not.toBe(before);
    expect(after).toContain('replicas: 5');
    const manifest = JSON.parse(read(host, '/work/out/.paws-manifest.json'));
    expect(manifest.environments['pr-7'].clonedFrom).toBe('staging');
  });

  it('a clone whose base is gone stays, reported with its teardown (PAWS5011)', async () => {
    const host = await compiledWithClone();
    editEnvironments(host, /ephemeral: \{ allowed: true, type: preview \}/, 'ephemeral: { allowed: false }');
    const run = await runCli(['compile', ...image], { host });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain(
      'warning PAWS5011: ephemeral environment "pr-7" was cloned from "staging", which no longer allows clones',
    );
    expect(run.stderr).toContain('paws teardown --env pr-7');
    expect(host.files.has('/work/out/pr-7/kubernetes/api/manifests.yaml')).toBe(true);
  });
});
