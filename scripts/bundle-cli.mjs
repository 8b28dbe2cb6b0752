// Bundles the CLI (dist/cli/main.js and all it imports, yaml, commander and Handlebars' runtime
// included) into one CommonJS file, dist/bundle/cli.cjs. Why: Node resolves, reads and compiles every
// ES module and CommonJS file one by one at start-up (about 100 of dist, 72 of yaml), which cost ~80 ms
// of a cold `paws validate`; and its ES module loader decodes and links each module where CommonJS
// reads one file (a cold validate of one file: 344 -> 318 ms, median of 31, against ES chunks). A
// command's modules are in the file but run only when it is imported. The library (dist/index.js)
// stays unbundled.
// What paws loads at run time from its package stays outside: Handlebars' compiler, the ahead-of-time
// validators and templates (dist/catalog/*.cjs), and cdktf (an optional peer).
import { readFile, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = path.join(root, 'dist/bundle');

/**
 * Modules find their package files relative to themselves (`new URL('../spec/', import.meta.url)`,
 * `createRequire(import.meta.url)`); in the bundle, each module's import.meta.url is made its own
 * file's URL again, so every such path means what it means in dist/.
 */
const ownModuleUrl = {
  name: 'own-module-url',
  setup(bundle) {
    bundle.onLoad({ filter: /[\\/]dist[\\/].*\.js$/ }, async ({ path: file }) => {
      const text = await readFile(file, 'utf8');
      const relative = path.relative(outdir, file).split(path.sep).join('/');
      const url = `new URL(${JSON.stringify(relative)}, __pawsBundleUrl).href`;
      return { contents: text.replaceAll('import.meta.url', url), loader: 'js' };
    });
  },
};

await rm(outdir, { recursive: true, force: true });
await build({
  entryPoints: { cli: path.join(root, 'dist/cli/main.js') },
  outdir,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: ['cdktf', '@cdktf/provider-aws', 'constructs'],
  banner: { js: "const __pawsBundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  plugins: [ownModuleUrl],
  logLevel: 'warning',
});
// Node reads a source with any character beyond ASCII as UTF-16, twice the size, and V8 compiles it
// more slowly (here two in comments cost ~5 ms of every start): each such character becomes an
// escape, which means the same in strings, regular expressions and identifiers.
const bundled = path.join(outdir, 'cli.cjs');
const text = await readFile(bundled, 'utf8');
await writeFile(
  bundled,
  text.replace(/[^\0-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
);
console.log('wrote dist/bundle/cli.cjs');
