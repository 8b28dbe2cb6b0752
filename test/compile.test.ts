import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { compile, createMemoryHost } from '../src/index.js';
import { readTree } from './support/files.js';
import { environmentTerraform } from './support/terraform.js';
import { type K8sObject, objectIn, objectsOf } from './support/manifests.js';

const shopDir = fileURLToPath(new URL('../examples/shop', import.meta.url));
const image = 'registry.example.com/shop/api:1.0.0';

describe('compile: a postgres password is a secret in three ways', () => {
  const files = {
    'platform/environments.yaml': `apiVersion: paws.dev/v1
kind: Environment
metadata: { name: cloud }
spec:
  type: staging
  terraform: { providers: { aws: { region: eu-west-1 } } }
  secretStore: { kind: ClusterSecretStore, name: aws-secrets-manager }
---
apiVersion: paws.dev/v1
kind: Environment
metadata: { name: legacy }
spec: { type: legacy, secretStore: { kind: ClusterSecretStore, name: vault } }
---
apiVersion: paws.dev/v1
kind: Environment
metadata: { name: dev }
spec: { type: development }
`,
    'platform/legacy-db.yaml': `apiVersion: paws.dev/v1
kind: ResourceDefinition
metadata: { name: legacy-db }
spec:
  type: postgres
  match: { environmentTypes: [legacy] }
  driver: { kind: static }
  outputs:
    host: db.legacy.internal
    port: 5432
    name: app
    database: app
    username: app
    password: { secretRef: { key: legacy/db, property: password } }
`,
    'paws.yaml': `apiVersion: paws.dev/v1
metadata: { name: api }
containers:
  main:
    image: acme/web
    variables:
      PGPASSWORD: \${resources.db.password}
      DATABASE_URL: "postgresql://\${resources.db.username}:\${resources.db.password}@\${resources.db.host}:\${resources.db.port}/\${resources.db.database}"
    connections: [db]
resources:
  db: { type: postgres }
`,
  };

  const secretVars = ['DATABASE_URL', 'DB_PASSWORD', 'PGPASSWORD'];

  it.each([
    ['cloud', 'Terraform-provisioned', { key: 'paws/cloud/postgres/default/api.db', property: 'password' }],
    ['legacy', 'static with a secret reference', { key: 'legacy/db', property: 'password' }],
    ['dev', 'in-cluster with a generated password', { property: 'password' }],
  ])('%s: %s — reaches the container only through secretKeyRef', async (env, _how, remote) => {
    const result = await compile({ environments: [env] }, createMemoryHost(files));
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const deployment = objectIn(result.files, `${env}/kubernetes/api`, 'Deployment') as K8sObject;
    const containerEnv = deployment.spec.template.spec.containers[0].env as {
      name: string;
      value?: string;
      valueFrom?: unknown;
    }[];
    for (const name of secretVars) {
      const variable = containerEnv.find((e) => e.name === name);
      expect(variable, name).toEqual({
        name,
        valueFrom: { secretKeyRef: { name: 'api-secrets', key: `env-main-${name}` } },
      });
    }
    const externalSecret = objectIn(result.files, `${env}/kubernetes/api`, 'ExternalSecret') as K8sObject;
    const passwordRef = externalSecret.spec.data.find(
      (d: { remoteRef: { property?: string } }) => d.remoteRef.property === 'password',
    );
    expect(passwordRef.remoteRef).toMatchObject(remote);
    expect(externalSecret.spec.target.template.data['env-main-DATABASE_URL']).toMatch(
      /^postgresql:\/\/app:\{\{ index \. "[a-z0-9-]+" \}\}@/,
    );
    // No container variable anywhere holds a password as a plain value.
    for (const file of result.files.filter((f) => f.path.endsWith('.yaml'))) {
      expect(file.content).not.toMatch(/name: (PGPASSWORD|DB_PASSWORD|DATABASE_URL)\n\s+value:/);
    }
  });

  it('cloud: the generated password stays out of Terraform state (ephemeral + write-only) and out of outputs', async () => {
    const result = await compile({ environments: ['cloud'] }, createMemoryHost(files));
    const module = environmentTerraform(result.files, 'cloud') ?? {};
    expect(module.ephemeral.random_password.postgres_default_api_db_password).toEqual({
      length: 32,
      special: false,
    });
    const db = module.resource.aws_db_instance.postgres_default_api_db;
    expect(db.password_wo).toBe('${ephemeral.random_password.postgres_default_api_db_password.result}');
    expect(db.password).toBeUndefined();
    expect(db.publicly_accessible).toBe(false);
    expect(db.storage_encrypted).toBe(true);
    const version = module.resource.aws_secretsmanager_secret_version.postgres_default_api_db;
    expect(version.secret_string).toBeUndefined();
    expect(version.secret_string_wo).toBe('${jsonencode(local.paws_outputs_postgres_default_api_db)}');
    // The local is ephemeral because it reads the ephemeral password: Terraform keeps it out of state.
    expect(module.locals.paws_outputs_postgres_default_api_db.password).toBe(
      '${ephemeral.random_password.postgres_default_api_db_password.result}',
    );
    expect(module.resource.aws_secretsmanager_secret.postgres_default_api_db.name).toBe(
      'paws/cloud/postgres/default/api.db',
    );
    expect(Object.keys(module.output ?? {}).filter((o) => o.includes('password'))).toEqual([]);
  });

  it('dev: the database and the workload read the same generated Secret', async () => {
    const result = await compile({ environments: ['dev'] }, createMemoryHost(files));
    const shared = result.files
      .filter((f) => f.path.startsWith('dev/kubernetes/_shared/postgres-'))
      .flatMap((f) => objectsOf(f.content));
    const password = shared.find((o) => o.kind === 'Password') as K8sObject;
    const generated = shared.find((o) => o.kind === 'ExternalSecret') as K8sObject;
    expect(password.kind).toBe('Password');
    expect(generated.spec.refreshInterval).toBe('0');
    const statefulSet = shared.find((o) => o.kind === 'StatefulSet') as K8sObject;
    const dbEnv = statefulSet.spec.template.spec.containers[0].env.find(
      (e: { name: string }) => e.name === 'POSTGRES_PASSWORD',
    );
    expect(dbEnv.valueFrom.secretKeyRef.name).toBe(generated.spec.target.name);
    const externalSecret = objectIn(result.files, 'dev/kubernetes/api', 'ExternalSecret') as K8sObject;
    expect(externalSecret.spec.data[0].remoteRef.key).toBe(generated.spec.target.name);
  });
});

