import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { compareStrings } from '../../util/compare.js';
import type { Diagnostic } from '../diagnostics.js';
import type { Host, WritableHost } from '../host.js';
import { displayPathFor } from '../load/read.js';
import { type EnvironmentRecord, environmentOf, type PreviousOutput } from './lifecycle.js';
import { acquireLock } from './lock.js';
import { commitMoves, recoverInterrupted, stagingFolder, type TransactionNames } from './transaction.js';
import { toJson } from './serialize.js';

export const MANIFEST_FILE = '.paws-manifest.json';

export interface OutputFile {
  /** Relative to the output folder, with "/". */
  path: string;
  content: string;
}

export interface Manifest {
  generator: 'paws';
  /** 2 added `environments`; a version 1 manifest is read as if every environment were a platform one. */
  version: 1 | 2;
  /** Relative path → sha256 of the content. */
  files: Record<string, string>;
  /** Per environment, the definition each resource was matched to: `paws diff` warns when one changes. */
  resources?: Record<string, Record<string, string>>;
  /** Every environment the folder holds: ephemeral clones and teardown-only ones are marked. */
  environments?: Record<string, EnvironmentRecord>;
}

type WriteCode = 'PAWS5001' | 'PAWS5002' | 'PAWS5003' | 'PAWS5007' | 'PAWS5008';

/**
 * Why a manifest cannot be trusted, if it cannot: every path it lists must be a normalized relative
 * path inside the folder, or a tampered one could make paws read, replace or delete any file.
 */
export function manifestProblem(manifest: Manifest): string | undefined {
  for (const file of Object.keys(manifest.files)) {
    const bad =
      file === '' ||
      file.startsWith('/') ||
      file.includes('\\') ||
      file.includes('\0') ||
      path.posix.normalize(file) !== file ||
      file.split('/').some((segment) => segment === '..' || segment === '.' || segment === '');
    if (bad) return `lists ${JSON.stringify(file)}, which is not a path inside the folder`;
  }
  return undefined;
}

export function sha256(content: string): string {
  return createHash('sha256').update(content).digest('hex');
}

export function manifestFor(
  files: readonly OutputFile[],
  resources?: Manifest['resources'],
  environments?: Manifest['environments'],
  kept: Record<string, string> = {},
): Manifest {
  const hashes: Record<string, string> = { ...kept };
  for (const f of files) hashes[f.path] = sha256(f.content);
  const sortedRecord = <T>(record: Record<string, T>) =>
    Object.fromEntries(Object.entries(record).sort(([a], [b]) => compareStrings(a, b)));
  const names = new Set(Object.keys(hashes).map(environmentOf));
  return {
    generator: 'paws',
    version: 2,
    files: sortedRecord(hashes),
    ...(resources ? { resources: sortedRecord(resources) } : {}),
    environments: sortedRecord(
      environments ?? Object.fromEntries([...names].map((name) => [name, {} as EnvironmentRecord])),
    ),
  };
}

/** The environments a manifest holds, with their records (derived from the files for version 1). */
export function manifestEnvironments(manifest: Manifest | undefined): Record<string, EnvironmentRecord> {
  if (!manifest) return {};
  if (manifest.environments) return manifest.environments;
  return Object.fromEntries(Object.keys(manifest.files).map((p) => [environmentOf(p), {}]));
}

export function readManifest(host: Host, outDir: string): Manifest | undefined {
  try {
    const parsed = JSON.parse(
      new TextDecoder().decode(host.readFile(`${outDir}/${MANIFEST_FILE}`)),
    ) as Manifest;
    return parsed && parsed.generator === 'paws' && parsed.files && typeof parsed.files === 'object'
      ? parsed
      : undefined;
  } catch {
    return undefined;
  }
}

function listFiles(host: WritableHost, dir: string, prefix = ''): string[] {
  if (host.stat(dir)?.kind !== 'directory') return [];
  return host.readDir(dir).flatMap((entry) => {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    return entry.kind === 'directory' ? listFiles(host, `${dir}/${entry.name}`, relative) : [relative];
  });
}

