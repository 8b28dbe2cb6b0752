import path from 'node:path';
import type { Host } from '../compiler/host.js';
import type { PawsConfig } from '../generated/config.js';
import { git } from './git/worktree.js';
import type { BackstageOptions } from '../emitters/backstage.js';

/**
 * The web URL of a repository's tree at its root, from a git remote URL: scp-like and URL forms,
 * credentials dropped (they must never reach a catalog), `.git` dropped; GitLab's tree path is
 * `/-/tree/`. Undefined for a remote that is not on a web host (a local path).
 */
export function treeUrlOf(remote: string): string | undefined {
  const scp = /^[^@/]+@([^:/]+):(.+)$/.exec(remote);
  let host: string;
  let repo: string;
  if (scp) [host, repo] = [scp[1] as string, scp[2] as string];
  else {
    let url: URL;
    try {
      url = new URL(remote);
    } catch {
      return undefined;
    }
    if (!['https:', 'http:', 'ssh:', 'git:'].includes(url.protocol) || !url.hostname) return undefined;
    [host, repo] = [url.hostname, url.pathname.replace(/^\/+/, '')];
  }
  repo = repo.replace(/\.git$/, '').replace(/\/+$/, '');
  if (!repo) return undefined;
  return `https://${host}/${repo}/${host.includes('gitlab') ? '-/' : ''}tree/HEAD/`;
}

/**
 * Where each workload's code is, for Backstage's `backstage.io/source-location`: the configured
 * `backstage.sourceLocation` (or, on the real file system, the origin remote's tree) plus the
 * workload's folder relative to the repository root. Undefined when neither is known.
 */
export function sourceLocator(
  host: Host,
  config: PawsConfig | undefined,
  onDisk: boolean,
): ((file: string) => string | undefined) | undefined {
  const cwd = host.cwd();
  const read = (args: string[]) => {
    try {
      return onDisk ? git(args, cwd) : undefined;
    } catch {
      return undefined;
    }
  };
  const configured = config?.backstage?.sourceLocation;
  const remote = configured === undefined ? read(['remote', 'get-url', 'origin']) : undefined;
  const base = configured ?? (remote ? treeUrlOf(remote) : undefined);
  if (!base) return undefined;
  const top = read(['rev-parse', '--show-toplevel']) ?? cwd;
  return (file) => {
    const folder = path.posix.relative(top, path.posix.dirname(path.posix.resolve(cwd, file)));
    if (folder.startsWith('..')) return undefined;
    return `url:${base}${folder ? `${folder}/` : ''}`;
  };
}

/** The entities' options from the project's settings (and git, when the host is the real file system). */
export function backstageOptions(
  project: { config?: PawsConfig } | undefined,
  host: Host,
  io: { host?: Host },
): BackstageOptions {
  const config = project?.config;
  const sourceLocation = sourceLocator(host, config, io.host === undefined);
  const owner = config?.backstage?.sharedResourceOwner;
  return { ...(sourceLocation ? { sourceLocation } : {}), ...(owner ? { sharedResourceOwner: owner } : {}) };
}
