import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MANIFEST_FILE, writeOutput } from '../src/write/index.js';
import { transactionNames } from '../src/write/transaction.js';
import { createMemoryHost, createNodeHost } from '../src/index.js';
import { runCli } from './helpers.js';

// A pull request controls every file of the repository, the state beside the output folder included.
const files = (n: number, prefix = 'v1') =>
  Array.from({ length: n }, (_, i) => ({
    path: `dev/kubernetes/app${i}/deployment.yaml`,
    content: `${prefix}-${i}\n`,
  }));

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A runner's home with a file to protect, and a checkout below it that holds a compiled output. */
function checkout() {
  const home = realpathSync(mkdtempSync(path.join(tmpdir(), 'paws-trust-')));
  made.push(home);
  mkdirSync(`${home}/victim`);
  writeFileSync(`${home}/victim/keep.txt`, 'keep\n');
  const repo = `${home}/work/repo`;
  mkdirSync(repo, { recursive: true });
  writeFileSync(`${repo}/README.md`, 'readme\n');
  const host = createNodeHost(repo);
  expect(writeOutput(host, `${repo}/out`, files(2)).diagnostics).toEqual([]);
  return { home, repo, host };
}

describe('a journal beside the output folder that no writer of this folder left', () => {
  it.each([
    ['committed (no site)', () => ({})],
    ['naming its own site with climbing paths', (site: string) => ({ site })],
  ])('%s is refused (PAWS5009): nothing outside is deleted or moved', (_name, extra) => {
    const { home, repo, host } = checkout();
    const names = transactionNames(host, `${repo}/out`);
    const journal = {
      manifest: 'f'.repeat(64),
      backup: `${repo}/.out.paws-backup-1-${names.site}`,
      paths: ['../../../victim/keep.txt', '../../../victim/moved.txt'],
      fresh: ['../../../victim/keep.txt'],
      ...extra(names.site),
    };
    mkdirSync(`${repo}/.out.paws-backup-1-${names.site}/../../../victim`, { recursive: true });
    writeFileSync(`${repo}/.out.paws-journal`, JSON.stringify(journal));
    const result = writeOutput(host, `${repo}/out`, files(2, 'v2'));
    expect(result.diagnostics.map((d) => d.code)).toEqual(['PAWS5009']);
    expect(result.diagnostics[0]?.message).toContain('.out.paws-journal');
    expect(readFileSync(`${home}/victim/keep.txt`, 'utf8')).toBe('keep\n');
    expect(readdirSync(`${home}/victim`)).toEqual(['keep.txt']);
    expect(readFileSync(`${repo}/out/dev/kubernetes/app0/deployment.yaml`, 'utf8')).toBe('v1-0\n');
    // Refused, not acted on: the journal stays for a person to look at.
    expect(readFileSync(`${repo}/.out.paws-journal`, 'utf8')).toBe(JSON.stringify(journal));
  });

  it('a well-formed journal that names no site (committed) is refused: nothing inside is removed', () => {
    const { repo, host } = checkout();
    const { site } = transactionNames(host, `${repo}/out`);
    const target = 'dev/kubernetes/app0/deployment.yaml';
    const journal = {
      manifest: 'f',
      backup: `${repo}/.out.paws-backup-1-${site}`,
      paths: [target],
      fresh: [target],
    };
    writeFileSync(`${repo}/.out.paws-journal`, JSON.stringify(journal));
    const result = writeOutput(host, `${repo}/out`, files(2, 'v2'));
    expect(result.diagnostics.map((d) => d.message)).toEqual([
      expect.stringContaining('it was written for another folder'),
    ]);
    expect(readFileSync(`${repo}/out/${target}`, 'utf8')).toBe('v1-0\n');
  });

  it('a journal of this site whose backup lies elsewhere is refused', () => {
    const { repo, host } = checkout();
    const { site } = transactionNames(host, `${repo}/out`);
    const journal = { manifest: 'f', site, backup: '/tmp', paths: ['README.md'], fresh: [] };
    writeFileSync(`${repo}/.out.paws-journal`, JSON.stringify(journal));
    const result = writeOutput(host, `${repo}/out`, files(2, 'v2'));
    expect(result.diagnostics.map((d) => d.message)).toEqual([
      expect.stringContaining('its backup folder is not beside the output folder'),
    ]);
  });

  it('a folder with paws’ names of another site is refused, not removed', () => {
    const { repo, host } = checkout();
    mkdirSync(`${repo}/.out.paws-staging-1`);
    writeFileSync(`${repo}/.out.paws-staging-1/x`, 'x');
    const result = writeOutput(host, `${repo}/out`, files(2, 'v2'));
    expect(result.diagnostics.map((d) => d.code)).toEqual(['PAWS5009']);
    expect(readFileSync(`${repo}/.out.paws-staging-1/x`, 'utf8')).toBe('x');
  });

  it('a journal this folder’s writer left is still recovered from', () => {
    const { repo, host } = checkout();
    const names = transactionNames(host, `${repo}/out`);
    const backup = `${repo}/.out.paws-backup-1-${names.site}`;
    // A write that died after moving one new file in and the old one aside.
    mkdirSync(`${backup}/dev/kubernetes/app0`, { recursive: true });
    writeFileSync(`${backup}/dev/kubernetes/app0/deployment.yaml`, 'v1-0\n');
    writeFileSync(`${repo}/out/dev/kubernetes/app0/deployment.yaml`, 'half\n');
    const paths = ['dev/kubernetes/app0/deployment.yaml', MANIFEST_FILE];
    writeFileSync(
      `${repo}/.out.paws-journal`,
      JSON.stringify({ manifest: 'f', site: names.site, backup, paths, fresh: [] }),
    );
    const result = writeOutput(host, `${repo}/out`, files(2));
    expect(result.diagnostics).toEqual([]);
    expect(result.written).toEqual([]);
    expect(readFileSync(`${repo}/out/dev/kubernetes/app0/deployment.yaml`, 'utf8')).toBe('v1-0\n');
    expect(readdirSync(repo).filter((n) => n.includes('.paws-'))).toEqual([]);
  });
});