/**
 * Writes the output folder as one transaction. New and changed files are first written to a staging
 * folder; then each is moved into place, the file it replaces (and every stale generated file) moved
 * to a backup folder. On any failure every move is undone, so the folder is left exactly as it was.
 * Files paws did not generate (not in the previous manifest) are never touched; a folder that holds
 * files but no manifest is refused unless `force`.
 */
export function writeOutput(
  host: WritableHost,
  outDir: string,
  files: readonly OutputFile[],
  options: {
    force?: boolean;
    resources?: Manifest['resources'];
    /** Records of every environment the folder will hold (default: derived from the files). */
    environments?: Manifest['environments'];
    /** Previous files to leave exactly as they are (environments this run does not touch). */
    keep?: (path: string) => boolean;
    lock?: { timeoutMs: number; onWait?: (message: string) => void };
    /** Input files and folders (absolute): an output folder that holds one, or lies in one, is refused. */
    inputs?: readonly string[];
  } = {},
): { written: string[]; removed: string[]; unchanged: string[]; diagnostics: Diagnostic[] } {
  const result = {
    written: [] as string[],
    removed: [] as string[],
    unchanged: [] as string[],
    diagnostics: [] as Diagnostic[],
  };
  const shown = displayPathFor(host, outDir);
  const fail = (code: WriteCode, message: string, hint: string) => {
    result.diagnostics.push({ code, severity: 'error', message, hint });
    return result;
  };
  const cwd = host.cwd();
  const kind = host.lstat(outDir)?.kind;
  if (kind === 'symlink')
    return fail(
      'PAWS5003',
      `output folder ${shown} is a symlink`,
      'paws writes only into a real folder, so it cannot write outside the place you chose; give the real path',
    );
  if (kind && kind !== 'directory')
    return fail('PAWS5003', `output path ${shown} exists and is not a folder`, 'choose another --out');
  if (outDir === cwd || cwd.startsWith(`${outDir}/`) || outDir === '/') {
    return fail(
      'PAWS5003',
      `output folder ${shown} holds the working directory`,
      'choose a folder of its own for the output, such as ./out',
    );
  }
  const inside = (p: string, dir: string) => p === dir || p.startsWith(`${dir}/`);
  const input = options.inputs?.find((p) => inside(p, outDir) || inside(outDir, p));
  if (input)
    return fail(
      'PAWS5003',
      `output folder ${shown} ${inside(input, outDir) ? 'holds' : 'lies in'} an input of this compile (${displayPathFor(host, input)})`,
      'choose a folder of its own for the output, such as ./out; paws never writes over its inputs',
    );
  const parent = path.posix.dirname(outDir);
  const base = path.posix.basename(outDir);
  host.mkdir(parent);
  const lock = acquireLock(
    host,
    `${parent}/.${base}.paws-lock`,
    shown,
    options.lock ?? { timeoutMs: 60_000 },
  );
  if ('diagnostic' in lock) {
    result.diagnostics.push(lock.diagnostic);
    return result;
  }
  try {
    return writeLocked(host, outDir, files, options, result, { shown, parent, base, fail });
  } finally {
    lock.release();
  }
}

type WriteResult = ReturnType<typeof writeOutput>;
type WriteOptions = NonNullable<Parameters<typeof writeOutput>[3]>;
type Refusal = { code: WriteCode; message: string; hint: string };

/** What a write does: the new manifest, the files whose content changes, the stale ones it removes. */
interface WritePlan {
  manifest: Manifest;
  changed: OutputFile[];
  unchanged: string[];
  stale: string[];
}

/** sha256 of a file's content, or undefined when it cannot be read. */
export function hashOnDisk(host: Host, file: string): string | undefined {
  try {
    return sha256(new TextDecoder().decode(host.readFile(file)));
  } catch {
    return undefined;
  }
}

