import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { transactionNames } from '../src/write/transaction.js';
import { createNodeHost } from '../src/index.js';
import { runCli } from './helpers.js';

// A pull request controls every file of the repository: links, journals, manifests and locks
// placed at random must never make paws read, print, write or delete anything outside the
// repository and its output folder.
const OUTSIDE = 'OUTSIDE-MARKER-7f3a';
const GIT = 'GIT-MARKER-c21e';

/** Every file and link below a folder, with its content or target: what must not change. */
function snapshot(dir: string): Map<string, string> {
  const found = new Map<string, string>();
  const visit = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isSymbolicLink()) found.set(full, `link`);
      else if (entry.isDirectory()) visit(full);
      else found.set(full, `${readFileSync(full, 'utf8')}@${statSync(full).mtimeMs}`);
    }
  };
  visit(dir);
  return found;
}

const WORKLOAD = (name: string) =>
  `apiVersion: paws.dev/v1\nmetadata: { name: ${name} }\ncontainers: { main: { image: nginxinc/nginx-unprivileged:1.27 } }\n`;

/** Where a link may be placed, relative to the repository (after a first compile). */
const LINK_PLACES = [
  'services/x/paws.yaml',
  'services/api/paws.yaml',
  'platform/extra.yaml',
  'out/dev/kubernetes/api/manifests.yaml',
  'out/dev/kubernetes/_shared',
  'out/dev',
  'before/dev/kubernetes/api/manifests.yaml',
  'before/dev',
  '.out.paws-staging-1',
];
/** What a link may point at, relative to the home that holds the repository. */
const LINK_TARGETS = [
  'outside/environ',
  'outside',
  'victim',
  'victim/keep.txt',
  'repo/.git/config',
  'repo/.git',
];
/** Paths a journal or manifest may list. */
const LISTED = [
  'dev/kubernetes/api/manifests.yaml',
  '../victim/keep.txt',
  '../../victim/keep.txt',
  '/etc/hostname',
  'dev/../../victim/keep.txt',
  '.git/config',
];

const scenario = fc.record({
  links: fc.uniqueArray(
    fc.record({ at: fc.constantFrom(...LINK_PLACES), to: fc.constantFrom(...LINK_TARGETS) }),
    {
      maxLength: 3,
      selector: (l) => l.at,
    },
  ),
  journal: fc.option(
    fc.record({
      ownSite: fc.constantFrom(true, true, true, false),
      backup: fc.constantFrom('own', 'own', 'own', '../victim', '/tmp', 'repo'),
      paths: fc.subarray(LISTED),
      // New files are undone by removing them: the dangerous case.
      fresh: fc.boolean(),
    }),
  ),
  manifest: fc.option(fc.subarray(LISTED, { minLength: 1 })),
  lock: fc.option(fc.constantFrom('{"pid":1}', 'garbage', '', 'own-dead')),
  // Compile acts on the state beside the folder: it comes up most.
  command: fc.constantFrom(
    ['validate'],
    ['compile'],
    ['compile'],
    ['compile'],
    ['diff', '--format', 'markdown'],
    ['diff', '--against', 'before', '--format', 'json'],
    ['plan'],
  ),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

async function run(s: Scenario): Promise<void> {
  const home = realpathSync(mkdtempSync(path.join(tmpdir(), 'paws-trust-prop-')));
  try {
    mkdirSync(`${home}/outside`);
    writeFileSync(`${home}/outside/environ`, `TOKEN=${OUTSIDE}\n`);
    mkdirSync(`${home}/victim`);
    writeFileSync(`${home}/victim/keep.txt`, `${OUTSIDE}\n`);
    const repo = `${home}/repo`;
    mkdirSync(`${repo}/.git`, { recursive: true });
    writeFileSync(`${repo}/.git/config`, `extraheader = ${GIT}\n`);
    for (const name of ['api', 'x']) {
      mkdirSync(`${repo}/services/${name}`, { recursive: true });
      writeFileSync(`${repo}/services/${name}/paws.yaml`, WORKLOAD(name === 'x' ? 'xx' : name));
    }
    mkdirSync(`${repo}/platform`);
    const host = createNodeHost(repo);
    expect((await runCli(['compile'], { host })).exitCode).toBe(0);
    expect((await runCli(['compile', '--out', 'before'], { host })).exitCode).toBe(0);
    const site = transactionNames(host, `${repo}/out`).site;
    const placed: string[] = [];
    for (const link of s.links) {
      // Never through a link placed before: the set-up itself must not write outside.
      if (placed.some((at) => link.at.startsWith(`${at}/`) || at.startsWith(`${link.at}/`))) continue;
      placed.push(link.at);
      rmSync(`${repo}/${link.at}`, { recursive: true, force: true });
      mkdirSync(path.dirname(`${repo}/${link.at}`), { recursive: true });
      symlinkSync(`${home}/${link.to}`, `${repo}/${link.at}`);
    }
    if (s.journal) {
      const backups = {
        own: `${repo}/.out.paws-backup-1-${site}`,
        repo,
        '/tmp': '/tmp',
        '../victim': `${home}/victim`,
      };
      writeFileSync(
        `${repo}/.out.paws-journal`,
        JSON.stringify({
          manifest: 'f'.repeat(64),
          ...(s.journal.ownSite ? { site } : {}),
          backup: backups[s.journal.backup],
          paths: s.journal.paths,
          fresh: s.journal.fresh ? s.journal.paths : [],
        }),
      );
    }
    if (s.manifest) {
      const file = `${repo}/out/.paws-manifest.json`;
      try {
        const manifest = JSON.parse(readFileSync(file, 'utf8'));
        for (const listed of s.manifest) manifest.files[listed] = 'f'.repeat(64);
        writeFileSync(file, JSON.stringify(manifest));
      } catch {
        // out/ itself was replaced by a link: nothing to tamper with.
      }
    }
    if (s.lock)
      writeFileSync(
        `${repo}/.out.paws-lock`,
        s.lock === 'own-dead' ? JSON.stringify({ pid: 2 ** 22 + 7, site }) : s.lock,
      );
    const outsideBefore = snapshot(home);
    for (const key of [...outsideBefore.keys()])
      if (key.startsWith(`${repo}/`) && !key.startsWith(`${repo}/.git/`)) outsideBefore.delete(key);
    const result = await runCli([...s.command], { host, env: { PAWS_LOCK_TIMEOUT: '0' } });
    const printed = result.stdout + result.stderr;
    expect(printed).not.toContain(OUTSIDE);
    expect(printed).not.toContain(GIT);
    const after = snapshot(home);
    for (const [file, state] of outsideBefore) expect(after.get(file), file).toBe(state);
    for (const file of after.keys())
      if (!file.startsWith(`${repo}/`) || file.startsWith(`${repo}/.git/`))
        expect(outsideBefore.has(file), file).toBe(true);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

describe('a repository arranged by a pull request never reaches outside it (property)', () => {
  it('random links, journals, manifests and locks, then validate, compile, diff or plan', async () => {
    await fc.assert(fc.asyncProperty(scenario, run), { numRuns: 100, seed: 28 });
  }, 120_000);
});