describe('a lock beside the output folder', () => {
  it('a committed {"pid":1} is refused at once (PAWS5009), neither waited for nor removed', () => {
    const { repo, host } = checkout();
    writeFileSync(`${repo}/.out.paws-lock`, '{"pid":1}');
    const started = Date.now();
    const result = writeOutput(host, `${repo}/out`, files(2, 'v2'), { lock: { timeoutMs: 5_000 } });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['PAWS5009']);
    expect(result.diagnostics[0]?.hint).toContain('.gitignore');
    expect(readFileSync(`${repo}/.out.paws-lock`, 'utf8')).toBe('{"pid":1}');
  });

  it('a lock this folder’s dead writer left is taken over', () => {
    const host = createMemoryHost({}, { alive: () => false });
    const { site } = transactionNames(host, '/work/out');
    host.writeFile('/work/.out.paws-lock', JSON.stringify({ pid: 99999, site }));
    expect(writeOutput(host, '/work/out', files(1)).diagnostics).toEqual([]);
    expect([...host.files.keys()].filter((p) => p.includes('/.out.paws-'))).toEqual([]);
  });
});

describe('a write killed right after its manifest is in place', () => {
  /** Runs a write that dies (every later call does nothing) right after the manifest's move. */
  function killedAfterManifest(host: ReturnType<typeof createMemoryHost>, next: ReturnType<typeof files>) {
    let dead = false;
    const dying = {
      ...host,
      lstat: host.lstat.bind(host),
      stat: host.stat.bind(host),
      readDir: host.readDir.bind(host),
      identity: host.identity.bind(host),
      rename(from: string, to: string) {
        if (dead) throw new Error('killed');
        host.rename(from, to);
        dead = to.endsWith(MANIFEST_FILE) && from.includes('.paws-staging-');
      },
      remove(file: string) {
        if (dead) throw new Error('killed');
        host.remove(file);
      },
    };
    expect(() => writeOutput(dying, '/work/out', next)).toThrow('killed');
  }

  it('leaves no file the new manifest does not list, and the next write cleans up beside it', () => {
    const host = createMemoryHost({}, { alive: () => false });
    expect(writeOutput(host, '/work/out', files(4)).diagnostics).toEqual([]);
    killedAfterManifest(host, files(2, 'v2'));
    const listed = Object.keys(
      JSON.parse(new TextDecoder().decode(host.files.get(`/work/out/${MANIFEST_FILE}`))).files,
    );
    const onDisk = [...host.files.keys()]
      .filter((p) => p.startsWith('/work/out/') && !p.endsWith(MANIFEST_FILE))
      .map((p) => p.slice('/work/out/'.length));
    expect(onDisk.sort()).toEqual(listed.sort());
    expect(writeOutput(host, '/work/out', files(2, 'v2')).diagnostics).toEqual([]);
    expect([...host.files.keys()].filter((p) => p.includes('/.out.paws-'))).toEqual([]);
  });

  it('the next paws compile does not take the shortcut "inputs unchanged" while a write’s state is beside the folder', async () => {
    const host = createMemoryHost(
      {
        'paws.yaml':
          'apiVersion: paws.dev/v1\nmetadata: { name: api }\ncontainers: { main: { image: nginx:1 } }\n',
      },
      { alive: () => false },
    );
    expect((await runCli(['compile'], { host })).exitCode).toBe(0);
    const { site } = transactionNames(host, '/work/out');
    host.mkdir(`/work/.out.paws-staging-42-${site}`);
    host.writeFile(`/work/.out.paws-staging-42-${site}/x`, 'x');
    const again = await runCli(['compile'], { host });
    expect(again.exitCode).toBe(0);
    expect(again.stdout).not.toContain('inputs unchanged');
    expect([...host.files.keys()].filter((p) => p.includes('/.out.paws-'))).toEqual([]);
    const third = await runCli(['compile'], { host });
    expect(third.stdout).toContain('inputs unchanged');
  });
});
