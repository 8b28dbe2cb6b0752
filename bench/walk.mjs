// The files below a folder, skipping the given paths and the floors' own output folders.
import { readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';

export const walk = (dir, skip = []) =>
  readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (skip.includes(full) || name.startsWith('floor')) return [];
    return statSync(full).isDirectory() ? walk(full, skip) : [full];
  });
