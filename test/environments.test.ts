import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compile, createMemoryHost } from '../src/index.js';
import { sha256 } from '../src/write/index.js';
import { transactionNames } from '../src/write/transaction.js';
import { readTree } from './support/files.js';
import { runCli } from './helpers.js';
import { type K8sObject, objectIn, objectsOf } from './support/manifests.js';
import { environmentTerraform } from './support/terraform.js';

const shopDir = fileURLToPath(new URL('../examples/shop', import.meta.url));
const shop = () => {
  const tree = readTree(shopDir, ['out', 'node_modules', 'expected', 'cdktf.out']);
  return tree;
};
const image = ['--image', 'registry.example.com/shop/api:1.0.0'];
const text = (host: ReturnType<typeof createMemoryHost>, file: string) =>
  new TextDecoder().decode(host.files.get(file));
const outFiles = (host: ReturnType<typeof createMemoryHost>) =>
  new Map(
    [...host.files]
      .filter(([p]) => p.startsWith('/work/out/'))
      .map(([p, c]) => [p, sha256(new TextDecoder().decode(c))]),
  );

const environmentsFile = (body: string) => ({
  'paws.yaml':
    'apiVersion: paws.dev/v1\nmetadata: { name: api }\ncontainers: { main: { image: acme/web } }\nresources: { db: { type: postgres } }\n',
  'platform/environments.yaml': body,
});
const env = (name: string, spec: string) =>
  `apiVersion: paws.dev/v1\nkind: Environment\nmetadata: { name: ${name} }\nspec:\n${spec}\n---\n`;
const staging = env(
  'staging',
  `  type: staging
  ephemeral: { allowed: true }
  terraform:
    backend: { s3: { bucket: tfstate, key: "paws/{{environment}}/{{module}}.tfstate", region: eu-west-1 } }
    providers: { aws: { region: eu-west-1 } }
  dns: { zone: staging.example.com, target: gw.staging.example.com }`,
);

describe('environments: state isolation', () => {
  it('no two environments of the shop share a state location', async () => {
    const result = await compile({ image: image[1] }, createMemoryHost(shop()));
    const backends = result.files
      .filter((f) => f.path.endsWith('main.tf.json'))
      .map((f) => JSON.stringify(JSON.parse(f.content).terraform.backend));
    expect(backends).toHaveLength(11);
    expect(new Set(backends).size).toBe(11);
    expect(backends.join()).toContain('"key":"paws/pr-preview/api.tfstate"');
    expect(backends.join()).toContain('"key":"paws/prod/api.tfstate"');
  });

  it.each([
    [
      'a literal key inherited through extends',
      env(
        'staging',
        '  type: staging\n  terraform: { layout: single, backend: { s3: { bucket: b, key: paws/staging.tfstate } } }',
      ) + env('preview', '  extends: staging'),
      ['PAWS3004@12:12'],
      'terraform.backend.s3.key: "paws/{{environment}}.tfstate" on "staging"',
    ],
    [
      'modules of one environment under one literal key',
      env('aa', '  terraform: { backend: { s3: { bucket: b, key: paws/aa.tfstate } } }'),
      ['PAWS3004@5:25'],
      'put {{module}} in the location, e.g. terraform.backend.s3.key: "paws/{{environment}}/{{module}}.tfstate"',
    ],
    [
      'a key with {{module}} in it gives each module its own state',
      env(
        'aa',
        '  terraform: { backend: { s3: { bucket: b, key: "state/{{ environment }}/{{ module }}" } } }',
      ),
      [],
      '',
    ],
    [
      'one namespace for two environments on one cluster',
      env('aa', '  kubernetes: { namespace: shop }') + env('bb', '  kubernetes: { namespace: shop }'),
      ['PAWS3004@11:28'],
      'put {{environment}} in the namespace pattern',
    ],
    [
      'a backend without a key gets one per environment',
      env('aa', '  terraform: { backend: { s3: { bucket: b } } }') +
        env('bb', '  terraform: { backend: { s3: { bucket: b } } }'),
      [],
      '',
    ],
    [
      'the same namespace on two clusters',
      env('aa', '  kubernetes: { server: https://a, namespace: shop }') +
        env('bb', '  kubernetes: { server: https://b, namespace: shop }'),
      [],
      '',
    ],
  ])('%s', async (_name, body, expected, hint) => {
    const result = await compile({}, createMemoryHost(environmentsFile(body)));
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => `${d.code}@${d.line}:${d.column}`)).toEqual(expected);
    if (hint) expect(errors[0]?.hint).toContain(hint);
  });

  it.each([
    ['modules', 'aa/terraform/api/main.tf.json', 'paws/aa/api.tfstate'],
    ['single', 'aa/terraform/main.tf.json', 'paws/aa.tfstate'],
  ])('the default state key names the environment and the module (layout %s)', async (layout, file, key) => {
    const body = env(
      'aa',
      `  type: staging\n  terraform: { layout: ${layout}, backend: { s3: { bucket: b } } }`,
    );
    const result = await compile({}, createMemoryHost(environmentsFile(body)));
    const module = JSON.parse(result.files.find((f) => f.path === file)?.content ?? '{}');
    expect(module.terraform.backend).toEqual({ s3: { bucket: 'b', key } });
  });
});

