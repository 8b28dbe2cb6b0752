import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const shop = fileURLToPath(new URL('../../examples/shop', import.meta.url));

/** A temporary git repository holding a copy of examples/shop (its output folders left out), committed once. */
export function shopRepository(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  cpSync(shop, dir, { recursive: true, filter: (source) => !/[/\\](out|expected|cdktf\.out)$/.test(source) });
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=paws', '-c', 'user.email=paws@example.com', ...args], {
      cwd: dir,
      stdio: 'pipe',
    });
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('commit', '-q', '-m', 'shop');
  return dir;
}
