import { describe, expect, it } from 'vitest';
import { compile, createMemoryHost } from '../src/index.js';
import { validateYamlFiles } from './support/k8s-schemas.js';
import { type K8sObject, objectIn, objectsOf } from './support/manifests.js';

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
    const db_ = objectsOf(result.files.find((f) => f.path === 'dev/kubernetes/db/manifests.yaml')?.content);
    expect(db_.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'ServiceAccount/db',
      'StatefulSet/db',
      'Service/primary',
      'Service/primary-headless',
    ]);
    const set = db_.find((o) => o.kind === 'StatefulSet') as K8sObject;
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
    const headless = db_.find((o) => o.metadata.name === 'primary-headless') as K8sObject;
    expect(headless.spec).toMatchObject({ clusterIP: 'None', ports: [{ name: 'pg', port: 5432 }] });
    // No claim of its own: the StatefulSet makes one per pod.
    const all = result.files.flatMap((f) => objectsOf(f.path.endsWith('.yaml') ? f.content : undefined));
    expect(all.filter((o) => o.kind === 'PersistentVolumeClaim')).toEqual([]);
    // Another workload reaches it by its Service's name.
    expect(JSON.stringify(objectIn(result.files, 'dev/kubernetes/client', 'Deployment'))).toContain(
      'primary.db-dev.svc.cluster.local:5432',
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
    expect(objectIn(result.files, 'dev/kubernetes/db', 'Deployment')).toBeDefined();
    expect(objectIn(result.files, 'dev/kubernetes/db', 'Service', 'primary')).toBeDefined();
    const all = result.files.flatMap((f) => objectsOf(f.path.endsWith('.yaml') ? f.content : undefined));
    expect(all.filter((o) => o.kind === 'PersistentVolumeClaim')).toHaveLength(1);
  });
});
