import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadBuiltinCatalog } from '../src/catalog/builtin.js';
import type { LoadedDocument } from '../src/compiler/load/index.js';
import { createSourceFile } from '../src/compiler/load/source.js';
import { validatePlatform } from '../src/validate/platform.js';

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
    // The build checked every document against its schema; parsed from the sources, nothing vouches for them.
    expect(cached.checked).toBe(true);
    expect(parsed.checked).toBe(false);
    expect(cached.documents.map((d) => [d.source.displayPath, d.index, d.value, [...d.spans]])).toEqual(
      parsed.documents.map((d) => [d.source.displayPath, d.index, d.value, [...d.spans]]),
    );
  });
});

describe('built-in documents the build checked are not checked again', () => {
  const invalid = (source: string): LoadedDocument => ({
    source: createSourceFile(`/${source}`, source, ''),
    index: 0,
    value: {
      apiVersion: 'paws.dev/v1',
      kind: 'ResourceType',
      metadata: { name: 'x' },
      spec: { unknown: true },
    },
    spans: new Map(),
    renames: new Map(),
  });

  it('a built-in document skips its schema only when checked; a platform document never does', () => {
    const errors = (result: ReturnType<typeof validatePlatform>) =>
      result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);
    // spec.unknown is not in the ResourceType schema (and spec.outputs is missing).
    expect(errors(validatePlatform([invalid('builtin.yaml')], []))).toContain('PAWS2101');
    expect(errors(validatePlatform([invalid('builtin.yaml')], [], { builtinChecked: true }))).toEqual([]);
    expect(errors(validatePlatform([], [invalid('platform.yaml')], { builtinChecked: true }))).toContain(
      'PAWS2101',
    );
  });
});
