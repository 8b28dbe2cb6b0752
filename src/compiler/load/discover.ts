import * as path from 'node:path';
import { compareStrings } from '../../util/compare.js';
import type { Diagnostic } from '../diagnostics.js';
import type { Host } from '../host.js';
import { globBase, globToRegExp, isGlob } from './glob.js';
import { displayPathFor } from './read.js';

/** Folders never searched for specs: dependencies, VCS and tool state. */
const SKIPPED_DIRS = new Set(['node_modules']);

export function isWorkloadFileName(name: string): boolean {
  return name === 'paws.yaml' || name === 'score.yaml' || name.endsWith('.paws.yaml');
}

export function isYamlFileName(name: string): boolean {
  return name.endsWith('.yaml') || name.endsWith('.yml');
}

/**
 * Every file below `dir` accepted by `accept`, sorted, skipping dependency folders, dot-folders,
 * the `skip` folders (output, platform) and symlinked folders (which could loop).
 */
export function walkFiles(
  host: Host,
  dir: string,
  accept: (name: string) => boolean,
  skip: ReadonlySet<string>,
): string[] {
  const found: string[] = [];
  const visit = (current: string) => {
    const entries = host.readDir(current).sort((a, b) => compareStrings(a.name, b.name));
    for (const entry of entries) {
      const full = path.posix.join(current, entry.name);
      if (entry.kind === 'directory') {
        if (SKIPPED_DIRS.has(entry.name) || entry.name.startsWith('.') || skip.has(full)) continue;
        visit(full);
      } else if (
        (entry.kind === 'file' || (entry.kind === 'symlink' && host.stat(full)?.kind === 'file')) &&
        accept(entry.name)
      ) {
        found.push(full);
      }
    }
  };
  visit(dir);
  return found;
}

export interface DiscoverOptions {
  /** Files, folders or globs, relative to the working directory. Empty: search the working directory. */
  paths: readonly string[];
  /** Absolute folders never searched (the output folder, the platform folder). */
  skip: ReadonlySet<string>;
}

/** The workload files to load, absolute, sorted and unique. */
export function discoverWorkloadFiles(
  host: Host,
  options: DiscoverOptions,
): { files: string[]; diagnostics: Diagnostic[] } {
  const cwd = host.cwd();
  const diagnostics: Diagnostic[] = [];
  const files = new Set<string>();
  const inputs = options.paths.length > 0 ? options.paths : ['.'];
  for (const input of inputs) {
    if (isGlob(input)) {
      const base = path.posix.resolve(cwd, globBase(input));
      const matcher = globToRegExp(path.posix.resolve(cwd, input));
      const matches =
        host.stat(base)?.kind === 'directory'
          ? walkFiles(host, base, () => true, options.skip).filter((f) => matcher.test(f))
          : [];
      if (matches.length === 0) diagnostics.push(nothingMatches(input));
      for (const match of matches) files.add(match);
      continue;
    }
    const absolute = path.posix.resolve(cwd, input);
    const stat = host.stat(absolute);
    if (!stat) diagnostics.push(nothingMatches(input));
    else if (stat.kind === 'directory') {
      for (const file of walkFiles(host, absolute, isWorkloadFileName, options.skip)) files.add(file);
    } else files.add(absolute);
  }
  if (files.size === 0 && diagnostics.length === 0) {
    diagnostics.push({
      code: 'PAWS1010',
      severity: 'error',
      message: `no workload file found below ${displayPathFor(host, path.posix.resolve(cwd, inputs[0] ?? '.'))}`,
      hint: 'create one with "paws init", or name files paws.yaml, <name>.paws.yaml or score.yaml, or pass their paths',
    });
  }
  return { files: [...files].sort(compareStrings), diagnostics };
}

function nothingMatches(input: string): Diagnostic {
  return {
    code: 'PAWS1011',
    severity: 'error',
    message: `"${input}" matches no file or folder`,
    hint: 'paths and globs are relative to the working directory; quote globs so the shell passes them as written',
  };
}
