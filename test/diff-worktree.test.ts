import { execFileSync, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/paws.js', import.meta.url));
const image = 'registry.example.com/shop/api:1.0.0';
import { shopRepository } from './support/repo.js';

const made: string[] = [];

function repository(): string {
  const dir = shopRepository('paws-repo-');
  made.push(dir);
  return dir;
}

const worktrees = (dir: string) =>
  execFileSync('git', ['worktree', 'list', '--porcelain'], { cwd: dir, encoding: 'utf8' })
    .split('\n')
    .filter((l) => l.startsWith('worktree ') && l.includes('paws-diff-'));

afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('paws diff --against-ref leaves no worktree behind', () => {
  it('a worktree left by a paws that died is pruned at the next start', () => {
    const dir = repository();
    const stale = path.join(tmpdir(), 'paws-diff-3999999-stale');
    made.push(stale);
    execFileSync('git', ['worktree', 'add', '--detach', '--force', stale, 'HEAD'], {
      cwd: dir,
      stdio: 'pipe',
    });
    expect(worktrees(dir)).toHaveLength(1);
    execFileSync(process.execPath, [bin, 'diff', '--image', image, '--against-ref', 'HEAD'], {
      cwd: dir,
      stdio: 'pipe',
    });
    expect(worktrees(dir)).toEqual([]);
  });

  it('an interrupted paws diff removes its worktree', async () => {
    const dir = repository();
    let observed = false;
    for (let attempt = 0; attempt < 5 && !observed; attempt++) {
      const child = spawn(process.execPath, [bin, 'diff', '--image', image, '--against-ref', 'HEAD'], {
        cwd: dir,
        stdio: 'ignore',
      });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      let done = false;
      void exited.then(() => (done = true));
      while (!done && !observed) {
        if (worktrees(dir).length > 0) {
          observed = true;
          child.kill('SIGTERM');
        } else await new Promise((r) => setTimeout(r, 5));
      }
      const code = await exited;
      if (observed) expect(code).toBe(143);
    }
    expect(observed).toBe(true);
    expect(worktrees(dir)).toEqual([]);
  }, 30_000);
});
