import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { processAlive } from '../../compiler/host.js';
import { onInterrupt } from '../interrupt.js';

const PREFIX = 'paws-diff-';

export const git = (args: string[], dir: string): string =>
  execFileSync('git', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

/**
 * Worktrees a paws diff registered and never removed (it was killed): their folders name the
 * process that made them; those of processes that are gone are removed, then git forgets them.
 */
export function pruneStaleWorktrees(top: string): void {
  const listed = git(['worktree', 'list', '--porcelain'], top)
    .split('\n')
    .filter((line) => line.startsWith('worktree '))
    .map((line) => line.slice('worktree '.length));
  for (const dir of listed) {
    const match = new RegExp(`^${PREFIX}(\\d+)-`).exec(path.basename(dir));
    if (!match || processAlive(Number(match[1]))) continue;
    try {
      git(['worktree', 'remove', '--force', dir], top);
    } catch {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  git(['worktree', 'prune'], top);
}

/**
 * Runs `work` in a temporary worktree of `ref`, removed afterwards, also when the process is
 * interrupted (SIGINT, SIGTERM, SIGHUP): the user's .git keeps no trace of it.
 */
export async function withWorktree<T>(
  top: string,
  ref: string,
  work: (dir: string) => Promise<T>,
): Promise<T> {
  pruneStaleWorktrees(top);
  const dir = mkdtempSync(path.join(tmpdir(), `${PREFIX}${process.pid}-`));
  const remove = () => {
    try {
      git(['worktree', 'remove', '--force', dir], top);
    } catch {
      rmSync(dir, { recursive: true, force: true });
      try {
        git(['worktree', 'prune'], top);
      } catch {
        // The next paws diff prunes it.
      }
    }
  };
  const forget = onInterrupt(remove);
  // A signal is handled only when the event loop turns; the compile is all synchronous steps and
  // promises, so the loop is given a turn after each long step.
  const turn = () => new Promise((resolve) => setImmediate(resolve));
  try {
    git(['worktree', 'add', '--detach', '--force', dir, ref], top);
    await turn();
    const result = await work(dir);
    await turn();
    return result;
  } finally {
    forget();
    remove();
  }
}
