// Installed size as a user gets it: npm pack, then npm install --omit=dev of the tarball in an empty
// project. Needs the npm registry. Prints { packMiB, installMiB, packages } as JSON.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));
const size = (p) => {
  const s = statSync(p);
  return s.isDirectory() ? readdirSync(p).reduce((sum, n) => sum + size(path.join(p, n)), 0) : s.size;
};
const dir = mkdtempSync(path.join(tmpdir(), 'paws-install-'));
try {
  const npm = (args, cwd) =>
    execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const tarball = npm(['pack', '--pack-destination', dir], repo).trim().split('\n').pop();
  const app = path.join(dir, 'app');
  mkdirSync(app);
  writeFileSync(path.join(app, 'package.json'), '{ "name": "app", "private": true }\n');
  npm(['install', '--omit=dev', '--no-audit', '--no-fund', path.join(dir, tarball)], app);
  const modules = path.join(app, 'node_modules');
  const packages = readdirSync(modules).flatMap((n) =>
    n.startsWith('@')
      ? readdirSync(path.join(modules, n)).map((m) => `${n}/${m}`)
      : n.startsWith('.')
        ? []
        : [n],
  );
  const mib = (bytes) => Math.round((bytes / 2 ** 20) * 10) / 10;
  console.log(
    JSON.stringify({
      packMiB: mib(size(path.join(dir, tarball))),
      installMiB: mib(size(modules)),
      packages: packages.sort(),
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
