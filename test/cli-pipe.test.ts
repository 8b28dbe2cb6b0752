import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/paws.js', import.meta.url));
const shop = fileURLToPath(new URL('../examples/shop', import.meta.url));

/** Runs paws with its stdout read until the first chunk, then closed, as `| head -1` does. */
function firstLineOnly(args: string[], cwd = shop): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    child.stdout.once('data', () => child.stdout.destroy());
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

/** A folder of 200 workloads with one error each: enough output that a reader closing early cuts it. */
const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function invalidProject(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'paws-pipe-'));
  made.push(dir);
  for (let i = 0; i < 200; i++) {
    mkdirSync(`${dir}/s${i}`);
    writeFileSync(
      `${dir}/s${i}/paws.yaml`,
      `apiVersion: paws.dev/v1\nmetadata: { name: s${i} }\ncontainers: { main: { imag: x } }\n`,
    );
  }
  return dir;
}

describe('a closed stdout ends a command quietly', () => {
  it.each([
    [['plan', '--image', 'registry.example.com/shop/api:1.0.0']],
    [['catalog']],
    [['explain', 'api', 'db', '--env', 'prod']],
    [['schema', 'workload']],
  ])('paws %j | head -1: exit 0, no stack trace', async (args) => {
    const { code, stderr } = await firstLineOnly(args);
    expect(stderr).not.toMatch(/EPIPE|Unhandled|\n\s+at /);
    expect(code).toBe(0);
  });
});

/** Runs paws with its stdout closed before it writes anything (a reader that is already gone). */
function stdoutClosedAtOnce(args: string[], cwd = shop): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

describe('paws --help prints what the CLI prints, from the text the build wrote', () => {
  it.each([['--help'], ['-h']])('paws %s: the help of the CLI, exit 0', async (flag) => {
    const { main } = await import('../src/cli/main.js');
    let expected = '';
    const code = await main(['--help'], {
      stdout: (text) => (expected += text),
      stderr: () => undefined,
      env: () => undefined,
      isTTY: true,
    });
    expect(code).toBe(0);
    const run = spawnSync(process.execPath, [bin, flag], { cwd: shop, encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(expected);
  });

  it('paws --help with stdout already closed: exit 0, no stack trace', async () => {
    const { code, stderr } = await stdoutClosedAtOnce(['--help']);
    expect(stderr).not.toMatch(/EPIPE|Unhandled|\n\s+at /);
    expect(code).toBe(0);
  });
});

describe('a stdout closed before paws writes keeps the exit code the command would have returned', () => {
  it('paws diff with changes | head -1: exit 2 (CI must not read "no change")', async () => {
    const { code, stderr } = await stdoutClosedAtOnce([
      'diff',
      '--against',
      'expected',
      '--image',
      'registry.example.com/shop/api:2.0.0',
    ]);
    expect(stderr).not.toMatch(/EPIPE|Unhandled|\n\s+at /);
    expect(code).toBe(2);
  });

  it('paws validate --format json of an invalid project | head -1: exit 1', async () => {
    const { code, stderr } = await stdoutClosedAtOnce(['validate', '--format', 'json'], invalidProject());
    expect(stderr).not.toMatch(/EPIPE|Unhandled|\n\s+at /);
    expect(code).toBe(1);
  });
});
