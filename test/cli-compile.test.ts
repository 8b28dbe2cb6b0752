import { describe, expect, it } from 'vitest';
import { createMemoryHost } from '../src/index.js';
import { runCli } from './helpers.js';

const workload =
  'apiVersion: paws.dev/v1\nmetadata: { name: api }\ncontainers: { main: { image: acme/web } }\n';

describe('paws compile', () => {
  it('writes the output and says what it did; --format json reports it as data', async () => {
    const host = createMemoryHost({ 'paws.yaml': workload });
    const text = await runCli(['compile'], { host });
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toBe('compiled 1 environment (dev) into out: 2 written, 0 removed, 0 unchanged\n');
    const json = await runCli(['compile', '--format', 'json'], { host });
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: true,
      out: 'out',
      environments: ['dev'],
      written: [],
      removed: [],
      unchanged: 2,
    });
  });

  it('refuses a non-empty output folder without a manifest, and writes with --force', async () => {
    const host = createMemoryHost({ 'paws.yaml': workload, 'out/keep.txt': 'mine' });
    const refused = await runCli(['compile'], { host });
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain('error PAWS5001');
    const forced = await runCli(['compile', '--force'], { host });
    expect(forced.exitCode).toBe(0);
    expect(new TextDecoder().decode(host.files.get('/work/out/keep.txt'))).toBe('mine');
  });

  it('writes nothing when the specs are invalid', async () => {
    const host = createMemoryHost({ 'paws.yaml': 'apiVersion: paws.dev/v1\n' });
    const { exitCode } = await runCli(['compile'], { host });
    expect(exitCode).toBe(1);
    expect([...host.files.keys()]).toEqual(['/work/paws.yaml']);
  });
});

describe('paws compile: progress', () => {
  const files = {
    'paws.yaml': workload,
    'platform/env.yaml':
      'apiVersion: paws.dev/v1\nkind: Environment\nmetadata: { name: dev }\nspec: {}\n---\napiVersion: paws.dev/v1\nkind: Environment\nmetadata: { name: qa }\nspec: {}\n',
  };
  it('shows each environment on a terminal, and clears the line', async () => {
    const run = await runCli(['compile'], { files, isTTY: true });
    expect(run.stderr).toContain('\rpaws: resolving dev (1/2)…');
    expect(run.stderr).toContain('\rpaws: resolving qa (2/2)…');
  });
  it.each([
    ['on a pipe', {}, false],
    ['in CI', { CI: 'true' }, true],
  ])('says nothing %s', async (_name, env, isTTY) => {
    const run = await runCli(['compile'], { files, isTTY, env });
    expect(run.stderr).not.toContain('resolving');
  });
});
