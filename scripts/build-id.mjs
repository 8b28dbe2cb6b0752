// Written last by `npm run build`, over everything in dist/ (the bundle included).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

// The build's identity, for the fingerprint of a compile's inputs (src/write/fingerprint.ts):
// two builds of one version number with different code must not take each other's output as current.
const distDir = new URL('../dist/', import.meta.url);
const build = createHash('sha256');
const hashTree = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = new URL(entry.name + (entry.isDirectory() ? '/' : ''), dir);
    if (entry.isDirectory()) hashTree(full);
    else if (/\.(js|cjs|json)$/.test(entry.name) && entry.name !== 'build-id.json') {
      build.update(`${full.pathname.slice(distDir.pathname.length)}\0`);
      build.update(readFileSync(full));
    }
  }
};
hashTree(distDir);
writeFileSync(new URL('build-id.json', distDir), `${JSON.stringify({ build: build.digest('hex') })}\n`);
console.log('wrote dist/build-id.json');