/** Arguments that name a thing that must be unique in an AWS account or region. */
const PHYSICAL = [
  'name',
  'identifier',
  'bucket',
  'replication_group_id',
  'broker_name',
  'final_snapshot_identifier',
];

describe('environments: physical names', () => {
  it('no two environments of the shop produce the same cloud name', async () => {
    const result = await compile({ image: image[1] }, createMemoryHost(shop()));
    const owner = new Map<string, string>();
    let checked = 0;
    for (const file of result.files.filter((f) => f.path.endsWith('main.tf.json'))) {
      const environment = file.path.split('/')[0] as string;
      const resources = (JSON.parse(file.content).resource ?? {}) as Record<
        string,
        Record<string, Record<string, unknown>>
      >;
      for (const [type, byName] of Object.entries(resources))
        for (const body of Object.values(byName))
          for (const argument of PHYSICAL) {
            const value = body[argument];
            if (typeof value !== 'string' || value.includes('${')) continue;
            const key = `${type}.${argument}=${value}`;
            expect(owner.get(key) ?? environment, key).toBe(environment);
            owner.set(key, environment);
            checked++;
          }
    }
    expect(checked).toBeGreaterThan(20);
  });
});

describe('environments: ephemeral clones from the command line', () => {
  it('compile --env pr-123 --extends staging: every name carries pr-123', async () => {
    const host = createMemoryHost(environmentsFile(staging));
    const run = await runCli(['compile', '--env', 'pr-123', '--extends', 'staging'], { host });
    expect(run.stderr).not.toMatch(/error PAWS/);
    expect(run.exitCode).toBe(0);
    const module = JSON.parse(text(host, '/work/out/pr-123/terraform/api/main.tf.json'));
    expect(module.terraform.backend.s3.key).toBe('paws/pr-123/api.tfstate');
    expect(module.resource.aws_secretsmanager_secret.postgres_default_api_db.name).toBe(
      'paws/pr-123/postgres/default/api.db',
    );
    expect(module.resource.aws_db_instance.postgres_default_api_db.identifier).toMatch(/^pr-123-/);
    const deployment = objectsOf(text(host, '/work/out/pr-123/kubernetes/api/manifests.yaml')).find(
      (o) => o.kind === 'Deployment',
    ) as K8sObject;
    expect(deployment.metadata.namespace).toBe('api-pr-123');
    expect(JSON.parse(text(host, '/work/out/.paws-manifest.json')).environments).toEqual({
      'pr-123': { clonedFrom: 'staging', inputs: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
  });

  it('a clone of type preview gets the in-cluster built-ins (nothing in the cloud)', async () => {
    const body = staging.replace(
      'ephemeral: { allowed: true }',
      'ephemeral: { allowed: true, type: preview }',
    );
    const host = createMemoryHost(environmentsFile(body));
    const run = await runCli(['plan', '--env', 'pr-9', '--extends', 'staging'], { host });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('environment pr-9 (type preview)');
    expect(run.stdout).toContain('definition paws-dev-postgres');
  });

  it.each([
    [['--env', 'Pr_1', '--extends', 'staging'], 'is not a valid name'],
    [['--env', 'staging', '--extends', 'staging'], 'is defined in the platform folder'],
    [['--env', 'pr-1', '--extends', 'stagin'], 'did you mean "staging"'],
    [['--env', 'pr-1', '--extends', 'prod'], 'does not allow ephemeral clones'],
    [['--env', 'pr-1,pr-2', '--extends', 'staging'], 'needs exactly one --env'],
  ])('%j is refused with PAWS3005 and nothing is written', async (args, message) => {
    const body = `${staging}${env('prod', '  type: production')}`;
    const host = createMemoryHost(environmentsFile(body));
    const run = await runCli(['compile', ...args], { host });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('PAWS3005');
    expect(run.stderr).toContain(message);
    expect([...host.files.keys()].filter((p) => p.startsWith('/work/out'))).toEqual([]);
  });

  it('an environment that extends one allowing clones does not inherit the permission', async () => {
    const body = `${staging}${env('qa', '  extends: staging')}`;
    const run = await runCli(['plan', '--env', 'pr-1', '--extends', 'qa'], {
      host: createMemoryHost(environmentsFile(body)),
    });
    expect(run.stderr).toContain('environment "qa" does not allow ephemeral clones');
  });
});

describe('environments: the preview type is served by the built-in catalog', () => {
  it('the shop compiles for a type: preview environment, and paws catalog shows what serves it', async () => {
    const files = shop();
    files['platform/environments.yaml'] +=
      '---\napiVersion: paws.dev/v1\nkind: Environment\nmetadata: { name: preview }\nspec: { type: preview }\n';
    const host = createMemoryHost(files);
    const run = await runCli(['compile', '--env', 'preview', ...image], { host });
    expect(run.stderr).not.toMatch(/error PAWS/);
    expect(run.exitCode).toBe(0);
    const catalog = await runCli(['catalog'], { host });
    expect(catalog.stdout).toMatch(/preview/);
    expect(catalog.stdout).toContain('paws-dev-postgres');
  });
});

describe('environments: partial compiles and removal', () => {
  it('compile --env dev leaves every other environment byte-identical', async () => {
    const host = createMemoryHost(shop());
    expect((await runCli(['compile', ...image], { host })).exitCode).toBe(0);
    const before = outFiles(host);
    host.files.set(
      '/work/services/api/paws.yaml',
      new TextEncoder().encode(
        text(host, '/work/services/api/paws.yaml').replace('team: checkout', 'team: payments'),
      ),
    );
    const run = await runCli(['compile', '--env', 'dev', ...image], { host });
    expect(run.stderr).toMatch(/^note: the output needs External Secrets Operator/);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/compiled 1 environment \(dev\) into out: [1-9]\d* written, 0 removed/);
    const after = outFiles(host);
    for (const [file, hash] of before) {
      if (
        file.startsWith('/work/out/dev/') ||
        file === '/work/out/argocd/dev.yaml' ||
        file.endsWith('.paws-manifest.json')
      )
        continue;
      expect(after.get(file), file).toBe(hash);
    }
    expect([...after.keys()].filter((f) => !f.startsWith('/work/out/dev/') && !before.has(f))).toEqual([]);
  });

  it('an environment removed from the platform: diff exits 2 naming it, compile keeps a teardown module, teardown --forget ends it', async () => {
    const host = createMemoryHost(shop());
    expect((await runCli(['compile', ...image], { host })).exitCode).toBe(0);
    const environments = text(host, '/work/platform/environments.yaml');
    const start = environments.indexOf(
      '---\napiVersion: paws.dev/v1\nkind: Environment\nmetadata: { name: pr-preview }',
    );
    const end = environments.indexOf('---', start + 3);
    host.files.set(
      '/work/platform/environments.yaml',
      new TextEncoder().encode(environments.slice(0, start) + environments.slice(end)),
    );

    const diff = await runCli(['diff', ...image], { host });
    expect(diff.exitCode).toBe(2);
    expect(diff.stderr).toContain('warning PAWS5005: environment "pr-preview" is gone');
    expect(diff.stderr).toContain('aws_db_instance.postgres_default_shop-db');
    const json = JSON.parse((await runCli(['diff', '--format', 'json', ...image], { host })).stdout);
    expect(json.removedEnvironments.map((r: { name: string }) => r.name)).toEqual(['pr-preview']);

    const compiled = await runCli(['compile', ...image], { host });
    expect(compiled.exitCode).toBe(0);
    expect(compiled.stderr).toContain('PAWS5005');
    const left = [...host.files.keys()].filter((p) => p.includes('pr-preview')).sort();
    const shared = '_shared/postgres-shop-db-8671da';
    expect(left).toEqual(
      [shared, 'api', 'web', 'worker']
        .map((m) => `/work/out/pr-preview/terraform/${m}/main.tf.json`)
        .concat('/work/out/pr-preview/terraform/order.json')
        .sort(),
    );
    const teardown = JSON.parse(text(host, `/work/out/pr-preview/terraform/${shared}/main.tf.json`));
    expect(Object.keys(teardown).sort()).toEqual(['provider', 'terraform']);
    expect(teardown.terraform.backend.s3.key).toBe(`paws/pr-preview/${shared}.tfstate`);
    expect(Object.keys(teardown.terraform.required_providers)).toEqual(['aws', 'random']);
    expect(JSON.parse(text(host, '/work/out/pr-preview/terraform/order.json'))).toEqual({
      layers: [],
      modules: {},
      teardown: [shared, 'api', 'web', 'worker'],
    });
    // The teardown module stays through later compiles, and diff is quiet about it.
    expect((await runCli(['diff', ...image], { host })).exitCode).toBe(0);
    expect((await runCli(['compile', ...image], { host })).stdout).toContain('0 written, 0 removed');

    const stillThere = await runCli(['teardown', '--env', 'staging', ...image], { host });
    expect(stillThere.exitCode).toBe(1);
    expect(stillThere.stderr).toContain('PAWS5006');
    const forget = await runCli(['teardown', '--env', 'pr-preview', '--forget', ...image], { host });
    expect(forget.exitCode).toBe(0);
    expect([...host.files.keys()].filter((p) => p.includes('pr-preview'))).toEqual([]);
  });

  it('an ephemeral environment survives full compiles and is torn down with --extends', async () => {
    const host = createMemoryHost(environmentsFile(staging));
    expect((await runCli(['compile'], { host })).exitCode).toBe(0);
    expect((await runCli(['compile', '--env', 'pr-5', '--extends', 'staging'], { host })).exitCode).toBe(0);
    expect((await runCli(['compile'], { host })).stdout).toContain('0 written, 0 removed');
    expect(host.files.has('/work/out/pr-5/kubernetes/api/manifests.yaml')).toBe(true);
    const down = await runCli(['teardown', '--env', 'pr-5', '--extends', 'staging'], { host });
    expect(down.exitCode).toBe(0);
    const left = [...host.files.keys()].filter((p) => p.includes('pr-5')).sort();
    expect(left).toEqual([
      '/work/out/pr-5/terraform/api/main.tf.json',
      '/work/out/pr-5/terraform/order.json',
    ]);
    expect(JSON.parse(text(host, '/work/out/pr-5/terraform/api/main.tf.json')).resource).toBeUndefined();
    expect((await runCli(['teardown', '--env', 'pr-5', '--forget'], { host })).exitCode).toBe(0);
    expect([...host.files.keys()].filter((p) => p.includes('pr-5'))).toEqual([]);
  });
});

describe('environments: secrets across stores', () => {
  it('publish: vault writes a KV v2 entry with the write-only data_json_wo', async () => {
    const body = env(
      'cloud',
      '  type: staging\n  terraform: { providers: { aws: { region: eu-west-1 }, vault: { address: "https://vault.example.com" } } }\n  secretStore: { name: vault, publish: vault, vault: { mount: kv } }',
    );
    const result = await compile({}, createMemoryHost(environmentsFile(body)));
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const module = environmentTerraform(result.files, 'cloud') ?? {};
    expect(module.resource.vault_kv_secret_v2.postgres_default_api_db).toEqual({
      mount: 'kv',
      name: 'paws/cloud/postgres/default/api.db',
      data_json_wo: '${jsonencode(local.paws_outputs_postgres_default_api_db)}',
      data_json_wo_version: 1,
      // A new database means a new password: the entry is written again.
      lifecycle: { replace_triggered_by: ['aws_db_instance.postgres_default_api_db'] },
    });
    expect(module.resource.aws_secretsmanager_secret).toBeUndefined();
    expect(module.terraform.required_providers.vault).toEqual({
      source: 'hashicorp/vault',
      version: '>= 5.0',
    });
    expect(objectIn(result.files, 'cloud/kubernetes/api', 'Deployment')).toBeDefined();
    // The workload reads nothing from db.
    expect(objectIn(result.files, 'cloud/kubernetes/api', 'ExternalSecret')).toBeUndefined();
    if (hasTerraform)
      expect(
        terraformValidate(
          result.files.find((f) => f.path === 'cloud/terraform/api/main.tf.json')?.content ?? '',
        ),
      ).toEqual([]);
  });

  it('publish: none with a Terraform resource is an error at its definition (PAWS3006)', async () => {
    const body = env('cloud', '  type: staging\n  secretStore: { name: existing, publish: none }');
    const result = await compile({}, createMemoryHost(environmentsFile(body)));
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => d.code)).toEqual(['PAWS3006']);
    expect(errors[0]?.file).toBe('<paws>/catalog/definitions/aws.yaml');
    expect(errors[0]?.hint).toContain('secretStore.publish to aws-secrets-manager or vault');
  });
});

