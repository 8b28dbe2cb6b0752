import * as path from 'node:path';
import type { WritableHost } from '../host.js';

/**
 * The moves of one write, recorded before the first one: a run killed midway (kill -9, power loss)
 * leaves it behind, and the next writer completes or rolls back from it.
 */
interface Journal {
  /** sha256 of the manifest this write puts in place last: once it is there, the write is complete. */
  manifest: string;
  backup: string;
  /** Every path the write touches, relative to the output folder. */
  paths: string[];
  /** Those that did not exist before (undone by removing them). */
  fresh: string[];
}

export interface TransactionNames {
  outDir: string;
  parent: string;
  base: string;
}

const journalFile = ({ parent, base }: TransactionNames) => `${parent}/.${base}.paws-journal`;
/** Per process, so two writers never share a folder even if the lock were bypassed. */
export const stagingFolder = ({ parent, base }: TransactionNames) =>
  `${parent}/.${base}.paws-staging-${process.pid}`;
const backupFolder = ({ parent, base }: TransactionNames) => `${parent}/.${base}.paws-backup-${process.pid}`;

function readJournal(host: WritableHost, file: string): Journal | undefined {
  try {
    const parsed = JSON.parse(new TextDecoder().decode(host.readFile(file))) as Journal;
    return Array.isArray(parsed.paths) && Array.isArray(parsed.fresh) && typeof parsed.backup === 'string'
      ? parsed
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Before a write (under the lock): finishes what an interrupted one left. A journal whose manifest is
 * in place means it completed: only its leftovers go. Otherwise every path it touched is restored
 * from its backup, or removed if it was new. Staging and backup folders without a journal are from
 * runs that died before moving anything.
 */
export function recoverInterrupted(
  host: WritableHost,
  names: TransactionNames,
  manifestHash: () => string | undefined,
): 'none' | 'completed' | 'rolled back' {
  const file = journalFile(names);
  const journal = host.stat(file) ? readJournal(host, file) : undefined;
  let outcome: 'none' | 'completed' | 'rolled back' = 'none';
  if (journal && manifestHash() === journal.manifest) outcome = 'completed';
  else if (journal) {
    for (const relative of [...journal.paths].reverse()) {
      const target = `${names.outDir}/${relative}`;
      const saved = `${journal.backup}/${relative}`;
      if (host.lstat(saved)?.kind === 'file') {
        host.mkdir(path.posix.dirname(target));
        host.rename(saved, target);
      } else if (journal.fresh.includes(relative)) host.remove(target);
    }
    outcome = 'rolled back';
  }
  host.remove(file);
  const prefix = `.${names.base}.paws-`;
  for (const entry of host.readDir(names.parent)) {
    if (entry.name.startsWith(`${prefix}staging-`) || entry.name.startsWith(`${prefix}backup-`))
      host.remove(`${names.parent}/${entry.name}`);
  }
  return outcome;
}

/**
 * Moves staged files into place, each replaced file (and each stale one) set aside first, the
 * manifest last. On an error every move is undone here; if the process dies instead, the journal
 * lets the next writer undo them.
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
  const ordered = [
    ...plan.changed.filter((p) => p !== plan.manifest),
    ...plan.changed.filter((p) => p === plan.manifest),
  ];
  const journal: Journal = {
    manifest: plan.manifestHash,
    backup,
    paths: [...ordered, ...plan.stale],
    fresh: ordered.filter((p) => !exists(p)),
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
  try {
    for (const relative of ordered) {
      moveAside(relative);
      const target = `${names.outDir}/${relative}`;
      mkdir(path.posix.dirname(target));
      host.rename(`${staging}/${relative}`, target);
      undo.push(() => host.remove(target));
    }
    for (const relative of plan.stale) moveAside(relative);
  } catch (error) {
    let restored = true;
    for (const step of undo.reverse()) {
      try {
        step();
      } catch {
        // Keep undoing the rest; the journal and backup stay, so the next run finishes the undo.
        restored = false;
      }
    }
    host.remove(staging);
    if (restored) {
      host.remove(file);
      host.remove(backup);
    }
    throw error;
  }
  // The manifest is in place: the write is complete, whatever happens to the cleanup below.
  host.remove(file);
  host.remove(staging);
  host.remove(backup);
}
