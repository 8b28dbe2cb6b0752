import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

/** Every file below `dir` (except out/ and node_modules/), by path relative to it. */
export function readTree(
  dir: string,
  skip: readonly string[] = ['out', 'node_modules'],
): Record<string, string> {
  const files: Record<string, string> = {};
  const visit = (current: string) => {
    for (const name of readdirSync(current).sort()) {
      const full = path.join(current, name);
      if (statSync(full).isDirectory()) {
        if (!skip.includes(name)) visit(full);
      } else files[path.relative(dir, full)] = readFileSync(full, 'utf8');
    }
  };
  visit(dir);
  return files;
}