describe('compile: deterministic output', () => {
  const tree = readTree(shopDir);

  it('compiling twice gives byte-identical files', async () => {
    const first = await compile({ image }, createMemoryHost(tree));
    const second = await compile({ image }, createMemoryHost(tree));
    expect(first.files.length).toBeGreaterThan(30);
    expect(second.files).toEqual(first.files);
  });

  it('compiling with the input files in another order gives byte-identical files', async () => {
    const forward = await compile(
      { image, paths: ['services/api', 'services/web', 'services/worker'] },
      createMemoryHost(tree),
    );
    const reversed = Object.fromEntries(Object.entries(tree).reverse());
    const backward = await compile(
      { image, paths: ['services/worker', 'services/web', 'services/api'] },
      createMemoryHost(reversed),
    );
    expect(backward.files).toEqual(forward.files);
  });
});

const terraform = spawnSync('terraform', ['version'], { encoding: 'utf8' });
const hasTerraform = terraform.status === 0;

describe.skipIf(!hasTerraform)(
  'compile: terraform validate accepts each module (skipped without a terraform binary)',
  () => {
    it('reports nothing but the missing providers', async () => {
      const result = await compile({ image }, createMemoryHost(readTree(shopDir)));
      const modules = result.files.filter((f) => f.path.endsWith('main.tf.json'));
      expect(modules.map((m) => m.path)).toEqual([
        'pr-preview/terraform/_shared/postgres-shop-db-8671da/main.tf.json',
        'pr-preview/terraform/api/main.tf.json',
        'pr-preview/terraform/web/main.tf.json',
        'pr-preview/terraform/worker/main.tf.json',
        'prod/terraform/api/main.tf.json',
        'prod/terraform/web/main.tf.json',
        'prod/terraform/worker/main.tf.json',
        'staging/terraform/_shared/postgres-shop-db-8671da/main.tf.json',
        'staging/terraform/api/main.tf.json',
        'staging/terraform/web/main.tf.json',
        'staging/terraform/worker/main.tf.json',
      ]);
      for (const module of modules) {
        const dir = mkdtempSync(path.join(tmpdir(), 'paws-tf-'));
        try {
          writeFileSync(path.join(dir, 'main.tf.json'), module.content);
          const run = spawnSync('terraform', ['validate', '-json', '-no-color'], {
            cwd: dir,
            encoding: 'utf8',
            env: { ...process.env, TF_IN_AUTOMATION: '1' },
          });
          const report = parse(run.stdout) as { diagnostics: { severity: string; summary: string }[] };
          const other = report.diagnostics.filter((d) => d.summary !== 'Missing required provider');
          expect(other, module.path).toEqual([]);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }
    });
  },
);

if (!hasTerraform) console.warn('terraform is not installed: the terraform validate test is skipped');
