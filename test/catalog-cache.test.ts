import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadBuiltinCatalog } from '../src/catalog/builtin.js';

const built = new URL('../dist/catalog/builtin.js', import.meta.url);

describe('the built-in catalog cache (written by npm run build)', () => {
  it.skipIf(!existsSync(built))('gives exactly what parsing the YAML gives', async () => {
    expect(existsSync(new URL('../dist/catalog/catalog-cache.json', import.meta.url))).toBe(true);
    const { loadBuiltinCatalog: fromCache } = (await import(built.href)) as {
      loadBuiltinCatalog: typeof loadBuiltinCatalog;
    };
    const cached = fromCache();
    const parsed = loadBuiltinCatalog();
    expect(cached.diagnostics).toEqual(parsed.diagnostics);
    expect(cached.documents.map((d) => [d.source.displayPath, d.index, d.value, [...d.spans]])).toEqual(
      parsed.documents.map((d) => [d.source.displayPath, d.index, d.value, [...d.spans]]),
    );
  });
});
