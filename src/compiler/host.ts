import * as fs from 'node:fs';
import * as path from 'node:path';
import { type BackgroundWrites, createBackgroundWrites, type FileBatch } from './background-writes.js';

/**
 * Every file access of the pipeline goes through a Host, so the whole compiler runs against an
 * in-memory tree in tests. Paths are absolute and POSIX-style.
 */
export interface DirEntry {
  name: string;
  kind: 'file' | 'directory' | 'symlink' | 'other';
}

export interface FileStat {
  kind: 'file' | 'directory' | 'other';
  size: number;
}

export interface Host {
  cwd(): string;
  /** undefined when nothing is there. Follows symlinks. */
  stat(file: string): FileStat | undefined;
  /** Throws a Node-style error (with `code`) when the file cannot be read. */
  readFile(file: string): Uint8Array;
  readDir(dir: string): DirEntry[];
  env(name: string): string | undefined;
  /** The path with every symlink resolved; the path itself when nothing is there. */
  realpath(file: string): string;
}

/** A Host that can also write: what `paws compile` needs for its output folder. */
export interface WritableHost extends Host {
  /** Like stat, but a symlink is reported as such. */
  lstat(file: string): { kind: 'file' | 'directory' | 'symlink' | 'other' } | undefined;
  writeFile(file: string, content: string): void;
  /** Creates the folder and its parents. */
  mkdir(dir: string): void;
  /** Atomic on one file system; replaces an existing file. */
  rename(from: string, to: string): void;
  /** Removes a file or a folder with its content; nothing if it does not exist. */
  remove(file: string): void;
  /** Creates the file only if nothing is there (atomically); false when it already exists. */
  createExclusive(file: string, content: string): boolean;
  /** Whether a process of this machine is still running (for locks a dead process left). */
  processAlive(pid: number): boolean;
  /**
   * What tells this folder from every other one (device and inode): a journal or lock that names
   * another one was not written here (it was committed, or copied), so paws does not act on it.
   */
  identity(dir: string): string | undefined;
  /** Writes files, folders made as needed, possibly on another thread while the caller goes on. */
  writeFilesInBackground?(batch: FileBatch): void;
  /** Memory for the contents of a batch of writeFilesInBackground: reused once an earlier batch is on disk. */
  outputBuffer?(size: number): Buffer;
  /** Waits until every file given to writeFilesInBackground is written; throws the first failure. */
  settleWrites?(): void;
}

/** Whether a process of this machine is still running (signal 0 tests without sending anything). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function isWritable(host: Host): host is WritableHost {
  return typeof (host as Partial<WritableHost>).writeFile === 'function';
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/** Undefined where the file system says the path is not there (or not readable). */
function orUndefined<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

const kindOf = (s: fs.Stats | fs.Dirent) =>
  s.isSymbolicLink() ? 'symlink' : s.isFile() ? 'file' : s.isDirectory() ? 'directory' : 'other';

/** What the real file system host reads. */
const nodeReads: Pick<WritableHost, 'stat' | 'lstat' | 'realpath' | 'readFile' | 'readDir' | 'identity'> = {
  lstat: (file) => orUndefined(() => ({ kind: kindOf(fs.lstatSync(file)) })),
  stat: (file) =>
    orUndefined(() => {
      const s = fs.statSync(file);
      return { kind: s.isFile() ? 'file' : s.isDirectory() ? 'directory' : 'other', size: s.size };
    }),
  readFile: (file) => fs.readFileSync(file),
  realpath: (file) => orUndefined(() => toPosix(fs.realpathSync.native(file))) ?? file,
  readDir: (dir) =>
    fs.readdirSync(dir, { withFileTypes: true }).map((e) => ({ name: e.name, kind: kindOf(e) })),
  identity: (dir) =>
    orUndefined(() => {
      const s = fs.statSync(dir, { bigint: true });
      return `${s.dev}:${s.ino}`;
    }),
};

/** What the real file system host writes (besides the background writes of output files). */
const nodeWrites: Pick<WritableHost, 'writeFile' | 'mkdir' | 'rename' | 'remove' | 'createExclusive'> = {
  writeFile: (file, content) => fs.writeFileSync(file, content),
  mkdir: (dir) => fs.mkdirSync(dir, { recursive: true }),
  rename: (from, to) => fs.renameSync(from, to),
  remove: (file) => fs.rmSync(file, { recursive: true, force: true }),
  createExclusive(file, content) {
    try {
      fs.writeFileSync(file, content, { flag: 'wx' });
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    }
  },
};

export function createNodeHost(cwd: string = process.cwd()): WritableHost {
  const root = toPosix(path.resolve(cwd));
  let background: BackgroundWrites | undefined;
  const writes = () =>
    (background ??= createBackgroundWrites((file, content) => {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
    }));
  return {
    ...nodeReads,
    ...nodeWrites,
    writeFilesInBackground: (batch) => writes().write(batch),
    outputBuffer: (size) => writes().buffer(size),
    settleWrites: () => background?.settle(),
    processAlive,
    cwd: () => root,
    env: (name) => process.env[name],
  };
}

