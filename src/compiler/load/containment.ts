import * as path from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import type { Host } from '../host.js';
import { displayPathFor } from './read.js';

/**
 * Where inputs may be read from: the repository (the git work tree that holds the project, else the
 * project root) and folders named on the command line. A pull request controls every file of the
 * repository, symlinks included: a workload file linked to /proc/self/environ or .git/config would
 * otherwise be read, and its text printed in a code frame.
 */
export interface InputBounds {
  repository: string;
  /** The real paths (symlinks resolved) of the repository and the trusted folders. */
  real: string[];
}

export function inputBounds(host: Host, projectRoot: string, trusted: readonly string[]): InputBounds {
  let repository = projectRoot;
  for (let dir = projectRoot; ; dir = path.posix.dirname(dir)) {
    if (host.stat(`${dir}/.git`)) {
      repository = dir;
      break;
    }
    if (dir === path.posix.dirname(dir)) break;
  }
  return { repository, real: [repository, ...trusted].map((dir) => host.realpath(dir)) };
}

const inside = (p: string, dir: string) => p === dir || dir === '/' || p.startsWith(`${dir}/`);

/** Why an input file may not be read, or undefined when it resolves inside the bounds, outside .git. */
export function inputEscape(host: Host, bounds: InputBounds, absolute: string): string | undefined {
  const real = host.realpath(absolute);
  const base = bounds.real.find((dir) => inside(real, dir));
  if (base === undefined)
    return real === absolute
      ? 'is outside the repository'
      : 'resolves (through a symlink) outside the repository';
  if (path.posix.relative(base, real).split('/').includes('.git')) return 'is inside .git';
  return undefined;
}

export function escapeDiagnostic(host: Host, absolute: string, why: string, bounds: InputBounds): Diagnostic {
  const file = displayPathFor(host, absolute);
  return {
    code: 'PAWS1015',
    severity: 'error',
    message: `${file} ${why}, so paws does not read it`,
    file,
    hint: `paws reads workload, platform and template files only inside the repository (${displayPathFor(host, bounds.repository)}), outside .git: replace the link with the file itself`,
  };
}