const hasTerraform = spawnSync('terraform', ['version'], { encoding: 'utf8' }).status === 0;

function terraformValidate(content: string): string[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'paws-tf-'));
  try {
    writeFileSync(path.join(dir, 'main.tf.json'), content);
    const run = spawnSync('terraform', ['validate', '-json', '-no-color'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, TF_IN_AUTOMATION: '1' },
    });
    const report = JSON.parse(run.stdout) as { diagnostics: { summary: string }[] };
    return report.diagnostics.map((d) => d.summary).filter((s) => s !== 'Missing required provider');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('environments: one writer at a time', () => {
  /** A lock as a paws writing /work/out on this host takes it. */
  const lockOf = (host: ReturnType<typeof createMemoryHost>, pid: number) =>
    host.writeFile(
      '/work/.out.paws-lock',
      JSON.stringify({ pid, site: transactionNames(host, '/work/out').site }),
    );

  it('a lock held by a live process makes the second writer give up with PAWS5004', async () => {
    const host = createMemoryHost(environmentsFile(staging), { alive: (pid) => pid === 4242 });
    lockOf(host, 4242);
    const run = await runCli(['compile'], { host, env: { PAWS_LOCK_TIMEOUT: '0' } });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('error PAWS5004: another paws (process 4242) is writing out');
    expect(host.files.has('/work/out/.paws-manifest.json')).toBe(false);
  });

  it('a lock left by a dead process is taken over, and released after the write', async () => {
    const host = createMemoryHost(environmentsFile(staging), { alive: () => false });
    lockOf(host, 4242);
    const run = await runCli(['compile'], { host });
    expect(run.exitCode).toBe(0);
    expect(host.files.has('/work/.out.paws-lock')).toBe(false);
  });

  it('six compiles at once into one folder, three rounds with new input: each succeeds, the folder matches its manifest', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'paws-lock-'));
    const bin = fileURLToPath(new URL('../bin/paws.js', import.meta.url));
    try {
      cpSync(shopDir, dir, {
        recursive: true,
        filter: (src) => !/\/(out|expected|cdktf\.out)$/.test(src),
      });
      for (let round = 0; round < 3; round++) {
        // A new image each round: every Deployment changes, so every write replaces files.
        const runs = await Promise.all(
          [0, 1, 2, 3, 4, 5].map(
            (i) =>
              new Promise<{ code: number; stderr: string }>((resolve) => {
                const child = spawn(
                  process.execPath,
                  [bin, 'compile', '--image', `registry.example.com/shop/api:${round}.${i}`],
                  { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] },
                );
                let stderr = '';
                child.stderr.on('data', (chunk) => (stderr += String(chunk)));
                child.on('exit', (code) => resolve({ code: code ?? -1, stderr }));
              }),
          ),
        );
        expect(
          runs.map((r) => r.code),
          runs.map((r) => r.stderr).join('\n'),
        ).toEqual([0, 0, 0, 0, 0, 0]);
        const manifest = JSON.parse(readFileSync(path.join(dir, 'out/.paws-manifest.json'), 'utf8'));
        for (const [file, hash] of Object.entries(manifest.files as Record<string, string>))
          expect(sha256(readFileSync(path.join(dir, 'out', file), 'utf8')), file).toBe(hash);
        expect(readdirSync(dir).filter((f) => f.includes('.paws-'))).toEqual([]);
      }
      expect(existsSync(path.join(dir, 'out/prod/terraform/api/main.tf.json'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
