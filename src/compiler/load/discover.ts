import * as path from 'node:path';
import { compareStrings } from '../../util/compare.js';
import type { Diagnostic } from '../diagnostics.js';
import type { Host } from '../host.js';
import { globBase, globToRegExp, isGlob } from './glob.js';
import { displayPathFor } from './read.js';

/** What paws writes into every output folder: a folder holding one is output, never searched. */
export const MANIFEST_FILE = '.paws-manifest.json';

/** Folders never searched for specs: dependencies, VCS and tool state. */
const SKIPPED_DIRS = new Set(['node_modules']);

/**
 * The names folder discovery takes as workloads: paws.yaml and *.paws.yaml, and as score-compose
 * and score-k8s samples name them, score*.yaml (score2.yaml, scoreA.yaml) and *.score.yaml.
 */
export function isWorkloadFileName(name: string): boolean {
  return (
    name === 'paws.yaml' ||
    name.endsWith('.paws.yaml') ||
    /^score[^.]*\.ya?ml$/.test(name) ||
    name.endsWith('.score.yaml')
  );
}

/** Larger YAML files are not read just to see whether they are a workload discovery skipped. */
const PEEK_LIMIT = 64 * 1024;

/**
 * YAML files below the searched folders that look like workloads (a workload apiVersion and no
 * kind) but whose names discovery does not take: a warning each, so none is skipped silently.
 */
function skippedWorkloadFiles(host: Host, candidates: readonly string[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const file of candidates) {
    if ((host.stat(file)?.size ?? PEEK_LIMIT + 1) > PEEK_LIMIT) continue;
    let text: string;
    try {
      text = new TextDecoder().decode(host.readFile(file));
    } catch {
      continue;
    }
    if (!/^apiVersion:\s*["']?(score\.dev\/v1b1|paws\.dev\/v1)["']?\s*$/m.test(text) || /^kind:/m.test(text))
      continue;
    diagnostics.push({
      code: 'PAWS1014',
      severity: 'warning',
      message: `${displayPathFor(host, file)} looks like a workload, but folder discovery does not read files of that name`,
      file: displayPathFor(host, file),
      hint: 'name it paws.yaml, <name>.paws.yaml, score.yaml, score<suffix>.yaml or <name>.score.yaml, or pass its path',
    });
  }
  return diagnostics;
}

export function isYamlFileName(name: string): boolean {
  return name.endsWith('.yaml') || name.endsWith('.yml');
}

/**
 * Every file below `dir` accepted by `accept`, sorted, skipping dependency folders, dot-folders,
 * the `skip` folders (output, platform), other paws output folders (they hold a manifest) and
 * symlinked folders (which could loop).
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
    if (current !== dir && entries.some((e) => e.name === MANIFEST_FILE && e.kind === 'file')) return;
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
  // YAML files with other names, in searched folders: one walk finds both.
  const others: string[] = [];
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
      for (const file of walkFiles(host, absolute, isYamlFileName, options.skip)) {
        if (isWorkloadFileName(path.posix.basename(file))) files.add(file);
        else others.push(file);
      }
    } else files.add(absolute);
  }
  diagnostics.push(...skippedWorkloadFiles(host, others));
  if (files.size === 0 && !diagnostics.some((d) => d.severity === 'error')) {
    diagnostics.push({
      code: 'PAWS1010',
      severity: 'error',
      message: `no workload file found below ${displayPathFor(host, path.posix.resolve(cwd, inputs[0] ?? '.'))}`,
      hint: 'create one with "paws init", or name files paws.yaml, <name>.paws.yaml, score*.yaml or <name>.score.yaml, or pass their paths',
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
