import * as path from 'node:path';
import { toPointer } from './pointer.js';
import { append } from '../../util/compare.js';
import type { Diagnostic, StageResult } from '../diagnostics.js';
import type { Host } from '../host.js';
import { discoverWorkloadFiles, isYamlFileName, walkFiles } from './discover.js';
import { displayPathFor, readSource } from './read.js';
import type { SourceFile } from './source.js';
import { type LoadedDocument, locate, parseYamlDocuments } from './yaml.js';
import { didYouMean } from '../suggest.js';
import { escapeDiagnostic, type InputBounds, inputBounds, inputEscape } from './containment.js';

export type { SourceFile } from './source.js';
export type { LoadedDocument, NodeSpan } from './yaml.js';
export { locate, spanOf } from './yaml.js';

export const CONFIG_FILE = 'paws.config.yaml';
export const DEFAULT_PLATFORM_DIR = 'platform';
export const DEFAULT_OUT_DIR = 'out';

export interface LoadOptions {
  /** Workload files, folders or globs; default: search the working directory. */
  paths?: readonly string[];
  /** Platform folder; default: `platform` from paws.config.yaml, else ./platform when it exists. */
  platform?: string;
  /** Output folder, never searched for specs; default: `out` from paws.config.yaml, else ./out. */
  out?: string;
  /** False for commands about the platform alone (definitions check): finding no workload is fine. */
  requireWorkloads?: boolean;
  /**
   * Which workloads to search for when no path is given: `project` (compile, diff) the whole project,
   * `here` (validate, plan, explain) those below the working directory. Default: project.
   */
  scope?: 'project' | 'here';
}

/**
 * The project root, found like git finds a repository: the nearest folder upward from the working
 * directory that holds paws.config.yaml, else one that holds a platform/ folder, else the git work
 * tree's root, else the working directory itself.
 */
export function projectRoot(host: Host, cwd: string): string {
  const upward = (test: (dir: string) => boolean): string | undefined => {
    for (let dir = cwd; ; dir = path.posix.dirname(dir)) {
      if (test(dir)) return dir;
      if (dir === path.posix.dirname(dir)) return undefined;
    }
  };
  return (
    upward((dir) => host.stat(`${dir}/${CONFIG_FILE}`)?.kind === 'file') ??
    upward((dir) => host.stat(`${dir}/${DEFAULT_PLATFORM_DIR}`)?.kind === 'directory') ??
    upward((dir) => host.stat(`${dir}/.git`) !== undefined) ??
    cwd
  );
}

/** A folder of the root whose name is one or two edits from "platform" (platfrom, platforms …). */
function misspeltPlatform(host: Host, root: string): string | undefined {
  if (host.stat(root)?.kind !== 'directory') return undefined;
  const near = host
    .readDir(root)
    .filter((entry) => entry.kind === 'directory' && entry.name !== DEFAULT_PLATFORM_DIR)
    .map((entry) => entry.name)
    .sort()
    .find((name) => didYouMean(name, [DEFAULT_PLATFORM_DIR]) !== undefined);
  return near === undefined ? undefined : `${root}/${near}`;
}

export interface LoadedProject {
  workloads: LoadedDocument[];
  platform: LoadedDocument[];
  config?: LoadedDocument;
  /** Absolute platform folder, when there is one. */
  platformDir?: string;
  /** Absolute output folder. */
  outDir: string;
  /** Every source read, by display path, for code frames. */
  sources: Map<string, SourceFile>;
  /** Files definitions point at (driver.templateFile) and files workloads mount (source:), by absolute path. */
  assets: Map<string, string>;
}

/** What loading one project builds up: where it is, what it has read, and what went wrong. */
interface Loading {
  host: Host;
  options: LoadOptions;
  cwd: string;
  root: string;
  diagnostics: Diagnostic[];
  sources: Map<string, SourceFile>;
  assets: Map<string, string>;
  /** Where inputs may be read from (found on first use). */
  bounds: () => InputBounds;
  /** The YAML documents of a file inside those bounds (none, with a diagnostic, outside them). */
  readDocuments: (file: string) => LoadedDocument[];
}

function startLoading(options: LoadOptions, host: Host): Loading {
  const cwd = host.cwd();
  const root = projectRoot(host, cwd);
  // Inputs are read from the repository only; a platform folder given on the command line is trusted too.
  const trusted = options.platform !== undefined ? [path.posix.resolve(cwd, options.platform)] : [];
  let found: InputBounds | undefined;
  const l: Loading = {
    host,
    options,
    cwd,
    root,
    diagnostics: [],
    sources: new Map(),
    assets: new Map(),
    bounds: () => (found ??= inputBounds(host, root, trusted)),
    readDocuments: (file) => {
      const escape = inputEscape(host, l.bounds(), file);
      if (escape) {
        l.diagnostics.push(escapeDiagnostic(host, file, escape, l.bounds()));
        return [];
      }
      const read = readSource(host, file);
      append(l.diagnostics, read.diagnostics);
      if (!read.source) return [];
      l.sources.set(read.source.displayPath, read.source);
      const parsed = parseYamlDocuments(read.source);
      append(l.diagnostics, parsed.diagnostics);
      return parsed.documents;
    },
  };
  return l;
}

