import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile, createMemoryHost } from '../src/index.js';
import { runCli } from './helpers.js';
import { terraformModules } from './support/terraform.js';

/** A shared network (id main) that every workload's security group sits in: a requires edge across modules. */
const platform = (terraform: string) => ({
  'platform/env.yaml': `apiVersion: paws.dev/v1
kind: Environment
metadata: { name: staging }
spec:
  type: staging
  terraform: ${terraform}
`,
  'platform/types.yaml': `apiVersion: paws.dev/v1
kind: ResourceType
metadata: { name: network }
spec:
  params: { type: object, properties: { tag: { type: string } } }
  outputs: { type: object, properties: { id: { type: string } }, required: [id] }
---
apiVersion: paws.dev/v1
kind: ResourceType
metadata: { name: service-sg }
spec:
  outputs: { type: object, properties: { id: { type: string } }, required: [id] }
---
apiVersion: paws.dev/v1
kind: ResourceType
metadata: { name: bucket }
spec:
  params: { type: object, properties: { tag: { type: string } } }
  outputs: { type: object, properties: { arn: { type: string } }, required: [arn] }
`,
  'platform/definitions.yaml': `apiVersion: paws.dev/v1
kind: ResourceDefinition
metadata: { name: network }
spec:
  type: network
  driver:
    kind: terraform
    template: |
      resource: { aws_vpc: { {{resource.tfName}}: { cidr_block: 10.0.0.0/16, tags: { tag: {{json (default params.tag "none")}} } } } }
  outputs: { id: "\${aws_vpc.{{resource.tfName}}.id}" }
---
apiVersion: paws.dev/v1
kind: ResourceDefinition
metadata: { name: service-sg }
spec:
  type: service-sg
  requires: { network: { type: network, id: main } }
  driver:
    kind: terraform
    template: |
      resource: { aws_security_group: { {{resource.tfName}}: { vpc_id: {{json requires.network.id}} } } }
  outputs: { id: "\${aws_security_group.{{resource.tfName}}.id}" }
---
apiVersion: paws.dev/v1
kind: ResourceDefinition
metadata: { name: bucket }
spec:
  type: bucket
  driver:
    kind: terraform
    template: |
      resource: { aws_s3_bucket: { {{resource.tfName}}: { bucket_prefix: {{json resource.k8sName}}, tags: { tag: {{json (default params.tag "none")}} } } } }
  outputs: { arn: "\${aws_s3_bucket.{{resource.tfName}}.arn}" }
`,
});

const workload = (name: string, resources: string) =>
  `apiVersion: paws.dev/v1\nmetadata: { name: ${name} }\ncontainers: { main: { image: acme/${name}:1 } }\nresources:\n${resources}`;

const S3 =
  '{ backend: { s3: { bucket: tf, region: eu-west-1 } }, providers: { aws: { region: eu-west-1 } } }';

const project = (terraform = S3) => ({
  ...platform(terraform),
  'services/api/paws.yaml': workload('api', '  sg: { type: service-sg }\n'),
  'services/web/paws.yaml': workload('web', '  sg: { type: service-sg }\n'),
});

async function compiled(files: Record<string, string>) {
  const result = await compile({}, createMemoryHost(files));
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return result.files;
}

const terraformFiles = (files: { path: string; content: string }[]) =>
  files.filter((f) => f.path.startsWith('staging/terraform/')).map((f) => f.path);

const text = (host: ReturnType<typeof createMemoryHost>, file: string) =>
  new TextDecoder().decode(host.files.get(file));

const hasTerraform = spawnSync('terraform', ['version'], { encoding: 'utf8' }).status === 0;

