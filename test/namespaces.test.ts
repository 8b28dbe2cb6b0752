import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { compile, createMemoryHost } from '../src/index.js';
import { readTree } from './support/files.js';

const shopDir = fileURLToPath(new URL('../examples/shop', import.meta.url));

interface Object {
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
}

/** Per environment: the namespaces objects of kubernetes/ live in, and the Namespace objects emitted. */
function namespaceUse(files: readonly { path: string; content: string }[]) {
  const byEnv = new Map<string, { used: Set<string>; emitted: Map<string, Object> }>();
  for (const file of files) {
    const [env, folder] = file.path.split('/');
    if (folder !== 'kubernetes' || !file.path.endsWith('.yaml')) continue;
    const entry = byEnv.get(env as string) ?? { used: new Set(), emitted: new Map() };
    byEnv.set(env as string, entry);
    for (const doc of parseAllDocuments(file.content)) {
      const object = doc.toJS() as Object;
      if (object.metadata.namespace) entry.used.add(object.metadata.namespace);
      if (object.kind === 'Namespace') entry.emitted.set(object.metadata.name, object);
    }
  }
  return byEnv;
}

describe('namespaces: every namespace an object uses is emitted, so kubectl apply works without Argo CD', () => {
  it('holds for every environment of the shop', async () => {
    const result = await compile(
      { image: 'registry.example.com/shop/api:1.0.0' },
      createMemoryHost(readTree(shopDir, ['out', 'node_modules', 'expected', 'cdktf.out'])),
    );
    const use = namespaceUse(result.files);
    expect([...use.keys()].sort()).toEqual(['dev', 'pr-preview', 'prod', 'staging']);
    for (const [env, { used, emitted }] of use) {
      expect(
        [...used].filter((n) => !emitted.has(n)),
        env,
      ).toEqual([]);
      expect(emitted.get(`api-${env}`)?.metadata.labels).toMatchObject({
        'pod-security.kubernetes.io/warn': 'restricted',
      });
    }
  });

  it('holds for a workload with no resources and no Argo CD, labelled with the profile it asked for', async () => {
    const result = await compile(
      {},
      createMemoryHost({
        'score.yaml':
          'apiVersion: score.dev/v1b1\nmetadata: { name: web, annotations: { paws.dev/security-profile: baseline } }\ncontainers: { main: { image: nginx } }\n',
      }),
    );
    const dev = namespaceUse(result.files).get('dev');
    expect([...(dev?.used ?? [])]).toEqual(['web-dev']);
    expect(dev?.emitted.get('web-dev')?.metadata.labels).toEqual({
      'app.kubernetes.io/managed-by': 'paws',
      'pod-security.kubernetes.io/audit': 'baseline',
      'pod-security.kubernetes.io/warn': 'baseline',
    });
  });
});