export function loadProject(options: LoadOptions, host: Host): StageResult<LoadedProject> {
  const l = startLoading(options, host);
  const configPath = path.posix.join(l.root, CONFIG_FILE);
  const config = host.stat(configPath)?.kind === 'file' ? l.readDocuments(configPath)[0] : undefined;
  const configured = (key: 'platform' | 'out') => {
    const value = (config?.value as Record<string, unknown> | undefined)?.[key];
    return typeof value === 'string' ? value : undefined;
  };
  // --out is relative to the working directory; the configured and default folders to the project root.
  const outDir =
    options.out !== undefined
      ? path.posix.resolve(l.cwd, options.out)
      : path.posix.resolve(l.root, configured('out') ?? DEFAULT_OUT_DIR);
  const platformDir = platformFolder(l, config, configured('platform'));
  const platform: LoadedDocument[] = [];
  if (platformDir)
    for (const file of walkFiles(host, platformDir, isYamlFileName, new Set([outDir])))
      platform.push(...l.readDocuments(file));
  readTemplateFiles(l, platform);
  const workloads = readWorkloads(l, new Set([outDir, ...(platformDir ? [platformDir] : [])]));
  readMountedFiles(l, workloads);
  return {
    value: {
      workloads,
      platform,
      ...(config ? { config } : {}),
      ...(platformDir ? { platformDir } : {}),
      outDir,
      sources: l.sources,
      assets: l.assets,
    },
    diagnostics: l.diagnostics,
  };
}

/** The platform folder: --platform, else paws.config.yaml's, else ./platform when it exists. */
function platformFolder(
  l: Loading,
  config: LoadedDocument | undefined,
  configured: string | undefined,
): string | undefined {
  const { host, options, diagnostics } = l;
  if (options.platform !== undefined) {
    const dir = path.posix.resolve(l.cwd, options.platform);
    if (host.stat(dir)?.kind === 'directory') return dir;
    diagnostics.push({
      code: 'PAWS1011',
      severity: 'error',
      message: `platform folder "${options.platform}" (from --platform) does not exist or is not a folder`,
      hint: 'give the folder that holds your Environment, ResourceType and ResourceDefinition files',
    });
    return undefined;
  }
  if (configured !== undefined && config) {
    const dir = path.posix.resolve(l.root, configured);
    if (host.stat(dir)?.kind === 'directory') return dir;
    diagnostics.push({
      code: 'PAWS1001',
      severity: 'error',
      message: `platform folder "${configured}" named in ${CONFIG_FILE} does not exist or is not a folder`,
      ...locate(config, '/platform'),
      hint: 'the path is relative to the folder that holds paws.config.yaml',
    });
    return undefined;
  }
  const fallback = path.posix.join(l.root, DEFAULT_PLATFORM_DIR);
  if (host.stat(fallback)?.kind === 'directory') return fallback;
  const near = misspeltPlatform(host, l.root);
  if (near)
    diagnostics.push({
      code: 'PAWS1013',
      severity: 'warning',
      message: `no platform folder; "${displayPathFor(host, near)}" looks like a misspelt "${DEFAULT_PLATFORM_DIR}", so paws uses its built-in catalog and one embedded dev environment`,
      hint: `rename it to ${DEFAULT_PLATFORM_DIR}/, or name it with --platform or platform: in ${CONFIG_FILE}`,
    });
  return undefined;
}

/** Templates next to definitions are read now, so later stages do no I/O. */
function readTemplateFiles(l: Loading, platform: readonly LoadedDocument[]): void {
  for (const doc of platform) {
    const value = doc.value as { kind?: unknown; spec?: { driver?: { templateFile?: unknown } } };
    const file = value.kind === 'ResourceDefinition' ? value.spec?.driver?.templateFile : undefined;
    if (typeof file !== 'string') continue;
    const absolute = path.posix.resolve(path.posix.dirname(doc.source.path), file);
    const escape = inputEscape(l.host, l.bounds(), absolute);
    if (escape) {
      l.diagnostics.push({
        ...escapeDiagnostic(l.host, absolute, escape, l.bounds()),
        ...locate(doc, '/spec/driver/templateFile'),
      });
      continue;
    }
    const read = readSource(l.host, absolute);
    if (read.source) l.assets.set(absolute, read.source.text);
  }
}

