import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../src', import.meta.url));

/** The pipeline, lowest first: a module may import its own layer and those below, never above. */
const LAYERS: [number, RegExp][] = [
  [0, /^(util|generated)\//],
  // One folder per layer: compiler/ is the shared model (diagnostics, host, load, plan types).
  [0, /^compiler\//],
  [0, /^write\/(serialize|yaml-emit)\.ts$/],
  [1, /^validate\//],
  [1, /^(spec-files\.ts|catalog\/)/],
  [2, /^drivers\//],
  [3, /^resolvers\//],
  [4, /^emitters\//],
  [5, /^write\//],
  [6, /^diff\//],
  [7, /^api\//],
  [8, /^cli\//],
  [9, /^index\.ts$/],
];

function layerOf(file: string): number {
  const found = LAYERS.find(([, pattern]) => pattern.test(file));
  if (!found) throw new Error(`no layer for ${file}`);
  return found[0];
}

function sources(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    const relative = prefix ? `${prefix}/${name}` : name;
    return statSync(full).isDirectory()
      ? sources(full, relative)
      : relative.endsWith('.ts')
        ? [relative]
        : [];
  });
}

/** Every relative module a file imports: static imports and exports, import() and require(). */
function relativeImports(text: string): string[] {
  return [
    ...text.matchAll(/^(?:import|export)[^'"]*from '(\.[^']+)'/gm),
    ...text.matchAll(/\bimport\(\s*'(\.[^']+)'\s*\)/g),
    ...text.matchAll(/\brequire\(\s*'(\.[^']+)'\s*\)/g),
  ].map((m) => m[1] as string);
}

describe('layers: a lower stage never imports a higher one', () => {
  it('sees dynamic imports too (an injected import() in compiler/load would pass otherwise)', () => {
    const planted = "export async function x() {\n  return await import('../../drivers/index.js');\n}\n";
    expect(relativeImports(planted)).toEqual(['../../drivers/index.js']);
  });

  it('every import of src/ points to its own layer or below (type imports included)', () => {
    const violations: string[] = [];
    const files = sources(src);
    expect(files.length).toBeGreaterThan(60);
    for (const file of files) {
      const text = readFileSync(path.join(src, file), 'utf8');
      for (const specifier of relativeImports(text)) {
        const target = path.posix
          .normalize(path.posix.join(path.posix.dirname(file), specifier))
          .replace(/\.js$/, '.ts');
        if (layerOf(target) > layerOf(file)) violations.push(`${file} → ${target}`);
      }
    }
    expect(violations).toEqual([]);
  });
});
