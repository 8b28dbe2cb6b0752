import {
  mkdirSync,
  mkdtempSync,
  realpathSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createNodeHost } from '../src/index.js';
import { runCli } from './helpers.js';

// A pull request controls every file of the repository, symlinks included; what they point at
// (a runner's environment, the checkout's credentials) must never be read or printed.
const SECRET = 'AUTHORIZATION: basic c2VjcmV0LXRva2Vu';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function repository() {
  const home = realpathSync(mkdtempSync(path.join(tmpdir(), 'paws-inputs-')));
  made.push(home);
  writeFileSync(`${home}/environ`, `GITHUB_TOKEN=ghs_x\n${SECRET}\n`);
  const repo = `${home}/repo`;
  mkdirSync(`${repo}/.git`, { recursive: true });
  writeFileSync(`${repo}/.git/config`, `[http]\n  extraheader = ${SECRET}\n`);
  mkdirSync(`${repo}/services/api`, { recursive: true });
  writeFileSync(
    `${repo}/services/api/paws.yaml`,
    'apiVersion: paws.dev/v1\nmetadata: { name: api }\ncontainers: { main: { image: nginx:1.27 } }\n',
  );
  mkdirSync(`${repo}/services/x`, { recursive: true });
  return { home, repo };
}

const printed = (run: { stdout: string; stderr: string }) => run.stdout + run.stderr;

describe('a workload or platform file that is a symlink out of the repository', () => {
  it.each([
    ['a file outside the repository', (home: string) => `${home}/environ`, 'outside the repository'],
    ['.git/config', () => '../../.git/config', 'is inside .git'],
  ])('discovered: a link to %s is refused (PAWS1015), never read or printed', async (_name, target, why) => {
    const { home, repo } = repository();
    symlinkSync(target(home), `${repo}/services/x/paws.yaml`);
    for (const argv of [
      ['validate'],
      ['validate', 'services/x/paws.yaml'],
      ['compile', '--format', 'json'],
    ]) {
      const run = await runCli(argv, { host: createNodeHost(repo) });
      expect(run.exitCode, argv.join(' ')).toBe(1);
      expect(printed(run)).toContain('PAWS1015');
      expect(printed(run)).toContain(why);
      expect(printed(run)).not.toContain('c2VjcmV0');
      expect(printed(run)).not.toContain('ghs_x');
    }
  });

  it('a platform file or a template file linked outside is refused', async () => {
    const { home, repo } = repository();
    mkdirSync(`${repo}/platform`);
    symlinkSync(`${home}/environ`, `${repo}/platform/envs.yaml`);
    const run = await runCli(['validate'], { host: createNodeHost(repo) });
    expect(printed(run)).toContain('platform/envs.yaml resolves (through a symlink) outside the repository');
    expect(printed(run)).not.toContain('c2VjcmV0');
    unlinkSync(`${repo}/platform/envs.yaml`);
    writeFileSync(
      `${repo}/platform/definitions.yaml`,
      `apiVersion: paws.dev/v1
kind: ResourceDefinition
metadata: { name: leak }
spec:
  type: redis
  driver: { kind: kubernetes, templateFile: ../../environ }
`,
    );
    const template = await runCli(['validate'], { host: createNodeHost(repo) });
    expect(printed(template)).toMatch(/platform\/definitions\.yaml:6:\d+: error PAWS1015/);
    expect(printed(template)).not.toContain('c2VjcmV0');
  });

  it('a link that stays inside the repository is read', async () => {
    const { repo } = repository();
    symlinkSync('../api/paws.yaml', `${repo}/services/x/paws.yaml`);
    const run = await runCli(['validate', 'services/x/paws.yaml'], { host: createNodeHost(repo) });
    expect(run.exitCode).toBe(0);
  });
});

describe('paws diff reads only inside the folder it compares with', () => {
  it.each(['the output folder', '--against DIR'])('a link in %s is not read into the diff', async (where) => {
    const { home, repo } = repository();
    const host = createNodeHost(repo);
    const dir = where === 'the output folder' ? 'out' : 'before';
    expect((await runCli(['compile', ...(dir === 'out' ? [] : ['--out', dir])], { host })).exitCode).toBe(0);
    const file = `${repo}/${dir}/dev/kubernetes/api/manifests.yaml`;
    rmSync(file);
    symlinkSync(`${home}/environ`, file);
    // A whole folder linked out, too.
    rmSync(`${repo}/${dir}/dev/kubernetes/_shared`, { recursive: true, force: true });
    symlinkSync(home, `${repo}/${dir}/dev/kubernetes/_shared`);
    const argv = ['diff', '--format', 'markdown', ...(dir === 'out' ? [] : ['--against', dir])];
    const run = await runCli(argv, { host });
    expect(run.exitCode).toBe(2);
    expect(printed(run)).not.toContain('c2VjcmV0');
    expect(printed(run)).not.toContain('ghs_x');
    expect(run.stdout).toContain('dev/kubernetes/api/manifests.yaml');
  });
});
