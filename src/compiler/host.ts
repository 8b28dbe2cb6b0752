import * as fs from 'node:fs';
import * as path from 'node:path';

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
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

export function createNodeHost(cwd: string = process.cwd()): Host {
  const root = toPosix(path.resolve(cwd));
  return {
    cwd: () => root,
    stat(file) {
      try {
        const s = fs.statSync(file);
        return { kind: s.isFile() ? 'file' : s.isDirectory() ? 'directory' : 'other', size: s.size };
      } catch {
        return undefined;
      }
    },
    readFile: (file) => fs.readFileSync(file),
    readDir(dir) {
      return fs.readdirSync(dir, { withFileTypes: true }).map((e) => ({
        name: e.name,
        kind: e.isFile() ? 'file' : e.isDirectory() ? 'directory' : e.isSymbolicLink() ? 'symlink' : 'other',
      }));
    },
    env: (name) => process.env[name],
  };
}

/** An in-memory host: `files` maps absolute paths (or paths relative to `cwd`) to contents. */
export function createMemoryHost(
  files: Record<string, string | Uint8Array>,
  options: { cwd?: string; env?: Record<string, string> } = {},
): Host {
  const cwd = options.cwd ?? '/work';
  const contents = new Map<string, Uint8Array>();
  const encoder = new TextEncoder();
  for (const [name, content] of Object.entries(files)) {
    contents.set(
      path.posix.resolve(cwd, name),
      typeof content === 'string' ? encoder.encode(content) : content,
    );
  }
  const isDir = (dir: string) => {
    const prefix = dir === '/' ? '/' : `${dir}/`;
    for (const name of contents.keys()) if (name.startsWith(prefix)) return true;
    return false;
  };
  const notFound = (file: string) =>
    Object.assign(new Error(`ENOENT: no such file '${file}'`), { code: 'ENOENT' });
  return {
    cwd: () => cwd,
    stat(file) {
      const content = contents.get(file);
      if (content) return { kind: 'file', size: content.byteLength };
      return isDir(file) ? { kind: 'directory', size: 0 } : undefined;
    },
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
      return [...entries].map(([name, kind]) => ({ name, kind }));
    },
    env: (name) => options.env?.[name],
  };
}