/** Under the lock: recover an interrupted write, refuse what is unsafe, then stage and commit. */
function writeLocked(
  host: WritableHost,
  outDir: string,
  files: readonly OutputFile[],
  options: WriteOptions,
  result: WriteResult,
  at: {
    shown: string;
    parent: string;
    base: string;
    fail: (code: WriteCode, message: string, hint: string) => WriteResult;
  },
): WriteResult {
  const names = { outDir, parent: at.parent, base: at.base };
  recoverInterrupted(host, names, () => hashOnDisk(host, `${outDir}/${MANIFEST_FILE}`));
  // Read under the lock: another paws may have created the folder while this one waited.
  const kind = host.lstat(outDir)?.kind;
  const previous = readManifest(host, outDir);
  const refusedFolder = refuseFolder(host, outDir, previous, options, at.shown);
  if (refusedFolder) return at.fail(refusedFolder.code, refusedFolder.message, refusedFolder.hint);
  const plan = planWrite(host, outDir, files, previous, options);
  const refusedPaths = refusePaths(host, outDir, plan, previous, options, at.shown);
  if (refusedPaths) return at.fail(refusedPaths.code, refusedPaths.message, refusedPaths.hint);
  result.unchanged.push(...plan.unchanged);
  try {
    stageAndCommit(host, names, plan, kind !== undefined);
  } catch (error) {
    return at.fail(
      'PAWS5002',
      `writing ${at.shown} failed: ${error instanceof Error ? error.message : String(error)}`,
      'the previous output is unchanged; check free space and permissions, then run again',
    );
  }
  for (const file of plan.changed) if (file.path !== MANIFEST_FILE) result.written.push(file.path);
  for (const relative of plan.stale) result.removed.push(relative);
  removeEmptyFolders(host, outDir, plan.stale);
  return result;
}

/** A manifest that lists paths outside the folder, or a folder of files paws did not write. */
function refuseFolder(
  host: WritableHost,
  outDir: string,
  previous: Manifest | undefined,
  options: WriteOptions,
  shown: string,
): Refusal | undefined {
  const tampered = previous && manifestProblem(previous);
  if (tampered)
    return {
      code: 'PAWS5007',
      message: `${shown}/${MANIFEST_FILE} ${tampered}`,
      hint: `paws does not trust it: restore ${MANIFEST_FILE} from version control, or remove it and compile with --force`,
    };
  if (previous || options.force) return undefined;
  const existing = listFiles(host, outDir);
  if (existing.length === 0) return undefined;
  return {
    code: 'PAWS5001',
    message: `output folder ${shown} holds ${existing.length} file${existing.length === 1 ? '' : 's'} (${existing.slice(0, 3).join(', ')}${existing.length > 3 ? ', …' : ''}) and no ${MANIFEST_FILE}, so paws did not write them`,
    hint: 'choose an empty folder, or pass --force to write there anyway (files paws does not generate are left alone)',
  };
}

/** The new manifest (kept environments' entries carried over) and what changes on disk. */
function planWrite(
  host: WritableHost,
  outDir: string,
  files: readonly OutputFile[],
  previous: Manifest | undefined,
  options: WriteOptions,
): WritePlan {
  const keep = options.keep ?? (() => false);
  const kept = Object.fromEntries(Object.entries(previous?.files ?? {}).filter(([p]) => keep(p)));
  const keptEnvironments = new Set(Object.keys(kept).map(environmentOf));
  const resources = {
    ...Object.fromEntries(
      Object.entries(previous?.resources ?? {}).filter(([env]) => keptEnvironments.has(env)),
    ),
    ...(options.resources ?? {}),
  };
  const manifest = manifestFor(files, resources, options.environments, kept);
  const unchanged: string[] = [];
  // Unchanged means the file on disk still has exactly the new content (a hand edit is overwritten).
  const changed = [...files, { path: MANIFEST_FILE, content: toJson(manifest) }].filter((f) => {
    if (f.path === MANIFEST_FILE) return true;
    const same =
      previous?.files[f.path] !== undefined &&
      hashOnDisk(host, `${outDir}/${f.path}`) === manifest.files[f.path];
    if (same) unchanged.push(f.path);
    return !same;
  });
  const stale = Object.keys(previous?.files ?? {}).filter(
    (p) => !Object.hasOwn(manifest.files, p) && host.stat(`${outDir}/${p}`)?.kind === 'file',
  );
  return { manifest, changed, unchanged, stale };
}

