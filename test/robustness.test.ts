import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { writeOutput } from '../src/write/index.js';
import { compile, createMemoryHost, createNodeHost, type Diagnostic } from '../src/index.js';
import { readTree } from './support/files.js';
import { brief, runCli } from './helpers.js';

const shop = readTree(fileURLToPath(new URL('../examples/shop', import.meta.url)), ['out', 'expected']);
const api = parse(shop['services/api/paws.yaml'] as string) as Record<string, unknown>;
const image = 'registry.example.com/shop/api:1.0.0';

/** Compile for dev only: the mutations are in the specs, and dev needs no cdktf, so each run is fast. */
async function compileFiles(files: Record<string, string | Uint8Array>) {
  return compile({ image, environments: ['dev'] }, createMemoryHost(files));
}

const junk = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(
    '${',
    '${resources.}',
    '${resources.db.nope}',
    '$${x}',
    '{{x}}',
    '__proto__',
    '.',
    '../..',
    'a'.repeat(300),
    '\u0000',
  ),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'type', 'image', 'x'), fc.string(), {
    maxKeys: 3,
  }),
);

type Mutation = { path: string[]; value: unknown } | { path: string[]; remove: true };

function paths(value: unknown, prefix: string[] = []): string[][] {
  if (!value || typeof value !== 'object') return [prefix];
  return [prefix, ...Object.entries(value).flatMap(([k, v]) => paths(v, [...prefix, k]))];
}

const apiPaths = paths(api).filter((p) => p.length > 0);
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ path: fc.constantFrom(...apiPaths), value: junk }),
  fc.record({ path: fc.constantFrom(...apiPaths), remove: fc.constant(true as const) }),
);

function mutate(base: Record<string, unknown>, mutations: Mutation[]): Record<string, unknown> {
  const copy = structuredClone(base);
  for (const m of mutations) {
    let node = copy as Record<string, unknown>;
    for (const key of m.path.slice(0, -1)) {
      const next = node[key];
      if (!next || typeof next !== 'object') break;
      node = next as Record<string, unknown>;
    }
    const last = m.path[m.path.length - 1] as string;
    if ('remove' in m) delete node[last];
    else
      Object.defineProperty(node, last, {
        value: m.value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
  return copy;
}

const internal = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => d.code === 'PAWS9001');

describe('property: compile never throws, and is deterministic, on mutated specs (seeded, bounded)', () => {
  it('mutated workload structures', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 4 }), async (mutations) => {
        const files = { ...shop, 'services/api/paws.yaml': stringify(mutate(api, mutations)) };
        const first = await compileFiles(files);
        const second = await compileFiles(files);
        expect(internal(first.diagnostics)).toEqual([]);
        expect(second.diagnostics).toEqual(first.diagnostics);
        expect(second.files).toEqual(first.files);
        if (first.files.length === 0)
          expect(first.diagnostics.some((d) => d.severity === 'error')).toBe(true);
      }),
      { seed: 7, numRuns: 60 },
    );
  });

  it('mutated text (random characters inserted or removed anywhere in the file)', async () => {
    const text = shop['services/worker/paws.yaml'] as string;
    await fc.assert(
      fc.asyncProperty(
        fc.nat(text.length),
        fc.nat(5),
        fc.string({ maxLength: 6 }),
        async (at, cut, insert) => {
          const files = {
            ...shop,
            'services/worker/paws.yaml': text.slice(0, at) + insert + text.slice(at + cut),
          };
          const result = await compileFiles(files);
          expect(internal(result.diagnostics)).toEqual([]);
          for (const d of result.diagnostics)
            if (d.file === 'services/worker/paws.yaml') expect(d.line).toBeGreaterThan(0);
        },
      ),
      { seed: 11, numRuns: 60 },
    );
  });

  it('a secret written as a literal in a definition never reaches an output file', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 8, maxLength: 20 }).filter((s) => /^[A-Za-z0-9]+$/.test(s)),
        fc.boolean(),
        async (canary, quoted) => {
          const definition = `apiVersion: paws.dev/v1\nkind: ResourceDefinition\nmetadata: { name: leaky-redis }\nspec:\n  type: redis\n  match: { environments: [dev] }\n  driver: { kind: static }\n  outputs:\n    host: redis\n    port: 6379\n    username: app\n    password: ${quoted ? JSON.stringify(canary) : `{ concat: ["x", "${canary}"] }`}\n`;
          const result = await compileFiles({ ...shop, 'platform/definitions/leaky.yaml': definition });
          expect(result.diagnostics.map((d) => d.code)).toContain('PAWS3304');
          for (const file of result.files) expect(file.content).not.toContain(canary);
          expect(JSON.stringify(result.diagnostics)).not.toContain(canary);
        },
      ),
      { seed: 13, numRuns: 20 },
    );
  });
});