/** `terraform validate` of every module in one tree laid out as written; nothing but missing providers may fail. */
function validateAll(files: { path: string; content: string }[]): Record<string, string[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'paws-modules-'));
  try {
    const modules = files.filter((f) => f.path.endsWith('main.tf.json'));
    for (const file of modules) {
      mkdirSync(path.dirname(path.join(dir, file.path)), { recursive: true });
      writeFileSync(path.join(dir, file.path), file.content);
    }
    return Object.fromEntries(
      modules.map((file) => {
        const run = spawnSync('terraform', ['validate', '-json', '-no-color'], {
          cwd: path.dirname(path.join(dir, file.path)),
          encoding: 'utf8',
          env: { ...process.env, TF_IN_AUTOMATION: '1' },
        });
        const report = JSON.parse(run.stdout) as { diagnostics: { summary: string }[] };
        return [
          file.path,
          report.diagnostics.map((d) => d.summary).filter((s) => s !== 'Missing required provider'),
        ];
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('terraform: a root module per workload and per shared resource', () => {
  it('splits the environment, reads the shared network through remote state, and orders the modules', async () => {
    const files = await compiled(project());
    const shared = terraformFiles(files)
      .find((p) => p.startsWith('staging/terraform/_shared/'))
      ?.split('/')
      .slice(2, 4)
      .join('/') as string;
    expect(shared).toMatch(/^_shared\/network-main-[0-9a-f]{6}$/);
    expect(terraformFiles(files)).toEqual([
      `staging/terraform/${shared}/main.tf.json`,
      'staging/terraform/api/main.tf.json',
      'staging/terraform/order.json',
      'staging/terraform/web/main.tf.json',
    ]);
    const modules = terraformModules(files, 'staging');
    const network = modules.get(shared);
    expect(network.terraform.backend).toEqual({
      s3: { bucket: 'tf', key: `paws/staging/${shared}.tfstate`, region: 'eu-west-1' },
    });
    expect(network.output.network_default_main__id).toEqual({
      value: '${aws_vpc.network_default_main.id}',
      description: 'id of network.default#main',
    });
    const remote = `_shared__${shared.slice('_shared/'.length)}`;
    const api = modules.get('api');
    expect(api.terraform.backend.s3.key).toBe('paws/staging/api.tfstate');
    expect(api.data.terraform_remote_state).toEqual({
      [remote]: {
        backend: 's3',
        config: { bucket: 'tf', key: `paws/staging/${shared}.tfstate`, region: 'eu-west-1' },
      },
    });
    expect(api.resource.aws_security_group['service-sg_default_api_sg'].vpc_id).toBe(
      `\${data.terraform_remote_state.${remote}.outputs.network_default_main__id}`,
    );
    // terraform_remote_state comes with Terraform: no provider to require for it.
    expect(Object.keys(api.terraform.required_providers)).toEqual(['aws']);
    expect(api.resource.aws_vpc).toBeUndefined();
    expect(JSON.parse(files.find((f) => f.path === 'staging/terraform/order.json')?.content ?? '')).toEqual({
      layout: 'modules',
      layers: [[shared], ['api', 'web']],
      modules: { [shared]: { dependsOn: [] }, api: { dependsOn: [shared] }, web: { dependsOn: [shared] } },
      teardown: [],
    });
  });

  it('without a backend, a module reads the local state file in the folder of the module it needs', async () => {
    const files = await compiled(project('{ providers: { aws: { region: eu-west-1 } } }'));
    const modules = terraformModules(files, 'staging');
    const shared = [...modules.keys()].find((m) => m.startsWith('_shared/')) as string;
    const api = modules.get('api');
    expect(api.terraform.backend).toBeUndefined();
    expect(Object.values(api.data.terraform_remote_state)).toEqual([
      { backend: 'local', config: { path: `../${shared}/terraform.tfstate` } },
    ]);
  });

  it('layout single keeps one module and one state for the environment', async () => {
    const files = await compiled(
      project(
        '{ layout: single, backend: { s3: { bucket: tf } }, providers: { aws: { region: eu-west-1 } } }',
      ),
    );
    expect(terraformFiles(files)).toEqual(['staging/terraform/main.tf.json', 'staging/terraform/order.json']);
    const module = terraformModules(files, 'staging').get('');
    expect(module.terraform.backend.s3.key).toBe('paws/staging.tfstate');
    expect(module.data).toBeUndefined();
    expect(module.resource.aws_security_group['service-sg_default_api_sg'].vpc_id).toBe(
      '${aws_vpc.network_default_main.id}',
    );
    expect(JSON.parse(files.find((f) => f.path === 'staging/terraform/order.json')?.content ?? '')).toEqual({
      layout: 'single',
      layers: [['.']],
      modules: { '.': { dependsOn: [] } },
      teardown: [],
    });
  });

  it('a change to one workload changes only its module; order.json stays unless dependencies change', async () => {
    const before = await compiled(project());
    const changed = (after: { path: string; content: string }[]) => {
      const old = new Map(before.map((f) => [f.path, f.content]));
      return after
        .filter((f) => f.path.includes('/terraform/') && old.get(f.path) !== f.content)
        .map((f) => f.path);
    };
    const more = await compiled({
      ...project(),
      'services/api/paws.yaml': workload(
        'api',
        '  sg: { type: service-sg }\n  extra: { type: service-sg }\n',
      ),
    });
    expect(changed(more)).toEqual(['staging/terraform/api/main.tf.json']);
    // A bucket of its own reads nothing: web now depends on no module, so the order changes.
    const bucket = await compiled({
      ...project(),
      'services/web/paws.yaml': workload('web', '  files: { type: bucket }\n'),
    });
    expect(changed(bucket)).toEqual(['staging/terraform/order.json', 'staging/terraform/web/main.tf.json']);
  });

  it('backend settings are data in the remote-state reads (escaped), as in every other sink', async () => {
    const files = await compiled(
      project('{ backend: { s3: { bucket: "tf-${file(\\"/etc/passwd\\")}-%{ if true }x%{ endif }" } } }'),
    );
    const api = terraformModules(files, 'staging').get('api');
    expect(Object.values(api.data.terraform_remote_state)).toEqual([
      expect.objectContaining({
        config: expect.objectContaining({ bucket: 'tf-$${file("/etc/passwd")}-%%{ if true }x%%{ endif }' }),
      }),
    ]);
  });

  it('modules that read each other both ways are PAWS4003, naming the cycle', async () => {
    // The shared network is tagged with one of api's buckets, and another of api's buckets with the network.
    const result = await compile(
      {},
      createMemoryHost({
        ...platform(S3),
        'services/api/paws.yaml': workload(
          'api',
          '  files: { type: bucket }\n  net: { type: network, id: main, params: { tag: "${resources.files.arn}" } }\n  tagged: { type: bucket, params: { tag: "${resources.net.id}" } }\n',
        ),
      }),
    );
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => d.code)).toEqual(['PAWS4003']);
    expect(errors[0]?.message).toMatch(/read each other in a cycle: (_shared\/network-main-\w+|api) → /);
    expect(errors[0]?.hint).toContain('terraform.layout: single');
  });

  it('paws graph --modules draws the modules and what each reads', async () => {
    const host = createMemoryHost(project());
    const run = await runCli(['graph', '--modules', '--env', 'staging', '--format', 'dot'], { host });
    expect(run.exitCode).toBe(0);
    const shared = /"module:(_shared\/network-main-\w+)"/.exec(run.stdout)?.[1] as string;
    expect(run.stdout.split('\n').filter((l) => l.includes('->'))).toEqual([
      `  "module:api" -> "module:${shared}" [label="reads"];`,
      `  "module:web" -> "module:${shared}" [label="reads"];`,
    ]);
    expect(run.stdout).toContain(`"module:${shared}" [label="${shared}\\n1 resource", shape=ellipse];`);
    expect(run.stdout).toContain('"module:api" [label="api\\n1 resource", shape=box];');
  });

  it('paws diff --format json lists the modules that change, for CI to plan only those', async () => {
    const host = createMemoryHost(project());
    expect((await runCli(['compile'], { host })).exitCode).toBe(0);
    const quiet = JSON.parse((await runCli(['diff', '--format', 'json'], { host })).stdout);
    expect(quiet.modules).toEqual([]);
    host.files.set(
      '/work/services/api/paws.yaml',
      new TextEncoder().encode(
        workload('api', '  sg: { type: service-sg }\n  extra: { type: service-sg }\n'),
      ),
    );
    host.files.delete('/work/services/web/paws.yaml');
    const run = await runCli(['diff', '--format', 'json'], { host });
    expect(run.exitCode).toBe(2);
    const json = JSON.parse(run.stdout);
    expect(json.modules).toEqual([
      {
        environment: 'staging',
        module: 'api',
        path: 'staging/terraform/api/main.tf.json',
        status: 'changed',
        teardown: false,
        readBy: [],
      },
      {
        environment: 'staging',
        module: 'web',
        path: 'staging/terraform/web/main.tf.json',
        status: 'changed',
        teardown: true,
        readBy: [],
      },
    ]);
    // A module gone from a live environment is not an environment gone.
    expect(json.removedEnvironments).toEqual([]);
    expect(json.diagnostics.map((d: { code: string }) => d.code)).toContain('PAWS5005');
    // The shared network's module lists who reads it.
    host.files.set(
      '/work/platform/definitions.yaml',
      new TextEncoder().encode(
        text(host, '/work/platform/definitions.yaml').replace(
          'cidr_block: 10.0.0.0/16',
          'cidr_block: 10.1.0.0/16',
        ),
      ),
    );
    const shared = JSON.parse((await runCli(['diff', '--format', 'json'], { host })).stdout).modules.find(
      (m: { module: string }) => m.module.startsWith('_shared/'),
    );
    expect(shared.readBy).toEqual(['api']);
  });

  it.skipIf(!hasTerraform)('every module passes terraform validate up to the missing provider', async () => {
    const files = await compiled(project());
    const reports = validateAll(files);
    expect(Object.keys(reports)).toHaveLength(3);
    for (const [file, problems] of Object.entries(reports)) expect(problems, file).toEqual([]);
  });
});

describe('terraform: a workload that goes leaves a teardown module', () => {
  it('keeps the module without resources until it is forgotten, and lists it under teardown', async () => {
    const host = createMemoryHost(project());
    expect((await runCli(['compile'], { host })).exitCode).toBe(0);
    host.files.delete('/work/services/web/paws.yaml');

    const gone = await runCli(['compile'], { host });
    expect(gone.exitCode).toBe(0);
    expect(gone.stderr).toContain(
      'warning PAWS5005: environment "staging" no longer has a root module it had: out/staging/terraform/web/main.tf.json is now a teardown module (no resources) for its Terraform state, which holds 3 resources (aws_secretsmanager_secret.service-sg_default_web_sg, aws_secretsmanager_secret_version.service-sg_default_web_sg, aws_security_group.service-sg_default_web_sg)',
    );
    const teardown = JSON.parse(text(host, '/work/out/staging/terraform/web/main.tf.json'));
    expect(Object.keys(teardown).sort()).toEqual(['provider', 'terraform']);
    expect(teardown.terraform.backend.s3.key).toBe('paws/staging/web.tfstate');
    const order = JSON.parse(text(host, '/work/out/staging/terraform/order.json'));
    expect(order.layers.flat()).not.toContain('web');
    expect(order.teardown).toEqual(['web']);

    // Reported once: later compiles carry it quietly.
    const again = await runCli(['compile'], { host });
    expect(again.stderr).not.toContain('PAWS5005');
    expect(host.files.has('/work/out/staging/terraform/web/main.tf.json')).toBe(true);

    const notForget = await runCli(['teardown', '--env', 'staging', '--module', 'web'], { host });
    expect(notForget.exitCode).toBe(1);
    expect(notForget.stderr).toContain('PAWS5006');
    const live = await runCli(['teardown', '--env', 'staging', '--module', 'api', '--forget'], { host });
    expect(live.exitCode).toBe(1);
    expect(live.stderr).toContain('has no teardown module "api" (teardown modules: web)');
    const forget = await runCli(['teardown', '--env', 'staging', '--module', 'web', '--forget'], { host });
    expect(forget.exitCode).toBe(0);
    expect(host.files.has('/work/out/staging/terraform/web/main.tf.json')).toBe(false);
    expect(JSON.parse(text(host, '/work/out/staging/terraform/order.json')).teardown).toEqual([]);
    expect(host.files.has('/work/out/staging/terraform/api/main.tf.json')).toBe(true);
    expect((await runCli(['compile'], { host })).stdout).toContain('0 written, 0 removed');
  });

  it('teardown modules are listed in the order to destroy them: a module before the ones it read', async () => {
    const host = createMemoryHost(project());
    expect((await runCli(['compile'], { host })).exitCode).toBe(0);
    host.files.delete('/work/services/web/paws.yaml');
    expect((await runCli(['compile'], { host })).exitCode).toBe(0);
    // api goes too, and with it the network nobody uses any more.
    host.files.set('/work/services/api/paws.yaml', new TextEncoder().encode(workload('api', '  {}\n')));
    const run = await runCli(['compile'], { host });
    expect(run.exitCode).toBe(0);
    const order = JSON.parse(text(host, '/work/out/staging/terraform/order.json'));
    expect(order.layers).toEqual([]);
    expect(order.teardown).toEqual(['web', 'api', expect.stringMatching(/^_shared\/network-main-/)]);
  });

  it('switching from one module to a module per workload keeps the old one to tear down, and says to move the state', async () => {
    const single =
      '{ layout: single, backend: { s3: { bucket: tf } }, providers: { aws: { region: eu-west-1 } } }';
    const host = createMemoryHost(project(single));
    expect((await runCli(['compile'], { host })).exitCode).toBe(0);
    host.files.set('/work/platform/env.yaml', new TextEncoder().encode(platform(S3)['platform/env.yaml']));
    const switched = await runCli(['compile'], { host });
    expect(switched.exitCode).toBe(0);
    expect(switched.stderr).toContain(
      'the environment now has a root module per workload (terraform.layout: modules)',
    );
    expect(JSON.parse(text(host, '/work/out/staging/terraform/order.json')).teardown).toEqual(['.']);
    expect(Object.keys(JSON.parse(text(host, '/work/out/staging/terraform/main.tf.json'))).sort()).toEqual([
      'provider',
      'terraform',
    ]);
    const forget = await runCli(['teardown', '--env', 'staging', '--module', '.', '--forget'], { host });
    expect(forget.exitCode).toBe(0);
    expect(host.files.has('/work/out/staging/terraform/main.tf.json')).toBe(false);
  });

  it('a hand-edited order.json that is not JSON is rewritten, never a crash', async () => {
    const host = createMemoryHost(project());
    expect((await runCli(['compile'], { host })).exitCode).toBe(0);
    host.files.set('/work/out/staging/terraform/order.json', new TextEncoder().encode('{ not json'));
    host.files.delete('/work/services/web/paws.yaml');
    const run = await runCli(['compile'], { host });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(JSON.parse(text(host, '/work/out/staging/terraform/order.json')).teardown).toEqual(['web']);
    const forget = await runCli(['teardown', '--env', 'staging', '--module', 'web', '--forget'], { host });
    expect(forget.exitCode).toBe(0);
  });

  it('a workload that comes back replaces its teardown module', async () => {
    const host = createMemoryHost(project());
    expect((await runCli(['compile'], { host })).exitCode).toBe(0);
    const web = host.files.get('/work/services/web/paws.yaml') as Uint8Array;
    const full = text(host, '/work/out/staging/terraform/web/main.tf.json');
    host.files.delete('/work/services/web/paws.yaml');
    expect((await runCli(['compile'], { host })).exitCode).toBe(0);
    host.files.set('/work/services/web/paws.yaml', web);
    const back = await runCli(['compile'], { host });
    expect(back.stderr).not.toContain('PAWS5005');
    expect(text(host, '/work/out/staging/terraform/web/main.tf.json')).toBe(full);
    expect(JSON.parse(text(host, '/work/out/staging/terraform/order.json')).teardown).toEqual([]);
  });
});
