import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { compile, createMemoryHost } from '../src/index.js';
import { readTree } from './support/files.js';
import { nameLimitProblems } from './support/k8s-limits.js';
import { objectsOf } from './support/manifests.js';

// Names and label values paws derives from workload, resource and environment names must fit what
// the API server accepts, whatever the (valid) names a spec uses.
const shopDir = fileURLToPath(new URL('../examples/shop', import.meta.url));
const LONG_WORKLOAD = `${'a'.repeat(30)}-${'b'.repeat(32)}`; // 63, the schema's maximum
const LONG_ENVIRONMENT = `pr-${'c'.repeat(59)}`; // 62

function shopWithLongNames(): Record<string, string> {
  const tree = readTree(shopDir, ['out', 'node_modules', 'expected', 'cdktf.out']);
  const files: Record<string, string> = {};
  for (const [file, content] of Object.entries(tree))
    files[file] = content
      .replace(/name: api\b/, `name: ${LONG_WORKLOAD}`)
      .replace(/workload: api\b/, `workload: ${LONG_WORKLOAD}`);
  return files;
}

function problemsOf(files: readonly { path: string; content: string }[]): string[] {
  return files
    .filter((f) => f.path.endsWith('.yaml'))
    .flatMap((f) => objectsOf(f.content).flatMap((o) => (o ? nameLimitProblems(o, `${f.path}: `) : [])));
}

describe('derived names fit the limits of Kubernetes', () => {
  it('a 63-character workload name in every environment of the shop', async () => {
    const host = createMemoryHost(shopWithLongNames());
    const result = await compile({ image: 'registry.example.com/shop/api:1.0.0' }, host);
    expect(
      result.diagnostics
        .filter((d) => d.severity === 'error')
        .map((d) => `${d.code} ${d.file}:${d.line} ${d.message}`),
    ).toEqual([]);
    expect(result.files.some((f) => f.content.includes(LONG_WORKLOAD))).toBe(true);
    expect(problemsOf(result.files)).toEqual([]);
  });

  it('a 62-character ephemeral environment cloned from staging', async () => {
    const host = createMemoryHost(shopWithLongNames());
    const result = await compile(
      {
        image: 'registry.example.com/shop/api:1.0.0',
        environments: [LONG_ENVIRONMENT],
        ephemeral: { name: LONG_ENVIRONMENT, extends: 'staging' },
      },
      host,
    );
    expect(
      result.diagnostics
        .filter((d) => d.severity === 'error')
        .map((d) => `${d.code} ${d.file}:${d.line} ${d.message}`),
    ).toEqual([]);
    expect(result.files.length).toBeGreaterThan(0);
    expect(problemsOf(result.files)).toEqual([]);
  });

  it('the checker itself finds what the API server refuses', () => {
    const object = {
      kind: 'Deployment',
      metadata: { name: 'x', namespace: 'n'.repeat(64), labels: { a: 'v'.repeat(64), b: '-x' } },
    };
    expect(nameLimitProblems(object)).toHaveLength(3);
  });
});
