import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type { Host, WritableHost } from '../compiler/host.js';
import { displayPathFor } from '../compiler/load/read.js';
import { linkOnTheWay, relativePathProblem } from './safe-paths.js';

/**
 * The moves of one write, recorded before the first one: a run killed midway (kill -9, power loss)
 * leaves it behind, and the next writer completes or rolls back from it.
 */
interface Journal {
  /** sha256 of the manifest this write puts in place last: once it is there, the write is complete. */
  manifest: string;
  /** The site of the folder it was written in (see TransactionNames). */
  site: string;
  backup: string;
  /** Every path the write touches, relative to the output folder. */
  paths: string[];
  /** Those that did not exist before (undone by removing them). */
  fresh: string[];
}

/**
 * Where a write keeps its state, beside the output folder. `site` stands for the identity (device
 * and inode) of the folder that holds it: a journal, lock or leftover folder that names another
 * site was not written here (a pull request committed it, or it was copied), and paws never acts on it.
 */
export interface TransactionNames {
  outDir: string;
  parent: string;
  base: string;
  site: string;
}

export function transactionNames(host: WritableHost, outDir: string): TransactionNames {
  const parent = path.posix.dirname(outDir);
  const identity = host.identity(parent) ?? `path:${parent}`;
  const site = createHash('sha256').update(identity).digest('hex').slice(0, 12);
  return { outDir, parent, base: path.posix.basename(outDir), site };
}

const prefix = ({ base }: TransactionNames) => `.${base}.paws-`;
const journalFile = (names: TransactionNames) => `${names.parent}/${prefix(names)}journal`;
export const lockFile = (names: TransactionNames) => `${names.parent}/${prefix(names)}lock`;
/** Per process, so two writers never share a folder even if the lock were bypassed. */
export const stagingFolder = (names: TransactionNames) =>
  `${names.parent}/${prefix(names)}staging-${process.pid}-${names.site}`;
const backupFolder = (names: TransactionNames) =>
  `${names.parent}/${prefix(names)}backup-${process.pid}-${names.site}`;

/**
 * Whether anything of a write is beside the output folder (a lock, a journal, a leftover folder):
 * a write was interrupted, or one runs, and the folder may not be what its manifest says.
 */
export function writeStateBeside(host: Host, outDir: string): boolean {
  const parent = path.posix.dirname(outDir);
  const start = `.${path.posix.basename(outDir)}.paws-`;
  try {
    return host.readDir(parent).some((entry) => entry.name.startsWith(start));
  } catch {
    return false;
  }
}

/** A name beside the output folder that is paws' own, or undefined: the lock, the journal, leftover folders. */
function ownName(names: TransactionNames, name: string): 'lock' | 'journal' | 'leftover' | undefined {
  const rest = name.slice(prefix(names).length);
  if (rest === 'lock') return 'lock';
  if (rest === 'journal' || rest === 'journal.tmp') return 'journal';
  return new RegExp(`^(staging|backup)-\\d+-${names.site}$`).test(rest) ? 'leftover' : undefined;
}

/** Why a journal cannot be trusted, or the journal. */
function readJournal(host: WritableHost, names: TransactionNames, file: string): Journal | string {
  let parsed: Partial<Journal>;
  try {
    parsed = JSON.parse(new TextDecoder().decode(host.readFile(file))) as Partial<Journal>;
  } catch {
    return 'it is not a journal paws writes';
  }
  if (!parsed || typeof parsed !== 'object' || parsed.site !== names.site)
    return 'it was written for another folder (committed, or copied from another checkout)';
  const { backup, paths, fresh, manifest } = parsed;
  if (typeof manifest !== 'string' || !Array.isArray(paths) || !Array.isArray(fresh))
    return 'it is not a journal paws writes';
  if (typeof backup !== 'string' || path.posix.dirname(backup) !== names.parent)
    return 'its backup folder is not beside the output folder';
  const backupName = path.posix.basename(backup);
  if (ownName(names, backupName) !== 'leftover' || !backupName.startsWith(`${prefix(names)}backup-`))
    return 'its backup folder is not one paws names';
  const bad = [...paths, ...fresh].map(relativePathProblem).find((problem) => problem !== undefined);
  if (bad) return bad;
  if (!fresh.every((p) => paths.includes(p))) return 'it lists new files it does not touch';
  const link = paths.find(
    (p: string) => linkOnTheWay(host, names.outDir, p) ?? linkOnTheWay(host, backup, p),
  );
  if (link) return `${JSON.stringify(link)} goes through a symlink`;
  if (host.lstat(backup) && host.lstat(backup)?.kind !== 'directory') return 'its backup is not a folder';
  return { manifest, site: names.site, backup, paths, fresh };
}

export type Recovery =
  { outcome: 'none' | 'completed' | 'rolled back' } | { foreign: { file: string; why: string } };

