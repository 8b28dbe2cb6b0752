import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { compareStrings, recordOf } from '../util/compare.js';
import type { Diagnostic } from '../compiler/diagnostics.js';
import type { Host, WritableHost } from '../compiler/host.js';
import { displayPathFor } from '../compiler/load/read.js';
import { type EnvironmentRecord, environmentOf, type PreviousOutput } from './lifecycle.js';
import { acquireLock } from './lock.js';
import {
  commitMoves,
  lockFile,
  recoverInterrupted,
  stagingFolder,
  type TransactionNames,
  transactionNames,
} from './transaction.js';
import { containedReader, linkOnTheWay, relativePathProblem } from './safe-paths.js';
import { type EncodedFile, encodeTexts, type FileBatch } from '../compiler/background-writes.js';
import { toJson } from './serialize.js';

export { MANIFEST_FILE } from '../compiler/load/discover.js';
import { MANIFEST_FILE } from '../compiler/load/discover.js';

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

type WriteCode = 'PAWS5001' | 'PAWS5002' | 'PAWS5003' | 'PAWS5007' | 'PAWS5008' | 'PAWS5009';

/** Why a manifest cannot be trusted, if it cannot: every path it lists must lie inside the folder. */
export function manifestProblem(manifest: Manifest): string | undefined {
  for (const file of Object.keys(manifest.files)) {
    const problem = relativePathProblem(file);
    if (problem) return problem;
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
  return manifestOf(hashes, resources, environments);
}

/** The manifest of files given by path → sha256. */
function manifestOf(
  hashes: Record<string, string>,
  resources?: Manifest['resources'],
  environments?: Manifest['environments'],
): Manifest {
  // The default sort orders strings by code units, as compareStrings does, without a call per comparison.
  const sortedRecord = <T>(record: Record<string, T>) =>
    recordOf(
      Object.keys(record)
        .sort()
        .map((key) => [key, record[key] as T]),
    );
  const names = new Set(Object.keys(hashes).map(environmentOf));
  return {
    generator: 'paws',
    version: 2,
    files: sortedRecord(hashes),
    ...(resources ? { resources: sortedRecord(resources) } : {}),
    environments: sortedRecord(
      environments ?? recordOf([...names].map((name) => [name, {} as EnvironmentRecord])),
    ),
  };
}

/** The environments a manifest holds, with their records (derived from the files for version 1). */
export function manifestEnvironments(manifest: Manifest | undefined): Record<string, EnvironmentRecord> {
  if (!manifest) return {};
  if (manifest.environments) return manifest.environments;
  return recordOf(Object.keys(manifest.files).map((p) => [environmentOf(p), {}]));
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

export interface WriteResult {
  written: string[];
  removed: string[];
  unchanged: string[];
  diagnostics: Diagnostic[];
}

/** What is checked and held before the first file: the folder's safety and the lock. */
export interface OpenOptions {
  force?: boolean;
  lock?: { timeoutMs: number; onWait?: (message: string) => void };
  /** Input files and folders (absolute): an output folder that holds one, or lies in one, is refused. */
  inputs?: readonly string[];
}

/** What the manifest records once every file is in. */
export interface FinishOptions {
  resources?: Manifest['resources'];
  /** Records of every environment the folder will hold (default: derived from the files). */
  environments?: Manifest['environments'];
  /** Previous files to leave exactly as they are (environments this run does not touch). */
  keep?: (path: string) => boolean;
}

/**
 * One write of the output folder, fed as files are produced: each new or changed file is staged
 * at once (on another thread when the host can), so writing overlaps what produces the next ones.
 */
export interface OutputWriter {
  add(files: readonly OutputFile[]): void;
  /** Like add, for files already encoded; a chunk of memory comes in one call (a second batch in memory still being written is refused). */
  addEncoded(files: readonly EncodedFile[]): void;
  /** Refuses what is unsafe, or moves every staged file into place with the new manifest. */
  finish(options?: FinishOptions): WriteResult;
  /** Leaves the folder as it was and releases the lock. */
  abort(): void;
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
  options: OpenOptions & FinishOptions = {},
): WriteResult {
  const opened = openOutput(host, outDir, options);
  if ('refused' in opened) return opened.refused;
  opened.writer.add(files);
  return opened.writer.finish(options);
}

type Refusal = { code: WriteCode; message: string; hint: string };

const failed = (refusal: Refusal): WriteResult => ({
  written: [],
  removed: [],
  unchanged: [],
  diagnostics: [{ ...refusal, severity: 'error' }],
});

/** Checks the folder, takes its lock and finishes what an interrupted write left; then files may come. */
export function openOutput(
  host: WritableHost,
  outDir: string,
  options: OpenOptions = {},
): { writer: OutputWriter } | { refused: WriteResult } {
  const shown = displayPathFor(host, outDir);
  const refusal = refuseOutDir(host, outDir, options, shown);
  if (refusal) return { refused: failed(refusal) };
  host.mkdir(path.posix.dirname(outDir));
  const names = transactionNames(host, outDir);
  const lock = acquireLock(host, lockFile(names), names.site, shown, options.lock ?? { timeoutMs: 60_000 });
  if ('diagnostic' in lock)
    return { refused: { written: [], removed: [], unchanged: [], diagnostics: [lock.diagnostic] } };
  try {
    const recovery = recoverInterrupted(host, names, () => hashOnDisk(host, `${outDir}/${MANIFEST_FILE}`));
    if ('foreign' in recovery) {
      lock.release();
      return { refused: failed(foreignState(recovery.foreign)) };
    }
    // Read under the lock: another paws may have created the folder while this one waited.
    const exists = host.lstat(outDir) !== undefined;
    const previous = readManifest(host, outDir);
    const refusedFolder = refuseFolder(host, outDir, previous, options, shown);
    if (refusedFolder) {
      lock.release();
      return { refused: failed(refusedFolder) };
    }
    host.remove(stagingFolder(names));
    return {
      writer: stagedWriter(host, { names, shown, exists, previous, force: options.force ?? false }, lock),
    };
  } catch (error) {
    lock.release();
    throw error;
  }
}

/** An output path that is a symlink or a file, or that holds the working directory or an input. */
function refuseOutDir(
  host: WritableHost,
  outDir: string,
  options: OpenOptions,
  shown: string,
): Refusal | undefined {
  const cwd = host.cwd();
  const kind = host.lstat(outDir)?.kind;
  if (kind === 'symlink')
    return {
      code: 'PAWS5003',
      message: `output folder ${shown} is a symlink`,
      hint: 'paws writes only into a real folder, so it cannot write outside the place you chose; give the real path',
    };
  if (kind && kind !== 'directory')
    return {
      code: 'PAWS5003',
      message: `output path ${shown} exists and is not a folder`,
      hint: 'choose another --out',
    };
  if (outDir === cwd || cwd.startsWith(`${outDir}/`) || outDir === '/')
    return {
      code: 'PAWS5003',
      message: `output folder ${shown} holds the working directory`,
      hint: 'choose a folder of its own for the output, such as ./out',
    };
  const inside = (p: string, dir: string) => p === dir || p.startsWith(`${dir}/`);
  const input = options.inputs?.find((p) => inside(p, outDir) || inside(outDir, p));
  if (input)
    return {
      code: 'PAWS5003',
      message: `output folder ${shown} ${inside(input, outDir) ? 'holds' : 'lies in'} an input of this compile (${displayPathFor(host, input)})`,
      hint: 'choose a folder of its own for the output, such as ./out; paws never writes over its inputs',
    };
  return undefined;
}

/** sha256 of a file's content, or undefined when it cannot be read. */
export function hashOnDisk(host: Host, file: string): string | undefined {
  try {
    return sha256(new TextDecoder().decode(host.readFile(file)));
  } catch {
    return undefined;
  }
}

interface WriteTarget {
  names: TransactionNames;
  shown: string;
  /** Whether the output folder existed when the lock was taken. */
  exists: boolean;
  previous: Manifest | undefined;
  force: boolean;
}

/** What `add` found, kept for `finish`: only hashes and paths, never the files' content. */
interface Staged {
  hashes: Record<string, string>;
  changed: string[];
  unchanged: string[];
  /** Changed paths that go through a symlink below the folder. */
  unsafe: string[];
  /** Changed paths where a file paws did not write is in the way. */
  foreign: string[];
  /** A staging write that failed where the host writes at once. */
  error?: unknown;
}

function stagedWriter(host: WritableHost, target: WriteTarget, lock: { release(): void }): OutputWriter {
  const staged: Staged = { hashes: Object.create(null), changed: [], unchanged: [], unsafe: [], foreign: [] };
  const staging = stagingFolder(target.names);
  let open = true;
  const close = () => {
    try {
      host.settleWrites?.();
    } catch {
      // Whatever failed was staged only, and the staging folder goes now.
    }
    host.remove(staging);
    lock.release();
    open = false;
  };
  const writer: OutputWriter = {
    add(files) {
      const { bytes, ranges } = encodeTexts(
        files.map((f) => f.content),
        host.outputBuffer?.bind(host),
      );
      writer.addEncoded(
        files.map((f, i) => {
          const { start, end } = ranges[i] as { start: number; end: number };
          return { path: f.path, bytes: bytes.subarray(start, end) };
        }),
      );
    },
    addEncoded(files) {
      if (!open) throw new Error('the output writer is closed');
      const changed = classify(host, target, files, staged);
      if (staged.unsafe.length > 0 || staged.foreign.length > 0 || staged.error) return;
      stage(host, staging, changed, staged);
    },
    finish(options = {}) {
      if (!open) throw new Error('the output writer is closed');
      try {
        return commitStaged(host, target, staged, options);
      } finally {
        close();
      }
    },
    abort() {
      if (open) close();
    },
  };
  return writer;
}

/** Hashes each file and sorts it into unchanged or changed (returned, to stage). */
function classify(
  host: WritableHost,
  target: WriteTarget,
  files: readonly EncodedFile[],
  staged: Staged,
): EncodedFile[] {
  const { outDir } = target.names;
  const changed: EncodedFile[] = [];
  for (const file of files) {
    // Emitters name files after unique names; two files on one path would be a bug, not bad input.
    if (Object.hasOwn(staged.hashes, file.path) || file.path === MANIFEST_FILE)
      throw new Error(`two output files would be written to ${file.path}`);
    const hash = createHash('sha256').update(file.bytes).digest('hex');
    staged.hashes[file.path] = hash;
    // Unchanged means the file on disk still has exactly the new content (a hand edit is overwritten).
    if (
      target.previous?.files[file.path] !== undefined &&
      hashOnDisk(host, `${outDir}/${file.path}`) === hash
    ) {
      staged.unchanged.push(file.path);
      continue;
    }
    staged.changed.push(file.path);
    changed.push(file);
    // A folder that did not exist when the lock was taken has no link and no file on the way.
    if (!target.exists) continue;
    if (linkOnTheWay(host, outDir, file.path)) staged.unsafe.push(file.path);
    else if (
      !target.force &&
      target.previous &&
      !Object.hasOwn(target.previous.files, file.path) &&
      hashOnDisk(host, `${outDir}/${file.path}`) !== undefined
    )
      staged.foreign.push(file.path);
  }
  return changed;
}

/** Writes the changed files into the staging folder: on the host's writing thread if it has one. */
function stage(host: WritableHost, staging: string, changed: readonly EncodedFile[], staged: Staged): void {
  if (host.writeFilesInBackground) {
    for (const batch of batchesByMemory(changed, staging)) host.writeFilesInBackground(batch);
    return;
  }
  const mkdir = folderMaker(host);
  try {
    for (const { path: relative, bytes } of changed) {
      const file = `${staging}/${relative}`;
      mkdir(path.posix.dirname(file));
      host.writeFile(file, bytes.toString('utf8'));
    }
  } catch (error) {
    staged.error = error;
  }
}

/** One batch per buffer the files are views of, each file at its range of the whole buffer. */
function batchesByMemory(files: readonly EncodedFile[], staging: string): FileBatch[] {
  const batches = new Map<ArrayBufferLike, FileBatch & { files: FileBatch['files'][number][] }>();
  for (const { path: relative, bytes } of files) {
    let batch = batches.get(bytes.buffer);
    if (!batch) batches.set(bytes.buffer, (batch = { bytes: Buffer.from(bytes.buffer), files: [] }));
    const start = bytes.byteOffset;
    batch.files.push({ file: `${staging}/${relative}`, start, end: start + bytes.byteLength });
  }
  return [...batches.values()];
}

/** Under the lock, with every file staged: refuse what is unsafe, or write the manifest and commit. */
function commitStaged(
  host: WritableHost,
  target: WriteTarget,
  staged: Staged,
  options: FinishOptions,
): WriteResult {
  const { previous, names } = target;
  const keep = options.keep ?? (() => false);
  const kept = recordOf(Object.entries(previous?.files ?? {}).filter(([p]) => keep(p)));
  const keptEnvironments = new Set(Object.keys(kept).map(environmentOf));
  const resources = {
    ...Object.fromEntries(
      Object.entries(previous?.resources ?? {}).filter(([env]) => keptEnvironments.has(env)),
    ),
    ...(options.resources ?? {}),
  };
  const manifest = manifestOf({ ...kept, ...staged.hashes }, resources, options.environments);
  const stale = Object.keys(previous?.files ?? {}).filter(
    (p) => !Object.hasOwn(manifest.files, p) && host.stat(`${names.outDir}/${p}`)?.kind === 'file',
  );
  const changed = [...staged.changed].sort(compareStrings);
  const refusal = refusePaths(host, target, staged, stale);
  if (refusal) return failed(refusal);
  try {
    if (staged.error) throw staged.error;
    const staging = stagingFolder(names);
    const manifestText = toJson(manifest);
    host.mkdir(staging);
    host.writeFile(`${staging}/${MANIFEST_FILE}`, manifestText);
    host.settleWrites?.();
    if (!target.exists) host.rename(staging, names.outDir);
    else
      commitMoves(
        host,
        names,
        {
          changed: [...changed, MANIFEST_FILE],
          stale,
          manifest: MANIFEST_FILE,
          manifestHash: sha256(manifestText),
        },
        folderMaker(host),
      );
  } catch (error) {
    return failed({
      code: 'PAWS5002',
      message: `writing ${target.shown} failed: ${error instanceof Error ? error.message : String(error)}`,
      hint: 'the previous output is unchanged; check free space and permissions, then run again',
    });
  }
  removeEmptyFolders(host, names.outDir, stale);
  return {
    written: changed,
    removed: stale,
    unchanged: [...staged.unchanged].sort(compareStrings),
    diagnostics: [],
  };
}

/** Something beside the output folder with paws' names that this folder's writers did not leave. */
function foreignState(found: { file: string; why: string }): Refusal {
  return {
    code: 'PAWS5009',
    message: `${found.file} was not left by a paws writing this output folder: ${found.why}`,
    hint: `paws does not act on it: remove ${found.file} (and add ".*.paws-*" to .gitignore), then run again`,
  };
}

/** Makes each folder once. */
function folderMaker(host: WritableHost): (dir: string) => void {
  const made = new Set<string>();
  return (dir) => {
    if (made.has(dir)) return;
    host.mkdir(dir);
    made.add(dir);
  };
}

/** A manifest that lists paths outside the folder, or a folder of files paws did not write. */
function refuseFolder(
  host: WritableHost,
  outDir: string,
  previous: Manifest | undefined,
  options: OpenOptions,
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

/** A path that goes through a symlink, or a file paws did not write where it now generates one. */
function refusePaths(
  host: WritableHost,
  target: WriteTarget,
  staged: Staged,
  stale: readonly string[],
): Refusal | undefined {
  const { outDir } = target.names;
  const unsafe =
    [...staged.unsafe].sort(compareStrings)[0] ??
    [MANIFEST_FILE, ...stale].find((p) => linkOnTheWay(host, outDir, p));
  if (unsafe)
    return {
      code: 'PAWS5003',
      message: `${target.shown}/${unsafe} goes through a symlink (${linkOnTheWay(host, outDir, unsafe)})`,
      hint: 'paws never writes or removes through a link below the output folder; replace the link with a real folder or file',
    };
  const foreign = [...staged.foreign].sort(compareStrings);
  if (foreign.length === 0) return undefined;
  return {
    code: 'PAWS5008',
    message: `${target.shown} holds ${foreign.length === 1 ? 'a file' : `${foreign.length} files`} that paws did not write at ${foreign.length === 1 ? 'a path' : 'paths'} it now generates: ${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', …' : ''}`,
    hint: 'move your file elsewhere, or pass --force to replace it',
  };
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
  const read = containedReader(host, outDir);
  return {
    environments: manifestEnvironments(manifest),
    paths: Object.keys(manifest.files).sort(compareStrings),
    read: (relative) => (Object.hasOwn(manifest.files, relative) ? read(relative) : undefined),
  };
}