/** The state of an in-memory host: files by absolute path, and folders made without files in them. */
interface MemoryState {
  contents: Map<string, Uint8Array>;
  dirs: Set<string>;
  encoder: InstanceType<typeof TextEncoder>;
  isDir: (dir: string) => boolean;
  links: Record<string, string> | undefined;
}

const notFound = (file: string) =>
  Object.assign(new Error(`ENOENT: no such file '${file}'`), { code: 'ENOENT' });

function memoryStat({ contents, isDir }: MemoryState, file: string): FileStat | undefined {
  const content = contents.get(file);
  if (content) return { kind: 'file', size: content.byteLength };
  return isDir(file) ? { kind: 'directory', size: 0 } : undefined;
}

/** What an in-memory host reads. */
function memoryReads(
  state: MemoryState,
): Pick<WritableHost, 'stat' | 'lstat' | 'realpath' | 'readFile' | 'readDir'> {
  const { contents, dirs, isDir, links } = state;
  return {
    stat: (file) => memoryStat(state, file),
    lstat(file) {
      if (links && Object.hasOwn(links, file)) return { kind: 'symlink' };
      const stat = memoryStat(state, file);
      return stat ? { kind: stat.kind } : undefined;
    },
    realpath: (file) => links?.[file] ?? file,
    readFile(file) {
      const content = contents.get(file);
      if (content) return content;
      if (isDir(file)) throw Object.assign(new Error(`EISDIR: '${file}' is a directory`), { code: 'EISDIR' });
      throw notFound(file);
    },
    readDir(dir) {
      if (!isDir(dir)) throw notFound(dir);
      const prefix = dir === '/' ? '/' : `${dir}/`;
      const entries = new Map<string, DirEntry['kind']>();
      for (const name of contents.keys()) {
        if (!name.startsWith(prefix)) continue;
        const rest = name.slice(prefix.length);
        const slash = rest.indexOf('/');
        if (slash === -1) entries.set(rest, 'file');
        else entries.set(rest.slice(0, slash), 'directory');
      }
      for (const d of dirs) {
        if (d.startsWith(prefix) && !d.slice(prefix.length).includes('/'))
          entries.set(d.slice(prefix.length), 'directory');
      }
      return [...entries].map(([name, kind]) => ({ name, kind }));
    },
  };
}

/** What an in-memory host writes. */
function memoryWrites({
  contents,
  dirs,
  encoder,
  isDir,
}: MemoryState): Pick<WritableHost, 'writeFile' | 'mkdir' | 'rename' | 'remove' | 'createExclusive'> {
  return {
    writeFile(file, content) {
      contents.set(file, encoder.encode(content));
    },
    mkdir(dir) {
      for (let d = dir; d !== '/' && d !== '.'; d = path.posix.dirname(d)) dirs.add(d);
    },
    rename(from, to) {
      const content = contents.get(from);
      if (content) {
        contents.delete(from);
        contents.set(to, content);
        return;
      }
      if (!isDir(from)) throw notFound(from);
      for (const [name, data] of [...contents]) {
        if (name.startsWith(`${from}/`)) {
          contents.delete(name);
          contents.set(`${to}${name.slice(from.length)}`, data);
        }
      }
    },
    remove(file) {
      contents.delete(file);
      for (const name of [...contents.keys()]) if (name.startsWith(`${file}/`)) contents.delete(name);
      for (const d of [...dirs]) if (d === file || d.startsWith(`${file}/`)) dirs.delete(d);
    },
    createExclusive(file, content) {
      if (contents.has(file)) return false;
      contents.set(file, encoder.encode(content));
      return true;
    },
  };
}

/** An in-memory host: `files` maps absolute paths (or paths relative to `cwd`) to contents. */
export function createMemoryHost(
  files: Record<string, string | Uint8Array>,
  options: {
    cwd?: string;
    env?: Record<string, string>;
    alive?: (pid: number) => boolean;
    /** Symlinks, as path → the real path it resolves to. */
    links?: Record<string, string>;
  } = {},
): WritableHost & { files: Map<string, Uint8Array> } {
  const cwd = options.cwd ?? '/work';
  const contents = new Map<string, Uint8Array>();
  const encoder = new TextEncoder();
  // The working directory exists even when no file is in it.
  const dirs = new Set<string>([cwd]);
  for (const [name, content] of Object.entries(files))
    contents.set(
      path.posix.resolve(cwd, name),
      typeof content === 'string' ? encoder.encode(content) : content,
    );
  const isDir = (dir: string) => {
    if (dirs.has(dir)) return true;
    const prefix = dir === '/' ? '/' : `${dir}/`;
    for (const name of contents.keys()) if (name.startsWith(prefix)) return true;
    return false;
  };
  const state: MemoryState = { contents, dirs, encoder, isDir, links: options.links };
  // Folders of two memory hosts are never the same folder, as two checkouts are not.
  const instance = `${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`;
  return {
    files: contents,
    ...memoryReads(state),
    ...memoryWrites(state),
    processAlive: (pid) => options.alive?.(pid) ?? pid === process.pid,
    identity: (dir) => (isDir(dir) ? `${instance}:${dir}` : undefined),
    cwd: () => cwd,
    env: (name) => options.env?.[name],
  };
}
