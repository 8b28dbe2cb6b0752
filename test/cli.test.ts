import { describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';

const valid = 'apiVersion: paws.dev/v1\nmetadata:\n  name: api\ncontainers:\n  main:\n    image: acme/web\n';
const invalid = 'apiVersion: paws.dev/v1\nmetadata:\n  name: api\ncontainers:\n  main:\n    imgae: nginx\n';

describe('paws validate', () => {
  it('exits 0 and says what it checked when valid', async () => {
    const { exitCode, stdout, stderr } = await runCli(['validate'], { files: { 'paws.yaml': valid } });
    expect(exitCode).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toBe(
      'valid: 1 workload; platform: 0 environments, 26 resource types (0 from the platform folder), 33 definitions (33 built-in)\n',
    );
  });

  it('exits 1 and prints file:line:col, code, message, a code frame and a hint when invalid', async () => {
    const { exitCode, stderr } = await runCli(['validate'], { files: { 'paws.yaml': invalid } });
    expect(exitCode).toBe(1);
    expect(stderr).toContain(
      'paws.yaml:6:5: error PAWS2101: unknown field "imgae" in containers.main; did you mean "image"?',
    );
    expect(stderr).toContain('> 6 |     imgae: nginx\n    |     ^');
    expect(stderr).toContain('hint: allowed: image, command, args');
    expect(stderr).toContain('2 errors, 0 warnings');
  });

  it('prints JSON with --format json', async () => {
    const { exitCode, stdout, stderr } = await runCli(['validate', '--format', 'json'], {
      files: { 'paws.yaml': invalid },
    });
    expect(exitCode).toBe(1);
    expect(stderr).toBe('');
    const report = JSON.parse(stdout);
    expect(report.valid).toBe(false);
    expect(report.diagnostics[1]).toMatchObject({
      code: 'PAWS2101',
      severity: 'error',
      file: 'paws.yaml',
      line: 6,
      column: 5,
    });
  });

  it('adds GitHub annotations when GITHUB_ACTIONS=true', async () => {
    const { stdout } = await runCli(['validate'], {
      files: { 'paws.yaml': invalid },
      env: { GITHUB_ACTIONS: 'true' },
    });
    expect(stdout).toContain(
      '::error file=paws.yaml,line=6,col=5,title=PAWS2101::unknown field "imgae" in containers.main; did you mean "image"?%0Aallowed: image',
    );
  });

  it('rejects an unknown --format', async () => {
    const { exitCode, stderr } = await runCli(['validate', '--format', 'xml'], {
      files: { 'paws.yaml': valid },
    });
    expect(exitCode).toBe(1);
    expect(stderr).toContain('Allowed choices are text, json');
  });

  it('uses colour only on a terminal, and never with NO_COLOR', async () => {
    const { stderr } = await runCli(['validate'], {
      files: { 'paws.yaml': invalid },
      env: { FORCE_COLOR: '1' },
    });
    expect(stderr).toContain('\u001b[31;1merror');
    const plain = await runCli(['validate'], {
      files: { 'paws.yaml': invalid },
      env: { FORCE_COLOR: '1', NO_COLOR: '1' },
    });
    expect(plain.stderr).not.toContain('\u001b[');
  });
});

describe('paws schema', () => {
  it('prints the workload schema by default, and each kind by name', async () => {
    const workload = await runCli(['schema']);
    expect(workload.exitCode).toBe(0);
    expect(JSON.parse(workload.stdout).$id).toBe('https://paws.dev/schemas/workload.schema.json');
    for (const kind of ['score', 'environment', 'resource-type', 'resource-definition', 'config']) {
      const { exitCode, stdout } = await runCli(['schema', kind]);
      expect(exitCode).toBe(0);
      expect(JSON.parse(stdout).$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    }
  });

  it('names the kinds when given an unknown one', async () => {
    const { exitCode, stderr } = await runCli(['schema', 'pod']);
    expect(exitCode).toBe(1);
    expect(stderr).toContain(
      'kinds: workload, score, environment, resource-type, resource-definition, patch, policy, config',
    );
  });
});

describe('paws', () => {
  it('prints help and the version', async () => {
    const help = await runCli(['--help']);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('validate [options] [paths...]');
    expect((await runCli(['--version'])).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('exits 1 on an unknown command', async () => {
    const { exitCode, stderr } = await runCli(['compil']);
    expect(exitCode).toBe(1);
    expect(stderr).toContain("unknown command 'compil'");
  });

  it('turns an internal failure into PAWS9001 without a stack trace', async () => {
    const host = {
      cwd: () => '/work',
      stat: () => {
        throw new Error('disk on fire');
      },
      readFile: () => new Uint8Array(),
      readDir: () => [],
      env: () => undefined,
      realpath: (file: string) => file,
    };
    const { exitCode, stderr } = await runCli(['validate'], { host });
    expect(exitCode).toBe(1);
    expect(stderr).toContain('error PAWS9001: internal error: disk on fire');
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