/** A path that goes through a symlink, or a file paws did not write where it now generates one. */
function refusePaths(
  host: WritableHost,
  outDir: string,
  plan: WritePlan,
  previous: Manifest | undefined,
  options: WriteOptions,
  shown: string,
): Refusal | undefined {
  const unsafe = [...plan.changed.map((f) => f.path), ...plan.stale].find((p) =>
    linkOnTheWay(host, outDir, p),
  );
  if (unsafe)
    return {
      code: 'PAWS5003',
      message: `${shown}/${unsafe} goes through a symlink (${linkOnTheWay(host, outDir, unsafe)})`,
      hint: 'paws never writes or removes through a link below the output folder; replace the link with a real folder or file',
    };
  if (options.force || !previous) return undefined;
  const foreign = plan.changed
    .map((f) => f.path)
    .filter(
      (p) =>
        p !== MANIFEST_FILE &&
        !Object.hasOwn(previous.files, p) &&
        hashOnDisk(host, `${outDir}/${p}`) !== undefined,
    );
  if (foreign.length === 0) return undefined;
  return {
    code: 'PAWS5008',
    message: `${shown} holds ${foreign.length === 1 ? 'a file' : `${foreign.length} files`} that paws did not write at ${foreign.length === 1 ? 'a path' : 'paths'} it now generates: ${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', …' : ''}`,
    hint: 'move your file elsewhere, or pass --force to replace it',
  };
}

/** Writes the changed files to a staging folder, then moves them into place (a new folder in one step). */
function stageAndCommit(host: WritableHost, names: TransactionNames, plan: WritePlan, exists: boolean): void {
  const staging = stagingFolder(names);
  const made = new Set<string>();
  const mkdir = (dir: string) => {
    if (made.has(dir)) return;
    host.mkdir(dir);
    made.add(dir);
  };
  try {
    host.remove(staging);
    for (const file of plan.changed) {
      mkdir(path.posix.dirname(`${staging}/${file.path}`));
      host.writeFile(`${staging}/${file.path}`, file.content);
    }
    if (!exists) {
      host.rename(staging, names.outDir);
      return;
    }
    mkdir(names.outDir);
    const manifestHash = sha256(toJson(plan.manifest));
    commitMoves(
      host,
      names,
      { changed: plan.changed.map((f) => f.path), stale: plan.stale, manifest: MANIFEST_FILE, manifestHash },
      mkdir,
    );
  } catch (error) {
    host.remove(staging);
    throw error;
  }
}

/** The first symlink on the way from the output folder to a file below it (the file included). */
function linkOnTheWay(host: WritableHost, outDir: string, relative: string): string | undefined {
  let current = outDir;
  for (const segment of relative.split('/')) {
    current = `${current}/${segment}`;
    const kind = host.lstat(current)?.kind;
    if (kind === 'symlink') return current.slice(outDir.length + 1);
    if (kind === undefined) return undefined;
  }
  return undefined;
}

/** Folders emptied by removing stale generated files go too (never the output folder itself). */
function removeEmptyFolders(host: WritableHost, outDir: string, removed: readonly string[]): void {
  const folders = new Set<string>();
  for (const file of removed) {
    for (let dir = path.posix.dirname(file); dir !== '.'; dir = path.posix.dirname(dir)) folders.add(dir);
  }
  for (const dir of [...folders].sort((a, b) => b.length - a.length)) {
    const full = `${outDir}/${dir}`;
    if (host.stat(full)?.kind === 'directory' && host.readDir(full).length === 0) host.remove(full);
  }
}

/** The output folder as the next compile sees it: its environments and a reader of its files. */
export function readPreviousOutput(host: Host, outDir: string): PreviousOutput | undefined {
  const manifest = readManifest(host, outDir);
  // An untrusted manifest is refused by the writer (PAWS5007); nothing is read through it.
  if (!manifest || manifestProblem(manifest)) return undefined;
  return {
    environments: manifestEnvironments(manifest),
    paths: Object.keys(manifest.files).sort(compareStrings),
    read(relative) {
      if (!Object.hasOwn(manifest.files, relative)) return undefined;
      try {
        return new TextDecoder().decode(host.readFile(`${outDir}/${relative}`));
      } catch {
        return undefined;
      }
    },
  };
}
