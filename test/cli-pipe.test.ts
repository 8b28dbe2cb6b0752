import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/paws.js', import.meta.url));
const shop = fileURLToPath(new URL('../examples/shop', import.meta.url));

/** Runs paws with its stdout read until the first chunk, then closed, as `| head -1` does. */
function firstLineOnly(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: shop, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    child.stdout.once('data', () => child.stdout.destroy());
    child.on('exit', (code) => resolve({ code, stderr }));
  });
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