/**
 * Before a write (under the lock): finishes what an interrupted one left. A journal whose manifest is
 * in place means it completed: only its leftovers go. Otherwise every path it touched is restored
 * from its backup, or removed if it was new. Staging and backup folders without a journal are from
 * runs that died before moving anything. Anything with paws' names that this folder's writers did
 * not leave is reported and left alone, and nothing is done.
 */
export function recoverInterrupted(
  host: WritableHost,
  names: TransactionNames,
  manifestHash: () => string | undefined,
): Recovery {
  const leftovers: string[] = [];
  let journal: Journal | undefined;
  for (const entry of host.readDir(names.parent)) {
    if (!entry.name.startsWith(prefix(names))) continue;
    const full = `${names.parent}/${entry.name}`;
    const own = ownName(names, entry.name);
    if (own === 'lock') continue;
    const foreign = (why: string) => ({ foreign: { file: displayPathFor(host, full), why } });
    if (own === undefined) return foreign('its name is not one paws gives this folder');
    if (host.lstat(full)?.kind !== (own === 'journal' ? 'file' : 'directory'))
      return foreign(`it is not a ${own === 'journal' ? 'file' : 'folder'}`);
    if (own === 'leftover') leftovers.push(full);
    else {
      const read = readJournal(host, names, full);
      if (typeof read === 'string') return foreign(read);
      if (entry.name.endsWith('.tmp')) leftovers.push(full);
      else journal = read;
    }
  }
  const outcome = journal ? finishJournal(host, names, journal, manifestHash) : 'none';
  host.remove(journalFile(names));
  for (const leftover of leftovers) host.remove(leftover);
  return { outcome };
}

/** Completes or undoes the write a journal describes. */
function finishJournal(
  host: WritableHost,
  names: TransactionNames,
  journal: Journal,
  manifestHash: () => string | undefined,
): 'completed' | 'rolled back' {
  if (manifestHash() === journal.manifest) return 'completed';
  for (const relative of [...journal.paths].reverse()) {
    const target = `${names.outDir}/${relative}`;
    const saved = `${journal.backup}/${relative}`;
    if (host.lstat(saved)?.kind === 'file') {
      host.mkdir(path.posix.dirname(target));
      host.rename(saved, target);
    } else if (journal.fresh.includes(relative)) host.remove(target);
  }
  host.remove(journal.backup);
  return 'rolled back';
}

/**
 * Moves staged files into place, each replaced file (and each stale one) set aside first, the
 * manifest last: once it is in place nothing is left to do. On an error every move is undone here;
 * if the process dies instead, the journal lets the next writer undo them.
 */
export function commitMoves(
  host: WritableHost,
  names: TransactionNames,
  plan: { changed: readonly string[]; stale: readonly string[]; manifest: string; manifestHash: string },
  mkdir: (dir: string) => void,
): void {
  const staging = stagingFolder(names);
  const backup = backupFolder(names);
  const exists = (relative: string) => host.lstat(`${names.outDir}/${relative}`)?.kind === 'file';
  const files = plan.changed.filter((p) => p !== plan.manifest);
  const manifest = plan.changed.filter((p) => p === plan.manifest);
  const paths = [...files, ...plan.stale, ...manifest];
  const journal: Journal = {
    manifest: plan.manifestHash,
    site: names.site,
    backup,
    paths,
    fresh: [...files, ...manifest].filter((p) => !exists(p)),
  };
  const file = journalFile(names);
  host.writeFile(`${file}.tmp`, JSON.stringify(journal));
  host.rename(`${file}.tmp`, file);
  const undo: (() => void)[] = [];
  const moveAside = (relative: string) => {
    const from = `${names.outDir}/${relative}`;
    if (!exists(relative)) return;
    const to = `${backup}/${relative}`;
    mkdir(path.posix.dirname(to));
    host.rename(from, to);
    undo.push(() => host.rename(to, from));
  };
  const moveIn = (relative: string) => {
    moveAside(relative);
    const target = `${names.outDir}/${relative}`;
    mkdir(path.posix.dirname(target));
    host.rename(`${staging}/${relative}`, target);
    undo.push(() => host.remove(target));
  };
  try {
    for (const relative of files) moveIn(relative);
    for (const relative of plan.stale) moveAside(relative);
    for (const relative of manifest) moveIn(relative);
  } catch (error) {
    undoMoves(host, undo, { staging, journal: file, backup });
    throw error;
  }
  // The manifest is in place: the write is complete, whatever happens to the cleanup below.
  host.remove(file);
  host.remove(staging);
  host.remove(backup);
}

/** Undoes the moves made so far; the journal and backup stay if one fails, so the next run finishes. */
function undoMoves(
  host: WritableHost,
  undo: (() => void)[],
  state: { staging: string; journal: string; backup: string },
): void {
  let restored = true;
  for (const step of undo.reverse()) {
    try {
      step();
    } catch {
      restored = false;
    }
  }
  host.remove(state.staging);
  if (restored) {
    host.remove(state.journal);
    host.remove(state.backup);
  }
}
