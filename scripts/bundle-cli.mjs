// Bundles the CLI (dist/cli/main.js and all it imports, yaml, commander and Handlebars' runtime
// included) into dist/bundle/, one chunk per lazily imported command. Why: Node resolves, reads and
// compiles every ES module and CommonJS file one by one at start-up (about 100 of dist, 72 of yaml),
// which cost ~80 ms of a cold `paws validate`. The library (dist/index.js) stays unbundled.
// What paws loads at run time from its package stays outside: Handlebars' compiler, the ahead-of-time
// validators and templates (dist/catalog/*.cjs), and cdktf (an optional peer).
import { readFile, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = path.join(root, 'dist/bundle');

/**
 * Modules find their package files relative to themselves (`new URL('../spec/', import.meta.url)`,
 * `createRequire(import.meta.url)`); in a chunk of the bundle, each module's import.meta.url is made
 * its own file's URL again, so every such path means what it means in dist/.
 */
const ownModuleUrl = {
  name: 'own-module-url',
  setup(bundle) {
    bundle.onLoad({ filter: /[\\/]dist[\\/].*\.js$/ }, async ({ path: file }) => {
      const text = await readFile(file, 'utf8');
      const relative = path.relative(outdir, file).split(path.sep).join('/');
      const url = `new URL(${JSON.stringify(relative)}, import.meta.url).href`;
      return { contents: text.replaceAll('import.meta.url', url), loader: 'js' };
    });
  },
};

await rm(outdir, { recursive: true, force: true });
await build({
  entryPoints: { cli: path.join(root, 'dist/cli/main.js') },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['cdktf', '@cdktf/provider-aws', 'constructs'],
  // The CommonJS packages inside call require() for Node's own modules.
  banner: {
    js: "import { createRequire as createRequireOfBundle } from 'node:module';\nconst require = createRequireOfBundle(import.meta.url);",
  },
  plugins: [ownModuleUrl],
  logLevel: 'warning',
});
console.log('wrote dist/bundle/cli.js');