/** The workload files asked for (or found below the project), outside the output and platform folders. */
function readWorkloads(l: Loading, skip: ReadonlySet<string>): LoadedDocument[] {
  const { options } = l;
  const searched =
    options.paths && options.paths.length > 0 ? options.paths : [options.scope === 'here' ? l.cwd : l.root];
  const discovered = discoverWorkloadFiles(l.host, { paths: searched, skip: new Set(skip) });
  l.diagnostics.push(
    ...discovered.diagnostics.filter((d) => options.requireWorkloads !== false || d.code !== 'PAWS1010'),
  );
  return discovered.files.flatMap((file) => l.readDocuments(file));
}

/**
 * Files that workloads mount with `source:` are read now too (relative to the workload file), and
 * only from inside the workload's repository: a spec must not read the runner's files into output.
 */
function readMountedFiles(l: Loading, workloads: readonly LoadedDocument[]): void {
  const { host } = l;
  const roots = new Map<string, string>();
  for (const doc of workloads) {
    const sources = fileSources(doc);
    if (sources.length === 0) continue;
    const dir = path.posix.dirname(doc.source.path);
    // Found once per folder, and only for workloads that mount files: a walk to / costs a stat per level.
    const root = roots.get(dir) ?? repositoryRoot(host, dir, l.cwd);
    roots.set(dir, root);
    for (const { source, pointer } of sources) {
      const absolute = path.posix.resolve(dir, source);
      const escape = sourceEscape(host, root, absolute);
      if (escape) {
        l.diagnostics.push({
          code: 'PAWS2505',
          severity: 'error',
          message: `file source "${source}" ${escape}`,
          ...locate(doc, pointer),
          hint: `sources are read from the workload's repository (${displayPathFor(host, root)}), outside .git: give a path relative to ${displayPathFor(host, dir)}`,
        });
        continue;
      }
      if (l.assets.has(absolute)) continue;
      const read = readSource(host, absolute);
      if (read.source) l.assets.set(absolute, read.source.text);
    }
  }
}

export { displayPathFor };

/** Every `files.<target>.source` of a workload document, with its pointer (map or deprecated list form). */
function fileSources(doc: LoadedDocument): { source: string; pointer: string }[] {
  const containers = (doc.value as { containers?: unknown }).containers;
  if (!containers || typeof containers !== 'object') return [];
  const found: { source: string; pointer: string }[] = [];
  for (const [name, container] of Object.entries(containers as Record<string, { files?: unknown }>)) {
    const files = container?.files;
    if (!files || typeof files !== 'object') continue;
    for (const [key, file] of Object.entries(files as Record<string, { source?: unknown }>)) {
      if (typeof file?.source === 'string')
        found.push({ source: file.source, pointer: toPointer(['containers', name, 'files', key, 'source']) });
    }
  }
  return found;
}

/** The git work tree a folder is in (nearest .git upward), else the working directory when it holds the folder. */
function repositoryRoot(host: Host, dir: string, cwd: string): string {
  for (let current = dir; ; current = path.posix.dirname(current)) {
    if (host.stat(`${current}/.git`)) return current;
    if (current === '/' || current === path.posix.dirname(current)) break;
  }
  return dir === cwd || dir.startsWith(`${cwd}/`) ? cwd : dir;
}

/** Why a source may not be read, or undefined when it lies inside the repository (symlinks resolved). */
function sourceEscape(host: Host, root: string, absolute: string): string | undefined {
  const inside = (p: string, base: string) => p === base || p.startsWith(`${base}/`);
  const real = host.realpath(absolute);
  const realRoot = host.realpath(root);
  if (!inside(absolute, root) || !inside(real, realRoot)) return 'is outside the repository';
  if (path.posix.relative(realRoot, real).split('/').includes('.git')) return 'is inside .git';
  return undefined;
}

/**
 * More workload files of a loaded project (found after it loaded: those a narrowed command needs
 * besides the ones it was given), read with the same checks: the repository's bounds, the size
 * limit, UTF-8, YAML. Their sources join the project's.
 */
export function loadMoreWorkloads(
  host: Host,
  project: LoadedProject,
  files: readonly string[],
): StageResult<LoadedDocument[]> {
  const bounds = inputBounds(
    host,
    projectRoot(host, host.cwd()),
    project.platformDir ? [project.platformDir] : [],
  );
  const diagnostics: Diagnostic[] = [];
  const documents: LoadedDocument[] = [];
  for (const file of files) {
    const escape = inputEscape(host, bounds, file);
    if (escape) {
      diagnostics.push(escapeDiagnostic(host, file, escape, bounds));
      continue;
    }
    const read = readSource(host, file);
    append(diagnostics, read.diagnostics);
    if (!read.source) continue;
    project.sources.set(read.source.displayPath, read.source);
    const parsed = parseYamlDocuments(read.source);
    append(diagnostics, parsed.diagnostics);
    documents.push(...parsed.documents);
  }
  return { value: documents, diagnostics };
}
