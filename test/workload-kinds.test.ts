import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { compile, createMemoryHost } from '../src/index.js';
import { validateYamlFiles } from './support/k8s-schemas.js';

const db = `apiVersion: score.dev/v1b1
metadata:
  name: db
  annotations: { k8s.score.dev/kind: StatefulSet, k8s.score.dev/service-name: primary }
service:
  ports: { pg: { port: 5432 } }
containers:
  main:
    image: acme/db
    volumes:
      /var/lib/data: { source: "\${resources.data}" }
resources:
  data: { type: volume, params: { size: 5Gi } }
`;

const client = `apiVersion: score.dev/v1b1
metadata: { name: client }
containers:
  main:
    image: acme/client
    variables: { DB: "\${resources.db.hostname}:\${resources.db.port}" }
resources:
  db: { type: service-port, params: { workload: db, port: pg } }
`;

describe('k8s.score.dev/kind and k8s.score.dev/service-name', () => {
  it('a StatefulSet with its headless Service and a claim template per volume, its Service renamed', async () => {
    const result = await compile({}, createMemoryHost({ 'db/score.yaml': db, 'client/score.yaml': client }));
    expect(result.diagnostics).toEqual([]);
    const files = Object.fromEntries(result.files.map((f) => [f.path, f.content]));
    const db_ = Object.keys(files).filter((p) => p.startsWith('dev/kubernetes/db/'));
    expect(db_.sort()).toEqual([
      'dev/kubernetes/db/service-primary-headless.yaml',
      'dev/kubernetes/db/service-primary.yaml',
      'dev/kubernetes/db/serviceaccount.yaml',
      'dev/kubernetes/db/statefulset.yaml',
    ]);
    const set = parse(files['dev/kubernetes/db/statefulset.yaml'] as string);
    expect(set.spec.serviceName).toBe('primary-headless');
    const claim = set.spec.volumeClaimTemplates[0];
    expect(claim.spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '5Gi' } },
    });
    const pod = set.spec.template.spec;
    expect(pod.volumes).toBeUndefined();
    expect(pod.containers[0].volumeMounts).toEqual([
      { name: claim.metadata.name, mountPath: '/var/lib/data' },
    ]);
    // The annotations are instructions to paws, not to the pods.
    expect(set.spec.template.metadata.annotations).not.toHaveProperty('k8s.score.dev/kind');
    const headless = parse(files['dev/kubernetes/db/service-primary-headless.yaml'] as string);
    expect(headless.spec).toMatchObject({ clusterIP: 'None', ports: [{ name: 'pg', port: 5432 }] });
    expect(parse(files['dev/kubernetes/db/service-primary.yaml'] as string).metadata.name).toBe('primary');
    // No claim of its own: the StatefulSet makes one per pod.
    expect(Object.keys(files).filter((p) => p.includes('persistentvolumeclaim'))).toEqual([]);
    // Another workload reaches it by its Service's name.
    expect(files['dev/kubernetes/client/deployment.yaml']).toContain(
      'value: primary.db-dev.svc.cluster.local:5432',
    );
    expect(await validateYamlFiles(result.files.filter((f) => f.path.endsWith('.yaml')))).toMatchObject({
      'apps/v1 StatefulSet': 1,
      'v1 Service': 2,
    });
  });

  it('a Deployment by default, and a volume of a Deployment stays a claim of its own', async () => {
    const result = await compile(
      {},
      createMemoryHost({ 'score.yaml': db.replace('k8s.score.dev/kind: StatefulSet, ', '') }),
    );
    const paths = result.files.map((f) => f.path);
    expect(paths).toContain('dev/kubernetes/db/deployment.yaml');
    expect(paths).toContain('dev/kubernetes/db/service.yaml');
    expect(paths.filter((p) => p.includes('persistentvolumeclaim'))).toHaveLength(1);
  });
});