describe('hostile input gets a diagnostic', () => {
  const workload = (extra: string) =>
    `apiVersion: paws.dev/v1\nmetadata: { name: api }\ncontainers:\n  main:\n    image: acme/web\n${extra}`;

  it.each([
    ['deep nesting', `${workload('')}x: ${'['.repeat(5000)}${']'.repeat(5000)}\n`, ['PAWS1012@6']],
    [
      'a YAML tag that other loaders execute',
      `${workload('    args: [!!js/function "function () { return 1 }"]\n')}`,
      [],
    ],
    [
      'a 70-character workload name',
      workload('').replace('name: api', `name: ${'a'.repeat(70)}`),
      ['PAWS2104@2:19'],
    ],
    [
      'a container target outside the container root',
      workload('    files:\n      /../../etc/passwd: { content: x }\n'),
      ['PAWS2502@7:7'],
    ],
    [
      'a megabyte-long variable (accepted)',
      workload(`    variables: { BIG: "${'x'.repeat(1_000_000)}" }\n`),
      [],
    ],
  ])('%s', async (_name, text, expected) => {
    const result = await compileFiles({ 'paws.yaml': text });
    // Where a parser runs out of stack depends on the machine: the line is asserted, the column not.
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => (d.code === 'PAWS1012' ? `${d.code}@${d.line}` : brief(d)))).toEqual(expected);
  });

  it('a 100 MB file is refused before it is read', async () => {
    const host = createMemoryHost({ 'paws.yaml': 'x' });
    const stat = host.stat.bind(host);
    host.stat = (file) =>
      file === '/work/paws.yaml' ? { kind: 'file', size: 100 * 1024 * 1024 } : stat(file);
    host.readFile = () => {
      throw new Error('must not be read');
    };
    const result = await compile({}, host);
    expect(result.diagnostics.map(brief)).toEqual(['PAWS1003@1:1']);
  });

  it('__proto__ and constructor keys in variables and params pollute nothing', async () => {
    const text = workload(
      '    variables:\n      __proto__: { polluted: yes }\n      constructor: x\nresources:\n  cache:\n    type: redis\n    params: { __proto__: { polluted: yes } }\n',
    );
    const result = await compileFiles({ 'paws.yaml': text });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(internal(result.diagnostics)).toEqual([]);
    expect(result.diagnostics.length).toBeGreaterThan(0);
    const fine = await compileFiles({
      'paws.yaml': workload('    variables:\n      __proto__: a\n      constructor: b\n'),
    });
    expect(fine.diagnostics).toEqual([]);
    const deployment = fine.files.find((f) => f.path.endsWith('api/manifests.yaml'))?.content ?? '';
    expect(deployment).toContain('- name: __proto__\n              value: a');
    expect(deployment).toContain('- name: constructor\n              value: b');
  });

  it('template syntax in workload values is data, never evaluated by a definition template', async () => {
    const text = `apiVersion: paws.dev/v1\nmetadata: { name: web }\nservice: { ports: { http: { port: 80 } } }\ncontainers: { main: { image: acme/web } }\nresources:\n  route:\n    type: route\n    params: { host: "{{resource.uid}}{{#each this}}x{{/each}}.example.com", path: /, port: http }\n`;
    const result = await compileFiles({ 'paws.yaml': text });
    expect(result.diagnostics).toEqual([]);
    const route = result.files.find((f) => f.path.includes('/route-'))?.content ?? '';
    expect(route).toContain('"{{resource.uid}}{{#each this}}x{{/each}}.example.com"');
  });

  it('an output folder that is the working directory or one of its parents is refused', async () => {
    for (const out of ['.', '..', '../..', '/']) {
      const { exitCode, stderr } = await runCli(['compile', '--out', out], {
        files: { 'paws.yaml': workload('') },
      });
      expect(exitCode, out).toBe(1);
      expect(stderr).toContain('PAWS5003');
    }
  });

  it('a symlinked output folder is refused, and nothing is written through it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'paws-link-'));
    try {
      mkdirSync(path.join(dir, 'elsewhere'));
      symlinkSync(path.join(dir, 'elsewhere'), path.join(dir, 'out'));
      const host = createNodeHost(path.join(dir));
      const result = writeOutput(host, `${dir}/out`, [{ path: 'a.yaml', content: 'x\n' }]);
      expect(result.diagnostics.map((d) => d.code)).toEqual(['PAWS5003']);
      expect(host.readDir(`${dir}/elsewhere`)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
