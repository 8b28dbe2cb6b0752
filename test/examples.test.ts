import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MANIFEST_FILE, manifestFor } from '../src/write/index.js';
import { toJson, toYaml } from '../src/write/serialize.js';
import { backstageEntities } from '../src/emitters/backstage.js';
import { resourceDefinitions } from '../src/diff/compare.js';
import { compile, createMemoryHost, createNodeHost } from '../src/index.js';
import { readTree } from './support/files.js';
import { validateYamlFiles } from './support/k8s-schemas.js';

const root = fileURLToPath(new URL('../examples/', import.meta.url));
const examples = JSON.parse(readFileSync(`${root}examples.json`, 'utf8')) as {
  name: string;
  image?: string;
  /** Its Backstage entities are checked in as catalog-info.yaml. */
  backstage?: boolean;
}[];

describe('examples: recompiling gives exactly the checked-in output (npm run examples:update to accept a change)', () => {
  it.each(examples.map((e) => [e.name, e] as const))('%s', async (_name, example) => {
    const inputs = readTree(`${root}${example.name}`, [
      'out',
      'expected',
      'node_modules',
      'catalog-info.yaml',
    ]);
    // A cdktf module is imported by Node, so that example reads its files from disk.
    const fromDisk = Object.keys(inputs).some((file) => file.endsWith('.mjs'));
    const result = await compile(
      { ...(example.image ? { image: example.image } : {}) },
      fromDisk ? createNodeHost(`${root}${example.name}`) : createMemoryHost(inputs),
    );
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const expected = readTree(`${root}${example.name}/expected`);
    const actual = Object.fromEntries([
      ...result.files.map((f) => [f.path, f.content]),
      [MANIFEST_FILE, toJson(manifestFor(result.files, resourceDefinitions(result.planned?.plans ?? [])))],
    ]);
    expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
    for (const [file, content] of Object.entries(actual)) expect(content, file).toBe(expected[file]);
    await validateYamlFiles(result.files);
    if (example.backstage)
      expect(toYaml(backstageEntities(result.planned?.plans ?? []))).toBe(
        readFileSync(`${root}${example.name}/catalog-info.yaml`, 'utf8'),
      );
  });
});
