import { describe, expect, it } from 'vitest';
import { compile, createMemoryHost } from '../src/index.js';

// Any workload could declare `type: postgres, id: shop-db` and receive prod's credentials; the
// platform names who may share a resource, on the definition or per environment.
const environments = (prodExtra = '') => `apiVersion: paws.dev/v1
kind: Environment
metadata: { name: staging }
spec: { type: staging }
---
apiVersion: paws.dev/v1
kind: Environment
metadata: { name: prod }
spec:
  type: production
${prodExtra}`;

const definition = (extra = '') => `apiVersion: paws.dev/v1
kind: ResourceDefinition
metadata: { name: shop-db }
spec:
  type: postgres
  match: { resourceIds: [shop-db] }
${extra}  driver: { kind: static }
  outputs:
    host: shop-db.internal
    port: 5432
    name: shop
    database: shop
    username: shop
    password: { secretRef: { key: shop-db, property: password } }
`;

const claimant = (name: string) => `apiVersion: paws.dev/v1
metadata: { name: ${name} }
containers: { main: { image: acme/${name}:1, variables: { DB_HOST: "\${resources.db.host}" } } }
resources:
  db: { type: postgres, id: shop-db }
`;

async function errors(platform: Record<string, string>) {
  const result = await compile(
    {},
    createMemoryHost({
      ...platform,
      'api/paws.yaml': claimant('api'),
      'worker/paws.yaml': claimant('worker'),
      'intruder/paws.yaml': claimant('intruder'),
    }),
  );
  return result.diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) => `${d.code} ${d.file}:${d.line}:${d.column} ${d.message} [${d.environments?.join(', ')}]`);
}

describe('who may share a resource (PAWS3106)', () => {
  it('without a rule every workload may share it (as before)', async () => {
    expect(await errors({ 'platform/env.yaml': environments(), 'platform/db.yaml': definition() })).toEqual(
      [],
    );
  });

  it("the Environment's sharedResources: refused in that environment only, at the intruder's declaration", async () => {
    const result = await errors({
      'platform/env.yaml': environments('  sharedResources: { shop-db: { workloads: [api, worker] } }\n'),
      'platform/db.yaml': definition(),
    });
    expect(result).toEqual([
      'PAWS3106 intruder/paws.yaml:5:3 workload "intruder" may not use resource "shop-db": environment "prod" (sharedResources.shop-db) allows only api, worker [prod]',
    ]);
  });

  it("the definition's sharedBy: refused wherever it serves the resource", async () => {
    const result = await errors({
      'platform/env.yaml': environments(),
      'platform/db.yaml': definition('  sharedBy: [api, worker]\n'),
    });
    expect(result).toEqual([
      'PAWS3106 intruder/paws.yaml:5:3 workload "intruder" may not use resource "shop-db": definition "shop-db" (sharedBy) allows only api, worker [prod, staging]',
    ]);
  });

  it('both given: a workload must be in both', async () => {
    const result = await errors({
      'platform/env.yaml': environments('  sharedResources: { shop-db: { workloads: [api] } }\n'),
      'platform/db.yaml': definition('  sharedBy: [api, worker, intruder]\n'),
    });
    expect(result.map((line) => line.split(' ').slice(0, 4).join(' '))).toEqual([
      'PAWS3106 intruder/paws.yaml:5:3 workload "intruder"',
      'PAWS3106 worker/paws.yaml:5:3 workload "worker"',
    ]);
  });
});
