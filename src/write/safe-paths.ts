import * as path from 'node:path';
import type { Host, WritableHost } from '../compiler/host.js';

/**
 * Why a path read from the output folder's state (the manifest, a journal) is not a path inside the
 * folder, if it is not: a tampered one could make paws read, replace or delete any file.
 */
export function relativePathProblem(file: unknown): string | undefined {
  if (typeof file !== 'string') return `lists ${JSON.stringify(file)}, which is not a path`;
  const bad =
    file === '' ||
    file.startsWith('/') ||
    file.includes('\\') ||
    file.includes('\0') ||
    path.posix.normalize(file) !== file ||
    file.split('/').some((segment) => segment === '..' || segment === '.' || segment === '');
  return bad ? `lists ${JSON.stringify(file)}, which is not a path inside the folder` : undefined;
}

/** The first symlink on the way from a folder to a file below it (the file included), relative to the folder. */
export function linkOnTheWay(host: WritableHost, dir: string, relative: string): string | undefined {
  let current = dir;
  for (const segment of relative.split('/')) {
    current = `${current}/${segment}`;
    const kind = host.lstat(current)?.kind;
    if (kind === 'symlink') return current.slice(dir.length + 1);
    if (kind === undefined) return undefined;
  }
  return undefined;
}

/**
 * A reader of files below a folder that reads only what resolves inside it: an output folder or a
 * --against tree from a pull request may hold a link to /proc/self/environ, whose text a diff would
 * print. Undefined for what is missing, not a regular file, or resolves elsewhere.
 */
export function containedReader(host: Host, dir: string): (relative: string) => string | undefined {
  let realDir: string | undefined;
  return (relative) => {
    const file = `${dir}/${relative}`;
    realDir ??= host.realpath(dir);
    if (host.realpath(file) !== `${realDir}/${relative}` || host.stat(file)?.kind !== 'file')
      return undefined;
    try {
      return new TextDecoder().decode(host.readFile(file));
    } catch {
      return undefined;
    }
  };
}
